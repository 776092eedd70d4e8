"""The audit hash chain catches altered content, deleted rows and a truncated tail."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from claimdesk.domain.audit import GENESIS_HASH, AuditEntry, AuditRecord, record_hash, verify_chain


def a_chain(length: int) -> list[AuditRecord]:
    records, previous = [], GENESIS_HASH
    start = datetime(2026, 6, 1, tzinfo=UTC)
    for seq in range(1, length + 1):
        entry = AuditEntry(
            "specialist",
            "move:accepted",
            "claim",
            str(seq),
            {"status": "reported"},
            {"status": "accepted"},
            "",
        )
        at = start + timedelta(minutes=seq)
        digest = record_hash(seq, at, entry, previous)
        records.append(AuditRecord(seq, at, entry, previous, digest))
        previous = digest
    return records


def test_intact_chain_verifies() -> None:
    chain = a_chain(5)
    assert verify_chain(chain, 5, chain[-1].hash) is None


def test_altered_reason_is_caught_at_that_record() -> None:
    chain = a_chain(5)
    chain[2] = replace(chain[2], entry=replace(chain[2].entry, reason="改过"))
    broken = verify_chain(chain, 5, chain[-1].hash)
    assert broken is not None and broken.seq == 3 and "altered" in broken.problem


def test_deleted_middle_record_is_caught() -> None:
    chain = a_chain(5)
    del chain[1]
    broken = verify_chain(chain, 5, chain[-1].hash)
    assert broken is not None and broken.seq == 2


def test_deleted_last_record_is_caught_by_the_head() -> None:
    chain = a_chain(5)
    head_hash = chain[-1].hash
    broken = verify_chain(chain[:-1], 5, head_hash)
    assert broken is not None and broken.seq == 5


def test_hash_does_not_depend_on_the_timezone_the_time_is_read_in() -> None:
    chain = a_chain(1)
    shifted = chain[0].at.astimezone(datetime.now(UTC).astimezone().tzinfo)
    entry = chain[0].entry
    assert record_hash(1, shifted, entry, GENESIS_HASH) == chain[0].hash
