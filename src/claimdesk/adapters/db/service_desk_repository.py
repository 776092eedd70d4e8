"""The service desk's repository: consultations, callbacks and the satisfaction read side."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from claimdesk.adapters.db.models import ClaimRow
from claimdesk.adapters.db.models_portal import RatingRow
from claimdesk.adapters.db.models_service_desk import CallbackRow, ConsultationRow
from claimdesk.adapters.db.models_tasks import TaskRow
from claimdesk.domain.channels import Channel
from claimdesk.domain.service_desk import Callback, CallbackDue, CallbackMade, Consultation

CALL_BACK = "call_back"


class SqlServiceDesk:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_consultation(self, consultation: Consultation) -> Consultation:
        values = vars(consultation) | {"channel": str(consultation.channel)}
        row = ConsultationRow(**{k: v for k, v in values.items() if k != "id"})
        self.session.add(row)
        self.session.flush()
        return _consultation(row)

    def consultations(self, *, after_id: int | None, limit: int) -> list[Consultation]:
        query = select(ConsultationRow).order_by(ConsultationRow.id.desc()).limit(limit)
        if after_id is not None:
            query = query.where(ConsultationRow.id < after_id)
        return [_consultation(row) for row in self.session.scalars(query)]

    def add_callback(self, callback: Callback) -> Callback:
        row = CallbackRow(**{k: v for k, v in vars(callback).items() if k != "id"})
        self.session.add(row)
        self.session.flush()
        return _callback(row)

    def close_callback_task(self, claim_id: int, at: datetime) -> bool:
        statement = (
            update(TaskRow)
            .where(
                TaskRow.claim_id == claim_id, TaskRow.kind == CALL_BACK, TaskRow.status == "open"
            )
            .values(status="done", done_at=at)
        )
        return bool(getattr(self.session.execute(statement), "rowcount", 0))

    def callbacks_between(self, start: datetime, end: datetime) -> list[Callback]:
        query = select(CallbackRow).where(
            CallbackRow.created_at >= start, CallbackRow.created_at < end
        )
        return [_callback(row) for row in self.session.scalars(query.order_by(CallbackRow.id))]

    def rating_scores_between(self, start: datetime, end: datetime) -> list[int]:
        query = select(RatingRow.score).where(
            RatingRow.created_at >= start, RatingRow.created_at < end
        )
        return list(self.session.scalars(query))

    def callback_tasks_between(self, start: datetime, end: datetime) -> int:
        query = select(func.count(TaskRow.id)).where(
            TaskRow.kind == CALL_BACK, TaskRow.created_at >= start, TaskRow.created_at < end
        )
        return int(self.session.scalar(query) or 0)

    def due_callbacks(self, *, limit: int) -> list[CallbackDue]:
        query = (
            select(TaskRow.claim_id, ClaimRow.claim_no, TaskRow.due_at)
            .join(ClaimRow, ClaimRow.id == TaskRow.claim_id)
            .where(TaskRow.kind == CALL_BACK, TaskRow.status == "open")
            .order_by(TaskRow.due_at, TaskRow.id)
            .limit(limit)
        )
        return [CallbackDue(*row) for row in self.session.execute(query)]

    def recent_callbacks(self, *, limit: int) -> list[CallbackMade]:
        query = (
            select(CallbackRow, ClaimRow.claim_no)
            .join(ClaimRow, ClaimRow.id == CallbackRow.claim_id)
            .order_by(CallbackRow.id.desc())
            .limit(limit)
        )
        return [
            CallbackMade(_callback(row), claim_no) for row, claim_no in self.session.execute(query)
        ]


def _consultation(row: ConsultationRow) -> Consultation:
    return Consultation(
        row.id, row.insured_person_id, Channel(row.channel), row.question, row.answer,
        row.faq_id, row.created_at, row.created_by,
    )  # fmt: skip


def _callback(row: CallbackRow) -> Callback:
    return Callback(
        row.id, row.claim_id, row.reached, row.score, row.comment, row.created_at, row.created_by
    )
