"""Many contract requests at once (`claimdesk adjudicate claims.jsonl`, issue 17): each request
is validated as `adjudicate_json` validates it, then the line terms and payment of the claims
the columnar path can follow run as one table (`rules.batch.adjudicate_lines`), and each result
is written in the contract's JSON, identical to `adjudicate_json`'s.

What stays per claim (the per-claim engine, ≈ 0.2 ms a claim): claims stopped at a claim gate
(denied, materials missing: no line is adjudicated), products the columnar path refuses
(allowances, accident covers and windows, policy-parameter figures, shared accumulators), and
claims whose shape the table cannot carry (no line at all, a visit id given twice,
`|` inside a condition or material). Visit gate reasons come from the engine's own gate
functions (`visit_gate_reasons`); the table gives each line's figures and reason codes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter
from typing import Any

import msgspec
import numpy as np
import polars as pl

from claimdesk.contract.result_json import reason_to_json, result_to_json
from claimdesk.contract.standard_form import AMOUNT, Read, full_request, payload_of
from claimdesk.rules.batch import adjudicate_lines, decode_reasons
from claimdesk.rules.claim_gates import denial_reasons, missing_materials
from claimdesk.rules.engine import adjudicate
from claimdesk.rules.errors import InvalidRequest
from claimdesk.rules.medical import processing_order
from claimdesk.rules.model import ClaimRequest, Visit
from claimdesk.rules.product_checks import check_facts, check_request
from claimdesk.rules.terms import Product
from claimdesk.rules.visit_gates import visit_gate_reasons

Outcome = dict[str, Any] | InvalidRequest  # a result, or why the request was refused
MONEY = ("amount", "fund_paid", "category_self_pay", "self_funded", "self_pay")
LINE_FIELDS = ("line_id", "type", "auxiliary", "days_supply", "sessions")
VISIT_FIELDS = {  # table column: the visit's attribute
    "visit_id": "visit_id", "kind": "kind", "date": "date",
    "designated": "hospital.designated", "level": "hospital.level", "ward": "hospital.ward",
    "region": "hospital.region", "public": "hospital.public", "diagnosis": "diagnosis",
    "service": "service", "rescue": "rescue", "social_security_card": "social_security_card",
}  # fmt: skip
FIGURES = ("amount", "eligible", "deductible", "payable")  # per line, in the result
FIGURE_KEYS = ("submitted", "eligible", "deductible", "payable")  # their names there
ENCODER = msgspec.json.Encoder()
TABLE_LIMIT = 10**12  # yuan (or a count): larger figures go per claim (see `within_int64`)


@dataclass(frozen=True, slots=True)
class Tabled:
    """A claim that goes through the table: its visits in processing order, their bill lines
    (`rules.model.Line`s, or the forms of a `standard_form.Read`, whose `request` is then its
    head) and reasons; `source` is the payload, read in full if the claim leaves the table."""

    index: int
    request: ClaimRequest
    product: Product
    visits: list[Visit]
    lines: list[Sequence[Any]]
    visit_reasons: list[list[dict[str, str]]]
    source: Any


def adjudicate_many(
    payloads: Sequence[Any], products: Mapping[str, Product], encoded: bool = False
) -> list[Outcome]:
    """One outcome per payload, in order: `adjudicate_json`'s result or the `InvalidRequest`
    it would raise. A payload is a decoded request or a `ClaimRequest` read by
    `standard_form` from the same JSON (a `ClaimRequest`, or a `Read` without its lines).
    `encoded`: a tabled claim's line results come as their JSON (`msgspec.Raw`, the same
    bytes when encoded), for a caller that only encodes the results (`.jsonl`)."""
    outcomes: list[Outcome] = [{} for _ in payloads]
    tabled: dict[str, list[Tabled]] = {}
    for index, payload in enumerate(payloads):
        try:
            claim = from_the_forms(index, payload, products) if type(payload) is Read else None
            if claim is None:
                request = read(payload)
                claim = for_the_table(index, request, products, source=payload)
            if claim is None:
                outcomes[index] = result_to_json(adjudicate(request, products))
            else:
                tabled.setdefault(claim.product.code, []).append(claim)
        except InvalidRequest as error:
            outcomes[index] = error
    for claims in tabled.values():
        for claim, outcome in through_the_table(claims, products, encoded):
            outcomes[claim.index] = outcome
    return outcomes


def read(payload: Any) -> ClaimRequest:
    """A payload as `parse_request` reads it; a request already read from the standard form
    (`standard_form.from_json`, the `.jsonl` reader) has its facts checked as it would; a `Read`
    is read in full first."""
    if type(payload) is Read:
        payload = full_request(payload) or payload_of(payload)
    if isinstance(payload, ClaimRequest):
        check_facts(payload)
        return payload
    # Imported when first needed: pydantic's schemas cost ≈ 0.1 s CPU to import, paid by every
    # `.jsonl` worker process although a file in the standard form never reaches them.
    from claimdesk.contract.request_json import parse_request

    return parse_request(payload)


def from_the_forms(index: int, read: Read, products: Mapping[str, Product]) -> Tabled | None:
    """A line read without its bill lines as the table takes it, or None: then it is read in
    full. Its lines are checked by the table (`unfit_claims`); its head as `check_facts`
    checks it (no line involved there)."""
    lines = [visit.lines for visit in read.form.visits]
    try:
        check_facts(read.head)
    except InvalidRequest:
        return None  # refused as the full read is (pydantic's refusal may come first)
    return for_the_table(index, read.head, products, lines, read)


def for_the_table(
    index: int,
    request: ClaimRequest,
    products: Mapping[str, Product],
    lines: Sequence[Sequence[Any]] | None = None,
    source: Any = None,
) -> Tabled | None:
    """The claim as the table takes it, or None when it stays with the per-claim engine.
    `lines`: each visit's bill lines when the request's visits carry none (a `Read`)."""
    lines = [visit.lines for visit in request.visits] if lines is None else lines
    product = products.get(request.product)
    if product is None or not table_shaped(request, product, lines):
        return None
    try:
        check_request(request, product)
    except InvalidRequest:
        return None  # the engine refuses it with the same error
    if denial_reasons(request, product) or missing_materials(request, product):
        return None  # stopped at a claim gate: nothing for the table to do
    visits = processing_order(request.visits)
    reasons = [
        [reason_to_json(reason) for reason in visit_gate_reasons(visit, request, product)]
        for visit in visits
    ]
    by_id = dict(zip([visit.visit_id for visit in request.visits], lines, strict=True))
    in_order = [by_id[visit.visit_id] for visit in visits]  # visit ids are unique here
    source = request if source is None else source
    return Tabled(index, request, product, visits, in_order, reasons, source)


def table_shaped(request: ClaimRequest, product: Product, lines: Sequence[Sequence[Any]]) -> bool:
    medical = product.medical
    if medical is None or product.accident is not None or product.requires_accident:
        return False
    if medical.allowance or product.visit_gates.accident_window_days is not None:
        return False
    if request.accident is not None or request.outcome is not None or not request.visits:
        return False
    if not any(lines):
        return False  # no row to carry the claim (a visit without lines is fine: no rows)
    if len({visit.visit_id for visit in request.visits}) < len(request.visits):
        return False
    texts = (*request.insured.conditions, *request.materials)
    return not any("|" in text for text in texts) and within_int64(request)


def within_int64(request: ClaimRequest) -> bool:
    """Amounts and counts the table's int64 fen columns hold with room for a claim's sums
    (up to 10¹² yuan each); a larger figure stays with the per-claim engine (exact Decimal).
    (The lines of a `Read` are not here: `unfit_claims` checks them in the table.)"""
    if any(value > TABLE_LIMIT for value in request.history.values()):
        return False
    return not any(
        visit.other_payer_paid > TABLE_LIMIT
        or any(line.amount > TABLE_LIMIT for line in visit.lines)
        for visit in request.visits
    )


def through_the_table(
    claims: list[Tabled], products: Mapping[str, Product], encoded: bool = False
) -> Iterator[tuple[Tabled, Outcome]]:
    """One product's claims as one table; if the table refuses the product (policy-parameter
    figures, shared accumulators), each claim goes to the per-claim engine instead; so do
    claims with lines the table cannot take (`unfit_claims`)."""
    table = table_of(claims)
    unfit = unfit_claims(claims, table)
    if unfit:
        yield from ((claims[number], per_claim(claims[number], products)) for number in unfit)
        claims = [claim for number, claim in enumerate(claims) if number not in unfit]
        if not claims:
            return
        table = table_of(claims)
    try:
        lines, summary = adjudicate_lines(table.drop(MONEY), products)
    except InvalidRequest:
        yield from ((claim, per_claim(claim, products)) for claim in claims)
        return
    yield from zip(claims, results_of(claims, lines, summary, encoded), strict=True)


def per_claim(claim: Tabled, products: Mapping[str, Product]) -> Outcome:
    """The per-claim engine's outcome, the claim read in full (a `Read` may be refused now)."""
    try:
        return result_to_json(adjudicate(read(claim.source), products))
    except InvalidRequest as error:
        return error


