"""Notices over the JSON API: preferences, the customer's messages, a claim's delivery status."""

from __future__ import annotations

from fastapi.testclient import TestClient

from claimdesk.bootstrap import Container
from tests.builders import a_report_body, a_world, token_for


def test_customer_sets_channels_and_sees_the_notices_of_a_step(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    customer = token_for(client, "customer")
    body = {"channels": ["email"], "email": "zs@example.cn", "language": "en"}
    put = client.put("/api/me/notification-preferences", json=body, headers=customer)
    reported = client.post("/api/claims", json=a_report_body(), headers=customer).json()
    specialist = token_for(client, "specialist")
    moved = client.post(f"/api/claims/{reported['id']}/transitions",
                        json={"to": "accepted", "version": reported["version"]},
                        headers=specialist)  # fmt: skip

    mine = client.get("/api/me/messages", headers=customer).json()
    status = client.get(f"/api/claims/{reported['id']}/messages", headers=specialist).json()
    other = client.get(
        f"/api/claims/{reported['id']}/messages", headers=token_for(client, "other_customer")
    )
    assert moved.status_code == 200, moved.text
    assert put.status_code == 200 and put.json()["channels"] == ["email"]
    assert [m["kind"] for m in mine][:1] == ["accepted"] and mine[0]["subject"].startswith("Claim")
    assert {(m["channel"], m["status"]) for m in status if m["kind"] == "accepted"} == {
        ("email", "pending"), ("in_app", "sent")}  # fmt: skip
    assert all({"attempts", "last_error"} <= set(m) for m in status)
    assert other.status_code in (403, 404)
    assert world.insured[0].id == put.json()["insured_person_id"]


def test_staff_edit_preferences_on_behalf_of_a_named_customer(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    agent = token_for(client, "agent")
    insured_id = world.insured[1].id
    url = f"/api/me/notification-preferences?insured_person_id={insured_id}"
    body = {"channels": ["sms", "in_app"], "phone": "13800000000"}
    saved = client.put(url, json=body, headers=agent)
    read = client.get(
        "/api/me/notification-preferences", headers=token_for(client, "other_customer")
    )
    refused = client.put(url, json=body, headers=token_for(client, "customer"))
    assert saved.status_code == 200 and read.json()["phone"] == "13800000000"
    assert refused.status_code == 403


def test_only_the_service_desk_redirects_notices_and_addresses_are_masked(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    insured_id = world.insured[1].id
    url = f"/api/me/notification-preferences?insured_person_id={insured_id}"
    attack = {"channels": ["email"], "email": "thief@example.net"}
    for role in ("surveyor", "investigator", "specialist", "admin"):
        refused = client.put(url, json=attack, headers=token_for(client, role))
        assert refused.status_code == 403, (role, refused.text)
    body = {"channels": ["email", "sms"], "email": "wang@example.cn", "phone": "13912345678"}
    assert client.put(url, json=body, headers=token_for(client, "agent")).status_code == 200
    masked = client.get(url, headers=token_for(client, "agent")).json()  # agent: no view_pii
    assert masked["phone"] == "139****5678" and masked["email"] == "w***@example.cn"
    assert client.get(url, headers=token_for(client, "specialist")).json()["email"] == (
        "wang@example.cn"
    )
    with container.uow() as uow:
        trail = uow.audit.for_entity("insured_person", str(insured_id))
    assert trail[-1].entry.actor == "agent" and trail[-1].entry.after is not None
    assert trail[-1].entry.after["email"] == "wang@example.cn"  # old and new both kept
    assert trail[-1].entry.before is not None and "email" in trail[-1].entry.before
