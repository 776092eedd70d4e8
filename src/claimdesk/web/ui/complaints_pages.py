"""Complaints desk (投诉工作台): the queue by due date, one complaint with its named actions,
the customer's confirmation from the portal, and the monthly complaints report.

Same use cases as the JSON API (services/complaints); every action is audited there.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from claimdesk.analytics.complaint_report import ComplaintReport, complaint_report, month_bounds
from claimdesk.domain import labels
from claimdesk.domain.complaints import CaseStatus, RootCause, Severity, reference
from claimdesk.domain.errors import DomainError, InvalidInput
from claimdesk.domain.users import User
from claimdesk.services.complaints import desk
from claimdesk.services.complaints import use_cases as service
from claimdesk.services.complaints.ports import ComplaintCase
from claimdesk.web.deps import SessionUser, WiringDep
from claimdesk.web.params import Id
from claimdesk.web.ui.flash import flash
from claimdesk.web.ui.views import check_csrf, field_errors, language, render

router = APIRouter(include_in_schema=False)
QUEUE_SIZE = 100
Csrf = Annotated[str, Form()]
Text = Annotated[str, Form(max_length=service.MAX_TEXT)]
STATUSES = {"": None, **{status.value: status for status in CaseStatus}}


@router.get("/complaints")
def desk_page(
    request: Request, user: SessionUser, wiring: WiringDep, status: str = "", month: str = ""
) -> Response:
    wanted = STATUSES.get(status)
    cases, claim_nos = desk.desk_queue(
        wiring.context(), actor=user, status=wanted, limit=QUEUE_SIZE
    )
    now = wiring.clock.now()
    month = _month(month, now)
    report = report_rows(_report(wiring, user, month), language(request))
    rows = [_row(case, now) for case in cases]
    return render(request, "complaints.html", user=user, rows=rows, claim_nos=claim_nos,
                  status=status, statuses=list(CaseStatus), month=month, report=report)  # fmt: skip


@router.get("/complaints/report.csv")
def report_csv(request: Request, user: SessionUser, wiring: WiringDep, month: str = "") -> Response:
    desk.require_desk(user)
    month = _month(month, wiring.clock.now())
    report = _report(wiring, user, month)
    lang = language(request)
    out = io.StringIO()
    writer = csv.writer(out)
    for row in report_rows(report, lang):
        writer.writerow(row)
    headers = {"Content-Disposition": f'attachment; filename="complaints-{month}.csv"'}
    # A byte-order mark so Excel opens the Chinese text as UTF-8.
    return Response("\ufeff" + out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers=headers)  # fmt: skip


@router.get("/complaints/{case_id}")
def case_page(case_id: Id, request: Request, user: SessionUser, wiring: WiringDep) -> Response:
    return _case_view(request, user, wiring, case_id)


@router.post("/complaints/{case_id}/classify")
def classify(
    case_id: Id,
    request: Request,
    user: SessionUser,
    wiring: WiringDep,
    csrf_token: Csrf,
    severity: Annotated[Severity, Form()],
    root_cause: Annotated[RootCause, Form()],
) -> Response:
    check_csrf(request, csrf_token)
    return _act(
        request,
        user,
        wiring,
        case_id,
        ("已分类", "classified"),
        lambda: service.classify(
            wiring.context(), actor=user, case_id=case_id, severity=severity, root_cause=root_cause
        ),
    )


@router.post("/complaints/{case_id}/investigate")
def investigate(
    case_id: Id, request: Request, user: SessionUser, wiring: WiringDep, csrf_token: Csrf,
    note: Text = "",
) -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    done = ("已记录调查情况", "investigation noted")
    return _act(
        request,
        user,
        wiring,
        case_id,
        done,
        lambda: service.investigate(wiring.context(), actor=user, case_id=case_id, note=note),
    )


@router.post("/complaints/{case_id}/answer")
def answer(
    case_id: Id, request: Request, user: SessionUser, wiring: WiringDep, csrf_token: Csrf,
    answer: Text = "",
) -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    done = ("已答复客户", "answered; the customer is told")
    return _act(
        request,
        user,
        wiring,
        case_id,
        done,
        lambda: service.answer(wiring.context(), actor=user, case_id=case_id, text=answer),
    )


@router.post("/complaints/{case_id}/confirm")
def confirm(
    case_id: Id, request: Request, user: SessionUser, wiring: WiringDep, csrf_token: Csrf,
    satisfied: Annotated[bool, Form()], comment: Text = "",
) -> Response:  # fmt: skip
    """The customer, from their claim page: accept the answer (closed) or reopen."""
    check_csrf(request, csrf_token)
    case = service.confirm(
        wiring.context(), actor=user, case_id=case_id, satisfied=satisfied, comment=comment
    )
    ref = reference(case.id)
    if satisfied:
        flash(request, f"投诉 {ref} 已办结，感谢您的确认", f"Complaint {ref} is closed: thank you")
    else:
        flash(request, f"投诉 {ref} 已重新处理，我们会再次答复您",
              f"Complaint {ref} is being handled again; we will answer you again")  # fmt: skip
    target = f"/claims/{case.claim_id}#complaints" if case.claim_id else "/portal"
    return RedirectResponse(target, status_code=303)


def _act(
    request: Request, user: User, wiring: WiringDep, case_id: int, done: tuple[str, str],
    action: Any,
) -> Response:  # fmt: skip
    try:
        case: ComplaintCase = action()
    except DomainError as error:
        return _case_view(request, user, wiring, case_id, error=error)
    ref = reference(case.id)
    flash(request, f"投诉 {ref} {done[0]}", f"Complaint {ref}: {done[1]}")
    return RedirectResponse(f"/complaints/{case_id}", status_code=303)


def _case_view(
    request: Request, user: User, wiring: WiringDep, case_id: int, error: DomainError | None = None
) -> Response:
    found = desk.case_file(wiring.context(), actor=user, case_id=case_id)
    return render(request, "complaint.html", status_code=422 if error else 200, user=user,
                  file=found, row=_row(found.case, wiring.clock.now()), error=error,
                  errors=field_errors(error), severities=list(Severity),
                  root_causes=list(RootCause))  # fmt: skip


def _row(case: ComplaintCase, now: datetime) -> dict[str, Any]:
    internal, regulator = case.internal_status(now), case.regulator_status(now)
    worst = "breached" if "breached" in (internal, regulator) else (
        "at_risk" if "at_risk" in (internal, regulator) else "")  # fmt: skip
    return {"case": case, "ref": reference(case.id), "internal": internal,
            "regulator": regulator, "highlight": worst}  # fmt: skip


def _month(text: str, now: datetime) -> str:
    text = text.strip() or now.strftime("%Y-%m")
    try:
        date.fromisoformat(f"{text}-01")
    except ValueError as error:
        raise InvalidInput(
            "月份格式应为 YYYY-MM", "month must be YYYY-MM", field="month"
        ) from error
    return text


def _report(wiring: WiringDep, user: User, month: str) -> ComplaintReport:
    start, end = month_bounds(month)
    cases, calendar = service.cases_received_between(
        wiring.context(), actor=user, start=start, end=end
    )
    return complaint_report(month, cases, wiring.clock.now(), calendar)


def report_rows(report: ComplaintReport, lang: str) -> list[list[str]]:
    """The monthly report as label/value rows (the page's table and the CSV file alike)."""
    en = lang == "en"

    def rate(value: Any) -> str:
        return "—" if value is None else f"{value * 100:.1f}%"

    rows = [
        ["Month" if en else "月份", report.month],
        ["Complaints received" if en else "受理投诉件数", str(report.received)],
        ["Answered within the internal limit" if en else "内部时限内答复率",
         rate(report.internal_on_time_rate)],
        ["Answered within 15 days (regulator)" if en else "15日监管时限内答复率",
         rate(report.regulator_on_time_rate)],
        ["Average working days to answer" if en else "平均答复用时（工作日）",
         "—" if report.average_working_days_to_answer is None
         else str(report.average_working_days_to_answer)],
    ]  # fmt: skip
    for code, count in sorted(report.by_severity.items()):
        rows.append([labels.label("complaint_severity", code, lang), str(count)])
    for code, count in sorted(report.by_root_cause.items()):
        rows.append([labels.label("complaint_root_cause", code, lang), str(count)])
    return rows
