"""Payments API: instructions per claim, release, bank batch out, bank results in, documents."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from claimdesk.adapters.bank_files import batch_csv, batch_xlsx, parse_results
from claimdesk.domain.errors import InvalidInput
from claimdesk.domain.payment import Payee, PaymentInstruction
from claimdesk.domain.pii import mask_bank_account
from claimdesk.domain.users import Permission, User
from claimdesk.services.payments import documents
from claimdesk.services.payments import use_cases as payment_flow
from claimdesk.web.deps import ApiUser, WiringDep
from claimdesk.web.edge_errors import file_responses
from claimdesk.web.params import Id
from claimdesk.web.pdf import pdf_response

router = APIRouter(tags=["payments"])
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
MAX_RESULT_FILE = 5 * 1024 * 1024


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PayeeIn(Strict):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    id_number: Annotated[
        str, StringConstraints(strip_whitespace=True, to_upper=True, max_length=18)
    ]
    bank_account: Annotated[str, StringConstraints(strip_whitespace=True, max_length=32)]
    bank_name: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]
    authorised_reason: Text = ""
    # A payee change references the insured's request or a reason on file (issue 16).
    documented_reason: Text = ""


class AdvanceIn(Strict):
    amount: Annotated[Decimal, Field(gt=0, max_digits=14, decimal_places=2)]
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class ReasonIn(Strict):
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


def instruction_out(instruction: PaymentInstruction, viewer: User) -> dict[str, Any]:
    account = instruction.payee.bank_account
    return {
        "id": instruction.id,
        "claim_id": instruction.claim_id,
        "kind": str(instruction.kind),
        "amount": f"{instruction.amount:.2f}",
        "status": str(instruction.status),
        "payee_name": instruction.payee.name,
        "bank_name": instruction.payee.bank_name,
        "bank_account": account if viewer.can(Permission.VIEW_PII) else mask_bank_account(account),
        "bank_reference": instruction.bank_reference,
        "failure_reason": instruction.failure_reason,
        "batch_id": instruction.batch_id,
    }


@router.get("/api/claims/{claim_id}/payments")
def list_payments(claim_id: Id, user: ApiUser, wiring: WiringDep) -> list[dict[str, Any]]:
    found = payment_flow.claim_payments(wiring.context(), actor=user, claim_id=claim_id)
    return [instruction_out(i, user) for i in found]


@router.post("/api/payments/{instruction_id}/release")
def release(instruction_id: Id, user: ApiUser, wiring: WiringDep) -> dict[str, Any]:
    released = payment_flow.release_payment(
        wiring.context(), actor=user, instruction_id=instruction_id
    )
    return instruction_out(released, user)


@router.post(
    "/api/payments/batches",
    response_class=Response,
    responses=file_responses(
        "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
)
def export_batch(
    user: ApiUser, wiring: WiringDep, format: Literal["csv", "xlsx"] = "csv"
) -> Response:
    batch_id, instructions = payment_flow.export_batch(wiring.context(), actor=user)
    content = batch_csv(instructions) if format == "csv" else batch_xlsx(instructions)
    media = (
        "text/csv"
        if format == "csv"
        else ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    )
    disposition = f'attachment; filename="claimdesk-batch-{batch_id}.{format}"'
    return Response(
        content,
        media_type=media,
        headers={"Content-Disposition": disposition, "X-Batch-Id": str(batch_id)},
    )


@router.post("/api/payments/results")
def import_results(file: UploadFile, user: ApiUser, wiring: WiringDep) -> dict[str, int]:
    # A plain `def`: parsing and the database run in the thread pool, never on the event loop
    # (a 140 KB workbook of a million rows once froze every request for 35 s).
    content = file.file.read(MAX_RESULT_FILE + 1)
    if len(content) > MAX_RESULT_FILE:
        raise InvalidInput("文件过大", "file too large", field="file")
    results = [payment_flow.BankResult(*row) for row in parse_results(content)]
    return payment_flow.import_results(wiring.context(), actor=user, results=results)


@router.post("/api/claims/{claim_id}/payee")
def new_payee(claim_id: Id, body: PayeeIn, user: ApiUser, wiring: WiringDep) -> dict[str, Any]:
    payee = Payee(
        body.name, body.id_number, body.bank_account, body.bank_name, body.authorised_reason
    )
    return instruction_out(
        payment_flow.new_payee(
            wiring.context(),
            actor=user,
            claim_id=claim_id,
            payee=payee,
            documented_reason=body.documented_reason,
        ),
        user,
    )


@router.post("/api/claims/{claim_id}/advance-payments")
def advance(claim_id: Id, body: AdvanceIn, user: ApiUser, wiring: WiringDep) -> dict[str, Any]:
    made = payment_flow.advance_payment(
        wiring.context(), actor=user, claim_id=claim_id, amount=body.amount, reason=body.reason
    )
    return instruction_out(made, user)


@router.post("/api/payments/{instruction_id}/reverse")
def reverse(instruction_id: Id, body: ReasonIn, user: ApiUser, wiring: WiringDep) -> dict[str, Any]:
    return instruction_out(
        payment_flow.reverse_payment(
            wiring.context(), actor=user, instruction_id=instruction_id, reason=body.reason
        ),
        user,
    )


@router.get(
    "/api/payments/{instruction_id}/voucher.pdf",
    response_class=Response,
    responses=file_responses("application/pdf"),
)
def voucher(instruction_id: Id, user: ApiUser, wiring: WiringDep) -> Response:
    return pdf_response(
        documents.payment_voucher(wiring.uow(), user, instruction_id), f"voucher-{instruction_id}"
    )


@router.get(
    "/api/claims/{claim_id}/decision-letter.pdf",
    response_class=Response,
    responses=file_responses("application/pdf"),
)
def decision_letter(claim_id: Id, user: ApiUser, wiring: WiringDep) -> Response:
    document = documents.decision_letter(wiring.uow(), user, claim_id, wiring.products)
    return pdf_response(document, f"decision-{claim_id}")
