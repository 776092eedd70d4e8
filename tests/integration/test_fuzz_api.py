"""Property: whatever arrives — any id, any query, any JSON — the API answers below 500.

Operations come from the app's own OpenAPI document, so a new route is fuzzed without editing
this file. Values lean towards what broke before: integers past 2⁶³, NUL, `%`/`_`, exponents.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimdesk.bootstrap import Container
from tests.builders import a_world, token_for

# PostgreSQL too: see tests/conftest.py (what differs between databases).
pytestmark = pytest.mark.postgres

NASTY_TEXT = st.sampled_from(
    ["0", "-1", str(2**63), str(2**64), "1E+30", "1e999", "NaN", "%", "_", "0000-01", "", "a|b"]
)
ANY_ID = st.one_of(st.integers(min_value=-(2**70), max_value=2**70).map(str), NASTY_TEXT)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    NASTY_TEXT,
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def _operations(client: TestClient) -> list[tuple[str, str, list[str]]]:
    found = []
    for path, methods in client.app.openapi()["paths"].items():  # type: ignore[attr-defined]
        for method, operation in methods.items():
            query = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
            found.append((method.upper(), path, query))
    return sorted(found)


def test_no_operation_answers_5xx(container: Container, client: TestClient) -> None:
    world = a_world(container)
    assert world.users
    operations = _operations(client)
    tokens = {who: token_for(client, who) for who in ("admin", "specialist", "customer")}

    @settings(
        max_examples=300,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        operation=st.sampled_from(operations),
        who=st.sampled_from(sorted(tokens)),
        ids=st.lists(ANY_ID, min_size=3, max_size=3),
        query=st.dictionaries(st.sampled_from(["cursor", "q", "month", "limit", "x"]), ANY_ID),
        body=JSON,
    )
    def probe(
        operation: tuple[str, str, list[str]],
        who: str,
        ids: list[str],
        query: dict[str, str],
        body: Any,
    ) -> None:
        method, template, known = operation
        values = iter(ids)
        path = re.sub(r"\{[^}]+\}", lambda _: next(values, "1"), template)
        params = {name: value for name, value in query.items() if name in known or name == "x"}
        response = client.request(
            method,
            path,
            params=params,
            json=body if method in ("POST", "PUT") else None,
            headers=tokens[who],
        )
        assert response.status_code < 500, (method, path, params, body, response.text[:300])

    probe()
