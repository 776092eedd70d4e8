"""Deadlines stored on the claim (时效): opened, closed, paused and cancelled at lifecycle points.

Called inside the transaction of the move that causes them; due dates come from the pure
`workflow.deadlines` over the working-day calendar with the admin's overrides.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.claim import Claim, ClaimStatus
from claimdesk.domain.users import User
from claimdesk.services.access import ensure_can_see
from claimdesk.services.ports import Clock, Notice, TrackedDeadline, UnitOfWork
from claimdesk.services.tasks.fast_track import is_fast_track
from claimdesk.workflow.calendar import CalendarOverrides, WorkingDayCalendar
from claimdesk.workflow.deadlines import (
    SHANGHAI,
    Deadline,
    DeadlineStatus,
    TimeLimitCode,
    deadline_for,
    deadline_status,
    default_time_limits,
    paused_days_between,
)

S, T = ClaimStatus, TimeLimitCode
# 立案 within 48 hours of the report (seed 000), on every line of business.
ON_REPORT = (T.MISSING_MATERIALS_NOTICE, T.FIRST_FEEDBACK, T.REGISTRATION)
# 保险法 第二十三条 / 第二十五条, seed 002 1.1.2: counted from complete materials.
ON_COMPLETE = (T.DECISION_AFTER_MATERIALS, T.DECISION_WITHOUT_DISPUTE, T.ADVANCE_PAYMENT)
DECISIONS = (T.DECISION_AFTER_MATERIALS, T.DECISION_WITHOUT_DISPUTE, T.COMPLEX_CASE_OPINION,
             T.FAST_TRACK_DECISION)  # fmt: skip
PAYMENTS = (T.INPATIENT_PAYMENT, T.ADVANCE_PAYMENT, T.PAYMENT_AFTER_AGREEMENT)
CANCELLED = "cancelled"


def working_calendar(uow: UnitOfWork) -> WorkingDayCalendar:
    days = uow.tracking.calendar_days()
    return WorkingDayCalendar(
        CalendarOverrides(
            holidays=frozenset(d.day for d in days if d.kind == "holiday"),
            workdays=frozenset(d.day for d in days if d.kind == "workday"),
        )
    )


def start_report_deadlines(uow: UnitOfWork, claim: Claim) -> None:
    """On report: the one-time notice, the first feedback and registration (立案)."""
    _start(uow, claim, ON_REPORT, claim.reported_at)


def track_move(uow: UnitOfWork, clock: Clock, before: Claim, moved: Claim) -> None:
    """Open, close, pause or cancel the claim's deadlines for one lifecycle move."""
    now, status = clock.now(), moved.status
    if before.status == S.MATERIALS_PENDING and status != S.MATERIALS_PENDING:
        _resume(uow, moved, now)
    if status == S.ACCEPTED:
        _close(uow, moved, (T.FIRST_FEEDBACK,), now)
    elif status == S.MATERIALS_PENDING:
        _pause(uow, moved, now)
    elif status == S.UNDER_REVIEW:
        _on_complete_materials(uow, moved, now)
    elif status == S.INVESTIGATION:
        leave_fast_track(uow, moved, now)  # investigated: not a small quick case any more
        if not _existing(uow, moved, T.COMPLEX_CASE_OPINION):
            _start(uow, moved, (T.COMPLEX_CASE_OPINION,), now)  # a complex case: opinion due
    elif status == S.APPROVED:
        _cancel(uow, moved, (T.PREPAYMENT_ESTIMATE,), now)  # decided: no estimate is due
        _close(uow, moved, DECISIONS, now)
        _start(uow, moved, (T.PAYMENT_AFTER_AGREEMENT,), now)
    elif status == S.DENIED:
        _on_denial(uow, clock, moved, now)
    elif status == S.PAID:
        _close(uow, moved, PAYMENTS, now)
    elif status == S.WITHDRAWN:
        _cancel(uow, moved, tuple(T), now)
    elif status == S.CLOSED and moved.approval is not None and not moved.approval.amount:
        _cancel(uow, moved, PAYMENTS, now)  # 零赔付结案: nothing to pay, no payment limit


def registered(uow: UnitOfWork, claim: Claim, at: datetime) -> None:
    """立案 done: the 48-hour registration limit is met (or breached) now."""
    _close(uow, claim, (T.REGISTRATION,), at)


