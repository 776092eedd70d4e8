"""Payee-change requests: rows ⇄ records; decisions are compare-and-set on the status."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from claimdesk.adapters.db.models_payments import PayeeChangeRow
from claimdesk.domain.errors import NotFound
from claimdesk.domain.payee_change import (
    OPEN,
    PayeeChangeRequest,
    PayeeChangeStatus,
    PayeeDocument,
    PayeeDocumentKind,
)
from claimdesk.domain.payment import Payee

Row = PayeeChangeRow


class SqlPayeeChanges:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, request: PayeeChangeRequest) -> PayeeChangeRequest:
        payee, document = request.payee, request.document
        row = Row(
            claim_id=request.claim_id,
            payee_name=payee.name,
            payee_id_number=payee.id_number,
            bank_account=payee.bank_account,
            bank_name=payee.bank_name,
            authorised_reason=payee.authorised_reason,
            document_kind=document.kind,
            document_name=document.file_name,
            document_type=document.content_type,
            document_size=document.size,
            document_sha256=document.sha256,
            reason=request.reason,
            status=request.status,
            requested_by=request.requested_by,
            requested_at=request.requested_at,
        )
        self.session.add(row)
        self.session.flush()
        return _request(row)

    def get(self, request_id: int) -> PayeeChangeRequest:
        row = self.session.get(Row, request_id, populate_existing=True)
        if row is None:
            raise NotFound("收款账户变更申请 payee change request", request_id)
        return _request(row)

    def for_claim(self, claim_id: int) -> list[PayeeChangeRequest]:
        query = select(Row).where(Row.claim_id == claim_id).order_by(Row.id)
        return [_request(row) for row in self.session.execute(query).scalars()]

    def open_requests(self) -> list[PayeeChangeRequest]:
        query = select(Row).where(Row.status.in_([str(s) for s in OPEN])).order_by(Row.id)
        return [_request(row) for row in self.session.execute(query).scalars()]

    def move(
        self, request_id: int, frm: PayeeChangeStatus, to: PayeeChangeStatus, **values: object
    ) -> bool:
        """UPDATE … WHERE status = frm: of two racing decisions exactly one sees True."""
        result = self.session.execute(
            update(Row).where(Row.id == request_id, Row.status == frm).values(status=to, **values)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


def _request(row: Row) -> PayeeChangeRequest:
    payee = Payee(
        row.payee_name, row.payee_id_number, row.bank_account, row.bank_name, row.authorised_reason
    )
    document = PayeeDocument(
        PayeeDocumentKind(row.document_kind),
        row.document_name,
        row.document_type,
        row.document_size,
        row.document_sha256,
    )
    return PayeeChangeRequest(
        row.id,
        row.claim_id,
        payee,
        document,
        row.reason,
        PayeeChangeStatus(row.status),
        row.requested_by,
        row.requested_at,
        row.proposed_by,
        row.proposed_at,
        row.decided_by,
        row.decided_at,
        row.decision_reason,
        row.instruction_id,
    )
