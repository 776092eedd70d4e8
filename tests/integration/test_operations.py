"""Operations: health, readiness, metrics, request ids and JSON logs, backup and restore."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from typer.testing import CliRunner

from claimdesk.adapters.db.engine import make_engine
from claimdesk.bootstrap import Container, migrate
from claimdesk.cli import app
from claimdesk.config import Settings
from claimdesk.domain.users import Role
from claimdesk.services.claims.use_cases import report_claim
from claimdesk.services.ports import ClaimFilter
from claimdesk.services.users import use_cases as user_service
from claimdesk.web.observability import JsonFormatter
from tests.builders import PASSWORD, a_report, a_world, token_for

# PostgreSQL too: see tests/conftest.py (what differs between databases).
pytestmark = pytest.mark.postgres

runner = CliRunner()


def test_health_readiness_and_metrics(container: Container, client: TestClient) -> None:
    a_world(container)
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "database": "ok", "migrations": "ok", "failed_jobs": []}
    client.get("/api/claims/12345", headers=token_for(client, "admin"))
    metrics = client.get("/metrics").text
    assert 'route="/api/claims/{claim_id}",status="404"' in metrics
    assert "claimdesk_http_request_duration_seconds_bucket" in metrics


def test_readiness_fails_when_migrations_are_behind(
    container: Container, client: TestClient
) -> None:
    with container.engine.begin() as connection:
        head = connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        connection.execute(text("UPDATE alembic_version SET version_num = '240c52f38890'"))
    try:
        ready = client.get("/readyz")
        assert ready.status_code == 503 and "head is" in ready.json()["migrations"]
    finally:
        with container.engine.begin() as connection:
            connection.execute(text(f"UPDATE alembic_version SET version_num = '{head}'"))


def test_request_id_is_kept_or_made_and_logged_as_json(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="claimdesk.access"):
        given = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
        made = client.get("/healthz", headers={"X-Request-ID": "bad id\n"})
    assert given.headers["X-Request-ID"] == "abc-123"
    assert len(made.headers["X-Request-ID"]) == 32
    lines = [json.loads(JsonFormatter().format(r)) for r in caplog.records]
    assert lines[0]["request_id"] == "abc-123" and lines[0]["status"] == 200
    assert lines[0]["route"] == "/healthz" and "duration_ms" in lines[0]


def _cli(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_backup_and_restore_round_trip(
    container: Container, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    world = a_world(container)
    report_claim(container.context(), actor=world.users["agent"], report=a_report())
    home = container.settings.home
    stored = home / "files" / "ab" / "abcdef"
    stored.parent.mkdir(parents=True)
    stored.write_bytes(b"%PDF-1.4 receipt")
    monkeypatch.setenv("CLAIMDESK_DATABASE_URL", container.settings.database_url)
    monkeypatch.setenv("CLAIMDESK_HOME", str(home))
    code, output = _cli("backup", str(tmp_path / "b1"))
    assert code == 0, output
    manifest = json.loads((tmp_path / "b1" / "manifest.json").read_text())
    assert manifest["files"] == 1 and manifest["revision"]
    # After the backup: a new user, and the files are lost.
    user_service.add_user(
        container.context(),
        hasher=container.hasher,
        username="late",
        password=PASSWORD,
        role=Role.AGENT,
    )
    shutil.rmtree(home / "files")
    assert _cli("restore", str(tmp_path / "b1"))[0] == 2  # needs --yes
    code, output = _cli("restore", str(tmp_path / "b1"), "--yes")
    assert code == 0, output
    container.engine.dispose()
    with container.uow() as uow:
        assert not uow.users.exists("late") and uow.users.exists("agent")
        assert uow.claims.count(ClaimFilter()) == 1
    assert stored.read_bytes() == b"%PDF-1.4 receipt"
    code, output = _cli("audit", "verify")
    assert code == 0 and "intact" in output


def test_restore_refuses_what_is_not_a_backup(
    container: Container, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CLAIMDESK_DATABASE_URL", container.settings.database_url)
    monkeypatch.setenv("CLAIMDESK_HOME", str(container.settings.home))
    code, output = _cli("restore", str(tmp_path), "--yes")
    assert code == 2 and "manifest.json" in output


def test_sqlite_data_is_readable_by_the_service_account_only(tmp_path: Path) -> None:
    home = tmp_path / "data"
    # Throw-away data: the same migrations without an fsync per DDL commit (some 900, ≈ 2 s of
    # waiting); the files are made owner-only after any migration (`migrate`).
    migrate(Settings(home=home, secret_key="k" * 40, sqlite_synchronous="NORMAL"))
    assert home.stat().st_mode & 0o777 == 0o700
    assert (home / "claimdesk.db").stat().st_mode & 0o777 == 0o600


def test_sqlite_commits_are_durable_by_default(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'd.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA synchronous")).scalar_one() == 2  # FULL
        assert connection.execute(text("PRAGMA busy_timeout")).scalar_one() == 30_000
    engine.dispose()
