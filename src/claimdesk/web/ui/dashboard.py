"""Manager dashboard (管理驾驶舱): ECharts served from /static/vendor, the same numbers as tables,
and an Excel download of every figure."""

from __future__ import annotations

from io import BytesIO

from fastapi import APIRouter, Request
from fastapi.responses import Response

from claimdesk.analytics.dashboard import manager_dashboard
from claimdesk.analytics.sla_queries import sla_report_for
from claimdesk.analytics.sla_report import SlaReport
from claimdesk.services.reports import use_cases as report_service
from claimdesk.web.deps import SessionUser, Wiring, WiringDep
from claimdesk.web.ui.dashboard_export import chart_data
from claimdesk.web.ui.dashboard_workbook import workbook
from claimdesk.web.ui.views import language, render

router = APIRouter(include_in_schema=False)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/dashboard")
def dashboard_page(request: Request, user: SessionUser, wiring: WiringDep) -> Response:
    figures = manager_dashboard(wiring.uow(), user, wiring.clock.now())
    sla = _sla(user, wiring)
    charts = chart_data(figures, sla, language(request))
    reminder = report_service.submission_due(wiring.context(), actor=user)
    return render(request, "dashboard.html", user=user, d=figures, sla=sla, charts=charts,
                  reminder=reminder)  # fmt: skip


@router.get("/dashboard.xlsx")
def dashboard_excel(request: Request, user: SessionUser, wiring: WiringDep) -> Response:
    figures = manager_dashboard(wiring.uow(), user, wiring.clock.now())
    stream = BytesIO()
    workbook(figures, _sla(user, wiring), language(request)).save(stream)
    name = f"claimdesk-dashboard-{figures.at:%Y%m%d}.xlsx"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(stream.getvalue(), media_type=XLSX, headers=headers)


def _sla(user: SessionUser, wiring: Wiring) -> SlaReport:
    return sla_report_for(wiring.uow(), user, wiring.clock.now())
