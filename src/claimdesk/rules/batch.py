"""The columnar batch path: a table of bill lines (Parquet/CSV) adjudicated with polars and
numpy in exact int64 fen, giving the same per-line results as the per-claim engine.

One row per bill line; claim and visit fields repeat on each of their lines; rows of a claim
are contiguous, and so are the lines of a visit (input order). Columns (money in fen, int64):
see `docs/product-definition.md` § Columnar batch. Visits are taken in date order per claim.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import pairwise
from pathlib import Path

import numpy as np
import polars as pl

from claimdesk.rules.batch_gates import ClaimGates, check_vocabulary, claim_gates, visit_gate_bits
from claimdesk.rules.batch_kernels import (
    Bools,
    Groups,
    Ints,
    codes_of,
    group_sum,
    groups_of,
    starts_of,
    within,
    zero_where,
)
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
from claimdesk.rules.batch_payment import Settled, settle
from claimdesk.rules.batch_scope import refuse_unsupported
from claimdesk.rules.errors import InvalidRequest, UnknownProduct
from claimdesk.rules.reasons import PAYMENT_CODES
from claimdesk.rules.terms import MedicalTerms, Product

PARTS = ("fund_paid", "category_self_pay", "self_funded", "self_pay")
CHUNK_LINES = 1_000_000  # whole claims per chunk: bounds the working memory
DECISIONS = ("approved", "partially_approved", "denied", "pending_materials")


def read_table(path: Path) -> pl.DataFrame:
    if path.suffix.lower() == ".parquet":
        return pl.read_parquet(path)
    return pl.read_csv(path, try_parse_dates=True, infer_schema_length=100_000)


def in_processing_order(frame: pl.DataFrame) -> pl.DataFrame:
    """Claims as given, visits by date (ties: input order), lines as given (stable sort)."""
    claim_start = starts_of([frame["claim_id"].to_numpy()])
    day = frame["date"].to_physical().to_numpy()
    if np.all(claim_start[1:] | (np.diff(day) >= 0)):
        return frame
    claim = groups_of(claim_start).ids()
    visit = groups_of(visit_starts(claim_start, frame)).ids()
    return frame[np.lexsort((np.arange(len(frame)), visit, day, claim))]


def visit_starts(claim_start: Bools, frame: pl.DataFrame) -> Bools:
    """A visit starts where its claim does or where the visit id changes."""
    visit_id = frame["visit_id"].to_numpy()
    start = claim_start.copy()
    start[1:] |= visit_id[1:] != visit_id[:-1]
    return start


def product_of(frame: pl.DataFrame, products: Mapping[str, Product]) -> Product:
    codes = frame["product"].unique().to_list()
    if len(codes) != 1:
        raise InvalidRequest("product", "one product per table", "每个表格仅限一个产品")
    product = products.get(str(codes[0]))
    if product is None:
        raise UnknownProduct(str(codes[0]))
    refuse_unsupported(product)  # accident products: refused, naming what is not followed
    assert product.medical is not None
    if not ledger_fits_the_columnar_path(product.medical):
        raise InvalidRequest(
            "product", "coverages sharing accumulators are not on the columnar path",
            "列式批量理算不支持多项保障共用累计额", "COLUMNAR_UNSUPPORTED",
        )  # fmt: skip
    return product


def ledger_fits_the_columnar_path(terms: MedicalTerms) -> bool:
    """The columnar payment terms take each coverage's budgets apart and the annual limit over
    every paid line: exact when no two coverages share an accumulator and the annual limit
    counts every coverage's payments."""
    paid = [coverage.paid_accumulator for coverage in terms.coverages]
    deductibles = [c.deductible_accumulator for c in terms.coverages if c.deductible_accumulator]
    if len(set(paid)) < len(paid) or len(set(deductibles)) < len(deductibles):
        return False
    limit = terms.annual_limit
    return limit is None or set(paid) <= set(limit.accumulators)


def build_lines(frame: pl.DataFrame, product: Product) -> Lines:
    claim_start = starts_of([frame["claim_id"].to_numpy()])
    claims, visits = groups_of(claim_start), groups_of(visit_starts(claim_start, frame))
    kind, kinds = codes_of(frame, "kind")
    line_type, types = codes_of(frame, "type")
    check_vocabulary("kind", (kind, kinds), set(product.visit_kinds))
    check_vocabulary("type", (line_type, types), set(product.line_types))
    check_vocabulary("service", codes_of(frame, "service"),
                     {"", *product.visit_gates.excluded_services})  # fmt: skip
    diagnosis, diagnoses = codes_of(frame, "diagnosis")
    conditions, conditions_vocabulary = codes_of(frame, "conditions")
    parts = {part: fen_column(frame, f"{part}_fen") for part in PARTS}
    assert product.medical is not None
    base = np.zeros(len(frame), np.int64)
    for part in product.medical.eligible_parts:
        base += parts[part]
    return Lines(
        claims=claims, visits=visits, claim_visits=within(claims, visits), kind=kind,
        kinds=kinds, type=line_type, types=types, diagnosis=diagnosis, diagnoses=diagnoses,
        conditions=conditions, conditions_vocabulary=conditions_vocabulary,
        auxiliary=frame["auxiliary"].to_numpy(),
        days_supply=int_column(frame, "days_supply"), sessions=int_column(frame, "sessions"),
        parts=parts,
        other_payer_paid=fen_column(frame, "other_payer_paid_fen")[visits.first],
        eligible=base, bits=np.zeros(len(frame), np.uint32),
    )  # fmt: skip


