"""The fast reader of standard-form requests ≡ the pydantic schemas (issue 17).

`contract.standard_form` (from a decoded dict, and straight from a `.jsonl` line) either gives
exactly the request pydantic gives (every value, its type and, for amounts, their digits) or
steps aside (None), and `parse_request` then answers with pydantic's value or refusal.
Checked on generated claims, every shipped product's worked examples, the batch
differential's corners, and on requests spoiled at a random place (a value replaced by one
of many odd values, a field removed, an unknown field added), and on `.jsonl` blocks."""

from __future__ import annotations

import copy
import dataclasses
import json
import random
from decimal import Decimal
from typing import Any

import pytest
from adjudication_generator import random_claim
from batch_oracle import PRODUCTS
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from test_batch_differential import claims
from test_jsonl_batch_differential import EXAMPLES

from claimdesk.cli import adjudicate_jsonl
from claimdesk.cli.adjudicate_jsonl import decode
from claimdesk.contract import standard_form
from claimdesk.contract.mapping import to_domain
from claimdesk.contract.request_json import parse_request
from claimdesk.contract.schemas import RequestIn
from claimdesk.contract.standard_form import from_json, from_payload
from claimdesk.contract.validation_messages import field_path, message_zh
from claimdesk.rules.errors import InvalidRequest
from claimdesk.rules.model import Line
from claimdesk.rules.product_checks import check_facts

ODD_VALUES: list[Any] = [
    None, "", " ", "x", "0", "12.3", "12.30", "012.30", "12.300", "-1.00", "1e3", "１２.００",
    "12.30\n", "NaN", 12, 0, -1, 4000, 2**70, True, False, Decimal("12.30"), Decimal("12.3"),
    Decimal("-0.00"), "2026-02-30", "2026-07-01", "2026-7-1", "2026-07-01\n", "1899-12-31",
    "2101-01-01", "general", "family_bed", "\ud800", "名", b"x", [], ["a"], [1], {}, {"a": 1},
    (1,), ("a",), 1.5, "0.00", "1.00,2.00", ",", "999999999999999.99", "1000000000000000.00",
    2**63, 3650, 3651,
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
    """Both readers agree, from the dict and from its JSON text; True when the fast reader
    took the request."""
    expected = by_pydantic(payload)
    fast = from_payload(payload)
    if fast is not None:
        # pydantic must take it too (model_validate raises otherwise), with the same values
        assert readable(fast) == readable(to_domain(RequestIn.model_validate(payload)))
    assert by_parse_request(payload) == expected
    assert_same_from_json(payload)
    return fast is not None


def assert_same_from_json(payload: Any) -> None:
    """The `.jsonl` reader: the line straight into the forms ≡ pydantic on the decoded dict."""
    try:
        raw = json.dumps(payload, ensure_ascii=False).encode("utf-8", "surrogatepass")
        decoded = decode(raw)
    except (TypeError, InvalidRequest):
        return  # not JSON (a Decimal, bytes) or refused by the decoder before any reading
    fast = from_json(raw)
    if fast is not None:
        assert readable(fast) == readable(to_domain(RequestIn.model_validate(decoded)))


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


ODD = st.sampled_from(ODD_VALUES)
GENERATED = [random_claim(random.Random(n), f"F-{n}") for n in range(60)]
SOURCES = [*EXAMPLES, *GENERATED]


def test_given_standard_requests_then_the_fast_reader_takes_them_with_pydantics_values() -> None:
    taken = [assert_same(payload) for payload in GENERATED]
    assert all(taken)  # not vacuous: every generated claim is in the standard form
    for payload in EXAMPLES:  # accident and student products step aside (accident, parameters)
        taken = assert_same(payload)
        assert taken or payload["product"] != "tianan-group-medical"


def test_given_the_requests_as_jsonl_lines_then_they_are_read_straight_from_the_text() -> None:
    for payload in GENERATED:
        raw = json.dumps(payload, ensure_ascii=False).encode()
        fast = from_json(raw)
        assert fast is not None
        assert readable(fast) == readable(parse_request(decode(raw)))


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


def block_output(lines: list[bytes]) -> tuple[bytes, list[str]]:
    adjudicate_jsonl.use(PRODUCTS)
    results, messages, _ = adjudicate_jsonl.adjudicate_block(list(enumerate(lines, start=1)))
    return results, messages


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_given_a_jsonl_block_then_its_output_is_the_same_without_the_fast_reader(
    data: st.DataObject,
) -> None:
    """`claimdesk adjudicate claims.jsonl`, one block: results and error lines are the same
    bytes whether standard-form lines are read by the forms or all by pydantic."""
    payloads = data.draw(st.lists(st.sampled_from(SOURCES), min_size=1, max_size=12))
    lines = []
    for number, payload in enumerate(payloads):
        payload = {**payload, "claim_id": f"J-{number}"}
        if data.draw(st.booleans()):
            path = data.draw(st.sampled_from(places(payload)))
            payload = spoil(payload, path, data.draw(st.integers(0, 2)), data.draw(ODD))
        try:
            text = json.dumps(payload, ensure_ascii=False)
            lines.append(text.encode("utf-8", "surrogatepass"))  # a lone surrogate: not UTF-8
        except TypeError:
            lines.append(b"{not json")
    fast = block_output(lines)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(standard_form, "head_from_json", lambda raw: None)
        assert block_output(lines) == fast


def test_given_a_bill_line_made_by_the_reader_then_it_is_the_dataclass_its_init_makes() -> None:
    fields = ("L1", "drug_western", Decimal("12.30"), Decimal("0.00"), Decimal("2.30"))
    made = standard_form.new_line(*fields, Decimal("0.00"), Decimal("10.00"), "x", True, 7, None)
    line = Line(*fields, Decimal("0.00"), Decimal("10.00"), "x", True, 7, None)
    assert made == line and hash(made) == hash(line) and repr(made) == repr(line)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.amount = Decimal("1.00")  # type: ignore[misc]


def test_given_a_dataclass_that_checks_its_fields_then_no_maker_bypasses_the_check() -> None:
    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        amount: Decimal

        def __post_init__(self) -> None:
            assert self.amount >= 0

    with pytest.raises(TypeError):
        standard_form.maker(Checked)
