"""The columnar batch path: a table of bill lines (Parquet/CSV) adjudicated with polars and
numpy in exact int64 fen, giving the same per-line results as the per-claim engine.

One row per bill line; claim and visit fields repeat on each of their lines; rows of a claim
are contiguous, and so are the lines of a visit (input order). Columns (money in fen, int64):
see `docs/product-definition.md` § Columnar batch. Visits are taken in date order per claim.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import polars as pl

from claimdesk.rules.batch_gates import claim_gates, visit_gate_bits
from claimdesk.rules.batch_kernels import Ints, codes_of, group_ids, group_sum, starts_of
from claimdesk.rules.batch_lines import (
    BIT,
    BIT_ORDER,
    Lines,
    apply_annual_sessions,
    apply_base,
    apply_exam_review,
    apply_item_limits,
    apply_other_payer,
    apply_supply_limits,
)
from claimdesk.rules.batch_payment import settle
from claimdesk.rules.errors import InvalidRequest, UnknownProduct
from claimdesk.rules.reasons import PAYMENT_CODES
from claimdesk.rules.terms import Product

PARTS = ("fund_paid", "category_self_pay", "self_funded", "self_pay")


def read_table(path: Path) -> pl.DataFrame:
    if path.suffix.lower() == ".parquet":
        return pl.read_parquet(path)
    return pl.read_csv(path, try_parse_dates=True, infer_schema_length=100_000)


def in_processing_order(frame: pl.DataFrame) -> pl.DataFrame:
    """Claims as given, visits by date (ties: input order), lines as given (stable sort)."""
    claim = group_ids(starts_of([frame["claim_id"].to_numpy()]))
    visit = group_ids(starts_of([claim, frame["visit_id"].to_numpy()]))
    day = frame["date"].cast(pl.Int32).to_numpy()
    if np.all((np.diff(claim) > 0) | (np.diff(day) >= 0)):
        return frame
    return frame[np.lexsort((np.arange(len(frame)), visit, day, claim))]


def product_of(frame: pl.DataFrame, products: Mapping[str, Product]) -> Product:
    codes = frame["product"].unique().to_list()
    if len(codes) != 1:
        raise InvalidRequest("product", "one product per table", "每个表格仅限一个产品")
    product = products.get(str(codes[0]))
    if product is None:
        raise UnknownProduct(str(codes[0]))
    if product.medical is None or product.requires_accident:
        raise InvalidRequest("product", "not a medical-expense product", "非医疗费用产品")
    return product


def build_lines(frame: pl.DataFrame, product: Product) -> Lines:
    claim_start = starts_of([frame["claim_id"].to_numpy()])
    claim = group_ids(claim_start)
    visit_start = starts_of([claim, frame["visit_id"].to_numpy()])
    kind, kinds = codes_of(frame, "kind")
    line_type, types = codes_of(frame, "type")
    diagnosis, diagnoses = codes_of(frame, "diagnosis")
    parts = {part: frame[f"{part}_fen"].to_numpy().astype(np.int64) for part in PARTS}
    assert product.medical is not None
    base = sum(
        (parts[part] for part in product.medical.eligible_parts), np.zeros(len(frame), np.int64)
    )
    return Lines(
        claim=claim, claim_start=claim_start, visit=group_ids(visit_start),
        visit_start=visit_start, kind=kind, kinds=kinds, type=line_type, types=types,
        diagnosis=diagnosis, diagnoses=diagnoses,
        conditions_match=conditions_match(frame, product), auxiliary=frame["auxiliary"].to_numpy(),
        days_supply=frame["days_supply"].fill_null(-1).to_numpy().astype(np.int64),
        sessions=frame["sessions"].fill_null(-1).to_numpy().astype(np.int64),
        parts=parts, other_payer_paid=frame["other_payer_paid_fen"].to_numpy().astype(np.int64),
        eligible=np.asarray(base, dtype=np.int64), bits=np.zeros(len(frame), np.int64),
    )  # fmt: skip


def conditions_match(frame: pl.DataFrame, product: Product) -> dict[int, np.ndarray]:
    """Per supply rule with `conditions`, rows whose insured has one of them (`|`-joined)."""
    codes, vocabulary = codes_of(frame, "conditions")
    assert product.medical is not None
    matches = {}
    for index, rule in enumerate(product.medical.supply_limits):
        if rule.conditions is not None:
            table = np.array([not rule.conditions.isdisjoint(v.split("|")) for v in vocabulary])
            matches[index] = table[codes]
    return matches


def accumulators(frame: pl.DataFrame, product: Product, claim_start: np.ndarray) -> dict[str, Ints]:
    """History per claim: `history_<name>` columns (money in fen, counts as integers)."""
    return {
        name: frame[f"history_{name}"].to_numpy()[claim_start].astype(np.int64)
        for name in product.accumulators
    }


def adjudicate_lines(
    frame: pl.DataFrame, products: Mapping[str, Product]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Per-line results and per-claim summaries (decision, payable, history after)."""
    product = product_of(frame, products)
    terms = product.medical
    assert terms is not None
    frame = in_processing_order(frame)
    lines = build_lines(frame, product)
    claims = claim_gates(frame, product, lines)
    gate_bits = visit_gate_bits(frame, product, lines)
    stopped = (gate_bits != 0) | claims["stopped"][lines.claim]
    lines.eligible = np.where(stopped, 0, lines.eligible)
    history = accumulators(frame, product, lines.claim_start)
    apply_base(lines, terms)
    apply_supply_limits(lines, terms)
    apply_item_limits(lines, terms)
    sessions = apply_annual_sessions(lines, terms, history)
    apply_exam_review(lines, terms)
    apply_other_payer(lines)
    booked = settle(
        lines, terms, {n: history[n] for n, k in product.accumulators.items() if k == "money"}
    )
    booked.update(sessions)
    lines.bits = np.where(stopped, gate_bits, lines.bits)
    return line_table(frame, lines, booked), claim_table(
        frame, product, lines, claims, history, booked
    )


