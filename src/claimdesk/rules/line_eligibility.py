"""Line eligibility (第四部分 一, 二.1–二.2): the base after exclusions and supply limits."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from claimdesk.domain.money import ZERO, to_fen
from claimdesk.rules.model import Insured, Line, Visit
from claimdesk.rules.reasons import ReasonCode
from claimdesk.rules.terms import (
    AnnualSessionLimit,
    ExamReview,
    ItemSessionLimit,
    MedicalTerms,
    SupplyLimitRule,
)


@dataclass(frozen=True, slots=True)
class LineState:
    """A line on its way through the terms: its eligible base and the codes applied so far."""

    line: Line
    eligible: Decimal
    reasons: tuple[ReasonCode, ...] = ()

    def cut_to(self, eligible: Decimal, code: ReasonCode) -> LineState:
        return LineState(self.line, eligible, (*self.reasons, code))

    def flag(self, code: ReasonCode) -> LineState:
        return LineState(self.line, self.eligible, (*self.reasons, code))


def pro_rata(amount: Decimal, allowed: int, given: int) -> Decimal:
    """amount × allowed / given, round half up to the fen (第四部分 一)."""
    return to_fen(amount * allowed / given)


def line_base(line: Line, terms: MedicalTerms) -> LineState:
    """Start from the eligible parts (自负); excluded fee types are 0 (二.1); report the
    parts never in the base (分类自负 二.1, 自费 二.2)."""
    state = LineState(line, sum((getattr(line, p) for p in terms.eligible_parts), ZERO))
    if line.type in terms.excluded_fee_types:
        state = state.cut_to(ZERO, ReasonCode.EXCLUDED_FEE_TYPE)
    for part, code in terms.reported_parts.items():
        if getattr(line, part) > 0:
            state = state.flag(code)
    return state


def supply_limit_days(
    line: Line, visit: Visit, insured: Insured, terms: MedicalTerms
) -> int | None:
    for rule in terms.supply_limits:
        if rule_matches(rule, line, visit, insured):
            return rule.days
    return None


def rule_matches(rule: SupplyLimitRule, line: Line, visit: Visit, insured: Insured) -> bool:
    return (
        line.type in rule.line_types
        and visit.kind in rule.visit_kinds
        and (rule.diagnoses is None or visit.diagnosis in rule.diagnoses)
        and (rule.conditions is None or not rule.conditions.isdisjoint(insured.conditions))
        and (rule.auxiliary is None or rule.auxiliary == line.auxiliary)
    )


def apply_supply_limit(
    state: LineState, visit: Visit, insured: Insured, terms: MedicalTerms
) -> LineState:
    """第四部分 一.1–一.4: a supply above the limit is paid pro rata to the limit."""
    days = state.line.days_supply
    limit = supply_limit_days(state.line, visit, insured, terms)
    if limit is None or days is None or days <= limit or state.eligible == 0:
        return state
    return state.cut_to(pro_rata(state.eligible, limit, days), ReasonCode.SUPPLY_LIMIT_EXCEEDED)


def apply_item_limit(
    states: list[LineState], visit: Visit, limit: ItemSessionLimit
) -> list[LineState]:
    """第四部分 一.5: per visit at most N items (input order), each at most M sessions."""
    if visit.kind not in limit.visit_kinds:
        return states
    items, result = 0, []
    for state in states:
        if state.line.type == limit.line_type and state.eligible > 0:
            items += 1
            state = limit_item(state, items, limit)
        result.append(state)
    return result


def limit_item(state: LineState, item_number: int, limit: ItemSessionLimit) -> LineState:
    code = ReasonCode.PHYSIO_LIMIT_EXCEEDED
    if item_number > limit.max_items:
        return state.cut_to(ZERO, code)
    sessions = state.line.sessions
    if sessions is None or sessions <= limit.max_sessions:
        return state
    return state.cut_to(pro_rata(state.eligible, limit.max_sessions, sessions), code)


def apply_annual_sessions(
    state: LineState, limit: AnnualSessionLimit, used: int
) -> tuple[LineState, int]:
    """第四部分 一.5: N sessions per policy year across claims; returns sessions now used."""
    if state.line.type != limit.line_type or state.eligible == 0:
        return state, used
    sessions = 1 if state.line.sessions is None else state.line.sessions
    allowed = min(sessions, max(limit.sessions - used, 0))
    if allowed == sessions:
        return state, used + sessions
    code = ReasonCode.HYPERBARIC_LIMIT_EXCEEDED
    return state.cut_to(pro_rata(state.eligible, allowed, sessions), code), used + allowed


def apply_exam_review(states: list[LineState], visit: Visit, review: ExamReview) -> list[LineState]:
    """释义6: a special exam with no basic exam in the visit is flagged, not denied."""
    if visit.kind in review.exempt_kinds:
        return states
    if any(state.line.type in review.basic_types for state in states):
        return states
    return [
        state.flag(ReasonCode.OVER_ROUTINE_EXAM_REVIEW)
        if state.line.type in review.special_types
        else state
        for state in states
    ]


def apply_other_payer(states: list[LineState], paid: Decimal) -> list[LineState]:
    """第三部分 3–4: what the union or another insurer paid reduces the base, lines in order."""
    result = []
    for state in states:
        taken = min(paid, state.eligible)
        if taken > 0:
            paid -= taken
            state = state.cut_to(state.eligible - taken, ReasonCode.OTHER_PAYER_PAID)
        result.append(state)
    return result
