"""Built test worlds kept as row snapshots, so each test does not rebuild them.

`a_world` adds a policy, its insured, the hospital registry and a dozen users through the real
use cases: about a third of a typical database test's time. The first build in a process (per
database, world and clock instant) runs those use cases and keeps what they wrote, row by row;
later tests that start from an empty database get the same rows inserted in one transaction,
audit chain head included (the hashes stay valid: the rows are the same). A database that is
not empty — or whose audit chain has moved — gets a real build, never a snapshot.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, Table, exists, func, literal, or_, select, text, update

from claimdesk.adapters.db.models import AuditHeadRow, Base

T = TypeVar("T")


@dataclass(frozen=True)
class _Snapshot:
    rows: tuple[tuple[Table, list[dict[str, Any]]], ...]
    audit_seq: int
    audit_hash: str
    value: Any


_SNAPSHOTS: dict[tuple[str, str, str], _Snapshot] = {}
_AUDIT_HEAD = AuditHeadRow.__table__


def _tables() -> list[Table]:
    return [table for table in Base.metadata.sorted_tables if table.name != "audit_head"]


def _is_empty(connection: Connection, tables: list[Table]) -> bool:
    """Nothing in these tables and the audit chain at its genesis (one statement)."""
    anything = or_(*(exists(select(literal(1)).select_from(table)) for table in tables))
    moved = select(_AUDIT_HEAD.c.seq).where(_AUDIT_HEAD.c.id == 1).scalar_subquery() != 0
    return not connection.execute(select(or_(anything, moved))).scalar_one()


def snapshotted(
    engine: Engine | None,
    key: tuple[str, str],
    build: Callable[[], T],
    keep: Callable[[T], Any],
    rebuild: Callable[[Any], T],
) -> T:
    """`build()` on the first call for `key` in this database, the snapshot's rows after.
    `keep` takes what the build returned apart from the container; `rebuild` puts it back."""
    if engine is None:  # an in-memory unit of work (tests/fakes.py): nothing to keep
        return build()
    full_key = (*key, engine.url.render_as_string(hide_password=False))
    tables = _tables()
    snapshot = _SNAPSHOTS.get(full_key)
    with engine.connect() as connection:
        empty = _is_empty(connection, [t for t, _ in snapshot.rows] if snapshot else tables)
    if snapshot is not None and empty:
        _restore(engine, snapshot)
        return rebuild(snapshot.value)
    value = build()
    if empty and snapshot is None:
        _SNAPSHOTS[full_key] = _take(engine, tables, keep(value))
    return value


def _take(engine: Engine, tables: list[Table], value: Any) -> _Snapshot:
    with engine.connect() as connection:
        rows = tuple(
            (table, [dict(row) for row in connection.execute(select(table)).mappings()])
            for table in tables
        )
        seq, hash_ = connection.execute(
            select(_AUDIT_HEAD.c.seq, _AUDIT_HEAD.c.hash).where(_AUDIT_HEAD.c.id == 1)
        ).one()
    return _Snapshot(tuple((t, r) for t, r in rows if r), int(seq), str(hash_), value)


def _restore(engine: Engine, snapshot: _Snapshot) -> None:
    with engine.begin() as connection:
        for table, rows in snapshot.rows:
            connection.execute(table.insert(), rows)
        connection.execute(
            update(_AUDIT_HEAD)
            .where(_AUDIT_HEAD.c.id == 1)
            .values(seq=snapshot.audit_seq, hash=snapshot.audit_hash)
        )
        if engine.dialect.name == "postgresql":
            # Explicit ids do not move the sequences: the next row must not take a kept id.
            for table, _ in snapshot.rows:
                column = table.autoincrement_column
                if column is not None:
                    highest = connection.execute(select(func.max(column))).scalar_one()
                    connection.execute(
                        text("SELECT setval(pg_get_serial_sequence(:table, :column), :value)"),
                        {"table": table.name, "column": column.name, "value": highest},
                    )


def stored_files(root: Path) -> dict[str, bytes]:
    """A file store's files (keep them with a snapshot whose build uploaded materials)."""
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def put_files(store: Any, files: dict[str, bytes]) -> None:
    """Put kept files in a test's own file store: content-addressed, the same names."""
    for content in files.values():
        store.put(content)
