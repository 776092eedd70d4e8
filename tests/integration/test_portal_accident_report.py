"""Issue 11: accident products through the portal form and the line facts through the API.

A student on a 学平险 policy reports the accident (date, place, cause, description) and its
outcome (disability grade) in the portal; each missing fact is refused naming its field. POST
/api/claims refuses a drug line without its supply days (the product's terms limit it).
"""

from __future__ import annotations

from fastapi.testclient import TestClient

from claimdesk.bootstrap import Container
from claimdesk.domain.users import Role
from tests.builders import _user, a_report_body, a_world, token_for
from tests.integration.test_code_labels import codes_in, visible
from tests.integration.test_student_accident_api import (
    STUDENT_POLICY_NO,
    _insure_a_student,
    _student_policy,
)
from tests.integration.test_web_pages import _csrf, sign_in


def _student_customer(container: Container, client: TestClient) -> None:
    world = a_world(container)
    _student_policy(client)
    _insure_a_student(container, world.users["admin"])
    with container.uow() as uow:
        policy = uow.policies.find_by_number(STUDENT_POLICY_NO)
        assert policy is not None and policy.id is not None
        (student,) = uow.policies.insured_of_policy(policy.id, after_id=None, limit=5)
    _user(container, "student", Role.CUSTOMER, student.id)


def _form(page: str, **changes: str) -> dict[str, str]:
    form = {"csrf_token": _csrf(page), "idempotency_key": "k1", "policy_no": STUDENT_POLICY_NO,
            "member_no": "S1", "accident_date": "2026-03-10", "accident_place": "学校操场",
            "accident_cause": "", "accident_description": "跳远落地摔伤左腿",
            "outcome_kind": "disability", "outcome_date": "2026-05-20",
            "disability_grade": "8"}  # fmt: skip
    return {**form, **changes}


def test_a_student_reports_the_accident_and_its_outcome_in_the_portal(
    container: Container, client: TestClient
) -> None:
    _student_customer(container, client)
    sign_in(client, "student")
    page = client.get("/portal/report").text
    for name in ("accident_date", "accident_place", "accident_cause", "accident_description",
                 "outcome_kind", "outcome_date", "disability_grade"):  # fmt: skip
        assert f'name="{name}"' in page
    assert "猝死" in page and not codes_in(visible(page))
    for missing, message in (("accident_place", "事故发生地点"),
                             ("accident_description", "事故经过"),
                             ("accident_date", "请选择日期"),
                             ("outcome_kind", "身故或伤残"),
                             ("disability_grade", "伤残等级")):  # fmt: skip
        refused = client.post("/portal/report", data=_form(page, **{missing: ""}))
        assert refused.status_code == 422, missing
        assert f'id="err-{missing}"' in refused.text and message in refused.text
    bad_cause = client.post("/portal/report", data=_form(page, accident_cause="made_up"))
    assert bad_cause.status_code == 422 and 'id="err-accident_cause"' in bad_cause.text
    client.get("/portal/report?lang=en")
    english = client.post("/portal/report", data=_form(page, accident_place=""))
    assert "Enter where the accident happened" in english.text
    assert not codes_in(visible(client.get("/portal/report").text))

    saved = client.post("/portal/report", data=_form(page), follow_redirects=False)
    assert saved.status_code == 303, saved.text
    claim_id = int(saved.headers["location"].rsplit("/", 1)[1])
    with container.uow() as uow:
        claim = uow.claims.get(claim_id)
    assert claim.accident is not None and claim.accident.place == "学校操场"
    assert claim.accident.description == "跳远落地摔伤左腿"
    assert claim.outcome is not None and claim.outcome.disability_grades == (8,)
    assert claim.visits == ()


def test_the_api_refuses_a_drug_line_without_its_supply_days(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    body = a_report_body()
    del body["visits"][0]["lines"][0]["days_supply"]
    refused = client.post("/api/claims", json=body, headers=token_for(client, "agent"))
    assert refused.status_code == 422, refused.text
    error = refused.json()
    assert error["code"] == "LINE_FACT_MISSING" and error["field"] == "lines.1.days_supply"
    assert "用药天数" in error["message_zh"] and "supply days" in error["message_en"]
    with container.uow() as uow:
        assert uow.claims.count_by_status() == {}  # nothing half-written
    fine = client.post("/api/claims", json=a_report_body(), headers=token_for(client, "agent"))
    assert fine.status_code == 201
