"""`claimdesk sla sweep` and `claimdesk sla report` against the test database."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from claimdesk.bootstrap import Container
from claimdesk.cli import app
from claimdesk.services.claims.use_cases import report_claim
from tests.builders import a_report, a_world

# PostgreSQL too: see tests/conftest.py (what differs between databases).
pytestmark = pytest.mark.postgres

runner = CliRunner()


@pytest.fixture
def cli_env(container: Container, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMDESK_DATABASE_URL", container.settings.database_url)
    monkeypatch.setenv("CLAIMDESK_HOME", str(container.settings.home))


def test_sweep_records_breaches_once_then_does_nothing_and_report_prints(
    container: Container, cli_env: None
) -> None:
    world = a_world(container)
    # Reported on 2026-06-01 (the fixture clock); the CLI sweeps at the real time, months later.
    report_claim(
        container.context(), actor=world.users["agent"], report=a_report(), idempotency_key=None
    )

    first = runner.invoke(app, ["sla", "sweep"])
    second = runner.invoke(app, ["sla", "sweep"])
    report = runner.invoke(app, ["sla", "report"])

    assert first.exit_code == 0, first.output
    assert "breach_recorded" in first.stdout and "escalated_breached" in first.stdout
    # the one-time notice, the first feedback and registration (立案 within 48 hours)
    assert "breaches recorded: 3" in first.stdout
    assert second.exit_code == 0
    assert "breaches recorded: 0" in second.stdout and "breach_recorded" not in second.stdout
    assert report.exit_code == 0, report.output
    assert "missing_materials_notice" in report.stdout and "specialist" in report.stdout
