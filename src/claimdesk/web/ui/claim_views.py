"""The claim page: the customer's plain-language view or the staff workbench view, by role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from claimdesk.analytics.claim_page import ClaimPage, claim_page
from claimdesk.domain.claim import ClaimStatus, LineOfBusiness
from claimdesk.domain.customer_words import PROGRESS, customer_events, first_reached, stage_of
from claimdesk.domain.errors import DomainError
from claimdesk.domain.labels import LINE_TYPES, label
from claimdesk.domain.milestones import SETTLED
from claimdesk.domain.payee_change import OPEN as OPEN_CHANGES
from claimdesk.domain.payee_change import PayeeChangeRequest
from claimdesk.domain.payment import PaymentStatus
from claimdesk.domain.tracking import TrackedDeadline
from claimdesk.domain.users import Permission, Role, User
from claimdesk.domain.verification import field_histories
from claimdesk.rules.terms import Product
from claimdesk.services.approval.large_claims import LargeClaimReview, review_of
from claimdesk.services.auto.use_cases import get_auto_claim
from claimdesk.services.claims.moves import moves_for
from claimdesk.services.claims.timeline import timeline_of
from claimdesk.services.hospitals.use_cases import CHOOSABLE
from claimdesk.services.partners.recoveries import claim_recoveries
from claimdesk.services.service_desk import feedback as portal_feedback
from claimdesk.services.tasks.deadlines import status_of
from claimdesk.services.verification.use_cases import CORRECTABLE
from claimdesk.web.deps import Wiring
from claimdesk.web.ui.action_panel import actions_panel
from claimdesk.web.ui.adjudication_view import adjudication_view
from claimdesk.web.ui.breakdown import breakdown
from claimdesk.web.ui.catalog import VISIT_KINDS
from claimdesk.web.ui.checklist import checklist
from claimdesk.web.ui.injury_view import injury_panel
from claimdesk.web.ui.notice_pages import outbox_lines
from claimdesk.web.ui.panel_view import panel_view
from claimdesk.web.ui.payment_view import CUSTOMER_DECIDED, can_advance, payment_lines
from claimdesk.web.ui.views import field_errors, language, render
from claimdesk.workflow.deadlines import TimeLimitCode, default_time_limits

S = ClaimStatus
# The customer sees the decision once it is approved (核赔), never the internal draft.
DECIDED = frozenset({S.APPROVED, S.PAYMENT_PENDING, S.PAID, S.CLOSED, S.ARCHIVED})
STEPS = (S.REPORTED, S.ACCEPTED, S.UNDER_REVIEW, S.ADJUDICATED, S.APPROVED, S.PAID)


@dataclass(frozen=True)
class DeadlineRow:
    name_zh: str
    name_en: str
    due_at: datetime
    done_at: datetime | None
    status: str


def claim_view(
    request: Request, user: User, wiring: Wiring, claim_id: int, error: DomainError | None = None
) -> Response:
    page = claim_page(wiring.uow(), user, claim_id)  # one unit of work for the whole page
    context = _common(user, wiring, page)
    if user.role == Role.CUSTOMER:
        template, extra = "portal_claim.html", _customer(request, wiring, page, context)
    else:
        template, extra = "claim_detail.html", _staff(request, user, wiring, page, context)
        extra |= _verification(user, page, context["product"])
    return render(request, template, status_code=422 if error else 200, error=error,
                  errors=field_errors(error), **{**context, **extra})  # fmt: skip


def _common(user: User, wiring: Wiring, page: ClaimPage) -> dict[str, Any]:
    claim = page.claim
    timeline = timeline_of(page.audit)
    return {
        "user": user,
        "claim": claim,
        "insured_name": page.insured.name,
        "timeline": timeline,
        "reached": _reached(timeline),
        "steps": STEPS,
        "deadlines": _deadlines(wiring, page.deadlines),
        "checklist": checklist(claim, wiring.products.get(claim.product_code), page.materials),
        "notices": page.notices,
        "complaint_cases": page.complaint_cases,
        "now": wiring.clock.now(),
        "record": page.adjudication,
        "product": wiring.products.get(claim.product_code),
        "hospitals": page.hospitals,
        "page_payments": page.payments,  # read in the page's one unit of work
        "estimate": page.estimate,  # 预赔 (templates/_estimate.html)
        "estimate_history": page.estimate_history,  # staff: the earlier revisions too
    }


def _customer(
    request: Request, wiring: Wiring, page: ClaimPage, context: dict[str, Any]
) -> dict[str, Any]:
    claim, record = context["claim"], context["record"]
    shown = record if record is not None and claim.status in DECIDED else None
    events = customer_events(
        page.audit, customer_username=context["user"].username, denied=claim.denial is not None
    )
    auto = None  # the assessment to sign (定损单), _auto_survey.html
    if claim.line_of_business == LineOfBusiness.AUTO and claim.id is not None:
        auto = get_auto_claim(wiring.uow(), wiring.clock, context["user"], claim.id)
    return {
        "auto": auto,
        # The customer's progress in customer words (资料审核中, 赔款已到账), not our statuses.
        "stage": stage_of(claim),
        "steps": PROGRESS,
        "reached": first_reached(events),
        "step_name": lambda stage: name_of_stage(request, stage),
        "breakdown": breakdown(shown, wiring.products, language(request)) if shown else None,
        "rating": page.rating,
        "can_rate": claim.status in portal_feedback.RATEABLE and page.rating is None,
        "can_upload": claim.status not in DECIDED | {S.DENIED, S.WITHDRAWN},
        **payee_change_panel(page.payee_changes, claim),  # 变更收款账户 (_payee_change.html)
        "letter": claim.status in CUSTOMER_DECIDED,
        "paid": [
            p
            for p in payment_lines(context["user"], page.payments)
            if p.status == PaymentStatus.PAID
        ],
    }


def payee_change_panel(found: list[PayeeChangeRequest], claim: Any) -> dict[str, Any]:
    """The insured's payee-change requests; a new one while the claim waits for payment."""
    waiting = any(r.status in OPEN_CHANGES for r in found)
    return {"payee_changes": found, "can_ask_payee": claim.status == S.APPROVED and not waiting}


