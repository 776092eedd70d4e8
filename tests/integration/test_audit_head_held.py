"""The audit chain's head kept in memory for the rest of a transaction that moved it.

After its first record a transaction holds the head's lock, so later records chain onto the
head it wrote (one statement fewer each). A savepoint, a commit or another transaction must
never leave it chaining onto a head that is not the stored one.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from claimdesk.bootstrap import Container
from claimdesk.domain.audit import AuditEntry, verify_chain

# PostgreSQL too: see tests/conftest.py (locking differs between databases).
pytestmark = pytest.mark.postgres

NOW = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)


def _entry(n: int) -> AuditEntry:
    return AuditEntry("agent", "note", "note", "N-1", None, {"n": n})


def _intact(container: Container) -> list[int]:
    with container.uow() as uow:
        records = uow.audit.all_records()
        assert verify_chain(records, *uow.audit.head()) is None
        return [r.seq for r in records]


@pytest.fixture
def head_bumps() -> Iterator[list[str]]:
    """The statements that bump the head with RETURNING (the first record of a transaction)."""
    seen: list[str] = []

    def listen(_c: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith("UPDATE audit_head") and "RETURNING" in statement:
            seen.append(statement)

    event.listen(Engine, "before_cursor_execute", listen)
    yield seen
    event.remove(Engine, "before_cursor_execute", listen)


def test_later_records_of_a_transaction_chain_on_the_head_it_wrote(
    container: Container, head_bumps: list[str]
) -> None:
    with container.uow() as uow:
        first = uow.audit.append(_entry(0), NOW)
        later = [uow.audit.append(_entry(n), NOW) for n in (1, 2)]
        assert uow.audit.head() == (later[-1].seq, later[-1].hash)
        uow.commit()
    assert len(head_bumps) == 1
    assert [r.prev_hash for r in later] == [first.hash, later[0].hash]
    seqs = _intact(container)
    assert seqs[-3:] == [first.seq, first.seq + 1, first.seq + 2]


def test_a_savepoint_rolled_back_is_not_chained_onto(container: Container) -> None:
    with container.uow() as uow:
        kept = uow.audit.append(_entry(0), NOW)
        savepoint = uow.session.begin_nested()
        uow.audit.append(_entry(1), NOW)
        savepoint.rollback()
        after = uow.audit.append(_entry(2), NOW)
        uow.commit()
    assert (after.seq, after.prev_hash) == (kept.seq + 1, kept.hash)
    _intact(container)


def test_a_savepoint_released_is_chained_onto(container: Container) -> None:
    with container.uow() as uow:
        uow.audit.append(_entry(0), NOW)
        with uow.session.begin_nested():
            inside = uow.audit.append(_entry(1), NOW)
        after = uow.audit.append(_entry(2), NOW)
        uow.commit()
    assert (after.seq, after.prev_hash) == (inside.seq + 1, inside.hash)
    _intact(container)


def test_a_new_transaction_reads_the_head_again(container: Container) -> None:
    with container.uow() as uow:
        uow.audit.append(_entry(0), NOW)
        uow.commit()
        with container.uow() as other:  # another writer between this session's transactions
            between = other.audit.append(_entry(1), NOW)
            other.commit()
        after = uow.audit.append(_entry(2), NOW)
        uow.commit()
    assert (after.seq, after.prev_hash) == (between.seq + 1, between.hash)
    _intact(container)


def test_a_rolled_back_transaction_is_not_chained_onto(container: Container) -> None:
    with container.uow() as uow:
        kept = uow.audit.append(_entry(0), NOW)
        uow.commit()
        uow.audit.append(_entry(1), NOW)
        uow.session.rollback()
        after = uow.audit.append(_entry(2), NOW)
        uow.commit()
    assert (after.seq, after.prev_hash) == (kept.seq + 1, kept.hash)
    _intact(container)
