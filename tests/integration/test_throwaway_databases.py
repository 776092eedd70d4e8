"""The suite's throw-away PostgreSQL databases are dropped without the test waiting for it
(tests/conftest.py::drop_database): the drop must still happen."""

from __future__ import annotations

import time

from sqlalchemy import create_engine, make_url, text
from sqlalchemy.pool import NullPool

from tests.conftest import _fresh_postgres, _postgres_or_skip


def _exists(server: str, name: str) -> bool:
    admin = create_engine(server, poolclass=NullPool)
    try:
        with admin.connect() as connection:
            query = text("SELECT count(*) FROM pg_database WHERE datname = :name")
            return bool(connection.execute(query, {"name": name}).scalar_one())
    finally:
        admin.dispose()


def test_a_throwaway_database_is_dropped_after_its_dropper_returns() -> None:
    server = _postgres_or_skip()
    url, drop = _fresh_postgres(server)
    name = make_url(url).database
    assert name is not None
    # A connection left open must not keep it: the drop forces it closed.
    held = create_engine(url, poolclass=NullPool)
    connection = held.connect()
    try:
        assert _exists(server, name)
        drop()
        deadline = time.monotonic() + 60  # a bound for a loaded machine, not a timing check
        while _exists(server, name):
            assert time.monotonic() < deadline, f"{name} still there a minute after its drop"
            time.sleep(0.05)
    finally:
        connection.invalidate()
        held.dispose()
