"""Columnar claim and visit gates: the same gates as `claim_gates` and `visit_gates`,
computed once per claim or per visit (on its first row) rather than once per line."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from claimdesk.rules.batch_kernels import (
    Bools,
    Codes,
    Ints,
    codes_of,
    group_any,
    member,
    member_table,
)
from claimdesk.rules.batch_lines import BIT, Bits, Lines
from claimdesk.rules.errors import InvalidRequest
from claimdesk.rules.reasons import ReasonCode
from claimdesk.rules.terms import MaterialRule, Product

VISIT_COLUMNS = ("date", "period_start", "period_end", "designated", "level", "ward", "region",
                 "receipt_original", "receipt_handwritten", "rescue", "service",
                 "social_security_card")  # fmt: skip


@dataclass(frozen=True, slots=True)
class ClaimGates:
    denied: Bools
    missing: pl.Series  # `|`-joined missing materials per claim, "" when none
    stopped: Bools


def check_vocabulary(column: str, coded: tuple[Codes, dict[str, int]], known: set[str]) -> None:
    """Unknown kinds, line types or services are input errors naming the first such row."""
    codes, vocabulary = coded
    unknown = {value for value in vocabulary if value not in known}
    if not unknown:
        return
    bad = np.flatnonzero(member(codes, vocabulary, unknown))
    if len(bad):
        row = int(bad[0])
        value = next(text for text, code in vocabulary.items() if code == codes[row])
        raise InvalidRequest(f"rows[{row}].{column}", f"unknown value {value!r}", "未知取值")


def claim_gates(frame: pl.DataFrame, product: Product, lines: Lines) -> ClaimGates:
    """Per claim: denied (blacklist, time bar), missing materials (`|`-joined), stopped."""
    first = lines.claims.first
    denied = frame["blacklisted"].gather(first).to_numpy() & product.blacklist_gate
    if product.claim_deadline_months is not None:
        months = product.claim_deadline_months
        deadline = frame["period_start"].gather(first).dt.offset_by(f"{months}mo")
        denied = denied | (frame["submitted_on"].gather(first) > deadline).to_numpy()
    pattern, names = missing_pattern(frame, product, lines)
    pattern = np.where(denied, 0, pattern)  # denial first
    return ClaimGates(denied, missing_texts(pattern, names), denied | (pattern != 0))


def missing_pattern(frame: pl.DataFrame, product: Product, lines: Lines) -> tuple[Ints, list[str]]:
    """Per claim, bit j set when the j-th material (sorted by name) is required and missing."""
    names = sorted({rule.material for rule in product.materials})
    codes, vocabulary = codes_of(frame, "materials")
    provided = codes[lines.claims.first]
    pattern = np.zeros(lines.claims.count, dtype=np.int64)
    for bit, name in enumerate(names):
        needed = np.zeros(lines.claims.count, dtype=np.bool_)
        for rule in (rule for rule in product.materials if rule.material == name):
            needed |= claim_needs(frame, rule, lines)
        has = member_table(vocabulary, {t for t in vocabulary if name in t.split("|")})[provided]
        pattern |= (needed & ~has).astype(np.int64) << bit
    return pattern, names


def missing_texts(pattern: Ints, names: list[str]) -> pl.Series:
    """Patterns as `|`-joined names, built once per distinct pattern."""
    distinct, inverse = distinct_values(pattern)
    texts = ["|".join(n for bit, n in enumerate(names) if p >> bit & 1) for p in distinct]
    return pl.Series("missing_materials", texts, dtype=pl.String).gather(inverse)


def distinct_values(values: Ints) -> tuple[Ints, Ints]:
    """Sorted distinct values and each value's index among them; linear for small values."""
    if not len(values) or values.max() >= 1 << 16:
        distinct, inverse = np.unique(values, return_inverse=True)
        return distinct, inverse.ravel()
    present = np.bincount(values, minlength=1)
    distinct = np.flatnonzero(present)
    index = np.zeros(len(present), dtype=np.int64)
    index[distinct] = np.arange(len(distinct))
    return distinct, index[values]


