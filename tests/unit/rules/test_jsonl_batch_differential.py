"""Many requests at once ≡ each alone (issue 17): `contract.batch_json.adjudicate_many` (the
`.jsonl` batch) gives, request by request, exactly the JSON `adjudicate_json` gives — or the
same refusal — over generated claims of every shipped health and accident product, mixed in
one batch, with the corners of `test_batch_differential` and invalid requests among them."""

from __future__ import annotations

import copy
import json
import random
from typing import Any

import msgspec
import polars as pl
import pytest
from adjudication_generator import random_claim
from batch_oracle import PRODUCTS
from hypothesis import given, settings
from hypothesis import strategies as st
from student_builders import a_medical_claim, a_stay, an_accident_claim
from test_batch_differential import claims, edge_cases

from claimdesk.contract import batch_json
from claimdesk.contract.adjudicate import adjudicate_json
from claimdesk.contract.batch_json import adjudicate_many, for_the_table, from_the_forms
from claimdesk.contract.request_json import parse_request
from claimdesk.contract.standard_form import Read, head_from_json
from claimdesk.rules.errors import InvalidRequest
from claimdesk.rules.loader import packaged_products_dir

ENCODER = msgspec.json.Encoder()
HEALTH_AND_ACCIDENT = [code for code, product in PRODUCTS.items() if not code.startswith("auto")]
EXAMPLES = [
    json.loads(path.read_text(encoding="utf-8"))["request"]
    for code in HEALTH_AND_ACCIDENT
    for path in sorted((packaged_products_dir() / "examples" / code).glob("*.json"))
]


def alone(payload: Any) -> Any:
    try:
        return adjudicate_json(payload, PRODUCTS)
    except InvalidRequest as error:
        return ("refused", error.field, error.code, error.message_en)


def together(payloads: list[Any]) -> list[Any]:
    return [
        ("refused", out.field, out.code, out.message_en) if isinstance(out, InvalidRequest) else out
        for out in adjudicate_many(payloads, PRODUCTS)
    ]


def spoiled(claim: dict[str, Any], how: int) -> Any:
    """An invalid request: a bad amount, an unknown line type, a missing field, not a claim."""
    claim = copy.deepcopy(claim)
    lines = [line for visit in claim.get("visits", []) for line in visit["lines"]]
    if how == 0 and lines:
        lines[0]["amount"] = "1.234"
    elif how == 1 and lines:
        lines[-1]["type"] = "massage"
    elif how == 2:
        del claim["policy"]
    else:
        return [claim["claim_id"]]
    return claim


@st.composite
def mixed_batches(draw: st.DrawFn) -> list[Any]:
    """Generated group-medical claims and every other product's examples, some spoiled."""
    batch: list[Any] = list(draw(claims()))
    rng = random.Random(draw(st.integers(min_value=0, max_value=2**32)))
    for number in range(draw(st.integers(min_value=0, max_value=6))):
        claim = copy.deepcopy(rng.choice(EXAMPLES))
        claim["claim_id"] = f"X-{number}"
        batch.append(
            draw(edge_cases(claim)) if claim["product"] == "tianan-group-medical" else claim
        )
    spoil = st.lists(st.integers(min_value=0, max_value=len(batch)), max_size=3, unique=True)
    for index in draw(spoil):
        if index < len(batch):
            batch[index] = spoiled(batch[index], draw(st.integers(min_value=0, max_value=3)))
    return draw(st.permutations(batch))


@settings(max_examples=120, deadline=None)
@given(mixed_batches())
def test_given_a_mixed_batch_then_each_result_equals_the_request_alone(batch: list[Any]) -> None:
    assert together(batch) == [alone(payload) for payload in batch]


def test_given_every_shipped_products_examples_then_the_batch_equals_each_alone() -> None:
    student = [
        a_medical_claim([a_stay()]),
        an_accident_claim(),
    ]
    batch = [*EXAMPLES, *student, *(random_claim(random.Random(n), f"G-{n}") for n in range(200))]
    assert {claim["product"] for claim in batch} == set(HEALTH_AND_ACCIDENT)
    assert together(batch) == [alone(payload) for payload in batch]


