"""The voucher and decision-letter PDFs for signed-in pages, and 先予支付 (advance) from the
claim page."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from claimdesk.domain.errors import DomainError, NotFound
from claimdesk.domain.users import Role
from claimdesk.services.claims import use_cases as claim_service
from claimdesk.services.payments import documents
from claimdesk.services.payments import use_cases as payment_flow
from claimdesk.web.deps import SessionUser, WiringDep
from claimdesk.web.params import Id
from claimdesk.web.pdf import pdf_response
from claimdesk.web.ui.claim_views import claim_view
from claimdesk.web.ui.flash import flash
from claimdesk.web.ui.payment_view import CUSTOMER_DECIDED
from claimdesk.web.ui.views import check_csrf

router = APIRouter(include_in_schema=False)


@router.get("/payments/{instruction_id}/voucher.pdf")
def voucher(instruction_id: Id, user: SessionUser, wiring: WiringDep) -> Response:
    found = documents.payment_voucher(wiring.uow(), user, instruction_id)
    return pdf_response(found, f"voucher-{instruction_id}")


@router.get("/claims/{claim_id}/decision-letter.pdf")
def decision_letter(claim_id: Id, user: SessionUser, wiring: WiringDep) -> Response:
    if user.role == Role.CUSTOMER:  # the customer reads the decision once made, never a draft
        claim = claim_service.get_claim(wiring.context(), actor=user, claim_id=claim_id)
        if claim.status not in CUSTOMER_DECIDED:
            raise NotFound("理赔决定 decision", claim.claim_no)
    found = documents.decision_letter(wiring.uow(), user, claim_id, wiring.products)
    return pdf_response(found, f"decision-{claim_id}")


@router.post("/claims/{claim_id}/advance-payment")
def advance(
    claim_id: Id,
    request: Request,
    user: SessionUser,
    wiring: WiringDep,
    csrf_token: Annotated[str, Form()],
    amount: Annotated[Decimal, Form(gt=0, max_digits=14, decimal_places=2)],
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    check_csrf(request, csrf_token)
    try:
        made = payment_flow.advance_payment(
            wiring.context(), actor=user, claim_id=claim_id, amount=amount, reason=reason
        )
    except DomainError as error:
        return claim_view(request, user, wiring, claim_id, error=error)
    flash(
        request,
        f"已发起先予支付：支付指令 #{made.id}（¥{made.amount:,.2f}），待财务复核放款",
        f"Advance payment made: instruction #{made.id} (¥{made.amount:,.2f}); "
        "finance must release it",
    )
    return RedirectResponse(f"/claims/{claim_id}", status_code=303)
