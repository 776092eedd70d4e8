"""`POST /api/adjudications`: the contract over HTTP, identical to the Python API."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from claimdesk.contract.adjudicate import adjudicate_json
from claimdesk.rules.loader import load_products, packaged_products_dir
from claimdesk.web.api.adjudications import get_products, router

# Auto products have their own engine (rules/auto); this route serves health and accident.
EXAMPLES = sorted(
    path
    for path in (packaged_products_dir() / "examples").glob("*/*.json")
    if path.parent.name in load_products()
)
INPATIENT = (
    packaged_products_dir() / "examples/tianan-group-medical/inpatient-with-union-payment.json"
)


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = FastAPI()
    app.include_router(router)
    # The router alone, as an app owner embeds it: the owner supplies the products (ClaimDesk's
    # own app takes them from the composition root, with CLAIMDESK_PRODUCTS_DIR).
    app.dependency_overrides[get_products] = lambda: load_products()
    return TestClient(app)


def request_of(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))["request"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_given_an_example_when_posted_then_the_result_equals_the_python_api(
    client: TestClient, path: Path
) -> None:
    response = client.post("/api/adjudications", json=request_of(path))
    assert response.status_code == 200
    assert response.json() == adjudicate_json(request_of(path), load_products())


def test_given_a_line_that_does_not_add_up_then_422_names_the_field(client: TestClient) -> None:
    request = request_of(INPATIENT)
    request["visits"][0]["lines"][0]["amount"] = "1.00"
    response = client.post("/api/adjudications", json=request)
    assert response.status_code == 422
    body = response.json()
    assert body["field"] == "visits[0].lines[0].amount"
    assert set(body) == {"code", "message_zh", "message_en", "field"}


def test_given_a_json_number_with_three_decimals_then_422(client: TestClient) -> None:
    text = json.dumps(request_of(INPATIENT)).replace('"2400.00"', "2400.001", 1)
    response = client.post(
        "/api/adjudications", content=text, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422


def test_given_a_body_that_is_not_json_then_422_invalid_json(client: TestClient) -> None:
    response = client.post("/api/adjudications", content=b"{not json")
    assert (response.status_code, response.json()["code"]) == (422, "INVALID_JSON")