def test_given_group_medical_claims_then_most_go_through_the_table() -> None:
    """Not a vacuous equality: the generated claims that pass the claim gates are tabled."""
    requests = [parse_request(random_claim(random.Random(n), f"G-{n}")) for n in range(100)]
    tabled = [for_the_table(n, request, PRODUCTS) for n, request in enumerate(requests)]
    assert sum(claim is not None for claim in tabled) >= 90


@pytest.mark.parametrize("code", [c for c in HEALTH_AND_ACCIDENT if c != "tianan-group-medical"])
def test_given_a_product_the_table_cannot_follow_then_its_claims_stay_per_claim(
    code: str,
) -> None:
    examples = [claim for claim in EXAMPLES if claim["product"] == code]
    requests = [parse_request(claim) for claim in examples]
    assert all(for_the_table(0, request, PRODUCTS) is None for request in requests)


def test_given_figures_beyond_the_tables_int64_then_those_claims_go_per_claim() -> None:
    """A history of 2⁷⁰ yuan, a line of 10¹⁴ yuan: exact per claim, no overflow crash."""
    big_history = random_claim(random.Random(1), "BIG-1")
    big_history["history"]["outpatient_paid"] = 2**70
    big_line = random_claim(random.Random(2), "BIG-2")
    line = big_line["visits"][0]["lines"][0]
    line.update(amount="100000000000000.00", fund_paid="0.00", category_self_pay="0.00")
    line.update(self_funded="0.00", self_pay="100000000000000.00")
    batch = [big_history, big_line, random_claim(random.Random(3), "SMALL")]
    assert together(batch) == [alone(payload) for payload in batch]


def as_jsonl(payload: Any) -> Any:
    """The payload as the `.jsonl` reader hands it over: read without its bill lines (a
    `Read`, lines going to the table as forms) when in the standard form, else the JSON."""
    return head_from_json(json.dumps(payload, ensure_ascii=False).encode()) or payload


def unbalanced(claim: dict[str, Any], how: int) -> dict[str, Any]:
    """Still the standard form, but a line the table must not take: parts that do not add up
    (pydantic refuses it), an amount over the table's range (the engine adjudicates it)."""
    claim = copy.deepcopy(claim)
    lines = [line for visit in claim.get("visits", []) for line in visit["lines"]]
    if lines and how == 0:
        lines[-1]["self_pay"] = "123456.78"  # canonical, but no longer the amount's part
    elif lines:
        lines[0].update(amount="100000000000000.00", fund_paid="0.00", category_self_pay="0.00")
        lines[0].update(self_funded="0.00", self_pay="100000000000000.00")
    return claim


@settings(max_examples=120, deadline=None)
@given(mixed_batches(), st.data())
def test_given_a_mixed_batch_read_as_jsonl_lines_then_each_result_equals_the_request_alone(
    batch: list[Any], data: st.DataObject
) -> None:
    spots = st.lists(st.integers(min_value=0, max_value=len(batch)), max_size=3, unique=True)
    for index in data.draw(spots):
        if index < len(batch) and isinstance(batch[index], dict):
            batch[index] = unbalanced(batch[index], data.draw(st.integers(0, 1)))
    assert together([as_jsonl(payload) for payload in batch]) == [alone(p) for p in batch]


