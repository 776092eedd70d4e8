"""人伤 through the JSON API and the claim page's forms (issue 14): bad input refused with a
zh/en message naming the field and nothing stored; the ID number shown masked; the engine's
settlement pays the one-off settlement through 交强险."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from claimdesk.bootstrap import Container
from tests.builders import token_for
from tests.integration.test_auto_settlement_api import _reported_and_surveyed
from tests.integration.test_web_pages import _csrf, sign_in
from tests.services.test_auto_injuries import _hospital

URL = "/api/auto-claims"


def _injured(client: TestClient, claim_id: int) -> list[dict[str, Any]]:
    found = client.get(f"{URL}/{claim_id}/injuries", headers=token_for(client, "agent"))
    assert found.status_code == 200, found.text
    return list(found.json())


def test_injuries_through_the_api_refuse_bad_input_and_are_settled(
    container: Container, client: TestClient
) -> None:
    claim = _reported_and_surveyed(client, container)
    _hospital(container)
    staff = token_for(client, "specialist")
    bad_people = (
        ({"name": "李四", "role": "pedestrian"}, "role"),
        ({"name": "李四", "role": "third_party", "id_number": "110105194912310021"}, "id_number"),
        ({"name": "", "role": "third_party"}, "name"),
    )
    for body, field in bad_people:
        refused = client.post(f"{URL}/{claim['id']}/injuries", json=body, headers=staff)
        assert refused.status_code == 422, body
        assert field in (refused.json().get("field") or refused.text)
        assert refused.json()["message_zh"] and refused.json()["message_en"]
    assert _injured(client, claim["id"]) == []

    body = {"name": "李四", "role": "third_party", "id_number": "11010519491231002X"}
    added = client.post(f"{URL}/{claim['id']}/injuries", json=body, headers=staff)
    assert added.status_code == 201, added.text
    person = added.json()
    assert person["id_number"] == "110105********002X"
    lines = f"/api/injuries/{person['id']}/lines"
    for bad, field in (
        ({"line_type": "exam_basic", "amount": "-5.00"}, "amount"),
        ({"line_type": "massage", "amount": "5.00"}, "line_type"),
        ({"line_type": "exam_basic", "amount": "5.00", "self_funded": "6.00"}, "self_funded"),
        ({"line_type": "exam_basic", "amount": "１００"}, "amount"),
    ):  # fmt: skip
        refused = client.post(lines, json=bad, headers=staff)
        assert refused.status_code == 422 and field in refused.text, (bad, refused.text)
    ok = client.post(lines, json={"line_type": "exam_basic", "amount": "900.00"}, headers=staff)
    assert ok.status_code == 201, ok.text
    visits = f"/api/injuries/{person['id']}/visits"
    unknown = {"visited_on": "2026-06-01", "hospital_code": "NOPE", "note": "探视"}
    refused = client.post(visits, json=unknown, headers=staff)
    assert refused.status_code == 422 and refused.json()["code"] == "INJURY_HOSPITAL_UNKNOWN"
    visit = dict(unknown, hospital_code="H-CS-01")
    assert client.post(visits, json=visit, headers=staff).status_code == 201

    settle = f"/api/injuries/{person['id']}/settlement"
    deal = {"amount": "700.00", "signed_on": "2026-06-01", "parties": "李四、王五"}
    forbidden = client.put(settle, json=deal, headers=token_for(client, "surveyor"))
    assert forbidden.status_code == 403
    assert client.put(settle, json=deal, headers=staff).status_code == 200
    again = client.put(settle, json=deal, headers=staff)
    assert again.status_code == 409 and again.json()["code"] == "INJURY_SETTLEMENT_RECORDED"
    (stored,) = _injured(client, claim["id"])
    assert len(stored["lines"]) == 1 and len(stored["visits"]) == 1
    assert stored["settlement"]["amount"] == "700.00"

    liability = {"liability_share": "70", "decision_no": "JJ-1"}
    recorded = client.put(f"{URL}/{claim['id']}/liability", json=liability, headers=staff)
    assert recorded.status_code == 200, recorded.text
    settled = client.post(f"{URL}/{claim['id']}/settlement", headers=staff)
    assert settled.status_code == 200, settled.text
    medical = [i for i in settled.json()["settlement"] if i["section"]["code"] == "medical"]
    assert [i["payable"] for i in medical] == ["700.00"]
    (review,) = settled.json()["injuries"]
    assert (review["medical"], review["settlement"], review["role"]["zh"]) == (
        "700.00", "700.00", "第三者",
    )  # fmt: skip


def test_the_claim_page_forms_record_an_injury_and_refuse_bad_input(
    container: Container, client: TestClient
) -> None:
    claim = _reported_and_surveyed(client, container)
    sign_in(client, "specialist")
    page = client.get(f"/claims/{claim['id']}")
    assert page.status_code == 200 and 'id="injuries"' in page.text
    token = _csrf(page.text)
    bad = client.post(f"/claims/{claim['id']}/injuries",
                      data={"name": "李四", "role": "third_party",
                            "id_number": "110105194912310021", "csrf_token": token})  # fmt: skip
    assert bad.status_code == 422
    assert _injured(client, claim["id"]) == []
    done = client.post(f"/claims/{claim['id']}/injuries", follow_redirects=False,
                       data={"name": "李四", "role": "passenger", "csrf_token": token})  # fmt: skip
    assert done.status_code == 303
    (person,) = _injured(client, claim["id"])
    line = client.post(
        f"/claims/{claim['id']}/injuries/{person['id']}/lines", follow_redirects=False,
        data={"line_type": "bed", "amount": "120.00", "self_funded": "0.00", "csrf_token": token},
    )  # fmt: skip
    assert line.status_code == 303
    page = client.get(f"/claims/{claim['id']}")
    assert "李四" in page.text and "本车乘客" in page.text and "床位费" in page.text


def test_death_disability_items_through_the_api_refuse_bad_input_and_are_settled(
    container: Container, client: TestClient
) -> None:
    claim = _reported_and_surveyed(client, container)
    staff = token_for(client, "specialist")
    body = {"name": "李四", "role": "third_party"}
    person = client.post(f"{URL}/{claim['id']}/injuries", json=body, headers=staff).json()
    items = f"/api/injuries/{person['id']}/death-disability-items"
    good = {"kind": "disability_compensation", "basis": "2025年人均可支配收入；伤残十级",
            "standard": "46000.00", "quantity": "20", "ratio": "0.10"}  # fmt: skip
    for change, field in (
        ({"kind": "luck"}, "kind"), ({"basis": ""}, "basis"), ({"standard": "-1.00"}, "standard"),
        ({"quantity": "0"}, "quantity"), ({"ratio": "1.20"}, "ratio"),
        ({"quantity": "１"}, "quantity"),
    ):  # fmt: skip
        refused = client.post(items, json=good | change, headers=staff)
        assert refused.status_code == 422 and field in refused.text, (change, refused.text)
        assert refused.json()["message_zh"] and refused.json()["message_en"]
    assert _injured(client, claim["id"])[0]["death_disability_items"] == []
    forbidden = client.post(items, json=good, headers=token_for(client, "customer"))
    assert forbidden.status_code in (403, 404)
    added = client.post(items, json=good, headers=staff)
    assert added.status_code == 201, added.text
    assert (added.json()["quantity"], added.json()["ratio"]) == ("20", "0.1")

    liability = {"liability_share": "100", "decision_no": "JJ-2"}
    recorded = client.put(f"{URL}/{claim['id']}/liability", json=liability, headers=staff)
    assert recorded.status_code == 200, recorded.text
    settled = client.post(f"{URL}/{claim['id']}/settlement", headers=staff)
    assert settled.status_code == 200, settled.text
    (review,) = settled.json()["injuries"]
    (item,) = review["death_disability_items"]
    assert (item["kind"]["zh"], item["amount"]) == ("残疾赔偿金", "92000.00")
    assert item["working"] == "46000.00 × 20 × 10% = 92000.00"
    section = [
        i for i in settled.json()["settlement"] if i["section"]["code"] == "death_disability"
    ]
    assert [i["payable"] for i in section] == ["92000.00"]
