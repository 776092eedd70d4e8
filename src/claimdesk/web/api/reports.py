"""Monitoring report (理赔时效监测表) API and the staff's 未结案原因 on a claim."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from claimdesk.adapters.report_files import FORMATS
from claimdesk.domain.milestones import OpenReason
from claimdesk.domain.months import Month, parse_month, previous_month
from claimdesk.services.reports import use_cases as report_service
from claimdesk.services.reports.ports import StoredReport
from claimdesk.web.deps import ApiUser, WiringDep
from claimdesk.web.edge_errors import file_responses
from claimdesk.web.reports import figure_source, report_file

router = APIRouter(tags=["reports"])
MonthQuery = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$")]
FormatQuery = Annotated[str, Query(pattern="^(json|xlsx|csv|pdf)$")]
LangQuery = Annotated[str, Query(pattern="^(zh|en)$")]


class OpenReasonIn(BaseModel):
    code: OpenReason
    note: str = Field(default="", max_length=200)


@router.get(
    "/api/reports/monitoring",
    response_model=None,
    responses=file_responses("application/json", *FORMATS.values()),
)
def monitoring_report(
    user: ApiUser, wiring: WiringDep, month: MonthQuery = None, format: FormatQuery = "json",
    lang: LangQuery = "zh",
) -> dict[str, Any] | Response:  # fmt: skip
    """Generate (and store) the month's table — last month by default; once submitted, the
    submitted one is returned."""
    chosen = parse_month(month) if month else previous_month(wiring.clock.now())
    report = report_service.monthly_report(
        wiring.context(), actor=user, month=chosen, figures=figure_source
    )
    if format == "json":
        return report_out(report)
    content, media_type, name = report_file(report, format, lang)
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(content, media_type=media_type, headers=headers)


@router.get("/api/reports/monitoring/stored")
def stored_reports(user: ApiUser, wiring: WiringDep) -> list[dict[str, Any]]:
    return [summary_out(r) for r in report_service.stored_reports(wiring.context(), actor=user)]


@router.post("/api/reports/monitoring/{month}/submit")
def submit_report(month: str, user: ApiUser, wiring: WiringDep) -> dict[str, Any]:
    submitted = report_service.submit_report(wiring.context(), actor=user, month=_month(month))
    return summary_out(submitted)


@router.put("/api/claims/{claim_id}/open-reason", status_code=204)
def set_open_reason(claim_id: int, body: OpenReasonIn, user: ApiUser, wiring: WiringDep) -> None:
    report_service.set_open_reason(
        wiring.context(), actor=user, claim_id=claim_id, reason=body.code, note=body.note
    )


@router.delete("/api/claims/{claim_id}/open-reason", status_code=204)
def clear_open_reason(claim_id: int, user: ApiUser, wiring: WiringDep) -> None:
    report_service.clear_open_reason(wiring.context(), actor=user, claim_id=claim_id)


def _month(text: str) -> Month:
    return parse_month(text)


def summary_out(report: StoredReport) -> dict[str, Any]:
    return {
        "month": report.month,
        "generated_at": report.generated_at.isoformat(),
        "generated_by": report.generated_by,
        "version": report.version,
        "submitted_at": None if report.submitted_at is None else report.submitted_at.isoformat(),
        "submitted_by": report.submitted_by,
    }


def report_out(report: StoredReport) -> dict[str, Any]:
    return {**summary_out(report), "figures": report.figures}