def unfit_claims(claims: list[Tabled], table: pl.DataFrame) -> list[int]:
    """The claims (positions) with a line the table must not take, as the full read would
    find it: an amount not written canonically (pydantic reads the request: `12.3`), parts
    that do not add up to the amount (pydantic refuses it), a type the product does not know
    (`check_request` refuses it), an amount over `TABLE_LIMIT` (the per-claim engine takes
    it). Only lines read without `Line` objects (`standard_form.Read`) can be unfit."""
    amount = table["amount_fen"]
    parts = table["fund_paid_fen"] + table["category_self_pay_fen"] + table["self_funded_fen"]
    unfit = ((parts + table["self_pay_fen"]) != amount) | (amount > TABLE_LIMIT * 100)
    for name in MONEY:  # the same form as `standard_form.AMOUNT` (Rust regex: `$` at the end)
        unfit = unfit | ~table[name].str.contains(rf"^{AMOUNT}$")
    unfit = (unfit | ~table["type"].is_in(list(claims[0].product.line_types))).fill_null(True)
    if not unfit.any():
        return []
    sizes = [sum(map(len, claim.lines)) for claim in claims]
    rows = np.repeat(np.arange(len(claims)), sizes)
    return sorted(set(rows[unfit.to_numpy()].tolist()))


