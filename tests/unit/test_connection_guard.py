"""The guard of tests/connection_guard.py sees a connection left to the garbage collector."""

from __future__ import annotations

import gc
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from tests import connection_guard


def _leak_in_a_cycle(session: Session) -> None:
    session.execute(text("SELECT 1"))  # takes a connection and begins a transaction
    session.info["self"] = session  # a cycle: only the collector frees it


def test_a_connection_left_in_a_cycle_is_reported_while_out_or_when_collected(
    tmp_path: Path,
) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'guard.db'}")
    gc.disable()  # the collector runs when this test says so
    try:
        connection_guard.start("leaky")
        _leak_in_a_cycle(Session(engine))
        assert [leak.split(":")[0] for leak in connection_guard.finish("leaky")] == [
            "still checked out after the test"
        ]
        connection_guard.start("collected")
        _leak_in_a_cycle(Session(engine))
        gc.collect()
        leaks = connection_guard.finish("collected")
        assert len(leaks) == 1 and leaks[0].startswith("given back by the garbage collector")
        assert "test_connection_guard.py" in leaks[0]
    finally:
        gc.enable()
        engine.dispose()


def test_a_closed_session_is_no_leak(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'guard.db'}")
    connection_guard.start("tidy")
    with Session(engine) as session:
        session.execute(text("SELECT 1"))
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    gc.collect()
    assert connection_guard.finish("tidy") == []
    engine.dispose()
