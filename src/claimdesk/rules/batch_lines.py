"""Columnar line terms: the same terms as `line_eligibility` and `payment`, over int64 fen
arrays in processing order (rows grouped by claim, visits in date order)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from claimdesk.rules.batch_kernels import (
    Bools,
    Ints,
    exclusive_cumsum,
    group_any,
    member,
    pro_rata,
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
BIT = {code: np.int64(1 << index) for index, code in enumerate(BIT_ORDER)}


@dataclass(slots=True)
class Lines:
    """The sorted bill lines as arrays; `eligible` and `bits` evolve term by term."""

    claim: Ints
    claim_start: Bools
    visit: Ints
    visit_start: Bools
    kind: Ints
    kinds: dict[str, int]
    type: Ints
    types: dict[str, int]
    diagnosis: Ints
    diagnoses: dict[str, int]
    conditions_match: dict[int, Bools]  # supply rule index -> rows whose insured matches
    auxiliary: Bools
    days_supply: Ints  # -1 when absent
    sessions: Ints  # -1 when absent
    parts: dict[str, Ints]
    other_payer_paid: Ints
    eligible: Ints
    bits: Ints

    def flag(self, mask: Bools, code: ReasonCode) -> None:
        self.bits |= np.where(mask, BIT[code], 0)

    def cut(self, mask: Bools, value: Ints, code: ReasonCode) -> None:
        self.eligible = np.where(mask, value, self.eligible)
        self.flag(mask, code)


def apply_base(lines: Lines, terms: MedicalTerms) -> None:
    """二.1–二.2: start from the eligible parts; excluded fee types are 0."""
    excluded = member(lines.type, lines.types, terms.excluded_fee_types)
    lines.cut(excluded, np.zeros_like(lines.eligible), ReasonCode.EXCLUDED_FEE_TYPE)
    for part, code in terms.reported_parts.items():
        lines.flag(lines.parts[part] > 0, code)


def apply_supply_limits(lines: Lines, terms: MedicalTerms) -> None:
    """第四部分 一.1–一.4: first matching rule gives the limit; pro rata above it."""
    limit = np.full(len(lines.eligible), -1, dtype=np.int64)
    for index, rule in enumerate(terms.supply_limits):
        match = (limit < 0) & member(lines.type, lines.types, rule.line_types)
        match &= member(lines.kind, lines.kinds, rule.visit_kinds)
        if rule.diagnoses is not None:
            match &= member(lines.diagnosis, lines.diagnoses, rule.diagnoses)
        if rule.conditions is not None:
            match &= lines.conditions_match[index]
        if rule.auxiliary is not None:
            match &= lines.auxiliary == rule.auxiliary
        limit = np.where(match, rule.days, limit)
    days = lines.days_supply
    over = (limit >= 0) & (days > limit) & (lines.eligible > 0)
    lines.cut(over, pro_rata(lines.eligible, limit, days), ReasonCode.SUPPLY_LIMIT_EXCEEDED)


def apply_item_limits(lines: Lines, terms: MedicalTerms) -> None:
    """第四部分 一.5: per visit N items (input order), M sessions each."""
    for limit in terms.item_session_limits:
        item = (lines.type == lines.types.get(limit.line_type, -1)) & (lines.eligible > 0)
        item &= member(lines.kind, lines.kinds, limit.visit_kinds)
        number = exclusive_cumsum(item.astype(np.int64), lines.visit, lines.visit_start) + 1
        beyond = item & (number > limit.max_items)
        lines.cut(beyond, np.zeros_like(lines.eligible), ReasonCode.PHYSIO_LIMIT_EXCEEDED)
        sessions = lines.sessions
        over = item & ~beyond & (sessions > limit.max_sessions)
        capped = pro_rata(lines.eligible, np.full_like(sessions, limit.max_sessions), sessions)
        lines.cut(over, capped, ReasonCode.PHYSIO_LIMIT_EXCEEDED)


def apply_annual_sessions(
    lines: Lines, terms: MedicalTerms, used: dict[str, Ints]
) -> dict[str, Ints]:
    """第四部分 一.5: N sessions a policy year; returns sessions allowed per row by accumulator."""
    allowed_by_name = {}
    for limit in terms.annual_session_limits:
        line = (lines.type == lines.types.get(limit.line_type, -1)) & (lines.eligible > 0)
        sessions = np.where(line, np.where(lines.sessions < 0, 1, lines.sessions), 0)
        budget = limit.sessions - used[limit.accumulator][lines.claim]
        allowed = take_in_order(sessions, budget, lines.claim, lines.claim_start)
        short = line & (allowed < sessions)
        lines.cut(
            short, pro_rata(lines.eligible, allowed, sessions), ReasonCode.HYPERBARIC_LIMIT_EXCEEDED
        )
        allowed_by_name[limit.accumulator] = allowed
    return allowed_by_name


def apply_exam_review(lines: Lines, terms: MedicalTerms) -> None:
    """释义6: special exams in a visit without a basic exam are flagged for review."""
    review = terms.exam_review
    if review is None:
        return
    basic = member(lines.type, lines.types, review.basic_types)
    has_basic = group_any(basic, lines.visit, int(lines.visit[-1]) + 1 if len(basic) else 0)
    special = member(lines.type, lines.types, review.special_types)
    exempt = member(lines.kind, lines.kinds, review.exempt_kinds)
    lines.flag(special & ~exempt & ~has_basic[lines.visit], ReasonCode.OVER_ROUTINE_EXAM_REVIEW)


def apply_other_payer(lines: Lines) -> None:
    """第三部分 3–4: the visit's other-payer amount reduces its lines in order."""
    taken = take_in_order(lines.eligible, lines.other_payer_paid, lines.visit, lines.visit_start)
    lines.cut(taken > 0, lines.eligible - taken, ReasonCode.OTHER_PAYER_PAID)
