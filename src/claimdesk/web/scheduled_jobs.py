"""The periodic pass of every server and `claimdesk worker` process (issue 16).

Each job runs once per period whichever processes are up: the process that first inserts the
(job, period) row in `job_runs` runs it, the others skip it (services/jobs). A failed run is
stored and retried after a back-off. Periods: the SLA sweep, the audit checkpoint and the 预赔
sweep every `sla_sweep_interval_seconds`; the monthly 理赔时效监测表 once per month; the
risk-model retrain once per model generation when due; once a day the done runs older than
`JOB_RUNS_KEPT` are forgotten (a pass every 5 minutes writes ~860 rows a day).
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from claimdesk.adapters.db.job_runs import SqlJobRuns
from claimdesk.domain.months import previous_month
from claimdesk.services.audit_trail import checkpoint_audit
from claimdesk.services.jobs.use_cases import Backoff, Outcome, run_once
from claimdesk.services.reports import use_cases as report_service
from claimdesk.services.tasks import sla as sla_service
from claimdesk.web.deps import Wiring
from claimdesk.web.model_jobs import estimate_job, retrain, retrain_period
from claimdesk.web.reports import figure_source
from claimdesk.workflow.job_schedule import interval_period

__all__ = ["JOBS", "Outcome", "owner_name", "retrain_job", "run_job", "scheduled_pass"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    period: Callable[[Wiring, datetime], str | None]  # None: nothing due now
    work: Callable[[Wiring], object]


def _every_pass(wiring: Wiring, now: datetime) -> str | None:
    seconds = wiring.settings.sla_sweep_interval_seconds
    return interval_period(now, seconds) if seconds > 0 else None


def _last_month(wiring: Wiring, now: datetime) -> str:
    return str(previous_month(now))


def _today(wiring: Wiring, now: datetime) -> str:
    return now.date().isoformat()


# Long enough to see what ran over the last month; failed runs stay until they succeed.
JOB_RUNS_KEPT = timedelta(days=31)


def sla_sweep_job(wiring: Wiring) -> None:
    result = sla_service.sweep(wiring.context())
    if result.events:
        logger.info("SLA sweep: %d events", len(result.events))


def monthly_report_job(wiring: Wiring) -> None:
    """理赔时效监测表: last month's report, generated once (the 1st-of-month job)."""
    if report_service.last_month_report(wiring.context(), figures=figure_source):
        logger.info("monthly monitoring report generated")


def audit_checkpoint_job(wiring: Wiring) -> None:
    """Anchor the audit chain outside the database (docs/operations.md)."""
    anchors, key = wiring.audit_anchors()
    checkpoint_audit(wiring.uow(), wiring.clock, anchors, key)


def job_runs_prune_job(wiring: Wiring) -> None:
    forgotten = SqlJobRuns(wiring.engine).prune(wiring.clock.now() - JOB_RUNS_KEPT)
    if forgotten:
        logger.info("job runs: %d done runs older than %s forgotten", forgotten, JOB_RUNS_KEPT)


JOBS = (
    ScheduledJob("sla_sweep", _every_pass, sla_sweep_job),
    ScheduledJob("monitoring_report", _last_month, monthly_report_job),
    ScheduledJob("audit_checkpoint", _every_pass, audit_checkpoint_job),
    ScheduledJob("payout_estimates", _every_pass, estimate_job),  # 预赔 within 2 hours
    ScheduledJob("fraud_retrain", retrain_period, retrain),  # risk and 预赔 models, when due
    ScheduledJob("job_runs_prune", _today, job_runs_prune_job),
)


def owner_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def run_job(wiring: Wiring, name: str) -> Outcome:
    job = next(job for job in JOBS if job.name == name)
    settings = wiring.settings
    period = job.period(wiring, wiring.clock.now())
    if period is None:
        return Outcome.SKIPPED
    return run_once(
        SqlJobRuns(wiring.engine), wiring.clock, job=job.name, period=period,
        owner=owner_name(), lease=timedelta(seconds=settings.job_lease_seconds),
        work=lambda: job.work(wiring),
        backoff=Backoff(timedelta(seconds=settings.job_retry_seconds),
                        timedelta(seconds=settings.job_retry_max_seconds)),
    )  # fmt: skip


def retrain_job(wiring: Wiring) -> bool:
    """True when the model was retrained on this pass (by this process)."""
    return run_job(wiring, "fraud_retrain") is Outcome.RAN


def scheduled_pass(wiring: Wiring) -> dict[str, Outcome]:
    """Every job whose period this process is first to claim; a failure never stops the pass."""
    outcomes = {}
    for job in JOBS:
        try:
            outcomes[job.name] = run_job(wiring, job.name)
        except Exception:  # the database went away for a moment: the next pass tries again
            logger.exception("scheduled job %s could not be claimed", job.name)
            outcomes[job.name] = Outcome.FAILED
    return outcomes


def pass_every(wiring: Wiring) -> float:
    """How often a process looks for due jobs: five times a period, so each period is run
    soon after it starts whichever processes are up (0: no scheduled jobs)."""
    seconds = wiring.settings.sla_sweep_interval_seconds
    return 0.0 if seconds <= 0 else max(1.0, seconds / 5)
