"""The claims JSON API end to end over the ASGI app: auth, roles, idempotency, versions, errors."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from claimdesk.bootstrap import Container
from claimdesk.domain.users import User
from tests.builders import a_report_body, a_world, token_for, with_all_materials

# PostgreSQL too: see tests/conftest.py (what differs between databases).
pytestmark = pytest.mark.postgres


def container_user(container: Container, username: str) -> User:
    with container.uow() as uow:
        found = uow.users.find_with_hash(username)
    assert found is not None
    return found[0]


def _report(client: TestClient, who: str = "agent", **overrides: object) -> dict:
    response = client.post(
        "/api/claims", json=a_report_body(**overrides), headers=token_for(client, who)
    )
    assert response.status_code == 201, response.text
    return response.json()


def _move(client: TestClient, who: str, claim: dict, to: str, reason: str = "") -> dict:
    response = client.post(
        f"/api/claims/{claim['id']}/transitions",
        json={"to": to, "reason": reason, "version": claim["version"]},
        headers=token_for(client, who),
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_everything_but_public_pages_needs_authentication(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    response = client.get("/api/claims")
    assert response.status_code == 401
    assert response.json()["code"] == "NOT_AUTHENTICATED"
    assert client.get("/api/claims", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/healthz").status_code == 200
    assert client.get("/openapi.json").status_code == 200


def test_wrong_password_gets_no_token(container: Container, client: TestClient) -> None:
    a_world(container)
    response = client.post("/api/auth/token", json={"username": "agent", "password": "nope-nope"})
    assert response.status_code == 401 and response.json()["code"] == "INVALID_CREDENTIALS"


def test_report_with_idempotency_key_returns_the_same_claim_on_retry(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    headers = {**token_for(client, "agent"), "Idempotency-Key": "retry-123"}
    first = client.post("/api/claims", json=a_report_body(), headers=headers)
    second = client.post("/api/claims", json=a_report_body(), headers=headers)
    assert first.status_code == 201 and second.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    listed = client.get("/api/claims", headers=headers).json()["items"]
    assert len(listed) == 1


def test_stale_update_gets_409_and_the_newer_write_stays(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    claim = _report(client)
    _move(client, "specialist", claim, "accepted")
    stale = client.post(
        f"/api/claims/{claim['id']}/transitions",
        json={"to": "withdrawn", "reason": "重复", "version": claim["version"]},
        headers=token_for(client, "agent"),
    )
    assert stale.status_code == 409 and stale.json()["code"] == "STALE_VERSION"
    current = client.get(f"/api/claims/{claim['id']}", headers=token_for(client, "agent")).json()
    # Accepted without materials: the one-time notice moved it on (version 3).
    assert current["status"] == "materials_pending" and current["version"] == 3


def test_illegal_move_gets_a_stable_code(container: Container, client: TestClient) -> None:
    a_world(container)
    claim = _report(client)
    response = client.post(
        f"/api/claims/{claim['id']}/transitions",
        json={"to": "paid", "version": 1},
        headers=token_for(client, "manager"),
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "ILLEGAL_TRANSITION" and body["message_zh"] and body["message_en"]


def test_specialist_cannot_approve_but_approver_can(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    claim = _report(client)
    with_all_materials(container, container_user(container, "agent"), claim["id"])
    for target in ("accepted", "adjudicated"):  # complete materials: accepted → under_review
        claim = _move(client, "specialist", claim, target)
    assert "approved" not in claim["allowed_moves"]
    refused = client.post(
        f"/api/claims/{claim['id']}/transitions",
        json={"to": "approved", "version": claim["version"]},
        headers=token_for(client, "specialist2"),
    )
    assert refused.status_code == 403 and refused.json()["code"] == "FORBIDDEN"
    approved = _move(client, "approver", claim, "approved")
    # 300.00 is under the 600.00 deductible: approved at 0.00, closed by the system (零赔付结案).
    assert approved["status"] == "closed"


def test_customer_cannot_read_another_customers_claim(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    theirs = _report(client, member_no="E2")
    mine = _report(client, member_no="E1")
    headers = token_for(client, "customer")
    for path in (f"/api/claims/{theirs['id']}", f"/api/claims/{theirs['id']}/timeline"):
        refused = client.get(path, headers=headers)
        # Not found, in words of the asker's language, and without the other claim's number.
        assert refused.status_code == 404 and theirs["claim_no"] not in refused.text
        assert refused.json()["message_en"] == f"Claim not found: {theirs['id']}"
        assert refused.json()["message_zh"] == f"未找到赔案：{theirs['id']}"
    assert client.get(f"/api/claims/{mine['id']}", headers=headers).status_code == 200
    listed = client.get("/api/claims", headers=headers).json()["items"]
    assert [item["id"] for item in listed] == [mine["id"]]


def test_invalid_input_gets_422_naming_the_field(container: Container, client: TestClient) -> None:
    a_world(container)
    body = a_report_body()
    body["visits"][0]["lines"][0]["amount"] = "-5"
    response = client.post("/api/claims", json=body, headers=token_for(client, "agent"))
    assert response.status_code == 422
    assert response.json()["field"] == "visits.0.lines.0.amount"
    assert "visits.0.lines.0.amount" in response.json()["message_zh"]


def test_line_whose_parts_do_not_add_up_is_refused_and_nothing_is_stored(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    body = a_report_body()
    body["visits"][0]["lines"][0]["self_pay"] = "299.99"
    headers = token_for(client, "agent")
    response = client.post("/api/claims", json=body, headers=headers)
    assert response.status_code == 422 and response.json()["field"] == "visits.0.lines.0"
    assert client.get("/api/claims", headers=headers).json()["items"] == []


def test_unknown_insured_is_refused_clearly(container: Container, client: TestClient) -> None:
    a_world(container)
    response = client.post(
        "/api/claims", json=a_report_body(member_no="E999"), headers=token_for(client, "agent")
    )
    assert response.status_code == 422 and response.json()["code"] == "INSURED_NOT_COVERED"


def test_list_pages_with_a_keyset_cursor_and_filters(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    created = [_report(client)["id"] for _ in range(5)]
    headers = token_for(client, "specialist")
    first = client.get("/api/claims?limit=2", headers=headers).json()
    second = client.get(
        f"/api/claims?limit=2&cursor={first['next_cursor']}", headers=headers
    ).json()
    third = client.get(
        f"/api/claims?limit=2&cursor={second['next_cursor']}", headers=headers
    ).json()
    seen = [item["id"] for page in (first, second, third) for item in page["items"]]
    assert seen == sorted(created, reverse=True) and third["next_cursor"] is None
    assert client.get("/api/claims?status=paid", headers=headers).json()["items"] == []
    found = client.get("/api/claims?q=张三", headers=headers).json()["items"]
    assert len(found) == 5 and found[0]["insured_name"] == "张三"
    assert client.get("/api/claims?limit=1000", headers=headers).status_code == 422


def test_timeline_shows_each_step_with_reason(container: Container, client: TestClient) -> None:
    a_world(container)
    claim = _report(client)
    claim = _move(client, "specialist", claim, "accepted")
    claim = _move(client, "agent", claim, "withdrawn", reason="客户撤案")
    events = client.get(
        f"/api/claims/{claim['id']}/timeline", headers=token_for(client, "agent")
    ).json()
    assert [(e["from_status"], e["to_status"]) for e in events] == [
        (None, "reported"),
        ("reported", "accepted"),
        (None, None),  # 立案 (registration), with its reserve kept off the timeline
        (None, None),  # the one-time notice of every missing material
        ("accepted", "materials_pending"),
        ("materials_pending", "withdrawn"),
    ]
    assert events[-1]["reason"] == "客户撤案" and events[-1]["actor"] == "agent"


def test_materials_metadata_is_attached_and_listed(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    claim = _report(client)
    headers = token_for(client, "customer")
    material = {
        "code": "id_copy",
        "file_name": "身份证.pdf",
        "content_type": "application/pdf",
        "size": 1024,
        "sha256": "a" * 64,
    }
    assert (
        client.post(
            f"/api/claims/{claim['id']}/materials", json=material, headers=headers
        ).status_code
        == 201
    )
    listed = client.get(f"/api/claims/{claim['id']}/materials", headers=headers).json()
    assert [m["code"] for m in listed] == ["id_copy"]
    bad = client.post(
        f"/api/claims/{claim['id']}/materials",
        json={**material, "content_type": "application/x-msdownload"},
        headers=headers,
    )
    assert bad.status_code == 422 and bad.json()["field"] == "content_type"


def _adjudicated_via_api(container: Container, client: TestClient) -> dict:
    claim = _report(
        client,
        visits=[
            {
                "visit_id": "V1",
                "kind": "outpatient",
                "date": "2026-05-20",
                "hospital": {"code": "SH-0001", "name": "中山医院"},
                "diagnosis": "急性支气管炎",
                "lines": [
                    {"line_id": "L1", "type": "lab", "amount": "1000.00", "self_pay": "1000.00"}
                ],
            }
        ],
    )
    with_all_materials(container, container_user(container, "agent"), claim["id"])
    for target in ("accepted",):  # complete materials: accepted → under_review
        claim = _move(client, "specialist", claim, target)
    return _move(client, "specialist2", claim, "adjudicated")


def test_adjudication_is_stored_shown_and_overridable(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    claim = _adjudicated_via_api(container, client)
    headers = token_for(client, "specialist")
    shown = client.get(f"/api/claims/{claim['id']}/adjudication", headers=headers).json()
    assert shown["payable"] == "280.00" and shown["result"]["visits"][0]["lines"][0]["reasons"] == [
        "DEDUCTIBLE",
        "COINSURANCE",
    ]
    changed = client.post(
        f"/api/claims/{claim['id']}/adjudication/overrides",
        headers=headers,
        json={
            "visit_id": "V1",
            "line_id": "L1",
            "payable": "200.00",
            "reason": "发票金额有误",
            "version": claim["version"],
        },
    )
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert body["payable"] == "200.00" and body["engine_payable"] == "280.00"
    assert body["overrides"][0]["reason"] == "发票金额有误"
    missing_reason = client.post(
        f"/api/claims/{claim['id']}/adjudication/overrides",
        headers=headers,
        json={
            "visit_id": "V1",
            "line_id": "L1",
            "payable": "200.00",
            "reason": "",
            "version": claim["version"] + 1,
        },
    )
    assert missing_reason.status_code == 422 and missing_reason.json()["field"] == "reason"


def test_decision_exports_as_a_valid_fhir_explanation_of_benefit(
    container: Container, client: TestClient
) -> None:
    from fhir.resources.R4B.explanationofbenefit import ExplanationOfBenefit

    a_world(container)
    claim = _adjudicated_via_api(container, client)
    exported = client.get(
        f"/api/claims/{claim['id']}/adjudication/fhir", headers=token_for(client, "manager")
    ).json()
    resource = ExplanationOfBenefit.model_validate(exported)
    assert resource.payment is not None and str(resource.payment.amount.value) == "280.00"
    codes = [a.reason.coding[0].code for a in resource.item[0].adjudication if a.reason]
    assert "DEDUCTIBLE" in codes
