"""变更收款账户 in the browser: the insured asks on the portal claim page with a copy of the ID
card or bank book; finance and approvers see the queue (/finance/payee-changes), a maker
proposes, another person approves or either rejects with a reason."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response, StreamingResponse

from claimdesk.domain.errors import DomainError, InvalidInput
from claimdesk.domain.payee_change import PayeeDocumentKind
from claimdesk.domain.payment import Payee
from claimdesk.domain.pii import mask_bank_account, mask_id_number
from claimdesk.domain.users import Permission, User
from claimdesk.services.payments import payee_changes as flow
from claimdesk.web.deps import SessionUser, Wiring, WiringDep
from claimdesk.web.params import Id, clean_file_name
from claimdesk.web.ui.claim_views import claim_view
from claimdesk.web.ui.flash import flash
from claimdesk.web.ui.views import check_csrf, field_errors, render

router = APIRouter(include_in_schema=False)
Csrf = Annotated[str, Form()]
Short = Annotated[str, Form(max_length=100)]
QUEUE = "/finance/payee-changes"


@router.post("/claims/{claim_id}/payee-change")
def ask(
    claim_id: Id, request: Request, user: SessionUser, wiring: WiringDep, csrf_token: Csrf,
    name: Short, id_number: Annotated[str, Form(max_length=18)],
    bank_account: Annotated[str, Form(max_length=32)], bank_name: Short,
    document_kind: Annotated[str, Form(max_length=30)], file: UploadFile,
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:  # fmt: skip
    """The insured's own request: nothing is paid differently until finance has approved it."""
    check_csrf(request, csrf_token)
    limit = wiring.settings.upload_limit_bytes
    payee = Payee(name.strip(), id_number.strip().upper(), bank_account.strip(), bank_name.strip())
    try:
        form = flow.PayeeChangeForm(payee, _kind(document_kind), clean_file_name(file.filename),
                                    file.file.read(limit + 1), reason)  # fmt: skip
        flow.request_payee_change(wiring.context(), actor=user, claim_id=claim_id, form=form,
                                  limit_bytes=limit)  # fmt: skip
    except DomainError as error:
        return claim_view(request, user, wiring, claim_id, error=error)
    flash(request, "已提交收款账户变更申请，财务审核后生效，结果会通知您",
          "Payee change requested: it takes effect once finance approves it")  # fmt: skip
    return RedirectResponse(f"/claims/{claim_id}#payee-change", status_code=303)


def _kind(value: str) -> PayeeDocumentKind:
    try:
        return PayeeDocumentKind(value)
    except ValueError:
        raise InvalidInput("请选择证明材料类型", "choose the kind of document",
                           field="document_kind") from None  # fmt: skip


@router.get(QUEUE)
def queue(request: Request, user: SessionUser, wiring: WiringDep) -> Response:
    return _queue(request, user, wiring)


def _queue(
    request: Request, user: User, wiring: Wiring, error: DomainError | None = None
) -> Response:
    from claimdesk.web.errors import STATUS  # the one code → HTTP map (imports this package)

    views = flow.open_payee_changes(wiring.context(), actor=user)
    pii = user.can(Permission.VIEW_PII)
    return render(request, "payee_changes.html", status_code=STATUS.get(error.code, 422)
                  if error else 200, user=user, views=views, error=error,
                  errors=field_errors(error),
                  pii_account=lambda v: v if pii else mask_bank_account(v),
                  pii_id=lambda v: v if pii else mask_id_number(v))  # fmt: skip


@router.post(QUEUE + "/{request_id}/{decision}")
def decide(
    request_id: Id, decision: str, request: Request, user: SessionUser, wiring: WiringDep,
    csrf_token: Csrf, reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    context = wiring.context()
    try:
        if decision == "propose":
            flow.propose_payee_change(context, actor=user, request_id=request_id)
        elif decision == "approve":
            flow.approve_payee_change(context, actor=user, request_id=request_id)
        elif decision == "reject":
            flow.reject_payee_change(context, actor=user, request_id=request_id, reason=reason)
        else:
            raise InvalidInput("未知操作", "unknown action", field="decision")
    except DomainError as error:
        return _queue(request, user, wiring, error)
    zh, en = DONE[decision]
    flash(request, f"{zh}：变更申请 #{request_id}", f"{en}: payee change request #{request_id}")
    return RedirectResponse(QUEUE, status_code=303)


DONE = {
    "propose": ("已初审，待另一人复核", "Proposed; another person must approve"),
    "approve": ("已批准，新支付指令待放款", "Approved; the new instruction awaits release"),
    "reject": ("已驳回", "Rejected"),
}


@router.get(QUEUE + "/{request_id}/document")
def document(request_id: Id, user: SessionUser, wiring: WiringDep) -> Response:
    found, chunks = flow.payee_change_document(wiring.context(), actor=user, request_id=request_id)
    disposition = f"inline; filename*=UTF-8''{quote(found.file_name)}"
    headers = {"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff"}
    return StreamingResponse(chunks, media_type=found.content_type, headers=headers)
