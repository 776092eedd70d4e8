"""Several processes on one PostgreSQL (issue 16): `claimdesk serve --workers 2` and two
`claimdesk worker` processes, real processes with the scheduled-job period set to 1 s. Each
job runs once per period whichever process gets there, and nothing is done twice: no SLA
breach or escalation recorded twice, one monthly report, one retrain, each notice sent once.
The embedded SQLite database refuses `--workers 2` (it runs as one process)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import httpx
import pytest
from sqlalchemy import text

from claimdesk.bootstrap import Container
from claimdesk.domain.channels import Channel
from claimdesk.domain.notices import MessageStatus, OutboxMessage
from claimdesk.services.claims.use_cases import report_claim
from tests.builders import a_report, a_world
from tests.integration.test_demo_server import _free_port
from tests.integration.test_kill_worker import HoldingInbox

# PostgreSQL too: see tests/conftest.py (what differs between databases).
pytestmark = pytest.mark.postgres

CLAIMDESK = Path(sys.executable).parent / "claimdesk"
CLAIMS, NOTICES, SWEEP_PERIODS = 3, 6, 3
# The shortest period there is (job_schedule.interval_period): the test waits for several
# periods, and each of the four processes passes once a second, so they race for every one.
PERIOD_SECONDS = 1


@dataclass
class Fleet:
    """The processes of one deployment, each in its own process group (uvicorn's workers too)."""

    env: dict[str, str]
    logs: Path
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    files: list[IO[bytes]] = field(default_factory=list)

    def start(self, name: str, *arguments: str) -> None:
        log = (self.logs / f"{name}.log").open("wb")
        self.files.append(log)
        self.processes[name] = subprocess.Popen(
            [str(CLAIMDESK), *arguments], env=self.env, stdout=log, stderr=log,
            start_new_session=True,
        )  # fmt: skip

    def running(self) -> list[str]:
        return [name for name, process in self.processes.items() if process.poll() is None]

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=30)
        for log in self.files:
            log.close()

    def log_lines(self) -> list[dict[str, Any]]:
        lines = []
        for path in sorted(self.logs.glob("*.log")):
            for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
                if raw.startswith("{"):
                    lines.append({**json.loads(raw), "process": path.stem})
        return lines


@pytest.fixture
def inbox() -> Iterator[tuple[HoldingInbox, int]]:
    from aiosmtpd.controller import Controller

    port = _free_port()
    handler = HoldingInbox()
    handler.release.set()  # nothing is held here: every message is accepted at once
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


def _seed(container: Container) -> list[str]:
    """Claims reported months before the processes' real clock (their limits are breached)
    and notices due long ago; the subjects of the notices."""
    world = a_world(container)
    for n in range(CLAIMS):
        report = a_report(description=f"急性支气管炎门诊 {n}")
        report_claim(container.context(), actor=world.users["agent"], report=report)
    at = datetime(2026, 1, 1, tzinfo=UTC)
    subjects = [f"多进程通知 {n}" for n in range(NOTICES)]
    with container.uow() as uow:
        for n, subject in enumerate(subjects):
            uow.outbox.add(OutboxMessage(
                None, f"many-processes-{n}", world.insured[0].id or 0, "claim_reported",
                Channel.EMAIL, "zhangsan@example.cn", subject, f"正文 {n}", MessageStatus.PENDING,
                at, at,
            ))  # fmt: skip
        uow.commit()
    return subjects


def _rows(container: Container, query: str) -> list[Any]:
    with container.engine.connect() as connection:
        return list(connection.execute(text(query)).all())


def _done(container: Container) -> Counter[str]:
    return Counter(
        job for (job,) in _rows(container, "SELECT job FROM job_runs WHERE status = 'done'")
    )


def _settled(container: Container, subjects: list[str], sweeps: int) -> bool:
    done = _done(container)
    sent = {s for (s,) in _rows(container, "SELECT subject FROM outbox WHERE status = 'sent'")}
    return (done["sla_sweep"] >= sweeps and done["monitoring_report"] == 1
            and done["fraud_retrain"] == 1 and set(subjects) <= sent)  # fmt: skip


def _wait_until_ready(fleet: Fleet, base: str) -> None:
    deadline = time.monotonic() + 300
    # One client for every poll (`httpx.get` builds an SSL context per call: ≈ 24 ms of CPU).
    with httpx.Client(timeout=5) as http:
        while time.monotonic() < deadline:
            assert "server" in fleet.running(), "the server exited"
            try:
                if http.get(f"{base}/readyz").status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)  # readiness polling: no assertion depends on it
    raise AssertionError("the server did not come up")