def claim_needs(frame: pl.DataFrame, rule: MaterialRule, lines: Lines) -> Bools:
    """Per claim: whether the rule's material is required (a claim-wide rule always is)."""
    if rule.outcome_kinds is None and rule.visit_kinds is None and rule.when is None:
        return np.ones(lines.claims.count, dtype=np.bool_)
    return group_any(visit_needs(frame, rule, lines), lines.claim_visits)


def visit_needs(frame: pl.DataFrame, rule: MaterialRule, lines: Lines) -> Bools:
    """Per visit: whether it makes the rule's material required."""
    heads = lines.visits.first
    needs = np.ones(len(heads), dtype=np.bool_)
    if rule.outcome_kinds is not None:
        return ~needs  # no outcomes on the columnar path
    if rule.visit_kinds is not None:
        needs &= member(lines.kind[heads], lines.kinds, rule.visit_kinds)
    if rule.when == "other_payer_paid":
        needs &= lines.other_payer_paid > 0
    elif rule.when == "no_social_security_card":
        needs &= ~frame["social_security_card"].gather(heads).to_numpy()
    elif rule.when == "minor":
        needs &= column_or(frame, "minor", False).gather(heads).to_numpy()
    return needs


def column_or(frame: pl.DataFrame, name: str, default: bool) -> pl.Series:
    if name in frame.columns:
        return frame[name].fill_null(default)
    return pl.repeat(default, len(frame), eager=True)


def visit_gate_bits(frame: pl.DataFrame, product: Product, lines: Lines) -> Bits:
    """Per visit: one bit per failing gate (the per-claim engine's `visit_gate_reasons`)."""
    gates, heads = product.visit_gates, lines.visits.first
    visit = frame.select(VISIT_COLUMNS)[heads]
    bits = np.zeros(len(heads), dtype=np.uint32)

    def flag(mask: Bools, code: ReasonCode) -> None:
        np.bitwise_or(bits, BIT[code], out=bits, where=mask)

    if gates.policy_period:
        flag(((visit["date"] < visit["period_start"]) | (visit["date"] > visit["period_end"]))
             .to_numpy(), ReasonCode.OUTSIDE_POLICY_PERIOD)  # fmt: skip
    flag(non_designated(frame, visit, product, lines), ReasonCode.NON_DESIGNATED_HOSPITAL)
    if gates.allowed_regions is not None:
        region, regions = codes_of(visit, "region")
        flag(~member(region, regions, gates.allowed_regions), ReasonCode.OUT_OF_REGION)
    if gates.receipt_required:
        original = visit["receipt_original"].fill_null(False).to_numpy()
        flag(~original | visit["receipt_handwritten"].fill_null(False).to_numpy(),
             ReasonCode.INVALID_RECEIPT)  # fmt: skip
    standard = member(lines.kind[heads], lines.kinds, gates.inpatient_standard_kinds)
    standard &= member(lines.diagnosis[heads], lines.diagnoses, gates.inpatient_standard_not_met)
    flag(standard & ~visit["rescue"].to_numpy(), ReasonCode.INPATIENT_STANDARD_NOT_MET)
    service, services = codes_of(visit, "service")
    flag(member(service, services, set(gates.excluded_services)), ReasonCode.EXCLUDED_SERVICE)
    return bits


def non_designated(
    frame: pl.DataFrame, visit: pl.DataFrame, product: Product, lines: Lines
) -> Bools:
    gates = product.visit_gates
    kind = lines.kind[lines.visits.first]
    designated, level = visit["designated"].to_numpy(), visit["level"].to_numpy()
    public = column_or(frame, "public", True).gather(lines.visits.first).to_numpy()
    ward, wards = codes_of(visit, "ward")
    result = np.zeros(len(visit), dtype=np.bool_)
    for name, requirement in gates.hospital_requirements.items():
        if name in gates.designation_exempt_kinds:
            continue
        fails = (requirement.designated & ~designated) | (level < requirement.min_level)
        fails |= requirement.public & ~public
        fails |= member(ward, wards, requirement.excluded_wards)
        result |= (kind == lines.kinds.get(name, -1)) & fails
    return result
