"""The fast reader of standard-form requests ≡ the pydantic schemas (issue 17).

`contract.fast_request` either gives exactly the request pydantic gives (every value, its type
and, for amounts, its digits) or steps aside (None), and `parse_request` then answers with
pydantic's value or refusal. Checked on generated claims, every shipped product's worked
examples, the batch differential's corners, and on requests spoiled at a random place (a
value replaced by one of many odd values, a field removed, an unknown field added)."""

from __future__ import annotations

import copy
import dataclasses
import json
import random
from decimal import Decimal
from typing import Any

from adjudication_generator import random_claim
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from test_batch_differential import claims
from test_jsonl_batch_differential import EXAMPLES

from claimdesk.contract.fast_request import fast_request
from claimdesk.contract.mapping import to_domain
from claimdesk.contract.request_json import parse_request
from claimdesk.contract.schemas import RequestIn
from claimdesk.contract.validation_messages import field_path, message_zh
from claimdesk.rules.errors import InvalidRequest
from claimdesk.rules.product_checks import check_facts

ODD_VALUES: list[Any] = [
    None, "", " ", "x", "0", "12.3", "12.30", "012.30", "12.300", "-1.00", "1e3", "１２.００",
    "12.30\n", "NaN", 12, 0, -1, 4000, 2**70, True, False, Decimal("12.30"), Decimal("12.3"),
    Decimal("-0.00"), "2026-02-30", "2026-07-01", "2026-7-1", "2026-07-01\n", "1899-12-31",
    "2101-01-01", "general", "family_bed", "\ud800", [], ["a"], [1], {}, {"a": 1}, (1,),
]  # fmt: skip


def readable(value: Any) -> Any:
    """A value with every type and every amount's digits spelled out, for strict equality."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return (type(value).__name__, *((f.name, readable(getattr(value, f.name))) for f in fields))
    if isinstance(value, Decimal):
        return ("Decimal", str(value))
    if isinstance(value, frozenset):
        return ("frozenset", sorted(value))
    if isinstance(value, dict):
        return ("dict", [(key, readable(inner)) for key, inner in value.items()])
    if isinstance(value, list | tuple):
        return (type(value).__name__, [readable(inner) for inner in value])
    return (type(value).__name__, value)


def by_pydantic(payload: Any) -> Any:
    """What `parse_request` answered before the fast reader: pydantic alone."""
    try:
        request = RequestIn.model_validate(payload)
    except ValidationError as error:
        first = error.errors()[0]
        return ("refused", field_path(first["loc"], first["type"]), first["msg"], message_zh(first))
    domain = to_domain(request)
    try:
        check_facts(domain)
    except InvalidRequest as refusal:
        return ("refused", refusal.field, refusal.message_en, refusal.message_zh)
    return readable(domain)


def by_parse_request(payload: Any) -> Any:
    try:
        return readable(parse_request(payload))
    except InvalidRequest as refusal:
        return ("refused", refusal.field, refusal.message_en, refusal.message_zh)


def assert_same(payload: Any) -> bool:
    """Both readers agree; True when the fast reader took the request."""
    expected = by_pydantic(payload)
    fast = fast_request(payload)
    if fast is not None:
        # pydantic must take it too (model_validate raises otherwise), with the same values
        assert readable(fast) == readable(to_domain(RequestIn.model_validate(payload)))
    assert by_parse_request(payload) == expected
    return fast is not None


def places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside the request (dict keys and list indexes)."""
    found = [path] if path else []
    if isinstance(value, dict):
        for key, inner in value.items():
            found += places(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += places(inner, (*path, index))
    return found


def spoil(payload: Any, path: tuple[Any, ...], how: int, odd: Any) -> Any:
    payload = copy.deepcopy(payload)
    parent = payload
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if how == 0:
        parent[last] = copy.deepcopy(odd)
    elif how == 1:
        del parent[last]
    elif isinstance(parent[last], dict):
        parent[last]["unexpected"] = odd
    else:
        parent[last] = copy.deepcopy(odd)
    return payload


GENERATED = [random_claim(random.Random(n), f"F-{n}") for n in range(60)]
SOURCES = [*EXAMPLES, *GENERATED]


def test_given_standard_requests_then_the_fast_reader_takes_them_with_pydantics_values() -> None:
    taken = [assert_same(payload) for payload in GENERATED]
    assert all(taken)  # not vacuous: every generated claim is in the standard form
    for payload in EXAMPLES:  # accident and student products step aside (accident, parameters)
        taken = assert_same(payload)
        assert taken or payload["product"] != "tianan-group-medical"


def test_given_the_requests_as_the_jsonl_reader_decodes_them_then_they_are_taken() -> None:
    from claimdesk.cli.adjudicate_jsonl import decode

    for payload in GENERATED[:10]:
        decoded = decode(json.dumps(payload).encode())
        assert assert_same(decoded)


@settings(max_examples=60, deadline=None)
@given(claims())
def test_given_the_batch_corners_then_both_readers_agree(batch: list[Any]) -> None:
    for payload in batch:
        assert_same(payload)


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_given_a_request_spoiled_anywhere_then_both_readers_agree(data: st.DataObject) -> None:
    payload = data.draw(st.sampled_from(SOURCES))
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        spots = places(payload)
        path = data.draw(st.sampled_from(spots))
        how = data.draw(st.integers(min_value=0, max_value=2))
        payload = spoil(payload, path, how, data.draw(st.sampled_from(ODD_VALUES)))
    assert_same(payload)


@given(st.sampled_from(ODD_VALUES))
def test_given_not_a_request_then_both_readers_agree(odd: Any) -> None:
    assert_same(odd)
