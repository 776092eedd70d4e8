"""`claimdesk audit verify` catches an edited and a deleted audit row, on both databases."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from claimdesk.bootstrap import Container
from claimdesk.cli import app
from claimdesk.domain.audit import GENESIS_HASH, record_hash, verify_chain
from claimdesk.domain.claim import ClaimStatus
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.claims.use_cases import report_claim
from tests.builders import a_report, a_world

# PostgreSQL too: see tests/conftest.py (what differs between databases).
pytestmark = pytest.mark.postgres

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


def test_a_recomputed_chain_is_caught_by_its_signed_checkpoint(audited: Container) -> None:
    """The attack that beat the plain chain: edit a record, recompute every later hash and the
    head with database write access. The chain verifies; the checkpoint outside does not."""
    assert runner.invoke(app, ["audit", "checkpoint"]).exit_code == 0
    with audited.uow() as uow:
        records = uow.audit.all_records()
    tampered = [
        replace(r, entry=replace(r.entry, reason="篡改")) if r.seq == 2 else r for r in records
    ]
    previous = GENESIS_HASH
    with audited.engine.begin() as connection:
        for record in tampered:
            digest = record_hash(record.seq, record.at, record.entry, previous)
            connection.execute(
                text("UPDATE audit_records SET reason = :reason, prev_hash = :prev, hash = :hash "
                     "WHERE seq = :seq"),
                {"reason": record.entry.reason, "prev": previous, "hash": digest,
                 "seq": record.seq},
            )  # fmt: skip
            previous = digest
        connection.execute(text("UPDATE audit_head SET hash = :hash"), {"hash": previous})
    with audited.uow() as uow:
        assert verify_chain(uow.audit.all_records(), *uow.audit.head()) is None  # chain "intact"
    code, output = _verify()
    assert code == 1 and f"#{records[-1].seq}" in output and "rewritten" in output


def test_checkpoints_are_signed_only_when_the_chain_grew(audited: Container) -> None:
    first = runner.invoke(app, ["audit", "checkpoint"])
    again = runner.invoke(app, ["audit", "checkpoint"])
    assert "checkpoint #" in first.output and "nothing new" in again.output
    path = audited.settings.home / "audit-checkpoints.jsonl"
    assert len(path.read_text().splitlines()) == 1 and path.stat().st_mode & 0o077 == 0
    code, output = _verify()
    assert code == 0 and "1 checkpoint" in output