def fen(amount: Decimal) -> int:
    return int(amount * 100)  # the contract allows 2 decimals at most


def fen_columns(lines: pl.DataFrame) -> pl.DataFrame:
    """Line amounts arrive as the text of their Decimal (2 decimals, as the contract reads
    them: `12.30`) or as read (`unfit_claims`); the digits without the point are the fen; the
    text stays beside them until the table is found fit. (A look-up of each amount's fen
    by its value measured slower in a whole run: its cache missed on most distinct amounts.)"""
    texts = [pl.col(name) for name in MONEY]
    return lines.with_columns(  # text not canonical (unfit_claims) gives null or a wrong fen
        text.str.replace(".", "", literal=True).cast(pl.Int64, strict=False).name.suffix("_fen")
        for text in texts
    )


def table_of(claims: list[Tabled]) -> pl.DataFrame:
    """One row per bill line, claims as given, visits in processing order (so the table keeps
    this order), claim and visit fields gathered onto their lines. Line and visit fields are
    built a column at a time (a list per field), not a row per line or visit."""
    on_claim: list[int] = []
    visits: list[Visit] = []
    sizes: list[int] = []
    lines: list[Any] = []
    for claim_index, claim in enumerate(claims):
        for visit, visit_lines in zip(claim.visits, claim.lines, strict=True):
            if visit_lines:
                on_claim.append(claim_index)
                visits.append(visit)
                sizes.append(len(visit_lines))
                lines += visit_lines
    # One getter call a line for all its fields, transposed into columns (≈ 5 µs a claim less
    # than a getter per field); there is at least one line (`table_shaped`).
    names = (*LINE_FIELDS, *MONEY)
    fields = map(list, zip(*map(attrgetter(*names), lines), strict=True))
    columns: dict[str, list[Any]] = dict(zip(names, fields, strict=True))
    for name in MONEY:  # a `Line`'s Decimal as text; a form's canonical text as it is
        columns[name] = list(map(str, columns[name]))
    on_lines = visit_columns(visits)[np.repeat(np.arange(len(visits)), sizes)]
    heads = pl.DataFrame([claim_row(claim) for claim in claims])[np.repeat(on_claim, sizes)]
    return pl.concat([heads, on_lines, fen_columns(pl.DataFrame(columns))], how="horizontal")


def claim_row(claim: Tabled) -> dict[str, Any]:
    request, product = claim.request, claim.product
    row: dict[str, Any] = {
        "product": request.product, "claim_id": request.claim_id,
        "submitted_on": request.submitted_on, "period_start": request.policy.period_start,
        "period_end": request.policy.period_end, "blacklisted": request.insured.blacklisted,
        "minor": request.insured.minor, "conditions": "|".join(request.insured.conditions),
        "materials": "|".join(sorted(request.materials)),
    }  # fmt: skip
    for name, kind in product.accumulators.items():
        value = request.history.get(name, 0)
        row[f"history_{name}"] = int(value) if kind == "count" else fen(Decimal(value))
    return row


def visit_columns(visits: list[Visit]) -> pl.DataFrame:
    receipts = [visit.receipt for visit in visits]
    columns = {name: list(map(attrgetter(path), visits)) for name, path in VISIT_FIELDS.items()}
    return pl.DataFrame({
        **columns, "other_payer_paid_fen": [fen(visit.other_payer_paid) for visit in visits],
        "receipt_original": [None if receipt is None else receipt.original for receipt in receipts],
        "receipt_handwritten": [
            None if receipt is None else receipt.handwritten for receipt in receipts
        ],
    })  # fmt: skip


