"""Anti-fraud over HTTP: red flags with explanations, the investigation journey to the KPI,
rings on stored data, rankings, and who may see what."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from claimdesk.bootstrap import Container
from claimdesk.domain.policy import InsuredPerson
from claimdesk.services.policies import use_cases as policy_service
from tests.builders import (
    ID_NUMBERS,
    a_report_body,
    a_world,
    an_auto_report_body,
    an_auto_world,
    token_for,
    with_all_materials,
)


def _report(client: TestClient, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    response = client.post("/api/claims", json=a_report_body(**overrides), headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def _lines(amount: str) -> list[dict[str, Any]]:
    return [{"line_id": "L1", "type": "lab", "name": "化验", "amount": amount, "self_pay": amount}]


def _visit(day: str, amount: str, receipt: str = "") -> list[dict[str, Any]]:
    visit: dict[str, Any] = {
        "visit_id": "V1", "kind": "outpatient", "date": day,
        "hospital": {"code": "SH-0001", "name": "中山医院"}, "diagnosis": "急性支气管炎",
        "lines": _lines(amount),
    }  # fmt: skip
    if receipt:
        visit["receipt"] = {"number": receipt}
    return [visit]


def _flags(client: TestClient, claim_id: int, headers: dict[str, str]) -> dict[str, Any]:
    response = client.get(f"/api/claims/{claim_id}/fraud", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def test_red_flags_are_stored_with_their_explanation(
    client: TestClient, container: Container
) -> None:
    a_world(container)
    agent, investigator = token_for(client, "agent"), token_for(client, "investigator")
    for day in ("2026-03-01", "2026-04-01"):
        _report(client, agent, incident_date=day, visits=_visit(day, "100.00"))
    third = _report(client, agent, incident_date="2026-01-05",
                    visits=_visit("2026-01-05", "2900.00"))  # fmt: skip

    found = _flags(client, third["id"], investigator)

    flags = {flag["code"]: flag for flag in found["flags"]}
    assert {"FREQUENT_CLAIMANT", "NEAR_POLICY_START", "JUST_UNDER_THRESHOLD"} <= set(flags)
    assert flags["FREQUENT_CLAIMANT"]["explanation"] == {"prior_claims": "2"}
    assert flags["NEAR_POLICY_START"]["explanation"] == {"days": "4"}
    assert flags["JUST_UNDER_THRESHOLD"]["explanation"]["threshold"] == "3000"
    assert "略低于" in flags["JUST_UNDER_THRESHOLD"]["message_zh"]
    assert found["routing"] == "investigate"
    [referral] = found["investigations"]
    assert referral["source"] == "red_flags"
    assert referral["assigned_to"] is not None


def test_a_night_accident_is_flagged_on_the_beijing_clock(
    client: TestClient, container: Container
) -> None:
    an_auto_world(container)
    body = an_auto_report_body(accident_at="2026-05-31T22:40:00+08:00")
    response = client.post("/api/auto-claims", json=body, headers=token_for(client, "agent"))
    assert response.status_code == 201, response.text
    claim_id = (
        response.json()["claim"]["id"] if "claim" in response.json() else response.json()["id"]
    )

    found = _flags(client, claim_id, token_for(client, "investigator"))

    [night] = [flag for flag in found["flags"] if flag["code"] == "NIGHT_ACCIDENT"]
    assert night["explanation"] == {"time": "22:40"}
    assert night["message_en"] == "night accident (22:40)"


def test_investigation_journey_ends_in_blacklist_denial_and_the_kpi(
    client: TestClient, container: Container
) -> None:
    world = a_world(container)
    agent, specialist = token_for(client, "agent"), token_for(client, "specialist")
    investigator, manager = token_for(client, "investigator"), token_for(client, "manager")
    claim = _report(client, agent, visits=_visit("2026-05-20", "800.00"))
    with_all_materials(container, world.users["agent"], claim["id"])
    accept = {"to": "accepted", "reason": "", "version": claim["version"]}
    moved = client.post(f"/api/claims/{claim['id']}/transitions", headers=specialist, json=accept)
    assert moved.json()["status"] == "under_review"

    referral = client.post(f"/api/claims/{claim['id']}/investigations", headers=specialist,
                           json={"reason": "伤情与发票不符"})  # fmt: skip
    assert referral.status_code == 201, referral.text
    case = referral.json()
    assert case["assigned_to"] == world.users["investigator"].id
    assert client.get(f"/api/claims/{claim['id']}", headers=manager).json()["status"] == (
        "investigation")  # fmt: skip
    note = client.post(f"/api/fraud/investigations/{case['id']}/notes", headers=investigator,
                       json={"text": "医院核实：无此就诊记录"})  # fmt: skip
    assert note.status_code == 201
    closed = client.post(f"/api/fraud/investigations/{case['id']}/outcome", headers=investigator,
                         json={"outcome": "fraud_proven", "avoided_loss": "800.00"})  # fmt: skip
    assert closed.status_code == 200, closed.text

    denied = client.get(f"/api/claims/{claim['id']}", headers=manager).json()
    assert denied["status"] == "denied"
    entries = client.get("/api/fraud/blacklist", headers=investigator).json()["items"]
    assert [(e["id_number"], e["valid_from"], e["valid_until"]) for e in entries] == [
        (ID_NUMBERS[0], "2026-01-01", "2028-12-31")
    ]
    detail = client.get(f"/api/fraud/investigations/{case['id']}", headers=investigator).json()
    assert [n["text"] for n in detail["notes"]] == ["医院核实：无此就诊记录"]
    kpi = client.get("/api/reports/fraud", headers=manager).json()["items"]
    assert kpi == [
        {"month": "2026-06", "investigations": 1, "proven": 1, "avoided_loss": "800.00"},
        {"month": "total", "investigations": 1, "proven": 1, "avoided_loss": "800.00"},
    ]


def test_duplicate_receipts_are_found_for_every_planted_pair(
    client: TestClient, container: Container
) -> None:
    a_world(container)
    agent, investigator = token_for(client, "agent"), token_for(client, "investigator")
    planted = []
    for n in range(4):
        _report(client, agent, member_no="E1", visits=_visit("2026-05-20", f"1{n}.00", f"NO-{n}"))
        twin = _visit("2026-05-21", f"2{n}.00", f"no-{n}")  # same receipt, another visit
        planted.append(_report(client, agent, member_no="E2", visits=twin))
    clean = _report(client, agent, member_no="E2", visits=_visit("2026-05-22", "50.00", "OK-1"))

    stopped = [
        c for c in planted if _flags(client, c["id"], investigator)["routing"] == "hard_stop"
    ]
    assert len(stopped) == len(planted)  # recall 100% on planted duplicates
    assert _flags(client, clean["id"], investigator)["routing"] != "hard_stop"


def _insured(container: Container, policy_id: int, n: int, phone: str, account: str) -> None:
    with container.uow() as uow:
        admin = uow.users.all_users()[0]
    person = InsuredPerson(None, policy_id, f"R{n}", f"成员{n}", ID_NUMBERS[n % 2], phone, account)
    policy_service.add_insured_persons(
        container.context(), actor=admin, policy_id=policy_id, persons=[person]
    )


def test_rings_on_stored_data_leave_a_hub_out(client: TestClient, container: Container) -> None:
    world = a_world(container)
    agent, investigator = token_for(client, "agent"), token_for(client, "investigator")
    policy_id = world.policy.id or 0
    # A chain R1–R2 (phone), R2–R3 (bank account); all five visit SH-0001 (a hub at
    # degree 5 > 3); E1 and E2 share a phone but two are below the ring size.
    links = [("13800000001", "6222000000000001"), ("13800000001", "6222000000000002"),
             ("13800000003", "6222000000000002")]  # fmt: skip
    for n, (phone, account) in enumerate(links, start=1):
        _insured(container, policy_id, n, phone, account)
    for n, member in enumerate(("R1", "R2", "R3", "E1", "E2"), start=1):
        _report(client, agent, member_no=member, visits=_visit("2026-05-20", f"{n}0.00"))

    rings = client.get("/api/fraud/rings?max_degree=3", headers=investigator).json()["items"]

    assert len(rings) == 1
    assert sorted(i["name"] for i in rings[0]["insureds"]) == ["成员1", "成员2", "成员3"]
    kinds = {link["kind"] for link in rings[0]["links"]}
    assert kinds == {"phone", "bank_account"}  # the hospital shared by all is a hub
    picture = client.get(rings[0]["picture"], headers=investigator)
    assert picture.headers["content-type"].startswith("image/svg+xml")
    assert "<svg" in picture.text


def test_customers_see_no_fraud_data_and_pii_is_masked_for_other_staff(
    client: TestClient, container: Container
) -> None:
    a_world(container)
    claim = _report(client, token_for(client, "agent"))
    customer, specialist = token_for(client, "customer"), token_for(client, "specialist")
    entry = {"id_number": ID_NUMBERS[1], "name": "李四", "reason": "虚假理赔",
             "valid_from": "2026-01-01"}  # fmt: skip
    assert client.post("/api/fraud/blacklist", json=entry, headers=specialist).status_code == 403
    added = client.post("/api/fraud/blacklist", json=entry, headers=token_for(client, "manager"))
    assert added.status_code == 201, added.text

    assert client.get(f"/api/claims/{claim['id']}/fraud", headers=customer).status_code == 403
    assert client.get("/api/fraud/blacklist", headers=customer).status_code == 403
    assert client.get("/api/fraud/claims?order=risk", headers=customer).status_code == 403
    assert client.get("/api/fraud/rings", headers=specialist).status_code == 403
    assert client.get("/api/reports/fraud", headers=customer).status_code == 403
    masked = client.get("/api/fraud/blacklist", headers=specialist).json()["items"][0]
    assert masked["id_number"] == "310101********1234"
    assert date.fromisoformat(masked["valid_from"]) == date(2026, 1, 1)
