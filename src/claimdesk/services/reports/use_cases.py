"""Reports use cases: generate and store the monthly 理赔时效监测表, mark it submitted (before
the 5th, seed 002 1.4.1), and the staff's 未结案原因 on a claim.

The figures are computed by the read side (analytics), passed in as `FigureSource`, so this
slice stores and audits them without importing the read side.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.errors import ErrorCode
from claimdesk.domain.milestones import SETTLED, OpenReason
from claimdesk.domain.months import (
    Month,
    SubmissionReminder,
    previous_month,
    submission_reminder,
)
from claimdesk.domain.refusals import Refused
from claimdesk.domain.users import Permission, User
from claimdesk.services.access import ensure_can_see, require
from claimdesk.services.context import ServiceContext
from claimdesk.services.ports import Clock, UnitOfWork
from claimdesk.services.reports.ports import StoredReport

SYSTEM = "system"
FigureSource = Callable[[UnitOfWork, Month, datetime], dict[str, Any]]


def monthly_report(
    context: ServiceContext, *, actor: User, month: Month, figures: FigureSource
) -> StoredReport:
    """Generate (and store) the month's report; once submitted, the submitted one stays."""
    uow, clock = context.uow, context.clock
    require(actor, Permission.READ_REPORTS)
    report = _generate(uow, clock, actor.username, month, figures, only_if_missing=False)
    assert report is not None  # only_if_missing=False always answers a report
    return report


def operator_report(
    context: ServiceContext, *, month: Month, figures: FigureSource
) -> StoredReport:
    """For the command line, which runs as the operator of the installation (audited as cli)."""
    uow, clock = context.uow, context.clock
    report = _generate(uow, clock, "cli", month, figures, only_if_missing=False)
    assert report is not None
    return report


def last_month_report(context: ServiceContext, *, figures: FigureSource) -> bool:
    """The 1st-of-month job (run by every SLA sweep): last month's report, once. True if made."""
    uow, clock = context.uow, context.clock
    month = previous_month(clock.now())
    return _generate(uow, clock, SYSTEM, month, figures, only_if_missing=True) is not None


def _generate(
    uow: UnitOfWork, clock: Clock, by: str, month: Month, figures: FigureSource,
    *, only_if_missing: bool,
) -> StoredReport | None:  # fmt: skip
    with uow:
        stored = uow.reports.get(str(month))
        if stored is not None and (only_if_missing or stored.submitted_at is not None):
            return None if only_if_missing else stored
        now = clock.now()
        saved = uow.reports.save(StoredReport(str(month), now, by, figures(uow, month, now)))
        uow.audit.append(_entry(by, "generate_monitoring_report", saved), now)
        uow.commit()
        return saved


def submit_report(context: ServiceContext, *, actor: User, month: Month) -> StoredReport:
    """报送: record who marked the month's report as submitted to the regulator, and when."""
    uow, clock = context.uow, context.clock
    require(actor, Permission.READ_REPORTS)
    with uow:
        submitted = uow.reports.mark_submitted(str(month), actor.username, clock.now())
        uow.audit.append(_entry(actor.username, "submit_monitoring_report", submitted), clock.now())
        uow.commit()
        return submitted


def stored_reports(context: ServiceContext, *, actor: User, limit: int = 24) -> list[StoredReport]:
    uow = context.uow
    require(actor, Permission.READ_REPORTS)
    with uow:
        return uow.reports.recent(limit)


def stored_report(context: ServiceContext, *, actor: User, month: Month) -> StoredReport | None:
    uow = context.uow
    require(actor, Permission.READ_REPORTS)
    with uow:
        return uow.reports.get(str(month))


def set_open_reason(
    context: ServiceContext, *, actor: User, claim_id: int, reason: OpenReason, note: str
) -> None:
    """未结案原因 set by staff; it holds until the claim's next move (the projection keeps it)."""
    uow, clock = context.uow, context.clock
    _record_reason(uow, clock, actor, claim_id, "set_open_reason",
                   {"code": str(reason), "note": note.strip()[:200]})  # fmt: skip


def clear_open_reason(context: ServiceContext, *, actor: User, claim_id: int) -> None:
    uow, clock = context.uow, context.clock
    _record_reason(uow, clock, actor, claim_id, "clear_open_reason", None)


def _record_reason(
    uow: UnitOfWork, clock: Clock, actor: User, claim_id: int, action: str,
    after: dict[str, Any] | None,
) -> None:  # fmt: skip
    require(actor, Permission.SET_OPEN_REASON)
    with uow:
        claim = uow.claims.get(claim_id)
        ensure_can_see(actor, claim)
        if claim.status in SETTLED:
            raise Refused(ErrorCode.OPEN_REASON_CLAIM_SETTLED, field="claim_id")
        entry = AuditEntry(actor.username, action, "claim", str(claim_id), None, after)
        uow.audit.append(entry, clock.now())
        uow.commit()


def _entry(by: str, action: str, report: StoredReport) -> AuditEntry:
    after = {"version": report.version, "submitted_by": report.submitted_by}
    return AuditEntry(by, action, "monitoring_report", report.month, None, after)


def submission_due(context: ServiceContext, *, actor: User) -> SubmissionReminder | None:
    """The reminder managers see (reports page, dashboard) until last month's 理赔时效监测表 is
    marked submitted; None for those who do not report."""
    if not actor.can(Permission.READ_REPORTS):
        return None
    now = context.clock.now()
    with context.uow as uow:
        stored = uow.reports.get(str(previous_month(now)))
    return submission_reminder(now, stored is not None and stored.submitted_at is not None)
