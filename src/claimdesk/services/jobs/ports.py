"""The job-run store: a row per (job, period), claimed in one short transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class JobRun:
    job: str
    period: str
    status: str  # running | done | failed
    owner: str
    attempts: int
    started_at: datetime
    finished_at: datetime | None
    retry_at: datetime | None
    error: str


class JobRuns(Protocol):
    def claim(
        self, job: str, period: str, owner: str, now: datetime, lease_until: datetime
    ) -> bool:
        """True when this owner now holds the period: no run yet, a failed run whose retry
        time has come, or a running one whose holder's lease ran out (a killed process)."""
        ...

    def finish(self, job: str, period: str, owner: str, now: datetime) -> None: ...

    def fail(
        self, job: str, period: str, owner: str, now: datetime, error: str, retry_at: datetime
    ) -> None: ...

    def get(self, job: str, period: str) -> JobRun | None: ...

    def recent(self, job: str, limit: int) -> list[JobRun]: ...

    def failed(self, limit: int) -> list[JobRun]:
        """Runs whose last attempt failed (waiting for their retry), newest first."""
        ...

    def prune(self, finished_before: datetime) -> int:
        """Forget the done runs finished before that instant; the number forgotten. Failed and
        running rows stay: they still decide what runs next."""
        ...
