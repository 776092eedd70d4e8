"""Complaint handling (投诉处理): logged, classified, answered within time limits, confirmed.

Internal limits: ordinary 3 / major 5 working days (seed 000 长沙中心 5); the regulator's 15
days (银行业保险业消费投诉处理管理办法 第二十八条). Due dates are stored on the case.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.channels import LOGGED_COMPLAINT_CHANNELS, Channel
from claimdesk.domain.complaints import CaseStatus, NewComplaint, RootCause, Severity
from claimdesk.domain.errors import ErrorCode, Forbidden, InvalidInput, NotFound
from claimdesk.domain.refusals import Refused
from claimdesk.domain.users import Permission, Role, User
from claimdesk.services.access import ensure_can_see
from claimdesk.services.complaints.ports import ComplaintCase
from claimdesk.services.context import ServiceContext
from claimdesk.services.notices import use_cases as notifications
from claimdesk.services.ports import Clock, UnitOfWork
from claimdesk.services.tasks.deadlines import working_calendar
from claimdesk.workflow.calendar import WorkingDayCalendar
from claimdesk.workflow.complaints import ComplaintOperation, check_complaint_move
from claimdesk.workflow.deadlines import (
    TimeLimitCode,
    deadline_for,
)

MAX_TEXT = 2000


INTERNAL_LIMIT = {
    Severity.ORDINARY: TimeLimitCode.COMPLAINT_ORDINARY,
    Severity.MAJOR: TimeLimitCode.COMPLAINT_MAJOR,
}


def log_complaint(context: ServiceContext, *, actor: User, new: NewComplaint) -> ComplaintCase:
    """An agent logs a complaint on the customer's behalf (phone, online, walk-in)."""
    uow, clock = context.uow, context.clock
    _require_handler(actor)
    text = _checked_new(new)
    with uow:
        insured_id = new.insured_person_id
        if new.claim_id is not None:
            insured_id = uow.claims.get(new.claim_id).insured_person_id
        case = _received(
            uow, clock.now(), actor, replace(new, text=text, insured_person_id=insured_id)
        )
        case = uow.complaints.add(case)
        _audit(uow, clock, actor, "log_complaint", case, {"channel": case.channel})
        if case.claim_id is not None:
            notifications.on_complaint(uow, clock, case.claim_id, case.id or 0)  # 投诉已受理
        uow.commit()
        return case


def open_portal_case(
    context: ServiceContext, *, actor: User, claim_id: int, portal_complaint_id: int, text: str
) -> ComplaintCase:
    """Hook in portal_feedback.file_complaint (inside its transaction): the case is opened."""
    uow, clock = context.uow, context.clock
    insured_id = uow.claims.get(claim_id).insured_person_id
    new = NewComplaint(Channel.PORTAL, text, claim_id, insured_id)
    case = replace(_received(uow, clock.now(), actor, new), portal_complaint_id=portal_complaint_id)
    return uow.complaints.add(case)


def classify(
    context: ServiceContext, *, actor: User, case_id: int, severity: Severity, root_cause: RootCause
) -> ComplaintCase:
    """Ordinary or major (重大疑难), with a root cause; the internal due date follows."""
    uow, clock = context.uow, context.clock
    _require_handler(actor)
    with uow:
        case = uow.complaints.get(case_id)
        check_complaint_move(ComplaintOperation.CLASSIFY, case.status)
        internal = deadline_for(INTERNAL_LIMIT[severity], case.received_at, working_calendar(uow))
        case = uow.complaints.save(
            replace(case, severity=severity, root_cause=root_cause, internal=internal)
        )
        _audit(uow, clock, actor, "classify_complaint", case,
               {"severity": severity, "root_cause": root_cause})  # fmt: skip
        uow.commit()
        return case


def investigate(context: ServiceContext, *, actor: User, case_id: int, note: str) -> ComplaintCase:
    """调查核实: the handler records what was checked and found; the case stays open."""
    uow, clock = context.uow, context.clock
    _require_handler(actor)
    note = checked_text(note, "note", required=True)
    with uow:
        case = uow.complaints.get(case_id)
        check_complaint_move(ComplaintOperation.INVESTIGATE, case.status)
        _audit(uow, clock, actor, "investigate_complaint", case, {"note": note})
        uow.commit()
        return case


def answer(context: ServiceContext, *, actor: User, case_id: int, text: str) -> ComplaintCase:
    """The handler answers; the customer is told (complaint_answered notice)."""
    uow, clock = context.uow, context.clock
    _require_handler(actor)
    text = checked_text(text, "answer", required=True)
    with uow:
        case = uow.complaints.get(case_id)
        status = check_complaint_move(ComplaintOperation.ANSWER, case.status)
        first = case.answered_at or clock.now()  # the time limit counts the first answer
        case = uow.complaints.save(replace(case, status=status, answer=text, answered_at=first))
        _audit(uow, clock, actor, "answer_complaint", case, {"answer": text})
        if case.claim_id is not None:
            notifications.on_complaint_answered(uow, clock, case.claim_id, case.id or 0, text)
        uow.commit()
        return case


