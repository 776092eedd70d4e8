"""Scheduled jobs run once per period across processes, and a failed one waits for its retry
(issue 16): the `job_runs` claim on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from claimdesk.adapters.clock import FixedClock
from claimdesk.adapters.db.job_runs import SqlJobRuns
from claimdesk.bootstrap import Container
from claimdesk.services.claims.use_cases import report_claim
from claimdesk.services.jobs.use_cases import Backoff, Outcome, run_once
from claimdesk.web.scheduled_jobs import JOB_RUNS_KEPT, retrain_job, scheduled_pass
from tests.builders import a_report, a_world

# PostgreSQL too: see tests/conftest.py (what differs between databases).
pytestmark = pytest.mark.postgres

LEASE = timedelta(minutes=30)


def test_of_two_processes_only_the_first_runs_the_period(container: Container) -> None:
    runs, ran = SqlJobRuns(container.engine), []
    for owner in ("host:1", "host:2"):
        outcome = run_once(runs, container.clock, job="sla_sweep", period="p1", owner=owner,
                           lease=LEASE, work=lambda owner=owner: ran.append(owner))  # fmt: skip
        assert outcome is (Outcome.RAN if owner == "host:1" else Outcome.SKIPPED)
    assert ran == ["host:1"]
    stored = runs.get("sla_sweep", "p1")
    assert stored is not None and stored.status == "done" and stored.owner == "host:1"
    run_once(runs, container.clock, job="sla_sweep", period="p2", owner="host:2", lease=LEASE,
             work=lambda: ran.append("next"))  # fmt: skip
    assert ran == ["host:1", "next"]  # the next period is a new run


def test_a_run_whose_process_died_is_taken_over_after_its_lease(
    container: Container, clock: FixedClock
) -> None:
    runs = SqlJobRuns(container.engine)
    start = clock.now()
    assert runs.claim("monitoring_report", "2026-05", "dead:1", start, start + LEASE)
    assert not runs.claim("monitoring_report", "2026-05", "live:2", start + LEASE / 2,
                          start + LEASE)  # fmt: skip
    later = start + LEASE
    assert runs.claim("monitoring_report", "2026-05", "live:2", later, later + LEASE)
    runs.finish("monitoring_report", "2026-05", "dead:1", later)  # the dead one's late word
    stored = runs.get("monitoring_report", "2026-05")
    assert stored is not None and stored.status == "running" and stored.owner == "live:2"


def _fail() -> None:
    raise RuntimeError("training table empty")


def test_a_failed_run_is_stored_and_retried_only_after_a_doubling_back_off(
    container: Container, clock: FixedClock
) -> None:
    runs, backoff, start = SqlJobRuns(container.engine), Backoff(timedelta(minutes=5)), clock.now()

    def attempt(after: timedelta) -> Outcome:
        clock.moment = start + after
        return run_once(runs, clock, job="fraud_retrain", period="after:none", owner="h:1",
                        lease=LEASE, work=_fail, backoff=backoff)  # fmt: skip

    assert attempt(timedelta(0)) is Outcome.FAILED
    stored = runs.get("fraud_retrain", "after:none")
    assert stored is not None and stored.status == "failed" and stored.attempts == 1
    assert stored.error == "RuntimeError: training table empty"
    assert stored.retry_at == start + timedelta(minutes=5)
    assert attempt(timedelta(minutes=4, seconds=59)) is Outcome.SKIPPED
    assert attempt(timedelta(minutes=5)) is Outcome.FAILED  # the second failure: 10 minutes
    assert attempt(timedelta(minutes=14)) is Outcome.SKIPPED
    assert attempt(timedelta(minutes=15)) is Outcome.FAILED
    stored = runs.get("fraud_retrain", "after:none")
    assert stored is not None and stored.attempts == 3
    assert stored.retry_at == start + timedelta(minutes=35)


def test_the_retrain_job_waits_after_a_failure_instead_of_retrying_every_pass(
    container: Container, clock: FixedClock, tmp_path: Path
) -> None:
    world = a_world(container)
    report_claim(container.context(), actor=world.users["agent"], report=a_report())
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the model's folder should be", encoding="utf-8")
    container.settings.fraud_model_path = blocker / "fraud_model.json"  # saving fails
    start = clock.now()
    assert retrain_job(container) is False
    failed = SqlJobRuns(container.engine).recent("fraud_retrain", 1)[0]
    assert failed.status == "failed" and failed.period == "after:none"
    assert failed.retry_at == start + timedelta(seconds=container.settings.job_retry_seconds)

    container.settings.fraud_model_path = tmp_path / "models" / "fraud_model.json"  # fixed
    assert retrain_job(container) is False  # within the back-off: not tried again
    assert not container.settings.fraud_model_path.exists()
    clock.moment = failed.retry_at or start
    assert retrain_job(container) is True
    assert container.settings.fraud_model_path.is_file()
    done = SqlJobRuns(container.engine).recent("fraud_retrain", 1)[0]
    assert done.status == "done" and done.attempts == 2 and done.error == ""


def test_a_pass_runs_every_due_job_once_and_a_second_pass_in_the_period_runs_none(
    container: Container,
) -> None:
    world = a_world(container)
    report_claim(container.context(), actor=world.users["agent"], report=a_report())
    container.settings.fraud_retrain_interval_hours = 0  # retraining is tested above
    first = scheduled_pass(container)
    assert first == {"sla_sweep": Outcome.RAN, "monitoring_report": Outcome.RAN,
                     "audit_checkpoint": Outcome.RAN, "payout_estimates": Outcome.RAN,
                     "fraud_retrain": Outcome.SKIPPED,
                     "job_runs_prune": Outcome.RAN}  # fmt: skip
    assert set(scheduled_pass(container).values()) == {Outcome.SKIPPED}


def test_readyz_lists_a_failed_job_until_its_retry_runs_without_failing_readiness(
    container: Container, client: TestClient, clock: FixedClock
) -> None:
    runs, start = SqlJobRuns(container.engine), clock.now()
    assert client.get("/readyz").json()["failed_jobs"] == []
    run_once(runs, clock, job="sla_sweep", period="p1", owner="h:1", lease=LEASE, work=_fail)
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ok"
    assert ready.json()["failed_jobs"] == [
        {"job": "sla_sweep", "period": "p1", "attempts": 1,
         "retry_at": (start + Backoff().first).isoformat()}
    ]  # fmt: skip
    assert "training table empty" not in ready.text  # the error stays in the log
    clock.moment = start + Backoff().first
    run_once(runs, clock, job="sla_sweep", period="p1", owner="h:1", lease=LEASE,
             work=lambda: None)  # fmt: skip
    assert client.get("/readyz").json()["failed_jobs"] == []


def test_the_daily_prune_forgets_done_runs_older_than_a_month_and_keeps_failed_ones(
    container: Container, clock: FixedClock
) -> None:
    runs, start = SqlJobRuns(container.engine), clock.now()
    for period, work in (("old-done", lambda: None), ("old-failed", _fail)):
        run_once(runs, clock, job="sla_sweep", period=period, owner="h:1", lease=LEASE, work=work)
    clock.moment = start + JOB_RUNS_KEPT - timedelta(seconds=1)
    run_once(runs, clock, job="sla_sweep", period="recent", owner="h:1", lease=LEASE,
             work=lambda: None)  # fmt: skip
    clock.moment = start + JOB_RUNS_KEPT + timedelta(seconds=1)
    container.settings.fraud_retrain_interval_hours = 0
    assert scheduled_pass(container)["job_runs_prune"] is Outcome.RAN
    assert runs.get("sla_sweep", "old-done") is None
    failed = runs.get("sla_sweep", "old-failed")
    assert failed is not None and failed.status == "failed"
    assert runs.get("sla_sweep", "recent") is not None
    assert scheduled_pass(container)["job_runs_prune"] is Outcome.SKIPPED  # once a day