def start_estimate_limit(uow: UnitOfWork, claim: Claim) -> None:
    """预赔 2 小时: from the report, for a claim with an amount to estimate (issue 15)."""
    _start(uow, claim, (T.PREPAYMENT_ESTIMATE,), claim.reported_at)


def estimate_given(uow: UnitOfWork, claim: Claim, at: datetime) -> None:
    """The estimate is stored: the 2-hour limit is met (or breached) now."""
    _close(uow, claim, (T.PREPAYMENT_ESTIMATE,), at)


def start_fast_track_documents(uow: UnitOfWork, claim: Claim, at: datetime) -> None:
    """A simple auto case after its survey: documents within two working days (小额快赔);
    met when the materials are complete, so not started once they already are."""
    if claim.status in (S.REPORTED, S.ACCEPTED, S.MATERIALS_PENDING):
        _start(uow, claim, (T.FAST_TRACK_DOCUMENTS,), at)


def leave_fast_track(uow: UnitOfWork, claim: Claim, at: datetime) -> None:
    """The claim left the fast track (panel, investigation, over the limit): its own
    decision limit no longer applies (cancelled, not counted in the SLA report)."""
    _cancel(uow, claim, (T.FAST_TRACK_DECISION,), at)


def materials_checked(uow: UnitOfWork, claim: Claim, at: datetime) -> None:
    """The customer has been told what is missing (or that nothing is): 一次性告知 done."""
    _close(uow, claim, (T.MISSING_MATERIALS_NOTICE,), at)


def _on_complete_materials(uow: UnitOfWork, claim: Claim, now: datetime) -> None:
    _close(uow, claim, (T.FAST_TRACK_DOCUMENTS,), now)  # 小额快赔: the documents are in
    if not _existing(uow, claim, T.FAST_TRACK_DECISION) and is_fast_track(uow, claim):
        _start(uow, claim, (T.FAST_TRACK_DECISION,), now)  # decided within 3 days
    if _existing(uow, claim, T.DECISION_AFTER_MATERIALS):
        return  # only the first time the materials are complete
    inpatient = any(visit.kind == "inpatient" for visit in claim.visits)
    _start(uow, claim, ON_COMPLETE + ((T.INPATIENT_PAYMENT,) if inpatient else ()), now)


def _on_denial(uow: UnitOfWork, clock: Clock, claim: Claim, now: datetime) -> None:
    """保险法 第二十四条: a refusal notice with the reasons within 3 days of the decision."""
    _close(uow, claim, DECISIONS, now)
    _cancel(uow, claim, (*PAYMENTS, T.PREPAYMENT_ESTIMATE), now)
    _start(uow, claim, (T.REFUSAL_NOTICE,), now)
    item = {
        "reason": claim.status_reason,
        "reason_codes": list(claim.denial.reason_codes) if claim.denial else [],
        "clause": claim.denial.clause if claim.denial else "",
    }
    notice = uow.tracking.add_notice(Notice(None, _id(claim), "refusal", (item,), now, now))
    uow.audit.append(notice_entry("system", notice), now)
    _close(uow, claim, (T.REFUSAL_NOTICE,), now)


def notice_entry(actor: str, notice: Notice) -> AuditEntry:
    return AuditEntry(
        actor=actor,
        action=f"notice:{notice.kind}",
        entity_type="claim",
        entity_id=str(notice.claim_id),
        after={"notice": notice.id, "items": list(notice.items), "channel": notice.channel},
    )


def _start(uow: UnitOfWork, claim: Claim, codes: Iterable[TimeLimitCode], at: datetime) -> None:
    calendar = working_calendar(uow)
    # Read once: the codes are distinct, so adding one never opens another.
    already_open = {d.code for d in _all_open(uow, claim)}
    due = [(code, deadline_for(code, at, calendar)) for code in codes if code not in already_open]
    if due:
        uow.tracking.add_deadlines(
            [
                TrackedDeadline(
                    None,
                    _id(claim),
                    code,
                    at,
                    deadline.due_at,
                    deadline.at_risk_at,
                    tuple(sorted(deadline.uncertain_years)),
                )
                for code, deadline in due
            ]
        )