def int_column(frame: pl.DataFrame, name: str) -> Ints:
    """Days or sessions, -1 where absent."""
    return frame[name].fill_null(-1).to_numpy().astype(np.int64, copy=False)


def fen_column(frame: pl.DataFrame, name: str) -> Ints:
    return frame[name].to_numpy().astype(np.int64, copy=False)


def accumulators(frame: pl.DataFrame, product: Product, claims: Groups) -> dict[str, Ints]:
    """History per claim: `history_<name>` columns (money in fen, counts as integers)."""
    return {
        name: frame[f"history_{name}"].gather(claims.first).to_numpy().astype(np.int64)
        for name in product.accumulators
    }


def adjudicate_lines(
    frame: pl.DataFrame, products: Mapping[str, Product], chunk_lines: int = CHUNK_LINES
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Per-line results and per-claim summaries (decision, payable, history after), in chunks
    of whole claims so that the working arrays stay small."""
    product = product_of(frame, products)
    frame = in_processing_order(frame)
    results = [
        adjudicate_chunk(frame.slice(start, length), product, start)
        for start, length in chunks(frame, chunk_lines)
    ]
    if not results:
        results = [adjudicate_chunk(frame, product, 0)]
    lines = pl.concat([lines for lines, _ in results], rechunk=False)
    return lines, pl.concat([claims for _, claims in results], rechunk=False)


def chunks(frame: pl.DataFrame, chunk_lines: int) -> list[tuple[int, int]]:
    """(start, length) of consecutive row ranges of about `chunk_lines`, cut between claims."""
    claim_first = np.flatnonzero(starts_of([frame["claim_id"].to_numpy()]))
    index = np.searchsorted(claim_first, np.arange(chunk_lines, len(frame), chunk_lines))
    cuts = np.unique(claim_first[index[index < len(claim_first)]])
    bounds = [0, *(int(cut) for cut in cuts if cut > 0), len(frame)]
    return [(a, b - a) for a, b in pairwise(bounds) if b > a]


def adjudicate_chunk(
    frame: pl.DataFrame, product: Product, offset: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Claim gates, visit gates (a stopped visit's lines are 0), line terms, payment."""
    try:
        lines = build_lines(frame, product)
    except InvalidRequest as error:
        raise renumbered(error, offset) from None
    claims = claim_gates(frame, product, lines)
    visit_bits = visit_gate_bits(frame, product, lines)
    claim_stopped = lines.claim_visits.spread(claims.stopped)
    visit_bits[claim_stopped] = 0  # a claim stopped at its gates has no visit results
    stopped_visits = (visit_bits != 0) | claim_stopped
    gate_bits = lines.visits.spread(visit_bits)
    stopped = lines.visits.spread(stopped_visits)
    zero_where(lines.eligible, stopped)
    history = accumulators(frame, product, lines.claims)
    settled = apply_terms(lines, product, history)
    np.copyto(lines.bits, gate_bits, where=stopped)
    return line_table(frame, lines, settled), claim_table(
        frame, product, lines, claims, history, settled
    )


def apply_terms(lines: Lines, product: Product, history: dict[str, Ints]) -> Settled:
    """The line terms in the per-claim engine's order, then payment; books sessions too."""
    terms = product.medical
    assert terms is not None
    apply_base(lines, terms)
    apply_supply_limits(lines, terms)
    apply_item_limits(lines, terms)
    sessions = apply_annual_sessions(lines, terms, history)
    apply_exam_review(lines, terms)
    apply_other_payer(lines)
    money = {n: history[n] for n, kind in product.accumulators.items() if kind == "money"}
    settled = settle(lines, terms, money)
    settled.booked.update(sessions)
    return settled


def renumbered(error: InvalidRequest, offset: int) -> InvalidRequest:
    """An error naming `rows[i]` of a chunk names the row of the whole table."""
    field = error.field
    if field.startswith("rows[") and offset:
        index, rest = field[5:].split("]", 1)
        field = f"rows[{int(index) + offset}]{rest}"
    return InvalidRequest(field, error.message_en, error.message_zh, error.code)


def line_table(frame: pl.DataFrame, lines: Lines, settled: Settled) -> pl.DataFrame:
    return frame.select("claim_id", "visit_id", "line_id", "amount_fen").with_columns(
        eligible_fen=pl.Series(lines.eligible),
        deductible_fen=pl.Series(settled.deductible),
        payable_fen=pl.Series(settled.payable),
        reason_bits=pl.Series(lines.bits),
    )


def claim_table(
    frame: pl.DataFrame,
    product: Product,
    lines: Lines,
    claims: ClaimGates,
    history: dict[str, Ints],
    settled: Settled,
) -> pl.DataFrame:
    payable = group_sum(settled.payable, lines.claims)
    unclean = np.bitwise_or.reduceat(lines.bits & ~payment_mask(), lines.claims.first) != 0
    decision = np.where(payable > 0, np.where(unclean, 1, 0), 2)
    decision = np.where(claims.missing.to_numpy() != "", 3, decision)
    decision = np.where(claims.denied, 2, decision)
    after = {
        f"history_after_{name}": history[name] + settled.booked.get(name, 0)
        for name in product.accumulators
    }
    return pl.DataFrame(
        {"claim_id": frame["claim_id"].gather(lines.claims.first),
         "decision": pl.Series(DECISIONS, dtype=pl.Enum(DECISIONS)).gather(decision),
         "payable_fen": payable, "missing_materials": claims.missing, **after}
    )  # fmt: skip


def payment_mask() -> np.uint32:
    return np.uint32(sum(int(BIT[code]) for code in PAYMENT_CODES))


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
