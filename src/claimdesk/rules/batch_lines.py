"""Columnar line terms: the same terms as `line_eligibility` and `payment`, over int64 fen
arrays in processing order (rows grouped by claim, visits in date order). Terms that touch
few rows (pro rata cuts, session limits, other payers) work on those rows only."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from claimdesk.rules.batch_kernels import (
    Bools,
    Codes,
    Groups,
    Ints,
    exclusive_cumsum,
    group_any,
    group_sum,
    member,
    member_table,
    pro_rata,
    subgroups,
    take_in_order,
)
from claimdesk.rules.reasons import ReasonCode
from claimdesk.rules.terms import MedicalTerms
from claimdesk.rules.visit_gates import GATES

# Line reasons in the order the per-claim engine applies them: one bit each.
BIT_ORDER: tuple[ReasonCode, ...] = (
    *(code for code, _ in GATES), ReasonCode.EXCLUDED_SERVICE, ReasonCode.EXCLUDED_FEE_TYPE,
    ReasonCode.CATEGORY_SELF_PAY, ReasonCode.SELF_FUNDED, ReasonCode.SUPPLY_LIMIT_EXCEEDED,
    ReasonCode.PHYSIO_LIMIT_EXCEEDED, ReasonCode.HYPERBARIC_LIMIT_EXCEEDED,
    ReasonCode.OVER_ROUTINE_EXAM_REVIEW, ReasonCode.OTHER_PAYER_PAID, ReasonCode.DEDUCTIBLE,
    ReasonCode.COINSURANCE, ReasonCode.SUBLIMIT_REACHED, ReasonCode.ANNUAL_LIMIT_REACHED,
)  # fmt: skip
BIT = {code: np.uint32(1 << index) for index, code in enumerate(BIT_ORDER)}
Bits = npt.NDArray[np.uint32]


@dataclass(slots=True)
class Lines:
    """The sorted bill lines as arrays; `eligible` and `bits` evolve term by term."""

    claims: Groups
    visits: Groups
    claim_ids: Ints  # per row
    visit_ids: Ints  # per row
    kind: Codes
    kinds: dict[str, int]
    type: Codes
    types: dict[str, int]
    diagnosis: Codes
    diagnoses: dict[str, int]
    conditions: Codes
    conditions_vocabulary: dict[str, int]
    auxiliary: Bools
    days_supply: Ints  # -1 when absent
    sessions: Ints  # -1 when absent
    parts: dict[str, Ints]
    other_payer_paid: Ints  # per visit
    eligible: Ints
    bits: Bits

    def flag(self, mask: Bools, code: ReasonCode) -> None:
        np.bitwise_or(self.bits, BIT[code], out=self.bits, where=mask)

    def flag_rows(self, rows: Ints, code: ReasonCode) -> None:
        self.bits[rows] |= BIT[code]

    def cut_rows(self, rows: Ints, values: Ints | int, code: ReasonCode) -> None:
        self.eligible[rows] = values
        self.flag_rows(rows, code)


def apply_base(lines: Lines, terms: MedicalTerms) -> None:
    """二.1–二.2: start from the eligible parts; excluded fee types are 0."""
    excluded = member(lines.type, lines.types, terms.excluded_fee_types)
    np.copyto(lines.eligible, 0, where=excluded)
    lines.flag(excluded, ReasonCode.EXCLUDED_FEE_TYPE)
    for part, code in terms.reported_parts.items():
        lines.flag(lines.parts[part] > 0, code)


def supply_limit_of(lines: Lines, terms: MedicalTerms, rows: Ints) -> Ints:
    """第四部分 一: the first matching rule's limit in days for each row (-1 = none)."""
    limit = np.full(len(rows), -1, dtype=np.int64)
    for rule in terms.supply_limits:
        match = (limit < 0) & member(lines.type[rows], lines.types, rule.line_types)
        match &= member(lines.kind[rows], lines.kinds, rule.visit_kinds)
        if rule.diagnoses is not None:
            match &= member(lines.diagnosis[rows], lines.diagnoses, rule.diagnoses)
        if rule.conditions is not None:
            match &= conditions_table(lines, rule.conditions)[lines.conditions[rows]]
        if rule.auxiliary is not None:
            match &= lines.auxiliary[rows] == rule.auxiliary
        limit[match] = rule.days
    return limit


