"""Columnar line terms: the same terms as `line_eligibility` and `payment`, over int64 fen
arrays in processing order (rows grouped by claim, visits in date order). Terms that touch
few rows (pro rata cuts, session limits, other payers) work on those rows only."""

from __future__ import annotations

from collections.abc import Callable
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
    or_where,
    pro_rata,
    subgroups,
    take_in_order,
    zero_where,
)
from claimdesk.rules.reasons import ReasonCode
from claimdesk.rules.terms import MedicalTerms, SupplyLimitRule
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
    claim_visits: Groups  # the visits of each claim
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
        or_where(self.bits, mask, BIT[code])

    def flag_rows(self, rows: Ints, code: ReasonCode) -> None:
        self.bits[rows] |= BIT[code]

    def cut_rows(self, rows: Ints, values: Ints | int, code: ReasonCode) -> None:
        self.eligible[rows] = values
        self.flag_rows(rows, code)


def apply_base(lines: Lines, terms: MedicalTerms) -> None:
    """二.1–二.2: start from the eligible parts; excluded fee types are 0."""
    excluded = member(lines.type, lines.types, terms.excluded_fee_types)
    zero_where(lines.eligible, excluded)
    lines.flag(excluded, ReasonCode.EXCLUDED_FEE_TYPE)
    for part, code in terms.reported_parts.items():
        lines.flag(lines.parts[part] > 0, code)


def supply_limit_of(lines: Lines, terms: MedicalTerms, rows: Ints) -> Ints:
    """第四部分 一: the first matching rule's limit in days for each row (-1 = none).

    Each attribute's values fall into a few classes (which rules they satisfy), so the rules
    are evaluated once per combination of classes and each row looks its limit up."""
    rules = terms.supply_limits
    if not rules:
        return np.full(len(rows), -1, dtype=np.int64)
    attributes = [
        (lines.type, classes_of(lines.types, [r.line_types for r in rules])),
        (lines.kind, classes_of(lines.kinds, [r.visit_kinds for r in rules])),
        (lines.diagnosis, classes_of(lines.diagnoses, [r.diagnoses for r in rules])),
        (lines.conditions, condition_classes(lines.conditions_vocabulary, rules)),
        (lines.auxiliary.view(np.uint8), auxiliary_classes(rules)),
    ]
    key = np.zeros(len(rows), dtype=np.int64)
    fits = np.ones((1, len(rules)), dtype=np.bool_)
    for codes, (table, matrix) in attributes:
        key = key * len(matrix) + table[codes[rows]]
        fits = (fits[:, None, :] & matrix[None, :, :]).reshape(-1, len(rules))
    first = np.argmax(fits, axis=1)
    days = np.array([rule.days for rule in rules] or [-1], dtype=np.int64)
    limit: Ints = np.where(fits.any(axis=1), days[first], -1)[key]
    return limit


Classes = tuple[Ints, Bools]  # value code -> class; class -> rules it satisfies


def classes_of(vocabulary: dict[str, int], sets: list[frozenset[str] | None]) -> Classes:
    return classes_by(vocabulary, [in_set(values) for values in sets])


def condition_classes(vocabulary: dict[str, int], rules: tuple[SupplyLimitRule, ...]) -> Classes:
    return classes_by(vocabulary, [shares_one(rule.conditions) for rule in rules])


def in_set(values: frozenset[str] | None) -> Callable[[str], bool]:
    return lambda value: values is None or value in values


def shares_one(conditions: frozenset[str] | None) -> Callable[[str], bool]:
    """The insured's `|`-joined conditions meet a rule's `conditions` if they share one."""
    return lambda text: conditions is None or not conditions.isdisjoint(text.split("|"))


def auxiliary_classes(rules: tuple[SupplyLimitRule, ...]) -> Classes:
    matrix = [[r.auxiliary is None or r.auxiliary == flag for r in rules] for flag in (0, 1)]
    return np.array([0, 1]), np.array(matrix, dtype=np.bool_).reshape(2, len(rules))


def classes_by(vocabulary: dict[str, int], tests: list[Callable[[str], bool]]) -> Classes:
    table = np.zeros(len(vocabulary) + 1, dtype=np.int64)
    seen: dict[tuple[bool, ...], int] = {(False,) * len(tests): 0}  # unknown codes: no rule
    for value, code in vocabulary.items():
        table[code] = seen.setdefault(tuple(test(value) for test in tests), len(seen))
    return table, np.array(list(seen), dtype=np.bool_).reshape(len(seen), len(tests))


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
        rows, visits, _ = subgroups(lines.visits, item)
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
        rows, claims, claim_of = subgroups(lines.claims, line)
        given = lines.sessions[rows]
        sessions = np.where(given < 0, 1, given)
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
    special &= ~member(lines.kind, lines.kinds, review.exempt_kinds)
    rows = np.flatnonzero(special)
    unchecked = rows[~has_basic[lines.visits.of_rows(rows)]]
    lines.flag_rows(unchecked, ReasonCode.OVER_ROUTINE_EXAM_REVIEW)


def apply_other_payer(lines: Lines) -> None:
    """第三部分 3–4: the visit's other-payer amount reduces its lines in order."""
    paying = lines.visits.spread(lines.other_payer_paid > 0)
    rows, visits, visit_of = subgroups(lines.visits, paying)
    eligible = lines.eligible[rows]
    taken = take_in_order(eligible, lines.other_payer_paid[visit_of], visits)
    hit = taken > 0
    lines.cut_rows(rows[hit], eligible[hit] - taken[hit], ReasonCode.OTHER_PAYER_PAID)
