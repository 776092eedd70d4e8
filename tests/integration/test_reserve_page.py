"""The staff claim page shows the reserve history (立案估损) and changes it with a reason; the
customer never sees it. SQLite and PostgreSQL."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from claimdesk.bootstrap import Container
from claimdesk.domain.claim import Claim, ClaimStatus
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.claims.use_cases import report_claim
from tests.builders import a_lab_line, a_report, a_world, with_all_materials
from tests.integration.test_code_labels import codes_in, visible
from tests.integration.test_web_pages import sign_in


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match is not None
    return match.group(1)


def _accepted(container: Container) -> Claim:
    world = a_world(container)
    report = a_report(lines=(a_lab_line("L1", "1000.00"),))
    claim, _ = report_claim(container.context(), actor=world.users["agent"], report=report)
    with_all_materials(container, world.users["agent"], claim.id or 0)
    return move_claim(container.context(), actor=world.users["specialist"], claim_id=claim.id or 0,
                      target=ClaimStatus.ACCEPTED, reason="",
                      expected_version=claim.version)  # fmt: skip


def test_staff_see_the_reserve_history_and_change_it_with_a_reason(
    container: Container, client: TestClient
) -> None:
    claim = _accepted(container)
    sign_in(client, "specialist")
    page = client.get(f"/claims/{claim.id}")
    text = visible(page.text)
    assert "立案估损（产品规则）" in text and "800.00" in text
    assert not codes_in(text) & {"product_rule", "set_reserve"}

    token = _csrf(page.text)
    blank = client.post(
        f"/claims/{claim.id}/reserve", data={"amount": "650.00", "reason": " ", "csrf_token": token}
    )
    assert blank.status_code == 422 and "调整估损必须填写原因" in blank.text

    changed = client.post(
        f"/claims/{claim.id}/reserve",
        data={"amount": "650.00", "reason": "医院回函", "csrf_token": _csrf(page.text)},
        follow_redirects=False,
    )
    assert changed.status_code == 303
    text = visible(client.get(f"/claims/{claim.id}").text)
    assert "人工调整" in text and "医院回函" in text and "650.00" in text


def test_the_form_is_not_offered_without_the_permission_and_the_customer_sees_no_reserve(
    container: Container, client: TestClient
) -> None:
    claim = _accepted(container)
    sign_in(client, "approver")
    page = client.get(f"/claims/{claim.id}")
    assert 'id="reserve"' in page.text and f'action="/claims/{claim.id}/reserve"' not in page.text
    token = _csrf(page.text)
    refused = client.post(
        f"/claims/{claim.id}/reserve", data={"amount": "1.00", "reason": "试", "csrf_token": token}
    )
    assert refused.status_code in (403, 422)
    with container.uow() as uow:
        assert [str(e.amount) for e in uow.reserves.history(claim.id or 0)] == ["800.00"]
    client.cookies.clear()
    sign_in(client, "customer")
    assert 'id="reserve"' not in client.get(f"/claims/{claim.id}").text