def confirm(
    context: ServiceContext, *, actor: User, case_id: int, satisfied: bool, comment: str
) -> ComplaintCase:
    """The customer accepts the outcome (closed) or is not satisfied (reopened)."""
    uow, clock = context.uow, context.clock
    comment = checked_text(comment, "comment", required=False)
    with uow:
        case = _visible(uow, actor, case_id)
        if actor.role != Role.CUSTOMER:
            raise Forbidden("只有客户本人可以确认", "only the customer can confirm the outcome")
        operation = ComplaintOperation.ACCEPT if satisfied else ComplaintOperation.REOPEN
        status = check_complaint_move(operation, case.status)
        case = uow.complaints.save(replace(
            case, status=status, satisfied=satisfied, customer_comment=comment,
            confirmed_at=clock.now(),
        ))  # fmt: skip
        _audit(uow, clock, actor, "confirm_complaint", case, {"satisfied": satisfied})
        uow.commit()
        return case


def get_case(context: ServiceContext, *, actor: User, case_id: int) -> ComplaintCase:
    uow = context.uow
    with uow:
        return _visible(uow, actor, case_id)


def list_cases(
    context: ServiceContext,
    *,
    actor: User,
    status: CaseStatus | None,
    after_id: int | None,
    limit: int,
) -> list[ComplaintCase]:
    """Staff see every complaint; a customer only their own."""
    uow = context.uow
    own = None if actor.can(Permission.READ_ALL_CLAIMS) else _own_insured(actor)
    with uow:
        return uow.complaints.page(
            status=status, insured_person_id=own, after_id=after_id, limit=limit
        )


def cases_received_between(
    context: ServiceContext, *, actor: User, start: datetime, end: datetime
) -> tuple[list[ComplaintCase], WorkingDayCalendar]:
    """For the monthly report (analytics/complaint_report.py): staff only."""
    uow = context.uow
    if not actor.can(Permission.READ_ALL_CLAIMS):
        raise Forbidden("无权查看投诉报表", "you may not read the complaints report")
    with uow:
        return uow.complaints.received_between(start, end), working_calendar(uow)


def checked_text(text: str, field: str, *, required: bool) -> str:
    text = text.strip()
    if required and not text:
        raise InvalidInput("请填写内容", "please write something", field=field)
    if len(text) > MAX_TEXT:
        raise InvalidInput(
            "内容过长（最多 2000 字）", "too long (2,000 characters at most)", field=field
        )
    return text


def _checked_new(new: NewComplaint) -> str:
    if new.channel not in LOGGED_COMPLAINT_CHANNELS:  # portal ones: filed by the customer
        raise InvalidInput(
            "请选择电话、在线或现场", "choose phone, online or walk-in", field="channel"
        )
    if new.claim_id is None and new.insured_person_id is None:
        raise Refused(ErrorCode.COMPLAINT_SUBJECT_MISSING, field="claim_id")
    return checked_text(new.text, "text", required=True)


def _received(uow: UnitOfWork, now: datetime, actor: User, new: NewComplaint) -> ComplaintCase:
    calendar = working_calendar(uow)
    return ComplaintCase(
        id=None,
        claim_id=new.claim_id,
        insured_person_id=new.insured_person_id,
        channel=new.channel,
        text=new.text,
        received_at=now,
        created_by=actor.id or 0,
        internal=deadline_for(TimeLimitCode.COMPLAINT_ORDINARY, now, calendar),
        regulator=deadline_for(TimeLimitCode.COMPLAINT_REGULATOR, now, calendar),
    )


def _visible(uow: UnitOfWork, actor: User, case_id: int) -> ComplaintCase:
    """A customer sees only their own complaints; to them another's does not exist."""
    case = uow.complaints.get(case_id)
    if case.claim_id is not None:
        ensure_can_see(actor, uow.claims.get(case.claim_id))
    elif not actor.can(Permission.READ_ALL_CLAIMS) and case.insured_person_id != _own_insured(
        actor
    ):
        raise NotFound("投诉 complaint", case_id)
    return case


def _own_insured(actor: User) -> int:
    if actor.insured_person_id is None:
        raise Forbidden("无权查看投诉", "you may not read complaints")
    return actor.insured_person_id


def _require_handler(actor: User) -> None:
    if not actor.can(Permission.HANDLE_COMPLAINTS):
        raise Forbidden(
            "只有坐席或主管可以处理投诉", "only an agent or a manager handles complaints"
        )


def _audit(
    uow: UnitOfWork, clock: Clock, actor: User, action: str, case: ComplaintCase,
    after: dict[str, Any],
) -> None:  # fmt: skip
    entry = AuditEntry(actor=actor.username, action=action, entity_type="complaint",
                       entity_id=str(case.id), after={"status": case.status, **after})  # fmt: skip
    uow.audit.append(entry, clock.now())
