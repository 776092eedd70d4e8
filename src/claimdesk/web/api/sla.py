"""SLA report, calendar overrides (admin) and the periodic SLA sweep started with the server."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager, suppress
from datetime import date
from typing import Any

from fastapi import APIRouter, FastAPI
from pydantic import BaseModel, Field

from claimdesk.analytics.sla_queries import sla_report_for
from claimdesk.analytics.sla_report import ComplianceRow, SlaReport
from claimdesk.domain.months import parse_month
from claimdesk.services.audit_trail import checkpoint_audit
from claimdesk.services.ports import CalendarDay
from claimdesk.services.reports import use_cases as report_service
from claimdesk.services.tasks import sla as sla_service
from claimdesk.web.api.notifications import worker_running
from claimdesk.web.api.reports import MonthQuery
from claimdesk.web.deps import ApiUser, Wiring, WiringDep
from claimdesk.web.model_jobs import estimate_job, retrain_job
from claimdesk.web.reports import figure_source

router = APIRouter(tags=["sla"])
logger = logging.getLogger(__name__)


class CalendarOverrideIn(BaseModel):
    day: date
    kind: str = Field(pattern="^(holiday|workday)$")
    note: str = Field(default="", max_length=200)


@router.get("/api/reports/sla")
def get_sla_report(user: ApiUser, wiring: WiringDep, month: MonthQuery = None) -> dict[str, Any]:
    """Compliance per limit and team; `month` (YYYY-MM) limits the closed figures to the limits
    closed in that Beijing month (open figures are as of now)."""
    chosen = None if month is None else str(parse_month(month))
    return report_out(sla_report_for(wiring.uow(), user, wiring.clock.now(), chosen))


@router.get("/api/calendar/overrides")
def list_overrides(user: ApiUser, wiring: WiringDep) -> list[dict[str, str]]:
    return [
        override_out(day) for day in sla_service.calendar_overrides(wiring.context(), actor=user)
    ]


@router.post("/api/calendar/overrides", status_code=201)
def add_override(body: CalendarOverrideIn, user: ApiUser, wiring: WiringDep) -> dict[str, str]:
    added = sla_service.add_calendar_override(
        wiring.context(), actor=user, day=body.day, kind=body.kind, note=body.note
    )
    return override_out(added)


def override_out(day: CalendarDay) -> dict[str, str]:
    return {"day": day.day.isoformat(), "kind": day.kind, "note": day.note}


def report_out(report: SlaReport) -> dict[str, Any]:
    return {
        "at": report.at.isoformat(),
        "target": "0.95",
        "by_code": [_row_out(row) for row in report.by_code],
        "by_team": [_row_out(row) for row in report.by_team],
        "fast_track": [_row_out(row) for row in report.fast_track],
        "open_at_risk": report.open_at_risk,
        "open_breached": report.open_breached,
        "warnings": list(report.warnings),
    }


def _row_out(row: ComplianceRow) -> dict[str, Any]:
    rate = row.compliance
    return {
        "key": row.key,
        "closed": row.closed,
        "met": row.met,
        "compliance": None if rate is None else str(rate),
        "meets_target": row.meets_target,
        "open_at_risk": row.open_at_risk,
        "open_breached": row.open_breached,
    }


def sweep_lifespan(wiring: Wiring) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """Run the SLA sweep every `sla_sweep_interval_seconds` while the server runs (0: off)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        interval = wiring.settings.sla_sweep_interval_seconds
        task = asyncio.create_task(_sweep_every(wiring, interval)) if interval > 0 else None
        try:
            async with worker_running(wiring):  # the notice outbox worker, beside the sweep
                yield
        finally:
            if task is not None:
                task.cancel()
                with suppress(asyncio.CancelledError):
                    await task

    return lifespan


async def _sweep_every(wiring: Wiring, interval: int) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            result = await asyncio.to_thread(sla_service.sweep, wiring.context())
            if result.events:
                logger.info("SLA sweep: %d events", len(result.events))
        except Exception:  # the next run retries; a failed sweep must not stop the server
            logger.exception("SLA sweep failed")
        await asyncio.to_thread(monthly_report_job, wiring)
        await asyncio.to_thread(audit_checkpoint_job, wiring)
        await asyncio.to_thread(estimate_job, wiring)  # 预赔 within 2 hours (issue 15)
        await asyncio.to_thread(retrain_job, wiring)  # risk and 预赔 models, when due


def audit_checkpoint_job(wiring: Wiring) -> None:
    """Anchor the audit chain outside the database on every pass (docs/operations.md)."""
    try:
        anchors, key = wiring.audit_anchors()
        checkpoint_audit(wiring.uow(), wiring.clock, anchors, key)
    except Exception:  # retried on the next pass; must not stop the server
        logger.exception("audit checkpoint failed")


def monthly_report_job(wiring: Wiring) -> None:
    """理赔时效监测表: last month's report is generated once, on the first pass of the month."""
    try:
        if report_service.last_month_report(wiring.context(), figures=figure_source):
            logger.info("monthly monitoring report generated")
    except Exception:  # retried on the next pass; must not stop the server
        logger.exception("monthly monitoring report failed")
