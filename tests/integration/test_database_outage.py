"""A PostgreSQL that goes away for a while: a real `claimdesk serve` answers 503 with Retry-After
(JSON for the API, a page for the browser; signed-in sessions are kept), stays up, and once the
database is back serves again by itself — no restart (issue 16, faults).

The outage is made deterministic by a TCP switch between the server and PostgreSQL that the test
owns: `down()` cuts every open connection and closes each new one at once; `up()` forwards
again. Nothing waits for time to pass.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, make_url

from claimdesk.adapters.clock import SystemClock
from claimdesk.bootstrap import build_container
from claimdesk.config import Settings
from claimdesk.services.users import use_cases as user_service
from tests.builders import PASSWORD, a_report_body, a_world
from tests.conftest import _clean
from tests.integration.test_finance_pages import csrf
from tests.integration.test_kill_server import Server


class Switch:
    """A TCP forwarder to PostgreSQL that can be cut and restored."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.listener.getsockname()[1]
        self.lock = threading.Lock()
        self.open = True
        self.pairs: list[tuple[socket.socket, socket.socket]] = []
        self.refused = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            with self.lock:  # one decision per connection: forwarded, or closed at once
                if not self.open:
                    self.refused += 1
                    client.close()
                    continue
                upstream = socket.create_connection(self.target)
                self.pairs.append((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        for end in (source, sink):
            _cut(end)

    def down(self) -> None:
        with self.lock:
            self.open = False
            for pair in self.pairs:
                for end in pair:
                    _cut(end)
            self.pairs.clear()

    def up(self) -> None:
        with self.lock:
            self.open = True

    def close(self) -> None:
        self.listener.close()
        self.down()


def _cut(end: socket.socket) -> None:
    with contextlib.suppress(OSError):
        end.shutdown(socket.SHUT_RDWR)
    end.close()


@pytest.fixture
def outage_setup(
    database_url: str, engine: Engine, tmp_path: Path
) -> Iterator[tuple[Switch, Server, dict[str, str]]]:
    """The run's PostgreSQL test database (migrated once per run, emptied as before every
    database test), not a database of its own: creating, migrating and dropping one cost
    this test seconds. The world is built on the system clock: the server checks the
    token against it."""
    _clean(engine)
    settings = Settings(
        home=tmp_path, database_url=database_url, secret_key="outage-test-secret-key-long"
    )
    container = build_container(settings, clock=SystemClock(), fast_hashing=True)
    world = a_world(container)
    token = user_service.issue_token(container.context(), user=world.users["customer"])
    container.engine.dispose()
    direct = make_url(database_url)
    switch = Switch(direct.host or "127.0.0.1", direct.port or 5432)
    through = direct.set(host="127.0.0.1", port=switch.port)
    server = Server(through.render_as_string(hide_password=False), tmp_path)
    try:
        server.start()
        yield switch, server, {"Authorization": f"Bearer {token}"}
    finally:
        if server.process is not None and server.process.poll() is None:
            server.kill()
        switch.close()


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_database_outage_is_a_503_and_the_server_recovers_by_itself(
    outage_setup: tuple[Switch, Server, dict[str, str]],
) -> None:
    switch, server, token = outage_setup
    with httpx.Client(base_url=server.base, timeout=60) as http:
        assert http.get("/api/claims", headers=token).status_code == 200
        browser = httpx.Client(base_url=server.base, timeout=60)
        form = {
            "username": "admin",
            "password": PASSWORD,
            "csrf_token": csrf(browser.get("/login").text),
        }
        signed_in = browser.post("/login", data=form, follow_redirects=True)
        assert signed_in.status_code == 200 and "/login" not in str(signed_in.url)

        switch.down()
        listed = http.get("/api/claims", headers=token)
        assert listed.status_code == 503, listed.text
        assert int(listed.headers["Retry-After"]) > 0
        assert listed.json()["code"] == "DATABASE_BUSY"
        assert "temporarily unavailable" in listed.json()["message_en"]
        assert "数据库暂时不可用" in listed.json()["message_zh"]
        # A report with an Idempotency-Key meets the database first in the middleware.
        report = http.post(
            "/api/claims",
            json=a_report_body(),
            headers={**token, "Idempotency-Key": "outage-1"},
        )
        assert report.status_code == 503 and "Retry-After" in report.headers, report.text
        page = browser.get("/claims", follow_redirects=False)
        assert page.status_code == 503 and "Retry-After" in page.headers
        assert "text/html" in page.headers["content-type"]
        assert http.get("/readyz").status_code == 503
        assert http.get("/healthz").status_code == 200  # the process is alive
        assert switch.refused > 0  # the server did try to reconnect, and was refused
        assert server.process is not None and server.process.poll() is None

        switch.up()
        assert http.get("/readyz").status_code == 200
        assert http.get("/api/claims", headers=token).status_code == 200
        retried = http.post(
            "/api/claims",
            json=a_report_body(),
            headers={**token, "Idempotency-Key": "outage-1"},
        )
        assert retried.status_code == 201, retried.text
        # The browser session survived the outage: still signed in, no trip to the login page.
        again = browser.get("/claims", follow_redirects=False)
        assert again.status_code == 200, again.headers.get("location")
        browser.close()
