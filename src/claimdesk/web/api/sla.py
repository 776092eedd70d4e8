"""SLA report, calendar overrides (admin) and the server's periodic jobs (SLA sweep and the
others in web/scheduled_jobs.py) started with it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager, suppress
from datetime import date
from typing import Any

from anyio import to_thread
from fastapi import APIRouter, FastAPI
from pydantic import BaseModel, Field

from claimdesk.analytics.sla_queries import sla_report_for
from claimdesk.analytics.sla_report import ComplianceRow, SlaReport
from claimdesk.domain.months import parse_month
from claimdesk.services.ports import CalendarDay
from claimdesk.services.tasks import sla as sla_service
from claimdesk.web.api.notifications import worker_running
from claimdesk.web.api.reports import MonthQuery
from claimdesk.web.deps import ApiUser, Wiring, WiringDep
from claimdesk.web.scheduled_jobs import pass_every, scheduled_pass

router = APIRouter(tags=["sla"])


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
    """The scheduled jobs (web/scheduled_jobs.py, once per period across every process) and
    the notice outbox worker while the server runs (`sla_sweep_interval_seconds` 0: no jobs)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        to_thread.current_default_thread_limiter().total_tokens = wiring.settings.request_threads
        every = pass_every(wiring)
        task = asyncio.create_task(_jobs_every(wiring, every)) if every > 0 else None
        try:
            async with worker_running(wiring):  # the notice outbox worker, beside the jobs
                yield
        finally:
            if task is not None:
                task.cancel()
                with suppress(asyncio.CancelledError):
                    await task

    return lifespan


async def _jobs_every(wiring: Wiring, every: float) -> None:
    while True:
        await asyncio.sleep(every)
        await asyncio.to_thread(scheduled_pass, wiring)
