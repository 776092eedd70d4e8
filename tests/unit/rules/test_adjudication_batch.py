"""The columnar batch path gives the per-claim engine's results, line by line."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import polars as pl
import pytest
from adjudication_generator import claim_rows, fen, random_claim

from claimdesk.contract.adjudicate import adjudicate_json
from claimdesk.rules.batch import adjudicate_lines, decode_reasons, in_processing_order
from claimdesk.rules.errors import InvalidRequest
from claimdesk.rules.loader import load_products

PRODUCTS = load_products()


def generated_claims(seed: int, count: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    claims = [random_claim(rng, f"C-{n:05d}") for n in range(count)]
    for claim in claims:  # a visit exists in a table only through its lines
        claim["visits"] = [visit for visit in claim["visits"] if visit["lines"]]
    return [claim for claim in claims if claim["visits"]]


def expected_lines(result: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (result["claim_id"], visit["visit_id"], line["line_id"], fen(line["eligible"]),
         fen(line["deductible"]), fen(line["payable"]), line["reasons"])
        for visit in result["visits"] for line in visit["lines"]
    ]  # fmt: skip


@pytest.mark.parametrize("seed", [1, 2, 3], ids=["seed-1", "seed-2", "seed-3"])
def test_given_thousands_of_generated_claims_then_batch_equals_the_engine(seed: int) -> None:
    claims = generated_claims(seed, 1500)
    results = [adjudicate_json(claim, PRODUCTS) for claim in claims]
    frame = pl.DataFrame([row for claim in claims for row in claim_rows(claim)])
    lines, summary = adjudicate_lines(frame, PRODUCTS)
    by_claim = {row["claim_id"]: row for row in summary.iter_rows(named=True)}
    got = {
        (r["claim_id"], r["visit_id"], r["line_id"]): (
            r["claim_id"], r["visit_id"], r["line_id"], r["eligible_fen"], r["deductible_fen"],
            r["payable_fen"], decode_reasons(r["reason_bits"]))
        for r in lines.iter_rows(named=True)
    }  # fmt: skip
    for result in results:
        claim = by_claim[result["claim_id"]]
        assert (claim["decision"], claim["payable_fen"]) == (
            result["decision"],
            fen(result["payable"]),
        ), result["claim_id"]
        for name, value in result["history_after"].items():
            want = value if isinstance(value, int) else fen(value)
            assert claim[f"history_after_{name}"] == want, (result["claim_id"], name)
        assert claim["missing_materials"] == "|".join(result["missing_materials"])
        for line in expected_lines(result):
            assert got[line[:3]] == line
    assert len(results) > 1000 and sum(Decimal(r["payable"]) for r in results) > 0


def test_given_an_unknown_line_type_then_the_row_is_named() -> None:
    claim = generated_claims(7, 1)[0]
    rows = claim_rows(claim)
    rows[0]["type"] = "massage"
    with pytest.raises(InvalidRequest) as error:
        adjudicate_lines(pl.DataFrame(rows), PRODUCTS)
    assert error.value.field == "rows[0].type"


def claims_frame(seed: int, count: int) -> pl.DataFrame:
    claims = generated_claims(seed, count)
    return pl.DataFrame([row for claim in claims for row in claim_rows(claim)])


def as_enums(frame: pl.DataFrame) -> pl.DataFrame:
    """String columns as Enums whose categories include "" (as a generator may write them)."""
    columns = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    return frame.with_columns(
        pl.col(name).cast(pl.Enum(["", *sorted(set(frame[name].drop_nulls()) - {""})]))
        for name in columns
        if name not in ("claim_id", "visit_id", "line_id")
    )


def test_given_enum_columns_then_the_results_equal_those_of_string_columns() -> None:
    frame = claims_frame(4, 400)
    want_lines, want_claims = adjudicate_lines(frame, PRODUCTS)
    got_lines, got_claims = adjudicate_lines(as_enums(frame), PRODUCTS)
    assert got_lines.equals(want_lines)
    assert got_claims.equals(want_claims)


@pytest.mark.parametrize("chunk_lines", [1, 7, 250], ids=["one-claim-each", "7", "250"])
def test_given_small_chunks_of_whole_claims_then_the_results_are_the_same(
    chunk_lines: int,
) -> None:
    frame = claims_frame(5, 200)
    want_lines, want_claims = adjudicate_lines(frame, PRODUCTS)
    got_lines, got_claims = adjudicate_lines(frame, PRODUCTS, chunk_lines=chunk_lines)
    assert got_lines.equals(want_lines)
    assert got_claims.equals(want_claims)


def test_given_an_unknown_type_in_a_later_chunk_then_the_table_row_is_named() -> None:
    later = [{**row, "claim_id": "C-LATER"} for row in claim_rows(generated_claims(8, 1)[0])]
    rows = claim_rows(generated_claims(7, 1)[0]) + later
    rows[-1]["type"] = "massage"
    frame = in_processing_order(pl.DataFrame(rows))
    bad = frame["type"].to_list().index("massage")
    with pytest.raises(InvalidRequest) as error:
        adjudicate_lines(frame, PRODUCTS, chunk_lines=1)
    assert error.value.field == f"rows[{bad}].type"
