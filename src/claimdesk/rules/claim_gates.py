"""Claim-level gates (第四部分 二.26, 第三部分 5, 第二部分): any failure stops the whole claim."""

from __future__ import annotations

import calendar
from datetime import date

from claimdesk.rules.messages import reason_of
from claimdesk.rules.model import ClaimRequest, Visit
from claimdesk.rules.reasons import ReasonCode
from claimdesk.rules.result import Reason
from claimdesk.rules.terms import MaterialRule, Product
from claimdesk.rules.visit_kinds import is_accident_visit


def add_months(start: date, months: int) -> date:
    """Same day `months` later, or the month's last day if it has none (民法典 第二百零二条)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def is_blacklisted(request: ClaimRequest, product: Product) -> bool:
    return product.blacklist_gate and request.insured.blacklisted


def is_time_barred(request: ClaimRequest, product: Product) -> bool:
    """第三部分 5: the right lapses if not exercised within N months of the start of cover."""
    months = product.claim_deadline_months
    if months is None:
        return False
    return request.submitted_on > add_months(request.policy.period_start, months)


def accident_outside_period(request: ClaimRequest, product: Product) -> bool:
    """学生平安意外伤害 1.1: only an accident during the policy period is covered."""
    accident, policy = request.accident, request.policy
    if (
        accident is None
        or not covers_accidents(product)
        or not accident_is_the_claim(request, product)
    ):
        return False
    return not policy.period_start <= accident.date <= policy.period_end


def accident_is_the_claim(request: ClaimRequest, product: Product) -> bool:
    """The lump-sum cover, or a medical claim whose every visit is for the accident: what
    concerns the accident (period, exclusion) concerns the whole claim. A disease stay claimed
    beside an accident is judged on its own (学生平安 附加险 4–5: the refusal is per visit)."""
    if product.accident is not None:
        return True
    return all(is_accident_visit(visit, product.visit_gates) for visit in request.visits)


def covers_accidents(product: Product) -> bool:
    return product.accident is not None or product.visit_gates.accident_window_days is not None


def exclusion_reasons(request: ClaimRequest, product: Product) -> tuple[Reason, ...]:
    """学生平安意外伤害 1.2: an excluded cause denies the claim, citing its own clause."""
    cause = request.accident.cause if request.accident else None
    exclusion = product.accident_exclusions.get(cause or "")
    if exclusion is None or not accident_is_the_claim(request, product):
        return ()
    code, clause = exclusion
    return (reason_of(product, code, clause),)


def denial_reasons(request: ClaimRequest, product: Product) -> tuple[Reason, ...]:
    checks = (
        (ReasonCode.BLACKLISTED, is_blacklisted),
        (ReasonCode.CLAIM_TIME_BARRED, is_time_barred),
        (ReasonCode.ACCIDENT_OUTSIDE_POLICY_PERIOD, accident_outside_period),
    )
    failed = tuple(reason_of(product, code) for code, fails in checks if fails(request, product))
    return failed + exclusion_reasons(request, product)


def missing_materials(request: ClaimRequest, product: Product) -> tuple[str, ...]:
    """Everything missing at once, sorted (一次性告知)."""
    required = {rule.material for rule in product.materials if applies(rule, request)}
    return tuple(sorted(required - request.materials))


def applies(rule: MaterialRule, request: ClaimRequest) -> bool:
    if rule.when == "minor" and not request.insured.minor:
        return False  # 学生平安意外伤害: a minor's claim is made by the guardian
    if rule.outcome_kinds is not None:
        return request.outcome is not None and request.outcome.kind in rule.outcome_kinds
    if rule.visit_kinds is None and rule.when in (None, "minor"):
        return True
    return any(visit_needs(rule, visit) for visit in request.visits)


def visit_needs(rule: MaterialRule, visit: Visit) -> bool:
    if rule.visit_kinds is not None and visit.kind not in rule.visit_kinds:
        return False
    if rule.when == "other_payer_paid":
        return visit.other_payer_paid > 0
    if rule.when == "no_social_security_card":
        return not visit.social_security_card
    return True
