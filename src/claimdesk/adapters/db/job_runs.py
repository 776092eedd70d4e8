"""The job-run store (services/jobs/ports.py::JobRuns) in its own short transactions.

Claiming is an INSERT … ON CONFLICT DO NOTHING of the (job, period) key — the primary key
lets one process through —
or a compare-and-set UPDATE of a failed run whose retry time has come or of a running one
whose lease ran out. Works the same on PostgreSQL and SQLite.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, and_, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from claimdesk.adapters.db.models_jobs import JobRunRow
from claimdesk.services.jobs.ports import JobRun


class SqlJobRuns:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def claim(
        self, job: str, period: str, owner: str, now: datetime, lease_until: datetime
    ) -> bool:
        row = JobRunRow
        values = {
            "job": job, "period": period, "status": "running", "owner": owner, "attempts": 1,
            "started_at": now, "lease_until": lease_until, "error": "",
        }  # fmt: skip
        with self.engine.begin() as connection:
            # ON CONFLICT DO NOTHING: the processes that lose leave no error in the server log.
            dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
            inserted = connection.execute(
                dialect.insert(row).values(**values).on_conflict_do_nothing().returning(row.job)
            ).first()
        if inserted is not None:
            return True
        with self.engine.begin() as connection:
            taken = connection.execute(
                update(row)
                .where(row.job == job, row.period == period, or_(
                    and_(row.status == "failed", row.retry_at <= now),
                    and_(row.status == "running", row.lease_until <= now),
                ))
                .values(status="running", owner=owner, attempts=row.attempts + 1,
                        started_at=now, lease_until=lease_until, finished_at=None)
            ).rowcount  # fmt: skip
        return bool(taken)

    def finish(self, job: str, period: str, owner: str, now: datetime) -> None:
        self._close(job, period, owner, status="done", finished_at=now, retry_at=None, error="")

    def fail(
        self, job: str, period: str, owner: str, now: datetime, error: str, retry_at: datetime
    ) -> None:
        self._close(job, period, owner, status="failed", finished_at=now, retry_at=retry_at,
                    error=error)  # fmt: skip

    def _close(self, job: str, period: str, owner: str, **values: object) -> None:
        row = JobRunRow
        with self.engine.begin() as connection:
            connection.execute(
                update(row)
                .where(row.job == job, row.period == period, row.owner == owner,
                       row.status == "running")
                .values(**values)
            )  # fmt: skip

    def get(self, job: str, period: str) -> JobRun | None:
        with self.engine.connect() as connection:
            found = connection.execute(
                select(JobRunRow).where(JobRunRow.job == job, JobRunRow.period == period)
            ).one_or_none()
        return None if found is None else _run(found)

    def recent(self, job: str, limit: int) -> list[JobRun]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(JobRunRow)
                .where(JobRunRow.job == job)
                .order_by(JobRunRow.started_at.desc())
                .limit(limit)
            ).all()
        return [_run(row) for row in rows]

    def failed(self, limit: int) -> list[JobRun]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(JobRunRow)
                .where(JobRunRow.status == "failed")
                .order_by(JobRunRow.started_at.desc())
                .limit(limit)
            ).all()
        return [_run(row) for row in rows]

    def prune(self, finished_before: datetime) -> int:
        row = JobRunRow
        with self.engine.begin() as connection:
            return connection.execute(
                delete(row).where(row.status == "done", row.finished_at < finished_before)
            ).rowcount


def _run(row: object) -> JobRun:
    r = row._mapping  # type: ignore[attr-defined]
    return JobRun(r["job"], r["period"], r["status"], r["owner"], r["attempts"], r["started_at"],
                  r["finished_at"], r["retry_at"], r["error"] or "")  # fmt: skip
