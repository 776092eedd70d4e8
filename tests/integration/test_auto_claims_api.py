"""Auto claims (车险) through the JSON API: dispatch rules, survey steps, permissions, open list."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from claimdesk.adapters.clock import FixedClock
from claimdesk.bootstrap import Container
from tests.builders import AutoWorld, an_auto_report_body, an_auto_world, token_for

URL = "/api/auto-claims"


def _report(client: TestClient, who: str = "agent", **overrides: Any) -> dict[str, Any]:
    response = client.post(URL, json=an_auto_report_body(**overrides), headers=_auth(client, who))
    assert response.status_code == 201, response.text
    return response.json()


def _survey_body(loss: str = "4200.00", **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "scene_facts": "护栏刮擦，左后门凹陷，人车合影已拍",
        "photo_ids": [11, 12, 13],
        "items": [
            {
                "part": "左前门",
                "part_code": "door_front_left",
                "action": "repair",
                "amount": f"{Decimal(loss) - 800:.2f}",
                "labour": "100.00",
            },
            {
                "part": "左尾灯",
                "part_code": "tail_lamp_left",
                "action": "replace",
                "amount": "800.00",
                "labour": "100.00",
                "reason": "灯壳碎裂",
            },
        ],
        "salvage": {"description": "旧尾灯", "value": "20.00"},
        "assessed_loss": loss,
    }
    body.update(overrides)
    return body


def _surveyed(client: TestClient, loss: str, **overrides: Any) -> dict[str, Any]:
    """A claim whose first survey is recorded by its surveyor and signed by the agent."""
    claim = _report(client, suspicions=["报案人描述前后矛盾"], **overrides)
    surveyor = _username(client, claim["surveys"][0]["surveyor_id"])
    put = client.put(
        f"{URL}/{claim['id']}/survey", json=_survey_body(loss), headers=_auth(client, surveyor)
    )
    assert put.status_code == 200, put.text
    sign = client.post(f"{URL}/{claim['id']}/survey/sign", headers=_auth(client, "agent"))
    assert sign.status_code == 200, sign.text
    return _get(client, claim["id"])


def _get(client: TestClient, claim_id: int, who: str = "manager") -> dict[str, Any]:
    response = client.get(f"{URL}/{claim_id}", headers=_auth(client, who))
    assert response.status_code == 200, response.text
    return response.json()


SURVEYOR_NAMES: dict[int, str] = {}
TOKENS: dict[str, dict[str, str]] = {}


@pytest.fixture(autouse=True)
def _forget_users() -> None:
    SURVEYOR_NAMES.clear()
    TOKENS.clear()


def _auth(client: TestClient, username: str) -> dict[str, str]:
    """One sign-in per user and test: the tests are about claims, not tokens."""
    if username not in TOKENS:
        TOKENS[username] = token_for(client, username)
    return TOKENS[username]


def _world(container: Container) -> AutoWorld:
    world = an_auto_world(container)
    SURVEYOR_NAMES.update({world.users[n].id: n for n in ("surveyor", "surveyor2", "surveyor3")})
    return world


def _username(client: TestClient, user_id: int) -> str:
    return SURVEYOR_NAMES[user_id]


RULE_CASES = [
    pytest.param({"cause": "theft"}, "TOTAL_LOSS", id="theft-total-loss"),
    pytest.param({"movable": False}, "SINGLE_IMMOBILE_OR_REAR", id="single-immobile"),
    pytest.param({"estimated_loss": "12000.00"}, "LARGE_LOSS", id="large-loss"),
    pytest.param({"accident_at": "2026-05-30T21:30:00+08:00"}, "NIGHT", id="night"),
    pytest.param({"on_public_road": False, "estimated_loss": "800.00"}, "OFF_ROAD", id="off-road"),
    pytest.param(
        {"police": {"handled_by_traffic_police": False}, "injuries": True},
        "NO_POLICE_DAMAGE_INJURY",
        id="no-police-injury",
    ),
    pytest.param({"earlier": 2}, "FREQUENT", id="third-claim-in-year"),
    pytest.param(
        {"vehicle": {"plate": "京B00001", "first_registered": "2017-05-01"}},
        "OLD_OR_RARE",
        id="old-vehicle",
    ),
    pytest.param({"accident_at": "2026-01-10T10:00:00+08:00"}, "NEAR_POLICY_EDGE", id="near-start"),
    pytest.param({"suspicions": ["伤痕与事故经过不符"]}, "SUSPICIOUS", id="suspicious"),
]


@pytest.mark.parametrize(("overrides", "code"), RULE_CASES)
def test_each_first_scene_rule_dispatches_a_surveyor_with_its_reason(
    container: Container, client: TestClient, overrides: dict[str, Any], code: str
) -> None:
    _world(container)
    overrides = dict(overrides)
    for _ in range(overrides.pop("earlier", 0)):  # earlier claims on the same vehicle
        _report(client, accident_at="2026-05-20T10:00:00+08:00")
    claim = _report(client, **overrides)
    assert [reason["code"] for reason in claim["dispatch_reasons"]] == [code]
    assert claim["dispatch_reasons"][0]["message_zh"]
    assert len(claim["surveys"]) == 1 and claim["surveys"][0]["status"] == "dispatched"
    assert claim["fast_track"] is False
    stored = _get(client, claim["id"])
    assert [reason["code"] for reason in stored["dispatch_reasons"]] == [code]


def test_a_small_daytime_collision_needs_no_survey_and_is_fast_track(
    container: Container, client: TestClient
) -> None:
    _world(container)
    claim = _report(client)
    assert claim["dispatch_reasons"] == [] and claim["surveys"] == []
    assert claim["fast_track"] is True and claim["reserve"] == "3000.00"
    assert claim["status"] == "reported" and claim["claim_no"].startswith("LP20260601")


def test_reporting_on_a_health_policy_is_refused_and_stores_nothing(
    container: Container, client: TestClient
) -> None:
    _world(container)
    body = an_auto_report_body(policy_no="TA-GRP-2026-T01", member_no="E1")
    response = client.post(URL, json=body, headers=_auth(client, "agent"))
    assert response.status_code == 422 and response.json()["field"] == "policy_no"
    assert client.get("/api/claims", headers=_auth(client, "agent")).json()["items"] == []


def test_naive_accident_time_is_refused_naming_the_field(
    container: Container, client: TestClient
) -> None:
    _world(container)
    body = an_auto_report_body(accident_at="2026-05-31T10:00:00")
    response = client.post(URL, json=body, headers=_auth(client, "agent"))
    assert response.status_code == 422 and response.json()["field"] == "accident_at"


def test_surveys_go_to_the_surveyor_with_the_fewest_open_surveys(
    container: Container, client: TestClient
) -> None:
    world = _world(container)
    ids = [world.users[name].id for name in ("surveyor", "surveyor2", "surveyor3")]
    suspicious = {"suspicions": ["疑点"]}
    first = [_report(client, **suspicious)["surveys"][0]["surveyor_id"] for _ in range(4)]
    assert first == [ids[0], ids[1], ids[2], ids[0]]
    claim = _surveyed(client, "1000.00")  # goes to surveyor2 and is signed: closes one of 2
    assert claim["surveys"][0]["surveyor_id"] == ids[1]
    assert _report(client, **suspicious)["surveys"][0]["surveyor_id"] == ids[1]


@pytest.mark.parametrize(
    ("contact_after", "expected"),
    [
        pytest.param(None, "on_track", id="not-yet-7min"),
        pytest.param(None, "at_risk", id="not-yet-8min"),
        pytest.param(None, "breached", id="not-yet-11min"),
        pytest.param(9, "met", id="contacted-9min"),
        pytest.param(12, "breached", id="contacted-12min"),
    ],
)
def test_the_surveyor_contact_is_due_ten_minutes_after_dispatch(
    container: Container,
    client: TestClient,
    clock: FixedClock,
    contact_after: int | None,
    expected: str,
) -> None:
    _world(container)
    claim = _report(client, suspicions=["疑点"])
    dispatched = clock.moment
    survey = claim["surveys"][0]
    assert survey["contact_due_at"].startswith("2026-06-01T02:10:00")
    if contact_after is not None:
        clock.moment = dispatched + timedelta(minutes=contact_after)
        who = _username(client, survey["surveyor_id"])
        response = client.post(f"{URL}/{claim['id']}/survey/contact", headers=_auth(client, who))
        assert response.status_code == 200, response.text
    minutes = {"on_track": 7, "at_risk": 8}.get(expected, 11) if contact_after is None else 30
    clock.moment = dispatched + timedelta(minutes=minutes)
    assert _get(client, claim["id"])["surveys"][0]["contact_status"] == expected


def test_a_replaced_part_without_a_reason_is_refused(
    container: Container, client: TestClient
) -> None:
    _world(container)
    claim = _report(client, suspicions=["疑点"])
    who = _username(client, claim["surveys"][0]["surveyor_id"])
    items = [
        {"part": "前保险杠", "action": "repair", "amount": "600.00"},
        {"part": "左大灯", "action": "replace", "amount": "900.00"},
    ]
    response = client.put(
        f"{URL}/{claim['id']}/survey",
        json=_survey_body(items=items),
        headers=_auth(client, who),
    )
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "REPAIR_BEFORE_REPLACE" and body["field"] == "items.1.reason"
    assert "左大灯" in body["message_zh"]


def test_only_the_assigned_surveyor_records_the_survey(
    container: Container, client: TestClient
) -> None:
    _world(container)
    claim = _report(client, suspicions=["疑点"])
    assigned = _username(client, claim["surveys"][0]["surveyor_id"])
    other = next(n for n in ("surveyor", "surveyor2", "surveyor3") if n != assigned)
    path = f"{URL}/{claim['id']}/survey"
    for who in ("specialist", "manager", other):
        response = client.put(path, json=_survey_body(), headers=_auth(client, who))
        assert response.status_code == 403 and response.json()["code"] == "FORBIDDEN", who
    assert client.put(path, json=_survey_body(), headers=_auth(client, assigned)).status_code == 200


def test_the_customer_signs_their_own_assessment_and_cannot_see_anothers(
    container: Container, client: TestClient
) -> None:
    _world(container)
    claim = _report(client, who="auto_customer", suspicions=["疑点"])
    surveyor = _username(client, claim["surveys"][0]["surveyor_id"])
    client.put(f"{URL}/{claim['id']}/survey", json=_survey_body(), headers=_auth(client, surveyor))
    sign = f"{URL}/{claim['id']}/survey/sign"
    assert (
        client.get(f"{URL}/{claim['id']}", headers=_auth(client, "auto_other")).status_code == 404
    )
    assert client.post(sign, headers=_auth(client, "auto_other")).status_code == 404
    assert client.post(sign, headers=_auth(client, surveyor)).status_code == 403
    signed = client.post(sign, headers=_auth(client, "auto_customer"))
    assert signed.status_code == 200 and signed.json()["status"] == "signed"
    mine = _get(client, claim["id"], who="auto_customer")
    assert mine["reserve"] is None  # the reserve is internal
    assert client.get(f"{URL}/open", headers=_auth(client, "auto_customer")).status_code == 403


def test_the_resurvey_goes_to_another_surveyor(container: Container, client: TestClient) -> None:
    _world(container)
    claim = _surveyed(client, "6000.00")
    assert claim["resurvey_required"] and not claim["large_case"] and not claim["tender_required"]
    first = claim["surveys"][0]["surveyor_id"]
    path = f"{URL}/{claim['id']}/resurvey"
    same = client.post(path, json={"surveyor_id": first}, headers=_auth(client, "agent"))
    assert same.status_code == 422 and same.json()["code"] == "SAME_SURVEYOR_RESURVEY"
    assert client.post(path, json={}, headers=_auth(client, "surveyor")).status_code == 403
    other = client.post(path, json={}, headers=_auth(client, "agent"))
    assert other.status_code == 201 and other.json()["kind"] == "resurvey"
    assert other.json()["surveyor_id"] != first


def test_large_cases_are_flagged_on_the_open_claim_list_with_age_and_pages(
    container: Container, client: TestClient, clock: FixedClock
) -> None:
    _world(container)
    start = clock.moment
    first = _surveyed(client, "12000.00")  # 大额案件
    clock.moment = start + timedelta(days=3)
    TOKENS.clear()  # tokens expire as the clock moves on
    second = _report(client)
    clock.moment = start + timedelta(days=5, hours=1)
    TOKENS.clear()
    third = _report(client, suspicions=["疑点"])
    headers = _auth(client, "manager")
    page = client.get(f"{URL}/open", params={"limit": 2}, headers=headers).json()
    assert [row["claim_no"] for row in page["items"]] == [third["claim_no"], second["claim_no"]]
    assert [row["age_days"] for row in page["items"]] == [0, 2]
    assert page["items"][0]["survey_status"] == "dispatched"
    assert page["items"][1]["survey_status"] == "not_required"
    rest = client.get(
        f"{URL}/open", params={"limit": 2, "cursor": page["next_cursor"]}, headers=headers
    )
    (row,) = rest.json()["items"]
    assert row["claim_id"] == first["id"] and row["large_case"] and row["age_days"] == 5
    assert row["reserve"] == "12000.00" and row["survey_status"] == "signed"
    too_many = client.get(f"{URL}/open", params={"limit": 101}, headers=headers)
    assert too_many.status_code == 422 and too_many.json()["field"] == "limit"
