"""Engine creation: SQLite with WAL and foreign keys on, or PostgreSQL by URL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

Synchronous = Literal["FULL", "NORMAL"]


def _sqlite_pragmas(synchronous: Synchronous) -> Callable[[Any, Any], None]:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        _set_pragmas(dbapi_connection, synchronous)

    return on_connect


def _set_pragmas(dbapi_connection: Any, synchronous: Synchronous) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # FULL (the default): a commit is on disk before it is acknowledged, even across a power
    # loss. NORMAL (with WAL) may lose the last commits then — not acceptable for payments
    # (issue 16); only throw-away databases (demo, tests) choose it, for speed.
    cursor.execute(f"PRAGMA synchronous={synchronous}")
    cursor.execute("PRAGMA foreign_keys=ON")
    # Writers queue for up to 30 s (one at a time on SQLite) rather than fail "database is
    # locked"; past that the request gets 503 + Retry-After (web/edge_errors.py).
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


BUSY_TIMEOUT_MS = 30_000


def make_engine(url: str, *, synchronous: Synchronous = "FULL") -> Engine:
    if url.startswith("sqlite"):
        connect_args = {"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}
        # A pool as large as the request threads (config `request_threads`): connections past
        # the pool were opened, given their pragmas and closed again on every request.
        engine = create_engine(url, connect_args=connect_args, pool_size=20, max_overflow=20)
        event.listen(engine, "connect", _sqlite_pragmas(synchronous))
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