def line_table(frame: pl.DataFrame, lines: Lines, booked: dict[str, Ints]) -> pl.DataFrame:
    return frame.select("claim_id", "visit_id", "line_id", "amount_fen").with_columns(
        eligible_fen=pl.Series(lines.eligible),
        deductible_fen=pl.Series(booked["__deductible__"]),
        payable_fen=pl.Series(booked["__payable__"]),
        reason_bits=pl.Series(lines.bits),
    )


def claim_table(
    frame: pl.DataFrame,
    product: Product,
    lines: Lines,
    claims: dict[str, np.ndarray],
    history: dict[str, Ints],
    booked: dict[str, Ints],
) -> pl.DataFrame:
    groups = int(lines.claim[-1]) + 1 if len(lines.claim) else 0
    payable = group_sum(booked["__payable__"], lines.claim, groups)
    unclean = group_sum((lines.bits & ~payment_mask()) != 0, lines.claim, groups) > 0
    decision = np.where(payable > 0, np.where(unclean, "partially_approved", "approved"), "denied")
    decision = np.where(claims["missing"] != "", "pending_materials", decision)
    decision = np.where(claims["denied"], "denied", decision)
    after = {
        f"history_after_{name}": history[name]
        + group_sum(booked.get(name, np.zeros_like(lines.claim)), lines.claim, groups)
        for name in product.accumulators
    }
    return pl.DataFrame(
        {"claim_id": frame["claim_id"].to_numpy()[lines.claim_start], "decision": decision,
         "payable_fen": payable, "missing_materials": claims["missing"], **after}
    )  # fmt: skip


def payment_mask() -> np.int64:
    return np.int64(sum(int(BIT[code]) for code in PAYMENT_CODES))


def decode_reasons(bits: int) -> list[str]:
    return [str(code) for index, code in enumerate(BIT_ORDER) if bits >> index & 1]


def with_reason_text(lines: pl.DataFrame) -> pl.DataFrame:
    """Reason codes as `|`-joined text, decoded once per distinct bit pattern."""
    patterns = lines["reason_bits"].unique().to_list()
    texts = ["|".join(decode_reasons(int(bits))) for bits in patterns]
    return lines.with_columns(
        reasons=pl.col("reason_bits").replace_strict(patterns, texts, return_dtype=pl.String)
    ).drop("reason_bits")


def adjudicate_table_file(path: Path, products: Mapping[str, Product]) -> pl.DataFrame:
    """CLI entry: bill lines in, per-line results with readable reason codes out."""
    lines, _ = adjudicate_lines(read_table(path), products)
    return with_reason_text(lines)
