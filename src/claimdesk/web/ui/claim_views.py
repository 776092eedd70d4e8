"""The claim page: the customer's plain-language view or the staff workbench view, by role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from claimdesk.domain.claim import Claim, ClaimStatus
from claimdesk.domain.errors import DomainError
from claimdesk.domain.users import Permission, Role, User
from claimdesk.services.adjudication import use_cases as adjudication_service
from claimdesk.services.claims import use_cases as claim_service
from claimdesk.services.claims.moves import moves_for
from claimdesk.services.claims.timeline import claim_timeline
from claimdesk.services.materials import use_cases as materials
from claimdesk.services.service_desk import feedback as portal_feedback
from claimdesk.services.tasks.deadlines import claim_deadlines
from claimdesk.web.deps import Wiring
from claimdesk.web.ui.adjudication_view import adjudication_view
from claimdesk.web.ui.breakdown import breakdown
from claimdesk.web.ui.checklist import checklist
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
    claim = claim_service.get_claim(wiring.context(), actor=user, claim_id=claim_id)
    context = _common(user, wiring, claim)
    if user.role == Role.CUSTOMER:
        template, extra = "portal_claim.html", _customer(request, user, wiring, context)
    else:
        template, extra = "claim_detail.html", _staff(request, user, wiring, context)
    return render(request, template, status_code=422 if error else 200, error=error,
                  errors=field_errors(error), **context, **extra)  # fmt: skip


def _common(user: User, wiring: Wiring, claim: Claim) -> dict[str, Any]:
    claim_id = claim.id or 0
    files = materials.list_materials(wiring.context(), actor=user, claim_id=claim_id)
    timeline = claim_timeline(wiring.uow(), user, claim_id)
    return {
        "user": user,
        "claim": claim,
        "insured_name": claim_service.insured_names(wiring.context(), claims=[claim]).get(
            claim.insured_person_id
        ),
        "timeline": timeline,
        "reached": _reached(timeline),
        "steps": STEPS,
        "deadlines": _deadlines(user, wiring, claim_id),
        "checklist": checklist(claim, wiring.products.get(claim.product_code), files),
        "notices": materials.list_notices(wiring.context(), actor=user, claim_id=claim_id),
        "record": adjudication_service.get_adjudication(
            wiring.context(), actor=user, claim_id=claim_id
        ),
    }


def _customer(
    request: Request, user: User, wiring: Wiring, context: dict[str, Any]
) -> dict[str, Any]:
    claim, record = context["claim"], context["record"]
    shown = record if record is not None and claim.status in DECIDED else None
    complaints, rating = portal_feedback.feedback_for(wiring.uow(), user, claim.id or 0)
    return {
        "breakdown": breakdown(shown, wiring.products, language(request)) if shown else None,
        "complaints": complaints,
        "rating": rating,
        "can_rate": claim.status in portal_feedback.RATEABLE and rating is None,
        "can_upload": claim.status not in DECIDED | {S.DENIED, S.WITHDRAWN},
    }


def _staff(request: Request, user: User, wiring: Wiring, context: dict[str, Any]) -> dict[str, Any]:
    claim, record = context["claim"], context["record"]
    view = adjudication_view(record, wiring.products, language(request)) if record else None
    return {
        "moves": moves_for(user, claim),
        "adjudication": view,
        "can_override": claim.status == S.ADJUDICATED and user.can(Permission.ADJUDICATE),
        "can_review": user.can(Permission.REVIEW_MATERIALS),
        "can_audit": user.can(Permission.READ_AUDIT),
    }


def _deadlines(user: User, wiring: Wiring, claim_id: int) -> list[DeadlineRow]:
    limits = default_time_limits()
    rows = []
    for deadline, status in claim_deadlines(wiring.uow(), wiring.clock, user, claim_id):
        limit = limits[TimeLimitCode(deadline.code)]
        rows.append(DeadlineRow(limit.name_zh, limit.name_en, deadline.due_at,
                                deadline.done_at, status))  # fmt: skip
    return rows


def _reached(timeline: list[Any]) -> dict[str, datetime]:
    """When the claim first reached each status (the customer's progress steps)."""
    reached: dict[str, datetime] = {}
    for event in timeline:
        status = event.to_status or ("reported" if event.action == "report_claim" else None)
        if status is not None:
            reached.setdefault(status, event.at)
    return reached
