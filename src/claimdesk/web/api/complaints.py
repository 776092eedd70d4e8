"""Complaints API (投诉处理): log, classify, answer, confirm, list; the monthly report."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from claimdesk.analytics.complaint_report import ComplaintReport, complaint_report, month_bounds
from claimdesk.domain.channels import Channel
from claimdesk.domain.complaints import CaseStatus, NewComplaint, RootCause, Severity
from claimdesk.services.complaints import use_cases as service
from claimdesk.services.complaints.ports import ComplaintCase
from claimdesk.web.deps import ApiUser, WiringDep
from claimdesk.web.params import BodyId, CursorQuery, Id, Month

router = APIRouter(tags=["complaints"])
Text = Annotated[str, Field(max_length=service.MAX_TEXT)]


class ComplaintIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    channel: Channel
    text: Text
    claim_id: BodyId | None = None
    insured_person_id: BodyId | None = None


class ClassifyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    severity: Severity
    root_cause: RootCause


class AnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    answer: Text


class ConfirmIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    satisfied: bool
    comment: Text = ""


@router.post("/api/complaints", status_code=201)
def log_complaint(body: ComplaintIn, user: ApiUser, wiring: WiringDep) -> dict[str, Any]:
    new = NewComplaint(body.channel, body.text, body.claim_id, body.insured_person_id)
    return case_out(service.log_complaint(wiring.context(), actor=user, new=new), wiring)


@router.get("/api/complaints")
def list_complaints(
    user: ApiUser,
    wiring: WiringDep,
    status: CaseStatus | None = None,
    cursor: CursorQuery = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    cases = service.list_cases(
        wiring.context(), actor=user, status=status, after_id=cursor, limit=limit
    )
    next_cursor = str(cases[-1].id) if len(cases) == limit else None
    return {"items": [case_out(case, wiring) for case in cases], "next_cursor": next_cursor}


@router.get("/api/complaints/{case_id}")
def get_complaint(case_id: Id, user: ApiUser, wiring: WiringDep) -> dict[str, Any]:
    return case_out(service.get_case(wiring.context(), actor=user, case_id=case_id), wiring)


@router.post("/api/complaints/{case_id}/classify")
def classify(case_id: Id, body: ClassifyIn, user: ApiUser, wiring: WiringDep) -> dict[str, Any]:
    case = service.classify(
        wiring.context(),
        actor=user,
        case_id=case_id,
        severity=body.severity,
        root_cause=body.root_cause,
    )
    return case_out(case, wiring)


@router.post("/api/complaints/{case_id}/answer")
def answer(case_id: Id, body: AnswerIn, user: ApiUser, wiring: WiringDep) -> dict[str, Any]:
    return case_out(
        service.answer(wiring.context(), actor=user, case_id=case_id, text=body.answer), wiring
    )


@router.post("/api/complaints/{case_id}/confirm")
def confirm(case_id: Id, body: ConfirmIn, user: ApiUser, wiring: WiringDep) -> dict[str, Any]:
    case = service.confirm(
        wiring.context(),
        actor=user,
        case_id=case_id,
        satisfied=body.satisfied,
        comment=body.comment,
    )
    return case_out(case, wiring)


@router.get("/api/reports/complaints")
def monthly_report(
    user: ApiUser,
    wiring: WiringDep,
    month: Month,
) -> dict[str, Any]:
    start, end = month_bounds(month)
    cases, calendar = service.cases_received_between(
        wiring.context(), actor=user, start=start, end=end
    )
    return report_out(complaint_report(month, cases, wiring.clock.now(), calendar))


def case_out(case: ComplaintCase, wiring: WiringDep) -> dict[str, Any]:
    now = wiring.clock.now()
    return {
        "id": case.id,
        "claim_id": case.claim_id,
        "channel": case.channel,
        "text": case.text,
        "received_at": case.received_at.isoformat(),
        "severity": case.severity,
        "root_cause": case.root_cause,
        "status": case.status,
        "internal_due_at": case.internal.due_at.isoformat(),
        "internal_status": case.internal_status(now),
        "regulator_due_at": case.regulator.due_at.isoformat(),
        "regulator_status": case.regulator_status(now),
        "answer": case.answer,
        "answered_at": case.answered_at.isoformat() if case.answered_at else None,
        "satisfied": case.satisfied,
        "customer_comment": case.customer_comment,
    }


def report_out(report: ComplaintReport) -> dict[str, Any]:
    def number(value: Any) -> str | None:
        return None if value is None else str(value)

    return {
        "month": report.month,
        "received": report.received,
        "by_severity": report.by_severity,
        "by_root_cause": report.by_root_cause,
        "internal_on_time_rate": number(report.internal_on_time_rate),
        "regulator_on_time_rate": number(report.regulator_on_time_rate),
        "average_working_days_to_answer": number(report.average_working_days_to_answer),
    }
