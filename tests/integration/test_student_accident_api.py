"""Issue 11: a student accident claim (学平险) goes report → paid through the API.

Before: the report could not carry the accident, so the claim stayed at under_review with
"accident: required by this product". Now the report carries the accident and its outcome and
the policy its schedule's figures (sum insured, disability cover).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient

from claimdesk.bootstrap import Container
from claimdesk.domain.claim import Claim
from claimdesk.domain.policy import InsuredPerson
from claimdesk.domain.users import User
from claimdesk.services.policies import use_cases as policy_service
from tests.builders import a_pdf, a_world, pay_through_the_bank, token_for

STUDENT_POLICY_NO = "TA-STU-2026-T01"
MATERIALS = ("claim_form", "insured_id_copy", "accident_certificate", "beneficiary_id_copy",
             "beneficiary_bank_account", "disability_assessment_report")  # fmt: skip


def _student_policy(client: TestClient) -> None:
    admin = token_for(client, "admin")
    policy = client.post("/api/policies", headers=admin, json={
        "policy_no": STUDENT_POLICY_NO, "product_code": "tianan-student-accident",
        "policyholder": "上海申江大学", "period_start": "2026-01-01", "period_end": "2026-12-31",
        "line_of_business": "accident",
        "parameters": {"sum_insured": "100000.00", "disability_cover": True},
    })  # fmt: skip
    assert policy.status_code == 201, policy.text
    assert policy.json()["id"]


def _report(client: TestClient, **extra: Any) -> Any:
    body = {"policy_no": STUDENT_POLICY_NO, "member_no": "S1", "incident_date": "2026-03-10",
            "incident_description": "体育课跳远时摔伤左腿", **extra}  # fmt: skip
    return client.post("/api/claims", json=body, headers=token_for(client, "agent"))


ACCIDENT = {"date": "2026-03-10", "place": "学校操场", "description": "跳远落地摔伤左腿"}
OUTCOME = {"kind": "disability", "date": "2026-05-20", "disability_grades": [8]}


def _move(client: TestClient, who: str, claim: dict[str, Any], to: str) -> dict[str, Any]:
    moved = client.post(f"/api/claims/{claim['id']}/transitions", headers=token_for(client, who),
                        json={"to": to, "version": claim["version"]})  # fmt: skip
    assert moved.status_code == 200, moved.text
    return dict(moved.json())


def test_a_student_accident_claim_goes_from_report_to_paid(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    _student_policy(client)
    _insure_a_student(container, world.users["admin"])
    reported = _report(client, accident=ACCIDENT, outcome=OUTCOME)
    assert reported.status_code == 201, reported.text
    claim = reported.json()
    assert claim["accident"]["place"] == "学校操场" and claim["outcome"]["disability_grades"] == [8]
    for code in MATERIALS:
        attached = client.post(f"/api/claims/{claim['id']}/files", data={"code": code},
                               files={"file": (f"{code}.pdf", a_pdf(code), "application/pdf")},
                               headers=token_for(client, "agent"))  # fmt: skip
        assert attached.status_code == 201, attached.text
    claim = _move(client, "specialist", claim, "accepted")
    assert claim["status"] == "under_review"  # materials complete
    claim = _move(client, "specialist2", claim, "adjudicated")
    assert claim["status"] == "adjudicated"
    adjudication = client.get(f"/api/claims/{claim['id']}/adjudication",
                              headers=token_for(client, "manager")).json()  # fmt: skip
    assert adjudication["payable"] == "30000.00"  # grade 8: 30% of 100,000.00
    # 大额案件 (≥ 10,000.00): no approval without the manager's favourable opinion (issue 11).
    refused = client.post(f"/api/claims/{claim['id']}/transitions",
                          headers=token_for(client, "manager"),
                          json={"to": "approved", "version": claim["version"]})  # fmt: skip
    assert refused.status_code == 409 and refused.json()["code"] == "LARGE_CLAIM_REVIEW_REQUIRED"
    review = {"opinion": "agree", "reason": "伤残鉴定报告与条款比例核对无误"}
    url = f"/api/claims/{claim['id']}/large-claim-review"
    assert client.post(url, json=review, headers=token_for(client, "approver")).status_code == 403
    disagree = {"opinion": "disagree", "reason": "需补充伤残鉴定复核"}
    assert client.post(url, json=disagree, headers=token_for(client, "manager")).status_code == 201
    still = client.post(f"/api/claims/{claim['id']}/transitions",
                        headers=token_for(client, "manager"),
                        json={"to": "approved", "version": claim["version"]})  # fmt: skip
    assert still.json()["code"] == "LARGE_CLAIM_REVIEW_REQUIRED"
    assert client.post(url, json=review, headers=token_for(client, "manager")).status_code == 201
    with container.uow() as uow:
        opinions = [(r.entry.actor, (r.entry.after or {}).get("opinion"), r.entry.reason)
                    for r in uow.audit.for_entity("claim", str(claim["id"]))
                    if r.entry.action == "large_claim_review"]  # fmt: skip
    assert opinions == [("manager", "disagree", disagree["reason"]),
                        ("manager", "agree", review["reason"])]  # fmt: skip
    claim = _move(client, "manager", claim, "approved")
    claim = _move(client, "finance", claim, "payment_pending")
    paid = pay_through_the_bank(world, _stored(container, claim["id"]))
    assert paid.status == "paid"
    assert paid.accident is not None and paid.accident.place == "学校操场"


def _stored(container: Container, claim_id: int) -> Claim:
    with container.uow() as uow:
        return uow.claims.get(claim_id)


def _insure_a_student(container: Container, admin: User) -> None:
    with container.uow() as uow:
        policy = uow.policies.find_by_number(STUDENT_POLICY_NO)
    assert policy is not None and policy.id is not None
    assert policy.parameters == {"sum_insured": Decimal("100000.00"), "disability_cover": True}
    student = InsuredPerson(None, policy.id, "S1", "王小明", "310101200501011236",
                            "13912345679", "6222020200112233446", "工商银行")  # fmt: skip
    policy_service.add_insured_persons(
        container.context(), actor=admin, policy_id=policy.id, persons=[student]
    )
