"""The edge: typed ids, the request guard, LIKE escaping and file names — 4xx, never a 500."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from claimdesk.bootstrap import Container
from claimdesk.web.params import MAX_ID, clean_file_name
from claimdesk.web.request_guard import GuardLimits, json_problem
from tests.builders import a_report_body, a_world, token_for

# PostgreSQL too: see tests/conftest.py (what differs between databases).
pytestmark = pytest.mark.postgres

HUGE = str(2**64)


@pytest.mark.parametrize(
    "path",
    [
        f"/api/claims/{HUGE}",
        f"/api/claims/{HUGE}/timeline",
        f"/api/policies/{HUGE}",
        f"/api/complaints/{HUGE}",
        f"/api/claims?cursor={HUGE}",
        f"/api/claims?policy_id={HUGE}",
        f"/api/me/notification-preferences?insured_person_id={HUGE}",
        f"/api/tasks/mine?cursor=2026-06-01T00:00:00%2B00:00|{HUGE}",
        f"/api/fraud/claims?cursor=0.5|{HUGE}",
        "/api/reports/complaints?month=0000-01",
        "/api/reports/satisfaction?month=2026-13",
    ],
)
def test_out_of_range_ids_and_months_are_refused_at_the_edge(
    container: Container, client: TestClient, path: str
) -> None:
    a_world(container)
    response = client.get(path, headers=token_for(client, "admin"))
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "INVALID_INPUT"


def test_the_largest_id_is_in_range_and_simply_not_found(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    headers = token_for(client, "admin")
    assert client.get(f"/api/claims/{MAX_ID}", headers=headers).status_code == 404
    assert client.get(f"/api/claims/{MAX_ID + 1}", headers=headers).status_code == 422


def test_body_over_the_limit_is_413_before_it_is_read(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    limit = container.settings.request_body_limit_bytes
    big = b'{"a": "' + b"x" * limit + b'"}'
    response = client.post(
        "/api/claims",
        content=big,
        headers={**token_for(client, "agent"), "content-type": "application/json"},
    )
    assert response.status_code == 413
    body = response.json()
    assert body["code"] == "BODY_TOO_LARGE"
    assert "请求体过大" in body["message_zh"] and "too large" in body["message_en"]


def test_nul_characters_deep_nesting_and_long_numbers_are_422(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    headers = {**token_for(client, "agent"), "content-type": "application/json"}
    nul = a_report_body(incident_description="摔伤\u0000")
    deep = "[" * 100_000 + "]" * 100_000
    cases = {
        "NUL_CHARACTER": json.dumps(nul),
        "NESTING_TOO_DEEP": deep,
        "NUMBER_TOO_LONG": '{"claimed_amount": ' + "9" * 5000 + "}",
    }
    for code, text in cases.items():
        response = client.post("/api/claims", content=text, headers=headers)
        assert response.status_code == 422, (code, response.text)
        assert response.json()["code"] == code
    searched = client.get("/api/claims?q=%00", headers=token_for(client, "agent"))
    assert searched.status_code == 422 and searched.json()["code"] == "NUL_CHARACTER"


def test_adjudication_amounts_beyond_reason_are_4xx(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    headers = token_for(client, "specialist")
    for amount in ("1E+30", "1e999", "NaN", "-Infinity"):
        response = client.post(
            "/api/adjudications", json={"amount": amount, "product_code": "x"}, headers=headers
        )
        assert 400 <= response.status_code < 500, (amount, response.text)


def test_json_problem_skips_brackets_and_digits_inside_strings() -> None:
    limits = GuardLimits(json_depth=3, number_chars=5)
    assert json_problem(b'{"a": "[[[[[[ 123456789 ]]]]]]"}', limits) is None
    assert json_problem(b'{"a": [[[1]]]}', limits) is not None
    assert json_problem(b'{"a": 123456}', limits) is not None
    assert json_problem(b'{"a": "\\u0000"}', limits) is not None


def test_search_treats_percent_and_underscore_literally(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    headers = token_for(client, "agent")
    assert client.post("/api/claims", json=a_report_body(), headers=headers).status_code == 201
    # 张三's claim: "%" and "_" used to match every name.
    for wildcard in ("%", "_", "张%"):
        page = client.get("/api/claims", params={"q": wildcard}, headers=headers).json()
        assert page["items"] == [], wildcard
    assert len(client.get("/api/claims", params={"q": "张"}, headers=headers).json()["items"]) == 1


def test_file_names_lose_directories_controls_and_bidi_overrides() -> None:
    assert clean_file_name("invoice\u202egpj.exe") == "invoicegpj.exe"
    assert clean_file_name("../../etc/pass\x00wd\r\n") == "passwd"
    assert clean_file_name("C:\\Users\\张三\\发票\u200b.pdf") == "发票.pdf"
    assert clean_file_name("\u202e\u200f") == "file"
    assert clean_file_name(None) == "file"


@pytest.mark.parametrize(
    ("path", "allow"),
    [
        ("/api/claims", "GET, HEAD, OPTIONS, POST"),  # two routes, one path
        ("/api/claims/1/transitions", "OPTIONS, POST"),
        ("/api/me/notification-preferences", "GET, HEAD, OPTIONS, PUT"),
    ],
)
def test_options_and_405_name_every_method_of_the_path(
    client: TestClient, path: str, allow: str
) -> None:
    options = client.options(path)
    assert options.status_code == 204 and options.headers["allow"] == allow
    refused = client.delete(path)
    assert refused.status_code == 405 and refused.headers["allow"] == allow
    assert refused.json()["message_zh"] == "此地址不支持该请求方法"
