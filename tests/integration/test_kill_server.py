"""kill -9 of a real `claimdesk serve` in the middle of a burst of idempotent claim reports, on
SQLite and PostgreSQL: restarted, every key is retried, and what clients were told matches the
database — nothing acknowledged is lost, no key makes two claims (issue 16, faults)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from claimdesk.adapters.db.models import ClaimRow
from claimdesk.bootstrap import Container
from tests.builders import PASSWORD, a_report_body, a_world
from tests.integration.test_demo_server import _free_port

# PostgreSQL too: see tests/conftest.py (what differs between databases).
pytestmark = pytest.mark.postgres

CLAIMDESK = Path(sys.executable).parent / "claimdesk"
KEYS = 24
KILL_AFTER = 6  # acknowledged reports before the kill


class Server:
    """`claimdesk serve` on the test database, started and killed like a real deployment."""

    def __init__(self, database_url: str, home: Path) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "CLAIMDESK_HOME": str(home),
                    "CLAIMDESK_DATABASE_URL": database_url,
                    "CLAIMDESK_SECRET_KEY": "kill-test-secret-key-of-some-length"}  # fmt: skip
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [str(CLAIMDESK), "serve", "--port", str(self.port)],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        deadline = time.monotonic() + 300
        # One client for every poll: `httpx.get` builds a client, and with it an SSL context
        # loading the CA bundle, per call (≈ 24 ms of CPU, taken from the starting server).
        with httpx.Client(timeout=2) as http:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    stderr = self.process.stderr
                    errors = stderr.read().decode()[-3000:] if stderr else ""
                    raise AssertionError(f"server exited with {self.process.returncode}: {errors}")
                try:
                    if http.get(f"{self.base}/healthz").status_code == 200:
                        return
                except httpx.TransportError:
                    time.sleep(0.05)  # readiness polling: no assertion depends on it
        raise AssertionError("server did not come up")

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()  # SIGKILL: no shutdown handler runs
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


@pytest.fixture
def server(container: Container, database_url: str, tmp_path: Path) -> Iterator[Server]:
    a_world(container)  # the policy, insured persons and users, in the database the server uses
    running = Server(database_url, tmp_path / "home")
    running.start()
    yield running
    running.stop()


def _token(base: str) -> dict[str, str]:
    answer = httpx.post(f"{base}/api/auth/token", json={"username": "agent", "password": PASSWORD},
                        timeout=60)  # fmt: skip
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def _report(base: str, token: dict[str, str], key: str) -> int | None:
    """The claim id the server acknowledged, or None when the answer was lost."""
    body = a_report_body(incident_description=f"急性支气管炎门诊 {key}")
    try:
        answer = httpx.post(f"{base}/api/claims", json=body, timeout=60,
                            headers={**token, "Idempotency-Key": key})  # fmt: skip
    except httpx.TransportError:
        return None
    if answer.status_code in (200, 201):  # created, or the first answer replayed
        return int(answer.json()["id"])
    assert answer.status_code in (409, 503), answer.text  # in progress / busy: retry later
    return None


def test_killed_mid_burst_nothing_acknowledged_is_lost_nothing_doubled(
    server: Server, container: Container
) -> None:
    token = _token(server.base)
    keys = [f"kill-burst-{n:02d}" for n in range(KEYS)]
    told: dict[str, int] = {}
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures: dict[Future[int | None], str] = {
            pool.submit(_report, server.base, token, key): key for key in keys
        }
        killed = False
        for future in as_completed(futures):
            claim_id = future.result()
            if claim_id is not None:
                told[futures[future]] = claim_id
            if len(told) >= KILL_AFTER and not killed:
                server.kill()
                killed = True
    assert killed and KILL_AFTER <= len(told) < KEYS, "the kill must land mid-burst"

    server.start()
    token = _token(server.base)
    after: dict[str, int] = {}
    for key in keys:
        for _attempt in range(5):
            claim_id = _report(server.base, token, key)
            if claim_id is not None:
                after[key] = claim_id
                break
    assert set(after) == set(keys), "every key gets its claim after the restart"
    assert all(after[key] == claim_id for key, claim_id in told.items()), "acknowledged = kept"
    with container.uow() as uow:
        stored = uow.session.execute(select(func.count()).select_from(ClaimRow)).scalar_one()  # type: ignore[attr-defined]
    assert stored == len(set(after.values())) == KEYS, "one claim per key, none doubled"
