"""kill -9 of a real `claimdesk worker` while it hands a notice to the SMTP server, on SQLite
and PostgreSQL: restarted, the worker delivers the rest; nothing is sent twice, the one caught
mid-send is `unconfirmed` (for staff to check and resend), none is lost (issue 16, faults)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from claimdesk.adapters.db.models_outbox import OutboxRow
from claimdesk.bootstrap import Container
from claimdesk.domain.channels import Channel
from claimdesk.domain.notices import MessageStatus, OutboxMessage
from tests.builders import a_world
from tests.integration.test_demo_server import _free_port

# PostgreSQL too: see tests/conftest.py (what differs between databases).
pytestmark = pytest.mark.postgres

CLAIMDESK = Path(sys.executable).parent / "claimdesk"
NOTICES = 5
HOLD = 2  # the worker is killed while the SMTP server holds this message (the second)


class HoldingInbox:
    """Keeps what it receives; holds the `HOLD`-th message until released."""

    def __init__(self) -> None:
        self.subjects: list[str] = []
        self.holding = threading.Event()
        self.release = threading.Event()
        self.seen = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.seen += 1
        if self.seen == HOLD:
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 120)
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.subjects.append(str(message["Subject"]))
        return "250 OK"


@pytest.fixture
def inbox() -> Iterator[tuple[HoldingInbox, int]]:
    port = _free_port()
    handler = HoldingInbox()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    handler.release.set()
    controller.stop()


def _queue_notices(container: Container) -> None:
    world = a_world(container)
    insured = world.insured[0].id or 0
    at = datetime(2026, 1, 1, tzinfo=UTC)  # due long ago: the worker's real clock is later
    with container.uow() as uow:
        for n in range(NOTICES):
            uow.outbox.add(OutboxMessage(
                None, f"kill-worker-{n}", insured, "claim_reported", Channel.EMAIL,
                "zhangsan@example.cn", f"通知 {n}", f"正文 {n}", MessageStatus.PENDING, at, at,
            ))  # fmt: skip
        uow.commit()


def _statuses(container: Container) -> dict[str, str]:
    with container.uow() as uow:
        rows = uow.session.execute(select(OutboxRow.subject, OutboxRow.status)).all()  # type: ignore[attr-defined]
    return {str(subject): str(status) for subject, status in rows}


def test_a_worker_killed_mid_send_loses_and_doubles_nothing(
    container: Container, database_url: str, tmp_path: Path, inbox: tuple[HoldingInbox, int]
) -> None:
    handler, port = inbox
    _queue_notices(container)
    env = {**os.environ, "CLAIMDESK_HOME": str(tmp_path), "CLAIMDESK_DATABASE_URL": database_url,
           "CLAIMDESK_SMTP_PORT": str(port), "CLAIMDESK_OUTBOX_LEASE_SECONDS": "1"}  # fmt: skip
    worker = subprocess.Popen([str(CLAIMDESK), "worker", "--interval", "0.2"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    try:
        assert handler.holding.wait(300), "the worker never reached the second message"
        worker.kill()  # SIGKILL while the SMTP server holds the message
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    handler.release.set()  # the server accepts what the dead worker handed over

    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        statuses = _statuses(container)
        if all(s in ("sent", "unconfirmed") for s in statuses.values()):
            break
        done = subprocess.run([str(CLAIMDESK), "worker", "--once"], env=env, check=False,
                              capture_output=True, timeout=300)  # fmt: skip
        assert done.returncode == 0, done.stderr.decode()[-2000:]
    statuses = _statuses(container)
    assert sorted(statuses.values()) == ["sent"] * (NOTICES - 1) + ["unconfirmed"], statuses
    assert len(handler.subjects) == len(set(handler.subjects)), "nothing delivered twice"
    sent = {subject for subject, status in statuses.items() if status == "sent"}
    assert sent <= set(handler.subjects), "every message marked sent reached the server"
    held = next(subject for subject, status in statuses.items() if status == "unconfirmed")
    assert handler.subjects.count(held) <= 1