def test_given_jsonl_lines_the_table_must_not_take_then_each_equals_the_request_alone() -> None:
    claims = [random_claim(random.Random(n), f"J-{n}") for n in range(60)]
    fit = [n for n, claim in enumerate(claims) if from_the_forms(n, as_jsonl(claim), PRODUCTS)]
    unfit, too_big, unknown_type, backwards, written_short = fit[:5]
    claims[unfit] = unbalanced(claims[unfit], 0)
    claims[too_big] = unbalanced(claims[too_big], 1)
    claims[unknown_type]["visits"][0]["lines"][0]["type"] = "massage"
    claims[backwards]["policy"].update(period_start="2026-12-31", period_end="2026-01-01")
    line = claims[written_short]["visits"][-1]["lines"][-1]
    line.update(amount="100.0", fund_paid="0.0", category_self_pay="0.0")  # adds up, but not
    line.update(self_funded="0.0", self_pay="100.0")  # canonical: pydantic reads it
    reads = [as_jsonl(claim) for claim in claims]
    assert all(isinstance(read, Read) for read in reads)  # all read without `Line` objects
    tabled = [from_the_forms(n, read, PRODUCTS) for n, read in enumerate(reads)]
    assert all(tabled[n] for n in (unfit, too_big, unknown_type, written_short))  # the table's
    assert tabled[backwards] is None  # read in full
    left = []
    with pytest.MonkeyPatch.context() as patch:  # which claims leave the table
        patch.setattr(batch_json, "per_claim", lambda claim, _: left.append(claim.index))
        together(reads)
    assert sorted(left) == sorted([unfit, too_big, unknown_type, written_short])
    outcomes = together(reads)
    assert outcomes == [alone(claim) for claim in claims]
    assert outcomes[unfit][0] == outcomes[unknown_type][0] == "refused"
    assert outcomes[too_big]["decision"] and outcomes[written_short]["decision"]
    assert len(fit) >= 40  # most through the table


def test_given_jsonl_lines_then_the_table_of_their_forms_is_the_table_of_line_objects() -> None:
    claims = [random_claim(random.Random(n), f"T-{n}") for n in range(50)]
    forms = [from_the_forms(n, as_jsonl(claim), PRODUCTS) for n, claim in enumerate(claims)]
    lines = [for_the_table(n, parse_request(claim), PRODUCTS) for n, claim in enumerate(claims)]
    kept = [n for n, claim in enumerate(lines) if claim is not None]
    assert [n for n, claim in enumerate(forms) if claim is not None] == kept
    of_forms = batch_json.table_of([claim for claim in forms if claim is not None])
    of_lines = batch_json.table_of([claim for claim in lines if claim is not None])
    assert len(kept) >= 40 and of_forms.schema == of_lines.schema and of_forms.equals(of_lines)


def encoded(outcomes: list[Any]) -> list[bytes]:
    return [
        ENCODER.encode(out.to_json() if isinstance(out, InvalidRequest) else out)
        for out in outcomes
    ]


@settings(max_examples=60, deadline=None)
@given(mixed_batches(), st.lists(st.text(min_size=1), min_size=1, max_size=4))
def test_given_a_batch_then_its_line_results_as_json_are_the_bytes_of_its_results(
    batch: list[Any], line_ids: list[str]
) -> None:
    """`.jsonl`'s line results written by polars (`encoded=True`) ≡ msgspec's bytes, line ids
    of any text (quotes, backslashes, control characters, non-ASCII) included."""
    for number, claim in enumerate(batch):
        visits = claim.get("visits", []) if isinstance(claim, dict) else []
        lines = [line for visit in visits for line in visit["lines"]]
        if lines:
            lines[0]["line_id"] = line_ids[number % len(line_ids)]
    payloads = [as_jsonl(payload) for payload in batch]
    plain = adjudicate_many(payloads, PRODUCTS)
    assert encoded(adjudicate_many(payloads, PRODUCTS, encoded=True)) == encoded(plain)


def test_given_negative_and_large_fen_then_the_yuan_column_is_yuan_of_each() -> None:
    amounts = pl.Series([-12_345, -100, -5, 0, 7, 100, 10**14, 123_456_789_012_345])
    got = pl.select(batch_json.yuan_text(pl.lit(amounts))).to_series().to_list()
    assert got == [batch_json.yuan(amount) for amount in amounts.to_list()]
