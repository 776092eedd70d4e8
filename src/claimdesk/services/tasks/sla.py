"""SLA sweep (escalate before breach, record breaches) and the calendar overrides admin.

The sweep is idempotent: one escalation per deadline (unique), `breached_at` set once, and a
run that finds nothing new writes nothing — not even an audit record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.errors import InvalidInput
from claimdesk.domain.users import Permission, User
from claimdesk.services.access import require
from claimdesk.services.context import ServiceContext
from claimdesk.services.ports import CalendarDay, TrackedDeadline, UnitOfWork
from claimdesk.services.tasks.deadlines import as_deadline
from claimdesk.workflow.deadlines import DeadlineStatus, deadline_status

SYSTEM = "system"
OVERRIDE_KINDS = ("holiday", "workday")
_ESCALATE = (DeadlineStatus.AT_RISK, DeadlineStatus.BREACHED)


@dataclass(frozen=True)
class SweepEvent:
    deadline_id: int
    claim_id: int
    code: str
    kind: str  # escalated_at_risk | escalated_breached | breach_recorded


@dataclass(frozen=True)
class SweepResult:
    at: datetime
    events: tuple[SweepEvent, ...]

    def count(self, kind: str) -> int:
        return sum(1 for event in self.events if event.kind == kind)


def sweep(context: ServiceContext) -> SweepResult:
    """Escalate at-risk and breached open deadlines once; record each breach once."""
    uow, clock = context.uow, context.clock
    with uow:
        now = clock.now()
        events = [
            event
            for deadline in uow.tracking.open_deadlines()
            if deadline.paused_since is None  # awaiting the claimant: the clock is stopped
            for event in _sweep_one(uow, deadline, now)
        ]
        if events:
            uow.audit.append(_sweep_entry(events), now)
        uow.commit()
        return SweepResult(now, tuple(events))


def _sweep_one(uow: UnitOfWork, deadline: TrackedDeadline, now: datetime) -> list[SweepEvent]:
    assert deadline.id is not None
    status = deadline_status(as_deadline(deadline), now)
    events = []
    if (
        status is DeadlineStatus.BREACHED
        and deadline.breached_at is None
        and uow.tracking.record_breach(deadline.id, now)  # once, whichever sweep gets there
    ):
        events.append(_event(deadline, "breach_recorded"))
    if status in _ESCALATE and uow.tracking.escalate(deadline.id, str(status), now):
        events.append(_event(deadline, f"escalated_{status}"))
    return events


def _event(deadline: TrackedDeadline, kind: str) -> SweepEvent:
    assert deadline.id is not None
    return SweepEvent(deadline.id, deadline.claim_id, deadline.code, kind)


def _sweep_entry(events: list[SweepEvent]) -> AuditEntry:
    return AuditEntry(
        actor=SYSTEM,
        action="sla_sweep",
        entity_type="sla",
        entity_id="sweep",
        after={"events": [vars(event) for event in events]},
    )


def sla_deadlines(context: ServiceContext, *, actor: User) -> list[TrackedDeadline]:
    """Every stored deadline, for the SLA report (managers and auditors)."""
    uow = context.uow
    require(actor, Permission.READ_AUDIT)
    with uow:
        return uow.tracking.all_deadlines()


def all_deadlines(context: ServiceContext) -> list[TrackedDeadline]:
    """For the command line, which runs as the operator of the installation."""
    uow = context.uow
    with uow:
        return uow.tracking.all_deadlines()


def calendar_overrides(context: ServiceContext, *, actor: User) -> list[CalendarDay]:
    uow = context.uow
    require(actor, Permission.MANAGE_USERS)
    with uow:
        return uow.tracking.calendar_days()


def add_calendar_override(
    context: ServiceContext, *, actor: User, day: date, kind: str, note: str
) -> CalendarDay:
    """An extra holiday or make-up working day; it wins over the official schedule."""
    uow, clock = context.uow, context.clock
    require(actor, Permission.MANAGE_USERS)
    if kind not in OVERRIDE_KINDS:
        raise InvalidInput(
            "类型应为 holiday 或 workday", "kind must be holiday or workday", field="kind"
        )
    with uow:
        added = uow.tracking.add_calendar_day(CalendarDay(day, kind, note.strip()))
        entry = AuditEntry(
            actor=actor.username,
            action="calendar_override",
            entity_type="calendar",
            entity_id=day.isoformat(),
            after={"kind": kind, "note": added.note},
        )
        uow.audit.append(entry, clock.now())
        uow.commit()
        return added
