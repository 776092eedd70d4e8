"""Management page (zh/en) with the loss-ratio alert and the quality review form; surveyor
scores from stored surveys; both databases."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from fastapi.testclient import TestClient

from claimdesk.adapters.db.models_auto import SurveyRow
from claimdesk.bootstrap import Container
from tests.builders import World, a_world, token_for
from tests.integration.test_management_api import _at, _claim, _close, _pay
from tests.integration.test_web_pages import _csrf, sign_in


def _june_portfolio(world: World, client: TestClient) -> int:
    closed = _claim(world, _at(6, 1))
    _pay(world, closed, "1000.00", _at(6, 2))
    _close(world, closed, _at(6, 3))
    client.put(f"/api/policies/{world.policy.id}/premium", headers=token_for(client, "manager"),
               json={"premium": "36500.00"})  # fmt: skip
    return closed


def test_manager_sees_the_alert_and_records_a_review(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    closed = _june_portfolio(world, client)
    sign_in(client, "manager")
    # The accident is on 20 May (a_report): May earns 3,100 and incurs 1,000 paid → 32% > 10%.
    page = client.get("/management?month=2026-05&threshold=0.10")
    assert page.status_code == 200
    assert "赔付率超过预警线" in page.text and 'id="table-loss-ratio"' in page.text
    june = client.get("/management?month=2026-06").text
    assert 'id="quality-review-form"' in june and "人员绩效" in june
    form = {"csrf_token": _csrf(june), "month": "2026-06", "claim_id": str(closed),
            "score": "95", "error_types": "documentation", "error_amount": "0",
            "comment": "好"}  # fmt: skip
    done = client.post("/management/quality-reviews", data=form, follow_redirects=False)
    assert done.status_code == 303
    after = client.get("/management?month=2026-06").text
    assert 'id="quality-review-form"' not in after  # nothing left to review this month
    assert "Loss ratio" in client.get("/management?month=2026-06&lang=en").text


def test_the_review_form_shows_a_refusal_next_to_it(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    closed = _june_portfolio(world, client)
    sign_in(client, "manager")
    page = client.get("/management?month=2026-06").text
    form = {"csrf_token": _csrf(page), "month": "2026-06", "claim_id": str(closed),
            "score": "101"}  # fmt: skip
    refused = client.post("/management/quality-reviews", data=form)
    assert refused.status_code == 422 and "评分须在 0–100 之间" in refused.text


def test_other_roles_cannot_open_the_management_page(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    sign_in(client, "specialist")
    assert client.get("/management").status_code == 403
    assert client.get("/management.xlsx").status_code == 403


def test_excel_download_from_the_page(container: Container, client: TestClient) -> None:
    a_world(container)
    sign_in(client, "manager")
    response = client.get("/management.xlsx?month=2026-06")
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_surveyor_scores_from_stored_surveys(container: Container, client: TestClient) -> None:
    # One survey contacted late with an empty report (−5 timeliness, −3 quality), one clean.
    world = a_world(container)
    claim_id = _claim(world, _at(6, 1))
    surveyor = world.users["surveyor"].id
    with container.uow() as uow:
        for late in (True, False):
            sent = _at(6, 1)
            uow.session.add(SurveyRow(  # type: ignore[attr-defined]
                claim_id=claim_id, kind="survey", surveyor_id=surveyor, status="recorded",
                dispatched_at=sent, contact_due_at=sent + timedelta(minutes=10),
                contact_at_risk_at=sent + timedelta(minutes=5),
                contacted_at=sent + timedelta(minutes=30 if late else 5),
                scene_facts="" if late else "追尾，后保险杠受损", photo_ids=[] if late else [1],
                assessed_loss=Decimal("1000.00"), customer_signed_at=sent,
            ))  # fmt: skip
        uow.commit()
    (score,) = client.get("/api/management/surveyors?month=2026-06",
                          headers=token_for(client, "manager")).json()  # fmt: skip
    assert score["surveyor"] == "surveyor" and score["surveys"] == 2
    assert score["sections"] == [["conduct", 20], ["quality", 57], ["timeliness", 15]]
    assert score["total"] == 92


def test_premium_form_sets_the_premium_by_policy_number(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    sign_in(client, "manager")
    page = client.get("/management?month=2026-05").text
    form = {"csrf_token": _csrf(page), "month": "2026-05", "policy_no": world.policy.policy_no,
            "premium": "36500.00"}  # fmt: skip
    assert client.post("/management/premium", data=form, follow_redirects=False).status_code == 303
    assert "¥3,100.00" in client.get("/management?month=2026-05").text  # May's earned premium
    refused = client.post("/management/premium", data={**form, "premium": "-5"})
    assert refused.status_code == 422 and 'id="premium-error"' in refused.text
