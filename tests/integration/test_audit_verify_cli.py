"""`claimdesk audit verify` catches an edited and a deleted audit row, on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from claimdesk.bootstrap import Container
from claimdesk.cli import app
from claimdesk.domain.claim import ClaimStatus
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.claims.use_cases import report_claim
from tests.builders import a_report, a_world

runner = CliRunner()


@pytest.fixture
def audited(container: Container, monkeypatch: pytest.MonkeyPatch) -> Container:
    world = a_world(container)
    claim, _ = report_claim(
        container.context(), actor=world.users["agent"], report=a_report(), idempotency_key=None
    )
    move_claim(
        container.context(),
        actor=world.users["specialist"],
        claim_id=claim.id or 0,
        target=ClaimStatus.ACCEPTED,
        reason="",
        expected_version=claim.version,
    )
    monkeypatch.setenv("CLAIMDESK_DATABASE_URL", container.settings.database_url)
    monkeypatch.setenv("CLAIMDESK_HOME", str(container.settings.home))
    return container


def _verify() -> tuple[int, str]:
    result = runner.invoke(app, ["audit", "verify"])
    return result.exit_code, result.output


def _execute(container: Container, statement: str) -> None:
    with container.engine.begin() as connection:
        connection.execute(text(statement))


def test_intact_chain_passes(audited: Container) -> None:
    code, output = _verify()
    assert code == 0 and "intact" in output


def test_edited_row_is_named(audited: Container) -> None:
    _execute(audited, "UPDATE audit_records SET reason = '篡改' WHERE seq = 3")
    code, output = _verify()
    assert code == 1 and "#3" in output and "altered" in output


def test_deleted_row_is_named(audited: Container) -> None:
    _execute(audited, "DELETE FROM audit_records WHERE seq = 2")
    code, output = _verify()
    assert code == 1 and "#2" in output


def test_deleted_newest_row_is_caught(audited: Container) -> None:
    last = audited.uow()
    with last as uow:
        newest = uow.audit.head()[0]
    _execute(audited, f"DELETE FROM audit_records WHERE seq = {newest}")
    code, output = _verify()
    assert code == 1 and f"#{newest}" in output
