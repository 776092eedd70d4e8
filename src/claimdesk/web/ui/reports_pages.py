"""Reports page (报表): the monthly 理赔时效监测表 — generate, read, download, mark submitted."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from claimdesk.analytics.monitoring_labels import label
from claimdesk.analytics.monitoring_sheets import sheets
from claimdesk.domain.months import Month, parse_month, previous_month
from claimdesk.services.reports import use_cases as report_service
from claimdesk.web.deps import SessionUser, WiringDep
from claimdesk.web.reports import figure_source, report_file
from claimdesk.web.ui.views import check_csrf, language, render

router = APIRouter(include_in_schema=False)
MonthPath = Annotated[str, Query(pattern=r"^\d{4}-\d{2}$")]


@router.get("/reports")
def reports_page(
    request: Request, user: SessionUser, wiring: WiringDep, month: str | None = None
) -> Response:
    chosen = parse_month(month) if month else previous_month(wiring.clock.now())
    stored = report_service.stored_reports(wiring.context(), actor=user)
    current = report_service.stored_report(wiring.context(), actor=user, month=chosen)
    lang = language(request)
    tables = [] if current is None else sheets(current.figures, lang)
    reminder = report_service.submission_due(wiring.context(), actor=user)
    return render(request, "reports.html", user=user, month=str(chosen), stored=stored,
                  current=current, tables=tables, title=label("title", lang),
                  reminder=reminder)  # fmt: skip


@router.post("/reports/generate")
def generate(
    request: Request, user: SessionUser, wiring: WiringDep,
    month: Annotated[str, Form(pattern=r"^\d{4}-\d{2}$")], csrf_token: Annotated[str, Form()],
) -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    chosen = parse_month(month)
    report_service.monthly_report(wiring.context(), actor=user, month=chosen, figures=figure_source)
    return RedirectResponse(f"/reports?month={chosen}", status_code=303)


@router.post("/reports/{month}/submit")
def submit(
    month: str, request: Request, user: SessionUser, wiring: WiringDep,
    csrf_token: Annotated[str, Form()],
) -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    chosen = parse_month(month)
    report_service.submit_report(wiring.context(), actor=user, month=chosen)
    return RedirectResponse(f"/reports?month={chosen}", status_code=303)


@router.get("/reports/{month}/monitoring.{kind}")
def download(
    month: str, kind: str, request: Request, user: SessionUser, wiring: WiringDep
) -> Response:
    """The stored report as a file (generated first if the month has none yet)."""
    chosen: Month = parse_month(month)
    report = report_service.stored_report(wiring.context(), actor=user, month=chosen)
    if report is None:
        report = report_service.monthly_report(
            wiring.context(), actor=user, month=chosen, figures=figure_source
        )
    content, media_type, name = report_file(report, kind, language(request))
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(content, media_type=media_type, headers=headers)
