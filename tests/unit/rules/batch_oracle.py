"""The per-claim engine as the oracle of the columnar path: compare every line and claim."""

from __future__ import annotations

from typing import Any

import polars as pl
from adjudication_generator import fen

from claimdesk.contract.adjudicate import adjudicate_json
from claimdesk.rules.batch import decode_reasons
from claimdesk.rules.loader import load_products

PRODUCTS = load_products()


def engine_results(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [adjudicate_json(claim, PRODUCTS) for claim in claims]


def expected_lines(result: dict[str, Any]) -> dict[tuple[str, str, str], tuple[Any, ...]]:
    return {
        (result["claim_id"], visit["visit_id"], line["line_id"]): (
            fen(line["eligible"]), fen(line["deductible"]), fen(line["payable"]),
            line["reasons"])
        for visit in result["visits"] for line in visit["lines"]
    }  # fmt: skip


def got_lines(lines: pl.DataFrame) -> dict[tuple[str, str, str], tuple[Any, ...]]:
    def reasons(row: dict[str, Any]) -> list[str]:
        if "reason_bits" in row:
            return decode_reasons(row["reason_bits"])
        return [code for code in row["reasons"].split("|") if code]

    return {
        (str(r["claim_id"]), str(r["visit_id"]), str(r["line_id"])): (
            r["eligible_fen"], r["deductible_fen"], r["payable_fen"], reasons(r))
        for r in lines.iter_rows(named=True)
    }  # fmt: skip


def expected_claim(result: dict[str, Any]) -> dict[str, Any]:
    history = {
        f"history_after_{name}": value if isinstance(value, int) else fen(value)
        for name, value in result["history_after"].items()
    }
    return {
        "decision": result["decision"], "payable_fen": fen(result["payable"]),
        "missing_materials": "|".join(result["missing_materials"]), **history,
    }  # fmt: skip


def assert_same(results: list[dict[str, Any]], lines: pl.DataFrame, claims: pl.DataFrame) -> None:
    """Every line and every claim summary of the columnar run equals the engine's."""
    assert_same_lines(results, lines)
    summaries = {str(row["claim_id"]): row for row in claims.iter_rows(named=True)}
    assert set(summaries) == {result["claim_id"] for result in results}
    for result in results:
        summary = summaries[result["claim_id"]]
        expected = expected_claim(result)
        assert {key: summary[key] for key in expected} == expected, result["claim_id"]


def assert_same_lines(results: list[dict[str, Any]], lines: pl.DataFrame) -> None:
    """Every line of the columnar run equals the engine's. A claim stopped at a claim gate
    has no visits in the engine's result; its rows in the table pay nothing and carry no
    line reason (the claim's decision says why)."""
    got = got_lines(lines)
    assert len(got) == len(lines), "duplicate line keys in the columnar output"
    want: dict[tuple[str, str, str], tuple[Any, ...]] = {}
    for result in results:
        want.update(expected_lines(result))
    stopped = {r["claim_id"] for r in results if not r["visits"]}
    for key in [key for key in got if key[0] in stopped]:
        assert got.pop(key) == (0, 0, 0, []), key
    differ = sorted(key for key in got.keys() | want.keys() if got.get(key) != want.get(key))
    assert not differ, [(key, got.get(key), want.get(key)) for key in differ[:5]]