# Several processes share PostgreSQL; SQLite runs as one (test below). PostgreSQL only at
# collection: a SQLite half skipped in its body still paid for its fixtures (container, inbox).
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_servers_and_two_workers_run_each_job_once_per_period_and_nothing_twice(
    container: Container, database_url: str, tmp_path: Path, inbox: tuple[HoldingInbox, int]
) -> None:
    handler, smtp_port = inbox
    subjects = _seed(container)
    port = _free_port()
    (tmp_path / "logs").mkdir()
    fleet = Fleet({**os.environ, "CLAIMDESK_HOME": str(tmp_path / "home"),
                   "CLAIMDESK_DATABASE_URL": database_url, "CLAIMDESK_LOG_FORMAT": "json",
                   "CLAIMDESK_SECRET_KEY": "many-processes-secret-key-of-some-length",
                   "CLAIMDESK_SMTP_PORT": str(smtp_port), "CLAIMDESK_OUTBOX_INTERVAL_SECONDS": "1",
                   "CLAIMDESK_SLA_SWEEP_INTERVAL_SECONDS": str(PERIOD_SECONDS)},
                  tmp_path / "logs")  # fmt: skip
    try:
        # All at once, as a deployment starts them: the workers start up while the server
        # does; the periods counted below begin once the server answers, all three launched.
        fleet.start("server", "serve", "--port", str(port), "--workers", "2")
        fleet.start("worker-1", "worker", "--interval", "0.5")
        fleet.start("worker-2", "worker", "--interval", "0.5")
        _wait_until_ready(fleet, f"http://127.0.0.1:{port}")
        sweeps_before = _done(container)["sla_sweep"]
        deadline = time.monotonic() + 420
        while not _settled(container, subjects, sweeps_before + SWEEP_PERIODS):
            assert time.monotonic() < deadline, "the jobs and notices did not all run in time"
            assert len(fleet.running()) == 3, f"a process exited: {fleet.running()}"
            time.sleep(0.2)  # polling for the outcome; no assertion depends on the timing
        assert httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=30).status_code == 200
        assert len(fleet.running()) == 3
    finally:
        fleet.stop()

    runs = _rows(container, "SELECT job, period, status FROM job_runs")
    ran = Counter((line["job"], line["period"]) for line in fleet.log_lines()
                  if line["message"].startswith("scheduled job") and "job" in line)  # fmt: skip
    assert set(ran.values()) == {1}, f"a job ran twice in one period: {ran}"
    assert set(ran) == {(job, period) for job, period, status in runs if status == "done"}

    breaches = _rows(container, "SELECT id FROM claim_deadlines WHERE breached_at IS NOT NULL")
    sweeps = [json.loads(after) if isinstance(after, str) else after for after, in _rows(
        container, "SELECT after FROM audit_records WHERE action = 'sla_sweep'")]  # fmt: skip
    events = Counter((e["deadline_id"], e["kind"]) for sweep in sweeps for e in sweep["events"])
    assert breaches and set(events.values()) == {1}, f"an SLA event recorded twice: {events}"
    assert {d for d, kind in events if kind == "breach_recorded"} == {d for (d,) in breaches}
    escalations = _rows(container, "SELECT deadline_id FROM escalations")
    assert len(escalations) == len({d for d, kind in events if kind.startswith("escalated_")})
    reports = _rows(container, "SELECT seq FROM audit_records "
                               "WHERE action = 'generate_monitoring_report'")  # fmt: skip
    assert len(reports) == 1, "one monthly monitoring report"
    assert all(handler.subjects.count(subject) == 1 for subject in subjects), handler.subjects
    assert (tmp_path / "home" / "fraud_model.json").is_file()


def test_the_embedded_sqlite_database_refuses_several_server_processes(tmp_path: Path) -> None:
    env = {**os.environ, "CLAIMDESK_HOME": str(tmp_path)}
    env.pop("CLAIMDESK_DATABASE_URL", None)
    refused = subprocess.run([str(CLAIMDESK), "serve", "--workers", "2"], env=env,
                             capture_output=True, timeout=120, check=False)  # fmt: skip
    assert refused.returncode == 2
    assert (
        "needs PostgreSQL" in refused.stderr.decode()
        and "需要 PostgreSQL" in refused.stderr.decode()
    )
