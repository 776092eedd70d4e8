"""大额案件经理批复 on the staff claim page (issue 11): the manager writes the opinion with its
reason; approvers see it and cannot approve without a favourable one; codes shown as labels."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from claimdesk.bootstrap import Container
from tests.builders import a_pdf, a_world, token_for
from tests.integration.test_code_labels import codes_in, visible
from tests.integration.test_student_accident_api import (
    ACCIDENT,
    MATERIALS,
    OUTCOME,
    _insure_a_student,
    _move,
    _report,
    _student_policy,
)
from tests.integration.test_web_pages import _csrf, sign_in


def _adjudicated_large_claim(container: Container, client: TestClient) -> dict[str, Any]:
    world = a_world(container)
    _student_policy(client)
    _insure_a_student(container, world.users["admin"])
    claim = _report(client, accident=ACCIDENT, outcome=OUTCOME).json()
    for code in MATERIALS:
        client.post(f"/api/claims/{claim['id']}/files", data={"code": code},
                    files={"file": (f"{code}.pdf", a_pdf(code), "application/pdf")},
                    headers=token_for(client, "agent"))  # fmt: skip
    claim = _move(client, "specialist", claim, "accepted")
    return _move(client, "specialist2", claim, "adjudicated")  # payable 30,000.00


def _section(html: str) -> str:
    match = re.search(r'<section class="card" id="large-claim">.*?</section>', html, re.S)
    assert match, "no large-claim panel"
    return match.group(0)


def test_manager_writes_the_opinion_on_the_page_and_approval_follows(
    container: Container, client: TestClient
) -> None:
    claim = _adjudicated_large_claim(container, client)
    page = f"/claims/{claim['id']}"

    sign_in(client, "approver")
    panel = _section(client.get(page).text)
    assert 'id="large-claim-blocks"' in panel and 'id="large-claim-form"' not in panel
    assert "30,000.00" in panel or "30000.00" in panel
    token = _csrf(client.get(page).text)
    refused = client.post(f"/claims/{claim['id']}/large-claim-review",
                          data={"opinion": "agree", "reason": "同意", "csrf_token": token},
                          follow_redirects=False)  # fmt: skip
    assert refused.status_code in (403, 422)  # an approver cannot write the opinion

    sign_in(client, "manager")
    html = client.get(page).text
    assert 'id="large-claim-form"' in _section(html)
    missing = client.post(f"/claims/{claim['id']}/large-claim-review",
                          data={"opinion": "agree", "reason": "  ", "csrf_token": _csrf(html)},
                          follow_redirects=False)  # fmt: skip
    assert missing.status_code == 422 and "理由" in missing.text
    saved = client.post(f"/claims/{claim['id']}/large-claim-review",
                        data={"opinion": "agree", "reason": "伤残鉴定与条款比例核对无误",
                              "csrf_token": _csrf(html)}, follow_redirects=False)  # fmt: skip
    assert saved.status_code == 303

    sign_in(client, "approver")
    panel = _section(client.get(page).text)
    assert 'data-opinion="agree"' in panel and "同意赔付" in panel
    assert "伤残鉴定与条款比例核对无误" in panel and 'id="large-claim-blocks"' not in panel
    assert not codes_in(visible(panel))
    english = _section(client.get(page + "?lang=en").text)
    assert "Agree to pay" in english and not codes_in(visible(english))
    approved = client.post(f"/api/claims/{claim['id']}/transitions",
                           headers=token_for(client, "approver"),
                           json={"to": "approved", "version": claim["version"]})  # fmt: skip
    assert approved.status_code == 200, approved.text


def test_without_an_opinion_the_approve_move_on_the_page_is_refused(
    container: Container, client: TestClient
) -> None:
    claim = _adjudicated_large_claim(container, client)
    sign_in(client, "approver")
    html = client.get(f"/claims/{claim['id']}").text
    moved = client.post(f"/claims/{claim['id']}/move",
                        data={"to": "approved", "reason": "", "version": claim["version"],
                              "csrf_token": _csrf(html)}, follow_redirects=False)  # fmt: skip
    assert moved.status_code == 422
    assert "经理" in moved.text  # the refusal names the manager's opinion
    assert 'id="large-claim-blocks"' in moved.text