def conditions_table(lines: Lines, conditions: frozenset[str]) -> Bools:
    """Per `|`-joined conditions text: whether the insured has one of `conditions`."""
    table = np.zeros(len(lines.conditions_vocabulary) + 1, dtype=np.bool_)
    for text, code in lines.conditions_vocabulary.items():
        table[code] = not conditions.isdisjoint(text.split("|"))
    return table


def apply_supply_limits(lines: Lines, terms: MedicalTerms) -> None:
    """第四部分 一.1–一.4: first matching rule gives the limit; pro rata above it."""
    drug_types = frozenset().union(*(rule.line_types for rule in terms.supply_limits))
    candidate = member(lines.type, lines.types, drug_types) & (lines.days_supply > 0)
    rows = np.flatnonzero(candidate & (lines.eligible > 0))
    limit = supply_limit_of(lines, terms, rows)
    days = lines.days_supply[rows]
    over = (limit >= 0) & (days > limit)
    hit = rows[over]
    cut = pro_rata(lines.eligible[hit], limit[over], days[over])
    lines.cut_rows(hit, cut, ReasonCode.SUPPLY_LIMIT_EXCEEDED)


def apply_item_limits(lines: Lines, terms: MedicalTerms) -> None:
    """第四部分 一.5: per visit N items (input order), M sessions each."""
    for limit in terms.item_session_limits:
        item = (lines.type == lines.types.get(limit.line_type, -1)) & (lines.eligible > 0)
        item &= member(lines.kind, lines.kinds, limit.visit_kinds)
        rows = np.flatnonzero(item)
        visits, _ = subgroups(lines.visit_ids, rows)
        number = exclusive_cumsum(np.ones(len(rows), dtype=np.int64), visits) + 1
        beyond = number > limit.max_items
        lines.cut_rows(rows[beyond], 0, ReasonCode.PHYSIO_LIMIT_EXCEEDED)
        sessions = lines.sessions[rows]
        over = ~beyond & (sessions > limit.max_sessions)
        hit, given = rows[over], sessions[over]
        allowed = np.full_like(given, limit.max_sessions)
        cut = pro_rata(lines.eligible[hit], allowed, given)
        lines.cut_rows(hit, cut, ReasonCode.PHYSIO_LIMIT_EXCEEDED)


def apply_annual_sessions(
    lines: Lines, terms: MedicalTerms, used: dict[str, Ints]
) -> dict[str, Ints]:
    """第四部分 一.5: N sessions a policy year; returns the sessions allowed per claim."""
    allowed_by_name = {}
    for limit in terms.annual_session_limits:
        line = (lines.type == lines.types.get(limit.line_type, -1)) & (lines.eligible > 0)
        rows = np.flatnonzero(line)
        given = lines.sessions[rows]
        sessions = np.where(given < 0, 1, given)
        claims, claim_of = subgroups(lines.claim_ids, rows)
        budget = limit.sessions - used[limit.accumulator][claim_of]
        allowed = take_in_order(sessions, budget, claims)
        short = allowed < sessions
        cut = pro_rata(lines.eligible[rows[short]], allowed[short], sessions[short])
        lines.cut_rows(rows[short], cut, ReasonCode.HYPERBARIC_LIMIT_EXCEEDED)
        per_claim = np.zeros(lines.claims.count, dtype=np.int64)
        per_claim[claim_of] = group_sum(allowed, claims)
        allowed_by_name[limit.accumulator] = per_claim
    return allowed_by_name


def apply_exam_review(lines: Lines, terms: MedicalTerms) -> None:
    """释义6: special exams in a visit without a basic exam are flagged for review."""
    review = terms.exam_review
    if review is None:
        return
    has_basic = group_any(member(lines.type, lines.types, review.basic_types), lines.visits)
    special = member(lines.type, lines.types, review.special_types)
    special &= ~member_table(lines.kinds, review.exempt_kinds)[lines.kind]
    rows = np.flatnonzero(special)
    lines.flag_rows(rows[~has_basic[lines.visit_ids[rows]]], ReasonCode.OVER_ROUTINE_EXAM_REVIEW)


def apply_other_payer(lines: Lines) -> None:
    """第三部分 3–4: the visit's other-payer amount reduces its lines in order."""
    paying = lines.other_payer_paid > 0
    rows = np.flatnonzero(lines.visits.spread(paying))
    visits, visit_of = subgroups(lines.visit_ids, rows)
    eligible = lines.eligible[rows]
    taken = take_in_order(eligible, lines.other_payer_paid[visit_of], visits)
    hit = taken > 0
    lines.cut_rows(rows[hit], eligible[hit] - taken[hit], ReasonCode.OTHER_PAYER_PAID)
