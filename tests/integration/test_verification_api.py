"""审核录入 over HTTP: the JSON API, the staff page form, and the portal asking supply days.

Permissions are the server's (specialist, approver, manager; never customers or surveyors),
a stale version is 409, bad input is 422 naming the field in zh and en.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from claimdesk.bootstrap import Container
from claimdesk.domain.claim import Claim, ClaimStatus
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.claims.use_cases import report_claim
from tests.builders import World, a_lab_line, a_report, a_world, token_for, with_all_materials
from tests.integration.test_web_pages import _csrf, sign_in
from tests.integration.test_web_portal import _report_form

S = ClaimStatus
LINE = "/api/claims/{id}/visits/V1/lines/L1/correction"


def _under_review(world: World) -> Claim:
    container = world.container
    report = a_report(lines=(a_lab_line("L1", "1000.00"),))
    claim, _ = report_claim(container.context(), actor=world.users["agent"], report=report)
    with_all_materials(container, world.users["agent"], claim.id or 0)
    return move_claim(container.context(), actor=world.users["specialist"],
                      claim_id=claim.id or 0, target=S.ACCEPTED, reason="",
                      expected_version=claim.version)  # fmt: skip


def _body(claim: Claim, **fields: Any) -> dict[str, Any]:
    return {"amount": "1100.00", "self_pay": "1100.00", "reason": "按发票原件",
            "version": claim.version, **fields}  # fmt: skip


def test_the_api_corrects_a_line_and_lists_submitted_and_verified(
    container: Container, client: TestClient
) -> None:
    claim = _under_review(a_world(container))
    headers = token_for(client, "specialist")
    response = client.post(LINE.format(id=claim.id), json=_body(claim), headers=headers)
    assert response.status_code == 200, response.text
    assert response.json()["visits"][0]["lines"][0]["amount"] == "1100.00"
    assert response.json()["version"] == claim.version + 1
    listed = client.get(f"/api/claims/{claim.id}/corrections", headers=headers).json()
    assert {"visit_id": "V1", "line_id": "L1", "field": "amount", "submitted": "1000.00",
            "verified": "1100.00"} in listed["fields"]  # fmt: skip
    assert listed["corrections"][0]["by"] == "specialist"
    assert listed["corrections"][0]["reason"] == "按发票原件"
    visit = client.post(
        f"/api/claims/{claim.id}/visits/V1/correction",
        json={"hospital_name": "某私立诊所", "reason": "发票抬头", "version": claim.version + 1},
        headers=token_for(client, "approver"),
    )
    assert (
        visit.status_code == 200
        and visit.json()["visits"][0]["hospital_name"] == "某私立诊所（非指定）"
    )


def test_the_api_refuses_other_roles_stale_versions_and_bad_parts(
    container: Container, client: TestClient
) -> None:
    claim = _under_review(a_world(container))
    url = LINE.format(id=claim.id)
    for who in ("surveyor", "finance", "agent"):
        refused = client.post(url, json=_body(claim), headers=token_for(client, who))
        assert refused.status_code == 403 and refused.json()["code"] == "FORBIDDEN", who
    customer = client.post(url, json=_body(claim), headers=token_for(client, "customer"))
    assert customer.status_code == 403
    headers = token_for(client, "specialist")
    stale = client.post(url, json=_body(claim, version=claim.version + 5), headers=headers)
    assert stale.status_code == 409 and stale.json()["code"] == "STALE_VERSION"
    parts = client.post(url, json=_body(claim, self_pay="100.00"), headers=headers)
    assert parts.status_code == 422 and parts.json()["code"] == "BILL_LINE_PARTS_MISMATCH"
    assert parts.json()["field"] == "lines.L1.amount" and "不等于金额" in parts.json()["message_zh"]
    dates = client.post(
        f"/api/claims/{claim.id}/visits/V1/correction",
        json={"discharge_date": "2026-05-01", "reason": "出院小结", "version": claim.version},
        headers=headers,
    )
    assert dates.status_code == 422 and dates.json()["code"] == "VISIT_DATES_OUT_OF_ORDER"
    assert dates.json()["field"] == "visits.V1.discharge_date"
    no_reason = client.post(url, json=_body(claim, reason=""), headers=headers)
    assert no_reason.status_code == 422 and no_reason.json()["code"] == "REASON_REQUIRED"
    assert client.get(f"/api/claims/{claim.id}/corrections", headers=headers).json() == {
        "corrections": [],
        "fields": [],
    }
    unknown = client.post(url, json=_body(claim, designated=False), headers=headers)
    assert unknown.status_code == 422  # the hospital registry decides designation, not this form


def test_the_staff_page_shows_submitted_to_verified_and_takes_a_correction(
    container: Container, client: TestClient
) -> None:
    claim = _under_review(a_world(container))
    sign_in(client, "specialist")
    page = client.get(f"/claims/{claim.id}").text
    assert f'action="/claims/{claim.id}/verify/V1/L1"' in page
    form = {"csrf_token": _csrf(page), "version": str(claim.version), "type": "lab",
            "name": "化验", "amount": "1100.00", "fund_paid": "0.00",
            "category_self_pay": "0.00", "self_funded": "0.00", "self_pay": "1100.00",
            "days_supply": "", "sessions": "", "reason": "按发票原件"}  # fmt: skip
    saved = client.post(f"/claims/{claim.id}/verify/V1/L1", data=form, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    shown = client.get(f"/claims/{claim.id}").text
    assert re.search(r"<del>1000.00</del> → <ins>1100.00</ins>", shown)
    assert "按发票原件" in shown and "申报 → 核实" in shown
    bad = client.post(f"/claims/{claim.id}/verify/V1/L1",
                      data={**form, "csrf_token": _csrf(shown), "version": str(claim.version + 1),
                            "self_pay": "1.00"})  # fmt: skip
    assert bad.status_code == 422 and "各部分之和" in bad.text


def test_the_staff_page_form_is_refused_to_a_surveyor(
    container: Container, client: TestClient
) -> None:
    claim = _under_review(a_world(container))
    sign_in(client, "surveyor")
    page = client.get(f"/claims/{claim.id}").text
    assert "/verify/V1/L1" not in page
    form = {"csrf_token": _csrf(page), "version": str(claim.version), "name": "x", "reason": "y"}
    refused = client.post(f"/claims/{claim.id}/verify/V1/L1", data=form)
    assert refused.status_code == 403 and "无权执行" in refused.text


def test_the_portal_asks_the_supply_days_of_a_drug_line(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    sign_in(client, "customer")
    page = client.get("/portal/report").text
    assert 'name="days_supply"' in page and 'name="sessions"' in page
    refused = client.post("/portal/report", data=_report_form(page, days_supply=[""]))
    assert refused.status_code == 422
    assert 'id="err-lines-1-days_supply"' in refused.text
    assert "须填写用药天数" in refused.text
    client.get("/portal/report?lang=en")
    english = client.post("/portal/report", data=_report_form(page, days_supply=[""]))
    assert "needs its supply days" in english.text
    wrong = client.post("/portal/report", data=_report_form(page, days_supply=["３０"]))
    assert wrong.status_code == 422 and 'id="err-lines-1-days_supply"' in wrong.text
    fine = client.post(
        "/portal/report", data=_report_form(page, days_supply=["30"]), follow_redirects=False
    )
    assert fine.status_code == 303