def _close(uow: UnitOfWork, claim: Claim, codes: Iterable[TimeLimitCode], at: datetime) -> None:
    open_now = _open_by_code(uow, claim)
    for code in codes:
        if (deadline := open_now.get(code)) is not None:
            uow.tracking.save_deadline(replace(_resumed(uow, deadline, at), done_at=at))


def _cancel(uow: UnitOfWork, claim: Claim, codes: Iterable[TimeLimitCode], at: datetime) -> None:
    open_now = _open_by_code(uow, claim)
    for code in codes:
        if (deadline := open_now.get(code)) is not None:
            uow.tracking.save_deadline(replace(deadline, cancelled_at=at, paused_since=None))


def _pause(uow: UnitOfWork, claim: Claim, at: datetime) -> None:
    """Awaiting the claimant's materials is not counted (保险法司法解释（二）第十五条)."""
    limits = default_time_limits()
    for deadline in _all_open(uow, claim):
        if limits[T(deadline.code)].pausable and deadline.paused_since is None:
            uow.tracking.save_deadline(replace(deadline, paused_since=at))


def _resume(uow: UnitOfWork, claim: Claim, at: datetime) -> None:
    for deadline in _all_open(uow, claim):
        if deadline.paused_since is not None:
            uow.tracking.save_deadline(_resumed(uow, deadline, at))


def _resumed(uow: UnitOfWork, deadline: TrackedDeadline, at: datetime) -> TrackedDeadline:
    """Add the paused calendar days back and recompute the due date."""
    if deadline.paused_since is None:
        return deadline
    pause = (_local_day(deadline.paused_since), _local_day(at))
    paused = deadline.paused_days + paused_days_between([pause])
    code = T(deadline.code)
    due = deadline_for(code, deadline.started_at, working_calendar(uow), paused_days=paused)
    return replace(
        deadline,
        due_at=due.due_at,
        at_risk_at=due.at_risk_at,
        uncertain_years=tuple(sorted(due.uncertain_years)),
        paused_since=None,
        paused_days=paused,
    )


def _open_by_code(uow: UnitOfWork, claim: Claim) -> dict[str, TrackedDeadline]:
    """The first open deadline of each code, read once for all the codes a step closes or
    cancels (issue 10: one read per code was most of a move's deadline work). Saving one
    code's deadline never changes which deadline of another code is open."""
    open_now: dict[str, TrackedDeadline] = {}
    for deadline in _all_open(uow, claim):
        open_now.setdefault(deadline.code, deadline)
    return open_now


def _existing(uow: UnitOfWork, claim: Claim, code: TimeLimitCode) -> bool:
    return any(d.code == code for d in uow.tracking.deadlines_for(_id(claim)))


def _all_open(uow: UnitOfWork, claim: Claim) -> list[TrackedDeadline]:
    deadlines = uow.tracking.deadlines_for(_id(claim))
    return [d for d in deadlines if d.done_at is None and d.cancelled_at is None]


def status_of(deadline: TrackedDeadline, now: datetime) -> str:
    """on_track / at_risk / breached / met — or cancelled when the step no longer applies."""
    if deadline.cancelled_at is not None:
        return CANCELLED
    return str(deadline_status(as_deadline(deadline), now, done_at=deadline.done_at))


def as_deadline(deadline: TrackedDeadline) -> Deadline:
    return Deadline(
        T(deadline.code),
        deadline.started_at,
        deadline.due_at,
        deadline.at_risk_at,
        frozenset(deadline.uncertain_years),
    )


def claim_deadlines(
    uow: UnitOfWork, clock: Clock, actor: User, claim_id: int
) -> list[tuple[TrackedDeadline, str]]:
    """The claim's deadlines with their status now (whoever may see the claim)."""
    with uow:
        ensure_can_see(actor, uow.claims.get(claim_id))
        now = clock.now()
        return [(d, status_of(d, now)) for d in uow.tracking.deadlines_for(claim_id)]


def is_breached(deadline: TrackedDeadline, now: datetime) -> bool:
    return deadline_status(as_deadline(deadline), now) is DeadlineStatus.BREACHED


def _local_day(moment: datetime) -> date:
    return moment.astimezone(SHANGHAI).date()


def _id(claim: Claim) -> int:
    assert claim.id is not None
    return claim.id