def yuan(amount_fen: int) -> str:
    """`format_amount` of an amount in fen."""
    sign, amount_fen = ("-", -amount_fen) if amount_fen < 0 else ("", amount_fen)
    return f"{sign}{amount_fen // 100}.{amount_fen % 100:02d}"


def results_of(
    claims: list[Tabled], lines: pl.DataFrame, summary: pl.DataFrame, encoded: bool = False
) -> Iterator[dict[str, Any]]:
    """The contract's result JSON of each claim, from the table's line and claim rows."""
    payable = lines["payable_fen"].to_list()
    line_results: list[Any] = (
        encoded_results_of_lines(lines) if encoded else results_of_lines(lines)
    )
    decisions = summary["decision"].cast(pl.String).to_list()
    totals = in_yuan(summary["payable_fen"])
    after = {
        name: summary[f"history_after_{name}"].to_list() for name in claims[0].product.accumulators
    }
    row = 0
    for number, claim in enumerate(claims):
        visits = []
        for visit, visit_lines, visit_reasons in zip(
            claim.visits, claim.lines, claim.visit_reasons, strict=True
        ):
            end = row + len(visit_lines)
            visits.append({
                "visit_id": visit.visit_id, "payable": yuan(sum(payable[row:end])),
                "reasons": visit_reasons,
                "lines": in_json(line_results[row:end]) if encoded else line_results[row:end],
            })  # fmt: skip
            row = end
        yield {
            "claim_id": claim.request.claim_id, "product": claim.product.code,
            "decision": decisions[number], "payable": totals[number],
            "currency": claim.product.currency, "reasons": [], "missing_materials": [],
            "visits": visits, "history_after": history_after(claim.product, after, number),
        }  # fmt: skip


def results_of_lines(lines: pl.DataFrame) -> list[dict[str, Any]]:
    """Each row's line result, in one pass over the columns (the table's `line_id` is the
    request's, in the same order); reason codes decoded once per distinct combination."""
    bits = lines["reason_bits"].to_list()
    codes = {value: decode_reasons(value) for value in set(bits)}
    money = [in_yuan(lines[f"{name}_fen"]) for name in FIGURES]
    return [
        {"line_id": line_id, "submitted": submitted, "eligible": eligible,
         "deductible": deductible, "payable": payable, "reasons": list(codes[value])}
        for line_id, submitted, eligible, deductible, payable, value in zip(
            lines["line_id"].to_list(), *money, bits, strict=True
        )
    ]  # fmt: skip


def encoded_results_of_lines(lines: pl.DataFrame) -> list[str]:
    """Each row's line result as its JSON text (`results_of_lines` encoded), written by
    polars a column at a time: the same compact JSON as msgspec's (key order, escapes:
    tested byte for byte), no dict a line."""
    bits = lines["reason_bits"]
    distinct = bits.unique().to_list()
    codes = [ENCODER.encode(list(decode_reasons(value))).decode() for value in distinct]
    money = [
        yuan_text(pl.col(f"{name}_fen")).alias(key)
        for key, name in zip(FIGURE_KEYS, FIGURES, strict=True)
    ]
    text = lines.select(pl.struct(pl.col("line_id"), *money).struct.json_encode()).to_series()
    reasons = bits.replace_strict(distinct, codes, return_dtype=pl.String)
    return (text.str.strip_suffix("}") + ',"reasons":' + reasons + "}").to_list()


def yuan_text(amount_fen: pl.Expr) -> pl.Expr:
    """`yuan` as an expression."""
    whole, sign = amount_fen.abs(), pl.when(amount_fen < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    cents = (whole % 100).cast(pl.String).str.zfill(2)
    return pl.concat_str(sign, (whole // 100).cast(pl.String), pl.lit("."), cents)


def in_json(texts: list[str]) -> msgspec.Raw:
    return msgspec.Raw(f"[{','.join(texts)}]".encode())


def in_yuan(amounts: pl.Series) -> list[str]:
    """`yuan` of a column of amounts in fen, computed as a column."""
    if len(amounts) and amounts.min() < 0:  # type: ignore[operator]
        return [yuan(amount) for amount in amounts.to_list()]
    cents = (amounts % 100).cast(pl.String).str.zfill(2)
    return ((amounts // 100).cast(pl.String) + "." + cents).to_list()


def history_after(
    product: Product, after: dict[str, list[int]], number: int
) -> dict[str, str | int]:
    """Counts as integers, money in yuan, in the product's order (as `close_ledger`)."""
    return {
        name: after[name][number] if kind == "count" else yuan(after[name][number])
        for name, kind in product.accumulators.items()
    }
