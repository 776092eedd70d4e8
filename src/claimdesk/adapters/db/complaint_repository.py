"""Complaint cases: rows ↔ ComplaintCase, explicitly; keyset pages by id."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from claimdesk.adapters.db.models import ClaimRow
from claimdesk.adapters.db.models_complaints import ComplaintCaseRow
from claimdesk.domain.channels import Channel
from claimdesk.domain.complaints import CaseStatus, RootCause, Severity
from claimdesk.domain.errors import NotFound
from claimdesk.services.complaints.ports import ComplaintCase
from claimdesk.workflow.deadlines import Deadline, TimeLimitCode

Row = ComplaintCaseRow


class SqlComplaints:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, case: ComplaintCase) -> ComplaintCase:
        row = Row(**_values(case))
        self.session.add(row)
        self.session.flush()
        return _case(row)

    def get(self, case_id: int) -> ComplaintCase:
        return _case(self._row(case_id))

    def save(self, case: ComplaintCase) -> ComplaintCase:
        row = self._row(case.id or 0)
        for name, value in _values(case).items():
            setattr(row, name, value)
        self.session.flush()
        return _case(row)

    def page(
        self, *, status: CaseStatus | None, insured_person_id: int | None, after_id: int | None,
        limit: int,
    ) -> list[ComplaintCase]:  # fmt: skip
        query = select(Row).order_by(Row.id).limit(limit)
        if status is not None:
            query = query.where(Row.status == status.value)
        if insured_person_id is not None:
            query = query.where(Row.insured_person_id == insured_person_id)
        if after_id is not None:
            query = query.where(Row.id > after_id)
        return [_case(row) for row in self.session.scalars(query)]

    def received_between(self, start: datetime, end: datetime) -> list[ComplaintCase]:
        query = select(Row).where(Row.received_at >= start, Row.received_at < end)
        return [_case(row) for row in self.session.scalars(query.order_by(Row.id))]

    def by_due_date(self, *, statuses: frozenset[CaseStatus], limit: int) -> list[ComplaintCase]:
        wanted = sorted(status.value for status in statuses)
        query = select(Row).where(Row.status.in_(wanted))
        query = query.order_by(Row.internal_due_at, Row.id).limit(limit)
        return [_case(row) for row in self.session.scalars(query)]

    def for_claim(self, claim_id: int) -> list[ComplaintCase]:
        query = select(Row).where(Row.claim_id == claim_id).order_by(Row.id)
        return [_case(row) for row in self.session.scalars(query)]

    def claim_numbers(self, claim_ids: list[int]) -> dict[int, str]:
        if not claim_ids:
            return {}
        query = select(ClaimRow.id, ClaimRow.claim_no).where(ClaimRow.id.in_(claim_ids))
        return {claim_id: claim_no for claim_id, claim_no in self.session.execute(query)}

    def _row(self, case_id: int) -> Row:
        row = self.session.get(Row, case_id)
        if row is None:
            raise NotFound("投诉 complaint", case_id)
        return row


def _values(case: ComplaintCase) -> dict[str, Any]:
    return {
        "portal_complaint_id": case.portal_complaint_id,
        "claim_id": case.claim_id,
        "insured_person_id": case.insured_person_id,
        "channel": case.channel.value,
        "text": case.text,
        "received_at": case.received_at,
        "created_by": case.created_by,
        "severity": case.severity.value,
        "root_cause": case.root_cause.value if case.root_cause else None,
        "status": case.status.value,
        "internal_code": case.internal.code.value,
        "internal_due_at": case.internal.due_at,
        "internal_at_risk_at": case.internal.at_risk_at,
        "regulator_due_at": case.regulator.due_at,
        "regulator_at_risk_at": case.regulator.at_risk_at,
        "answer": case.answer,
        "answered_at": case.answered_at,
        "satisfied": case.satisfied,
        "customer_comment": case.customer_comment,
        "confirmed_at": case.confirmed_at,
    }


def _case(row: Row) -> ComplaintCase:
    code = TimeLimitCode(row.internal_code)
    regulator = TimeLimitCode.COMPLAINT_REGULATOR
    return ComplaintCase(
        id=row.id,
        claim_id=row.claim_id,
        insured_person_id=row.insured_person_id,
        channel=Channel(row.channel),
        text=row.text,
        received_at=row.received_at,
        created_by=row.created_by,
        internal=Deadline(code, row.received_at, row.internal_due_at, row.internal_at_risk_at),
        regulator=Deadline(
            regulator, row.received_at, row.regulator_due_at, row.regulator_at_risk_at
        ),
        severity=Severity(row.severity),
        root_cause=RootCause(row.root_cause) if row.root_cause else None,
        status=CaseStatus(row.status),
        portal_complaint_id=row.portal_complaint_id,
        answer=row.answer,
        answered_at=row.answered_at,
        satisfied=row.satisfied,
        customer_comment=row.customer_comment,
        confirmed_at=row.confirmed_at,
    )
