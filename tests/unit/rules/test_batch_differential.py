"""Batch ≡ per-claim (issue 17): the columnar path gives, line by line and claim by claim,
exactly what adjudicating each claim alone gives — over claims hypothesis builds from the
generator and from the product's worked examples, with the edge cases the generator rarely
reaches (histories past the limits, visits out of date order or on the same day, lost
receipts, other payers paying more than the visit, no social-security card)."""

from __future__ import annotations

import copy
import json
import random
from typing import Any

import polars as pl
import pytest
from adjudication_generator import claim_rows, random_claim, yuan
from batch_oracle import PRODUCTS, assert_same, engine_results
from hypothesis import given, settings
from hypothesis import strategies as st

from claimdesk.rules.batch import adjudicate_lines
from claimdesk.rules.errors import InvalidRequest
from claimdesk.rules.loader import packaged_products_dir

EXAMPLES_DIR = packaged_products_dir() / "examples" / "tianan-group-medical"
EXAMPLES = [
    json.loads(path.read_text(encoding="utf-8"))["request"]
    for path in sorted(EXAMPLES_DIR.glob("*.json"))
]
BIG = st.integers(min_value=0, max_value=600_000)  # fen, past every limit of the product


@st.composite
def histories(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "outpatient_deductible_used": yuan(draw(BIG)), "outpatient_paid": yuan(draw(BIG)),
        "inpatient_paid": yuan(draw(BIG)),
        "hyperbaric_sessions_used": draw(st.integers(min_value=0, max_value=12)),
    }  # fmt: skip


@st.composite
def edge_cases(draw: st.DrawFn, claim: dict[str, Any]) -> dict[str, Any]:
    """Bend a claim towards the rarely generated corners, keeping it valid."""
    claim = copy.deepcopy(claim)
    if draw(st.booleans()):
        claim["history"] = draw(histories())
    visits = claim["visits"]
    if visits and draw(st.booleans()):  # out of date order, and same-day ties
        order = draw(st.permutations(range(len(visits))))
        claim["visits"] = visits = [visits[index] for index in order]
        if len(visits) > 1 and draw(st.booleans()):
            visits[-1]["date"] = visits[0]["date"]
    for visit in visits:
        corner = draw(st.sampled_from(["none", "receipt", "payer", "card"]))
        if corner == "receipt":
            visit["receipt"] = None
        elif corner == "payer":
            visit["other_payer_paid"] = yuan(draw(BIG))
        elif corner == "card":
            visit["social_security_card"] = False
    return claim


@st.composite
def claims(draw: st.DrawFn) -> list[dict[str, Any]]:
    rng = random.Random(draw(st.integers(min_value=0, max_value=2**32)))
    count = draw(st.integers(min_value=1, max_value=12))
    result = []
    for number in range(count):
        if draw(st.integers(min_value=0, max_value=3)) == 0:
            base = copy.deepcopy(draw(st.sampled_from(EXAMPLES)))
        else:
            base = random_claim(rng)
        claim = draw(edge_cases(base))
        claim["claim_id"] = f"C-{number:03d}"
        claim["visits"] = [visit for visit in claim["visits"] if visit["lines"]]
        for index, visit in enumerate(claim["visits"]):  # ids unique within the claim
            visit["visit_id"] = f"V{index}"
        if claim["visits"]:
            result.append(claim)
    return result


def frame_of(claims: list[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame([row for claim in claims for row in claim_rows(claim)])


@settings(max_examples=150, deadline=None)
@given(claims())
def test_given_generated_claims_then_the_batch_equals_each_claim_alone(
    batch: list[dict[str, Any]],
) -> None:
    if not batch:
        return
    lines, summary = adjudicate_lines(frame_of(batch), PRODUCTS)
    assert_same(engine_results(batch), lines, summary)


@settings(max_examples=40, deadline=None)
@given(claims(), st.integers(min_value=1, max_value=40))
def test_given_any_chunking_then_the_batch_equals_each_claim_alone(
    batch: list[dict[str, Any]], chunk_lines: int
) -> None:
    if not batch:
        return
    lines, summary = adjudicate_lines(frame_of(batch), PRODUCTS, chunk_lines=chunk_lines)
    assert_same(engine_results(batch), lines, summary)


def test_given_a_product_the_columnar_path_cannot_follow_then_it_is_refused_by_code() -> None:
    rows = claim_rows(random_claim(random.Random(5), "C-1", visits=1))
    frame = pl.DataFrame(rows).with_columns(product=pl.lit("tianan-student-accident-medical"))
    with pytest.raises(InvalidRequest) as refused:  # the daily allowance is per claim only
        adjudicate_lines(frame, PRODUCTS)
    assert (refused.value.field, refused.value.code) == ("product", "COLUMNAR_UNSUPPORTED")
