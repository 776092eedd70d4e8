"""Material review, notices, stored deadlines, escalations, calendar overrides: rows ⇄ records."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from claimdesk.adapters.db.claim_support import _material_from_row
from claimdesk.adapters.db.models import MaterialRow
from claimdesk.adapters.db.models_materials import (
    CalendarOverrideRow,
    ClaimDeadlineRow,
    EscalationRow,
    NoticeRow,
)
from claimdesk.adapters.db.raw_reads import RawSelect
from claimdesk.adapters.db.read_totals import (
    Contribution,
    apply_deadline_change,
    deadline_contribution,
)
from claimdesk.adapters.db.transaction_memo import (
    CALENDAR,
    DEADLINE_ROWS,
    TransactionMemo,
    forget_in,
)
from claimdesk.domain.claim import Material
from claimdesk.domain.errors import Duplicate, NotFound
from claimdesk.services.ports import CalendarDay, Notice, TrackedDeadline

_MATERIALS = MaterialRow.__table__
# Built once, values as parameters: read on every move (issue 10: building a statement and
# its cache key cost more than running it).
_DEADLINES_FOR = (
    select(ClaimDeadlineRow)
    .where(ClaimDeadlineRow.claim_id == bindparam("claim_id"))
    .order_by(ClaimDeadlineRow.id)
)
_NOTICES_FOR = (
    select(NoticeRow).where(NoticeRow.claim_id == bindparam("claim_id")).order_by(NoticeRow.id)
)
_NOTICES_OF_KIND = _NOTICES_FOR.where(NoticeRow.kind == bindparam("kind"))
_UNCHECKED = ["rejected", "declared"]  # only checked uploads count as the same file
# Built once, run on the driver's cursor (issue 10: one per upload, 963 in the demo load).
_SAME_MATERIAL = RawSelect(
    select(_MATERIALS)
    .where(
        _MATERIALS.c.claim_id == bindparam("claim_id"),
        _MATERIALS.c.code == bindparam("code"),
        _MATERIALS.c.sha256 == bindparam("sha256"),
        _MATERIALS.c.status.not_in(bindparam("unchecked", expanding=True)),
    )
    .limit(1)
)
_DEADLINE_FIELDS = (
    "claim_id",
    "code",
    "started_at",
    "due_at",
    "at_risk_at",
    "done_at",
    "breached_at",
    "cancelled_at",
    "paused_since",
    "paused_days",
)


class SqlClaimTracking:
    def __init__(self, session: Session) -> None:
        self.session = session
        # The deadline rows this transaction read or added, kept so that saving one does not
        # read it again (the identity map holds rows weakly; issue 10). Only this class writes
        # claim_deadlines, through the ORM, so a kept row is the row.
        self._held: TransactionMemo[int | None, ClaimDeadlineRow] = TransactionMemo(
            session, DEADLINE_ROWS
        )

    def material_of(self, claim_id: int, material_id: int) -> Material:
        row = self.session.get(MaterialRow, material_id)
        if row is None or row.claim_id != claim_id:
            raise NotFound("材料 material", material_id)
        return _material_from_row(row)

    def same_material(self, claim_id: int, code: str, sha256: str) -> Material | None:
        self.session.flush()  # this unit's uploads count, as the ORM's read autoflushed
        rows = _SAME_MATERIAL.rows(
            self.session, claim_id=claim_id, code=code, sha256=sha256, unchecked=_UNCHECKED
        )
        return _material_from_row(cast(MaterialRow, rows[0])) if rows else None

    def set_material_status(self, material_id: int, status: str, note: str) -> Material:
        row = self.session.get(MaterialRow, material_id)
        if row is None:
            raise NotFound("材料 material", material_id)
        row.status, row.note = status, note
        self.session.flush()
        return _material_from_row(row)

    def add_notice(self, notice: Notice) -> Notice:
        row = NoticeRow(
            claim_id=notice.claim_id,
            kind=notice.kind,
            items=list(notice.items),
            created_at=notice.created_at,
            sent_at=notice.sent_at,
            channel=notice.channel,
        )
        self.session.add(row)
        self.session.flush()
        return _notice(row)

    def notices_for(self, claim_id: int, kind: str | None = None) -> list[Notice]:
        values: dict[str, object] = {"claim_id": claim_id, "kind": kind}
        query = _NOTICES_FOR if kind is None else _NOTICES_OF_KIND
        return [_notice(row) for row in self.session.execute(query, values).scalars()]

    def add_deadlines(self, deadlines: Sequence[TrackedDeadline]) -> list[TrackedDeadline]:
        """In order, one flush for all (a report opens three: issue 17)."""
        rows = []
        for deadline in deadlines:
            row = ClaimDeadlineRow(uncertain_years=list(deadline.uncertain_years))
            _copy_deadline(deadline, row)
            rows.append(row)
        self.session.add_all(rows)
        self.session.flush()
        for row in rows:
            apply_deadline_change(self.session, None, _counted(row))
        return [_deadline(self._held.put(row.id, row)) for row in rows]

    def save_deadline(self, deadline: TrackedDeadline) -> None:
        row = self._held.get(deadline.id) or self.session.get(ClaimDeadlineRow, deadline.id)
        if row is None:
            raise NotFound("时效 deadline", deadline.id)
        before = _counted(row)
        _copy_deadline(deadline, row)
        self.session.flush()
        apply_deadline_change(self.session, before, _counted(row))

    def record_breach(self, deadline_id: int, at: datetime) -> bool:
        """True when this call recorded the breach. The row is locked and read afresh, so a
        sweep in another process that got there first wins, and a move that closed the
        deadline meanwhile is not overwritten (only `breached_at` is written)."""
        query = (
            select(ClaimDeadlineRow)
            .where(ClaimDeadlineRow.id == deadline_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        row = self.session.execute(query).scalar_one_or_none()
        if row is None or row.breached_at is not None or row.done_at is not None:
            return False
        if row.cancelled_at is not None:
            return False
        before = _counted(row)
        row.breached_at = at
        self.session.flush()
        apply_deadline_change(self.session, before, _counted(row))
        return True

    def deadlines_for(self, claim_id: int) -> list[TrackedDeadline]:
        rows = self.session.execute(_DEADLINES_FOR, {"claim_id": claim_id}).scalars()
        return [_deadline(self._held.put(row.id, row)) for row in rows]

    def open_deadlines(self) -> list[TrackedDeadline]:
        return self._deadlines(
            ClaimDeadlineRow.done_at.is_(None), ClaimDeadlineRow.cancelled_at.is_(None)
        )

    def all_deadlines(self) -> list[TrackedDeadline]:
        return self._deadlines()

    def _deadlines(self, *conditions: object) -> list[TrackedDeadline]:
        query = select(ClaimDeadlineRow).where(*conditions).order_by(ClaimDeadlineRow.id)  # type: ignore[arg-type]
        return [_deadline(row) for row in self.session.execute(query).scalars()]

    def escalate(self, deadline_id: int, kind: str, at: datetime) -> bool:
        """True when this call raised the deadline's one escalation (unique per deadline)."""
        query = select(EscalationRow.id).where(EscalationRow.deadline_id == deadline_id)
        if self.session.execute(query).first() is not None:
            return False
        try:
            with self.session.begin_nested():
                self.session.add(EscalationRow(deadline_id=deadline_id, kind=kind, created_at=at))
        except IntegrityError:
            return False  # a concurrent sweep raised it first
        return True

    def calendar_days(self) -> list[CalendarDay]:
        # Read by each deadline a report starts and closes: once per transaction.
        memo: TransactionMemo[None, tuple[CalendarDay, ...]] = TransactionMemo(
            self.session, CALENDAR
        )
        if (known := memo.get(None)) is not None:
            return list(known)
        query = select(CalendarOverrideRow).order_by(CalendarOverrideRow.day)
        rows = self.session.execute(query).scalars()
        return list(memo.put(None, tuple(CalendarDay(row.day, row.kind, row.note) for row in rows)))

    def add_calendar_day(self, day: CalendarDay) -> CalendarDay:
        if self.session.get(CalendarOverrideRow, day.day) is not None:
            raise Duplicate(
                f"{day.day} 已有日历设置", f"{day.day} already has an override", field="day"
            )
        forget_in(self.session, CALENDAR)
        self.session.add(CalendarOverrideRow(day=day.day, kind=day.kind, note=day.note))
        self.session.flush()
        return day


def _counted(row: ClaimDeadlineRow) -> Contribution:
    """The deadline's share of sla_month_totals (closed and not cancelled)."""
    return deadline_contribution(row.code, row.done_at, row.due_at, row.cancelled_at)


def _copy_deadline(deadline: TrackedDeadline, row: ClaimDeadlineRow) -> None:
    for name in _DEADLINE_FIELDS:
        setattr(row, name, getattr(deadline, name))


def _deadline(row: ClaimDeadlineRow) -> TrackedDeadline:
    return TrackedDeadline(
        id=row.id,
        uncertain_years=tuple(row.uncertain_years or ()),
        **{name: getattr(row, name) for name in _DEADLINE_FIELDS},
    )


def _notice(row: NoticeRow) -> Notice:
    return Notice(
        id=row.id,
        claim_id=row.claim_id,
        kind=row.kind,
        items=tuple(row.items),
        created_at=row.created_at,
        sent_at=row.sent_at,
        channel=row.channel,
    )
