"""The auto settlement through the JSON API (issue 14): liability in percent, bad input refused
with a zh/en message naming the field and nothing stored, the settlement with its clauses."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from claimdesk.bootstrap import Container
from tests.builders import an_auto_report_body, an_auto_world, token_for
from tests.integration.test_code_labels import codes_in, visible
from tests.integration.test_web_pages import sign_in

# PostgreSQL too: see tests/conftest.py (what differs between databases).
pytestmark = pytest.mark.postgres

URL = "/api/auto-claims"


def _auth(client: TestClient, who: str) -> dict[str, str]:
    return token_for(client, who)


def _line(part: str, code: str, amount: str, labour: str, action: str = "repair") -> dict[str, Any]:
    line = {"part": part, "part_code": code, "action": action, "amount": amount, "labour": labour}
    return line | ({"reason": "破裂无法修复"} if action == "replace" else {})


def _reported_and_surveyed(client: TestClient, container: Container) -> dict[str, Any]:
    world = an_auto_world(container)
    body = an_auto_report_body(
        estimated_loss="9000.00",
        suspicions=["报案人描述前后矛盾"],
        third_parties=[{"plate": "湘B54321", "model": "丰田卡罗拉"}],
    )
    claim = client.post(URL, json=body, headers=_auth(client, "agent")).json()
    surveyor_id = claim["surveys"][0]["surveyor_id"]
    surveyor = next(name for name, user in world.users.items() if user.id == surveyor_id)
    survey = {
        "scene_facts": "两车追尾",
        "items": [_line("前保险杠", "front_bumper", "4000.00", "800.00", "replace")],
        "salvage": {"description": "旧保险杠", "value": "200.00"},
        "assessed_loss": "4000.00",
    }
    bad = dict(survey, items=[_line("尾翼", "spoiler", "4000.00", "800.00")])
    refused = client.put(f"{URL}/{claim['id']}/survey", json=bad, headers=_auth(client, surveyor))
    assert refused.status_code == 422
    assert refused.json()["code"] == "AUTO_PART_CODE_UNKNOWN"
    assert refused.json()["field"] == "items.0.part_code"
    assert "spoiler" in refused.json()["message_zh"]
    negative = dict(survey, items=[_line("前保险杠", "front_bumper", "-1.00", "0.00")])
    response = client.put(
        f"{URL}/{claim['id']}/survey", json=negative, headers=_auth(client, surveyor)
    )
    assert response.status_code == 422 and "items.0.amount" in response.text
    ok = client.put(f"{URL}/{claim['id']}/survey", json=survey, headers=_auth(client, surveyor))
    assert ok.status_code == 200, ok.text
    assert ok.json()["items"][0]["part_code"] == "front_bumper"
    signed = client.post(f"{URL}/{claim['id']}/survey/sign", headers=_auth(client, "agent"))
    assert signed.status_code == 200, signed.text
    return claim


def test_liability_then_settlement_with_clauses(container: Container, client: TestClient) -> None:
    claim = _reported_and_surveyed(client, container)
    path, specialist = f"{URL}/{claim['id']}", _auth(client, "specialist")

    missing = client.post(f"{path}/settlement", headers=specialist)
    assert missing.status_code == 409 and missing.json()["code"] == "AUTO_LIABILITY_MISSING"
    over = client.put(f"{path}/liability", json={"liability_share": "100.5"}, headers=specialist)
    assert over.status_code == 422
    assert (over.json()["code"], over.json()["field"]) == (
        "LIABILITY_SHARE_OUT_OF_RANGE", "liability_share",
    )  # fmt: skip
    assert over.json()["message_zh"] and over.json()["message_en"]
    assert client.get(path, headers=specialist).json()["liability"] is None

    body = {"liability_share": "70", "decision_no": "JJ-2026-0001"}
    recorded = client.put(f"{path}/liability", json=body, headers=specialist)
    assert recorded.status_code == 200, recorded.text
    assert recorded.json()["liability_share"] == "70"
    assert recorded.json()["compulsory_handling"]["zh"] == "一般赔付"

    settled = client.post(f"{path}/settlement", headers=specialist)
    assert settled.status_code == 200, settled.text
    result = settled.json()
    # (4,000 − 200 salvage − 2,000 the other car's 交强险) × 70% × 95% − 1,000 = 197.00
    assert result["payable"] == "197.00"
    assert result["decision"] == {"code": "approved", "zh": "予以赔付", "en": "Payable"}
    (own,) = result["assessments"]
    assert (own["reported_estimate"], own["surveyed"], own["assessed"]) == (
        "9000.00", "4000.00", "4000.00",
    )  # fmt: skip
    vehicle = result["settlement"][-1]
    assert vehicle["cover"]["zh"] == "车损险"
    assert all(reason["clause"] for reason in vehicle["reasons"])

    page = client.get(path, headers=_auth(client, "agent")).json()
    assert page["vehicle"]["model"] == "大众帕萨特"
    assert page["settlement"]["payable"] == "197.00"
    assert page["liability"]["decision_no"] == "JJ-2026-0001"
    again = client.get(f"{path}/settlement", headers=_auth(client, "agent"))
    assert again.json()["seq"] == result["seq"]


def test_a_customer_cannot_settle_and_sees_no_other_claim(
    container: Container, client: TestClient
) -> None:
    claim = _reported_and_surveyed(client, container)
    path = f"{URL}/{claim['id']}"
    assert client.post(f"{path}/settlement", headers=_auth(client, "auto_other")).status_code == 403
    body = {"liability_share": "70"}
    put = client.put(f"{path}/liability", json=body, headers=_auth(client, "auto_other"))
    assert put.status_code == 403
    assert client.get(f"{path}/settlement", headers=_auth(client, "auto_other")).status_code == 404


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_staff_page_shows_the_settlement_by_labels_and_clauses(
    container: Container, client: TestClient, lang: str
) -> None:
    claim = _reported_and_surveyed(client, container)
    path, specialist = f"{URL}/{claim['id']}", _auth(client, "specialist")
    client.put(f"{path}/liability", json={"liability_share": "70"}, headers=specialist)
    assert client.post(f"{path}/settlement", headers=specialist).status_code == 200
    sign_in(client, "specialist")
    html = client.get(f"/claims/{claim['id']}?lang={lang}").text
    text = visible(html)
    assert 'id="auto-settlement"' in html and "197.00" in text
    expected = ("车损险", "按被保险机动车一方的事故责任比例赔付", "京A12345")
    if lang == "en":
        expected = (
            "Vehicle damage",
            "liability share from the traffic police decision",
            "京A12345",
        )
    assert all(part in text for part in expected), text
    assert "交警事故责任认定书" in text  # the clause beside the amount
    start, settled = html.index('id="auto-claim"'), html.index('id="auto-settlement"')
    section = html[start : html.index("</section>", settled)]
    assert not codes_in(visible(section)), codes_in(visible(section))
