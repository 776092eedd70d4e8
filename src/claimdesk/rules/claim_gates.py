"""Claim-level gates (第四部分 二.26, 第三部分 5, 第二部分): any failure stops the whole claim."""

from __future__ import annotations

import calendar
from datetime import date

from claimdesk.rules.messages import reason_of
from claimdesk.rules.model import ClaimRequest, Visit
from claimdesk.rules.reasons import ReasonCode
from claimdesk.rules.result import Reason
from claimdesk.rules.terms import MaterialRule, Product


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


def denial_reasons(request: ClaimRequest, product: Product) -> tuple[Reason, ...]:
    checks = (
        (ReasonCode.BLACKLISTED, is_blacklisted),
        (ReasonCode.CLAIM_TIME_BARRED, is_time_barred),
    )
    return tuple(reason_of(product, code) for code, failed in checks if failed(request, product))


def missing_materials(request: ClaimRequest, product: Product) -> tuple[str, ...]:
    """Everything missing at once, sorted (一次性告知)."""
    required = {rule.material for rule in product.materials if applies(rule, request)}
    return tuple(sorted(required - request.materials))


def applies(rule: MaterialRule, request: ClaimRequest) -> bool:
    if rule.outcome_kinds is not None:
        return request.outcome is not None and request.outcome.kind in rule.outcome_kinds
    if rule.visit_kinds is None:
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