def name_of_stage(request: Request, stage: str) -> str:
    return label("customer_stage", stage, language(request))


def _staff(
    request: Request, user: User, wiring: Wiring, page: ClaimPage, context: dict[str, Any]
) -> dict[str, Any]:
    claim, record = context["claim"], context["record"]
    lang = language(request)
    view = adjudication_view(record, wiring.products, lang, claim.visits) if record else None
    auto = None
    if claim.line_of_business == LineOfBusiness.AUTO and claim.id is not None:
        auto = get_auto_claim(wiring.uow(), wiring.clock, user, claim.id)
    return {
        "auto": auto,
        "moves": moves_for(user, claim),
        **actions_panel(user, claim, context["checklist"]),  # named actions, waiting for
        "adjudication": view,
        "can_override": claim.status == S.ADJUDICATED and user.can(Permission.ADJUDICATE),
        "can_review": user.can(Permission.REVIEW_MATERIALS),
        "can_choose_hospital": claim.status in CHOOSABLE and user.can(Permission.ADJUDICATE),
        "can_audit": user.can(Permission.READ_AUDIT),
        "payments": payment_lines(user, context["page_payments"]),
        "can_advance": can_advance(user, claim),
        "reserves": page.reserves,  # 立案估损 and its changes
        "can_set_reserve": bool(page.reserves)
        and claim.status not in SETTLED
        and user.can(Permission.SET_RESERVE),
        "recoveries": _recoveries(user, wiring, claim),
        "large_review": _large_review(page, record, auto),
        "panel": panel_view(claim, page.audit, user),  # 疑难案件 (from the audit: no query)
        "can_review_large": claim.status == S.ADJUDICATED
        and user.can(Permission.REVIEW_LARGE_CLAIMS),
        "injuries": injury_panel(user, wiring, claim, auto),
        "outbox": outbox_lines(user, page.messages),  # 发送记录 (_outbox.html)
    }


def _large_review(page: ClaimPage, record: Any, auto: Any) -> LargeClaimReview | None:
    """大额案件经理批复 while the claim waits for approval (from the page's audit: no query)."""
    claim = page.claim
    if claim.status != S.ADJUDICATED:
        return None
    if claim.line_of_business == LineOfBusiness.AUTO:
        settled = auto.settlement if auto is not None else None
        amount = settled.payable if settled is not None else Decimal("0.00")
    else:
        amount = record.payable if record is not None else claim.claimed_amount
    return review_of(page.audit, amount)


def _verification(user: User, page: ClaimPage, product: Product | None) -> dict[str, Any]:
    """审核录入: submitted → verified per field, and the forms when the user may correct."""
    claim = page.claim
    types = None if product is None else product.line_types
    return {
        "verified": field_histories(page.corrections),
        "corrections": page.corrections,
        "can_verify": claim.status in CORRECTABLE and user.can(Permission.VERIFY_CLAIM_DATA),
        "visit_kinds": VISIT_KINDS,
        "line_types": lambda current: line_type_choices(types, current),
    }


def line_type_choices(product_types: frozenset[str] | None, current: str) -> list[str]:
    """Types with a label (never a bare code on the page), and the line's own type."""
    labelled = [code for code in LINE_TYPES if product_types is None or code in product_types]
    return labelled if current in labelled else [current, *labelled]


def _recoveries(user: User, wiring: Wiring, claim: Any) -> Any:
    """Salvage, recoveries and net incurred (paid + reserve − recoveries) for claims staff.
    Auto claims only, like the auto panel: their own reads, outside the page's unit."""
    if not user.can(Permission.READ_ALL_CLAIMS) or claim.line_of_business != LineOfBusiness.AUTO:
        return None
    return claim_recoveries(wiring.context(), actor=user, claim_id=claim.id)


def _deadlines(wiring: Wiring, tracked: list[TrackedDeadline]) -> list[DeadlineRow]:
    limits, now = default_time_limits(), wiring.clock.now()
    rows = []
    for deadline in tracked:
        limit = limits[TimeLimitCode(deadline.code)]
        rows.append(DeadlineRow(limit.name_zh, limit.name_en, deadline.due_at,
                                deadline.done_at, status_of(deadline, now)))  # fmt: skip
    return rows


def _reached(timeline: list[Any]) -> dict[str, datetime]:
    """When the claim first reached each status (the customer's progress steps)."""
    reached: dict[str, datetime] = {}
    for event in timeline:
        status = event.to_status or ("reported" if event.action == "report_claim" else None)
        if status is not None:
            reached.setdefault(status, event.at)
    return reached
