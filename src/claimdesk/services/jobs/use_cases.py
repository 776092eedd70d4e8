"""Run a scheduled job once for its period, whichever process gets there first.

The claim is a row in `job_runs` committed before the work starts; the others skip the period.
A failed run is stored with its error and the time of the next try (doubling back-off); a run
whose process died is taken over once its lease has run out.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from claimdesk.services.jobs.ports import JobRuns
from claimdesk.services.ports import Clock
from claimdesk.workflow.job_schedule import retry_delay

logger = logging.getLogger(__name__)


class Outcome(StrEnum):
    RAN = "ran"
    SKIPPED = "skipped"  # another process holds or has done this period, or a retry waits
    FAILED = "failed"


@dataclass(frozen=True)
class Backoff:
    first: timedelta = timedelta(minutes=5)
    longest: timedelta = timedelta(hours=6)


def run_once(
    runs: JobRuns, clock: Clock, *, job: str, period: str, owner: str, lease: timedelta,
    work: Callable[[], object], backoff: Backoff = Backoff(),
) -> Outcome:  # fmt: skip
    now = clock.now()
    if not runs.claim(job, period, owner, now, now + lease):
        return Outcome.SKIPPED
    try:
        work()
    except Exception as error:  # stored; the retry waits; the process goes on
        logger.exception("scheduled job %s (%s) failed", job, period)
        held = runs.get(job, period)
        failures = held.attempts if held is not None else 1
        failed_at = clock.now()
        retry_at = failed_at + retry_delay(failures, backoff.first, backoff.longest)
        runs.fail(job, period, owner, failed_at, f"{type(error).__name__}: {error}"[:500], retry_at)
        return Outcome.FAILED
    runs.finish(job, period, owner, clock.now())
    logger.info("scheduled job %s ran for %s", job, period,
                extra={"fields": {"job": job, "period": period, "owner": owner}})  # fmt: skip
    return Outcome.RAN
