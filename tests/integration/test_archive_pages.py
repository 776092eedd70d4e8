"""档案管理 in the browser's HTML and the JSON API, on both databases: the register and its
filters, paper filing, a borrowing approved by a second keeper and returned, a destruction
refused before the retention ends; labels, never codes; customers refused."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from claimdesk.adapters.clock import FixedClock
from claimdesk.bootstrap import Container
from claimdesk.domain.claim import ClaimStatus
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.claims.use_cases import report_claim
from tests.builders import World, a_report, a_world, token_for
from tests.integration.test_code_labels import visible
from tests.integration.test_web_pages import _csrf, sign_in

S = ClaimStatus


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 10, 2, 0, tzinfo=UTC))


def _archived_claim(world: World) -> int:
    context = world.container.context()
    claim, _ = report_claim(context, actor=world.users["agent"], report=a_report())
    for who, target, reason in (
        ("specialist", S.WITHDRAWN, "客户撤案"),
        ("manager", S.CLOSED, "结案"),
        ("manager", S.ARCHIVED, "归档"),
    ):
        claim = move_claim(world.container.context(), actor=world.users[who],
                           claim_id=claim.id or 0, target=target, reason=reason,
                           expected_version=claim.version)  # fmt: skip
    return claim.id or 0


def test_a_keeper_files_lends_and_gets_back_an_archived_claim(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    claim_id = _archived_claim(world)
    record = client.get(f"/api/claims/{claim_id}/archive", headers=token_for(client, "manager"))
    assert record.status_code == 200, record.text
    archive_id = record.json()["id"]

    sign_in(client, "manager")
    overdue = client.get("/archive?view=paper_overdue")  # the incident is months ago
    assert overdue.status_code == 200 and f'data-archive="{archive_id}"' in overdue.text
    page = client.get(f"/archive/{archive_id}")
    assert "理赔案卷" in page.text and "支付凭证" in page.text
    assert "claim_file" not in visible(page.text)
    filed = client.post(
        f"/archive/{archive_id}/paper",
        data={"filed_on": "2026-11-09", "location": "A-01 盒 7", "csrf_token": _csrf(page.text)},
    )
    assert (
        filed.status_code == 200 and "纸质件归档已登记" in filed.text and "A-01 盒 7" in filed.text
    )
    overdue = client.get("/archive?view=paper_overdue")
    assert f'data-archive="{archive_id}"' not in overdue.text

    sign_in(client, "specialist")
    page = client.get(f"/archive/{archive_id}")
    assert "申请借阅" in page.text and "申请销毁" not in page.text
    asked = client.post(
        f"/archive/{archive_id}/borrow",
        data={"reason": "投诉复核", "due_back": "2026-11-20", "csrf_token": _csrf(page.text)},
    )
    assert asked.status_code == 200 and "借阅申请已提交" in asked.text
    borrow_id = re.search(r'data-borrow="(\d+)"', asked.text).group(1)  # type: ignore[union-attr]

    sign_in(client, "manager")
    page = client.get(f"/archive/{archive_id}")
    lent = client.post(f"/archive/{archive_id}/borrows/{borrow_id}/decide",
                       data={"approve": "true", "csrf_token": _csrf(page.text)})  # fmt: skip
    assert lent.status_code == 200 and "已同意借阅" in lent.text and "已借出" in lent.text
    borrowed = client.get("/archive?view=borrowed")
    assert f'data-archive="{archive_id}"' in borrowed.text
    back = client.post(f"/archive/{archive_id}/borrows/{borrow_id}/return",
                       data={"csrf_token": _csrf(lent.text)})  # fmt: skip
    assert back.status_code == 200 and "已归还" in back.text

    early = client.post(
        f"/archive/{archive_id}/destroy",
        data={"kind": "medical_materials", "reason": "清理", "csrf_token": _csrf(back.text)},
    )
    assert early.status_code == 422 and "保管期至 2036-11-10" in early.text
    assert "medical_materials" not in visible(early.text)


def test_the_api_names_each_refusal_and_customers_see_no_archive(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    archive_id = client.get(f"/api/claims/{_archived_claim(world)}/archive",
                            headers=token_for(client, "manager")).json()["id"]  # fmt: skip
    manager = token_for(client, "manager")
    asked = client.post(f"/api/archive/{archive_id}/borrows", headers=manager,
                        json={"reason": "抽检", "due_back": "2026-11-12"})  # fmt: skip
    assert asked.status_code == 201, asked.text
    own = client.post(f"/api/archive/borrows/{asked.json()['id']}/decision", headers=manager,
                      json={"approve": True})  # fmt: skip
    assert own.status_code == 403 and own.json()["code"] == "MAKER_CHECKER"
    too_long = client.post(f"/api/archive/{archive_id}/borrows", headers=manager,
                           json={"reason": "抽检", "due_back": "2027-03-01"})  # fmt: skip
    assert too_long.status_code == 422 and too_long.json()["code"] == "BORROW_PERIOD_INVALID"
    early = client.post(f"/api/archive/{archive_id}/destructions", headers=manager,
                        json={"kind": "payment_records", "reason": "清理"})  # fmt: skip
    assert early.status_code == 409 and early.json()["code"] == "RETENTION_NOT_EXPIRED"
    customer = token_for(client, "customer")
    assert client.get("/api/archive", headers=customer).status_code == 403
    assert client.get(f"/api/archive/{archive_id}", headers=customer).status_code == 403
    listed = client.get("/api/archive?view=retention_expired", headers=manager)
    assert listed.status_code == 200 and listed.json() == []
