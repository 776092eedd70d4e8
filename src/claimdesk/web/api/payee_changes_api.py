"""The insured's documented payee change (JSON): the insured asks with a copy uploaded by its
content; finance proposes (maker), another finance officer or approver approves (checker)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, UploadFile
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, StringConstraints

from claimdesk.domain.payee_change import PayeeChangeRequest, PayeeDocumentKind
from claimdesk.domain.payment import Payee
from claimdesk.domain.pii import mask_bank_account, mask_id_number
from claimdesk.domain.users import Permission, User
from claimdesk.services.payments import payee_changes as flow
from claimdesk.web.deps import ApiUser, Context, WiringDep
from claimdesk.web.params import Id, clean_file_name

router = APIRouter(tags=["payments"])
Short = Annotated[str, Form(max_length=100)]


class ReasonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


def request_out(request: PayeeChangeRequest, viewer: User) -> dict[str, Any]:
    pii = viewer.can(Permission.VIEW_PII) or viewer.id == request.requested_by
    payee = request.payee
    return {
        "id": request.id,
        "claim_id": request.claim_id,
        "status": str(request.status),
        "payee_name": payee.name,
        "id_number": payee.id_number if pii else mask_id_number(payee.id_number),
        "bank_account": payee.bank_account if pii else mask_bank_account(payee.bank_account),
        "bank_name": payee.bank_name,
        "document_kind": str(request.document.kind),
        "reason": request.reason,
        "requested_at": request.requested_at.isoformat(),
        "decision_reason": request.decision_reason,
        "instruction_id": request.instruction_id,
    }


@router.post("/api/claims/{claim_id}/payee-change-requests", status_code=201)
def ask(
    claim_id: Id,
    user: ApiUser,
    wiring: WiringDep,
    context: Context,
    name: Short,
    id_number: Annotated[str, Form(max_length=18)],
    bank_account: Annotated[str, Form(max_length=32)],
    bank_name: Short,
    document_kind: Annotated[PayeeDocumentKind, Form()],
    file: UploadFile,
    reason: Annotated[str, Form(max_length=500)] = "",
    authorised_reason: Annotated[str, Form(max_length=500)] = "",
) -> dict[str, Any]:
    limit = wiring.settings.upload_limit_bytes
    payee = Payee(name.strip(), id_number.strip().upper(), bank_account.strip(),
                  bank_name.strip(), authorised_reason.strip())  # fmt: skip
    form = flow.PayeeChangeForm(payee, document_kind, clean_file_name(file.filename),
                                file.file.read(limit + 1), reason)  # fmt: skip
    made = flow.request_payee_change(
        context, actor=user, claim_id=claim_id, form=form, limit_bytes=limit
    )
    return request_out(made, user)


@router.get("/api/claims/{claim_id}/payee-change-requests")
def of_claim(claim_id: Id, user: ApiUser, context: Context) -> list[dict[str, Any]]:
    found = flow.claim_payee_changes(context, actor=user, claim_id=claim_id)
    return [request_out(r, user) for r in found]


@router.get("/api/payee-change-requests")
def open_requests(user: ApiUser, context: Context) -> list[dict[str, Any]]:
    return [request_out(v.request, user) for v in flow.open_payee_changes(context, actor=user)]


@router.post("/api/payee-change-requests/{request_id}/propose")
def propose(request_id: Id, user: ApiUser, context: Context) -> dict[str, Any]:
    return request_out(flow.propose_payee_change(context, actor=user, request_id=request_id), user)


@router.post("/api/payee-change-requests/{request_id}/approve")
def approve(request_id: Id, user: ApiUser, context: Context) -> dict[str, Any]:
    return request_out(flow.approve_payee_change(context, actor=user, request_id=request_id), user)


@router.post("/api/payee-change-requests/{request_id}/reject")
def reject(request_id: Id, body: ReasonIn, user: ApiUser, context: Context) -> dict[str, Any]:
    done = flow.reject_payee_change(context, actor=user, request_id=request_id, reason=body.reason)
    return request_out(done, user)


@router.get("/api/payee-change-requests/{request_id}/document")
def document(request_id: Id, user: ApiUser, context: Context) -> StreamingResponse:
    found, chunks = flow.payee_change_document(context, actor=user, request_id=request_id)
    disposition = f"attachment; filename*=UTF-8''{quote(found.file_name)}"
    headers = {"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff"}
    return StreamingResponse(chunks, media_type=found.content_type, headers=headers)
