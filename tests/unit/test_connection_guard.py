"""The guard of tests/connection_guard.py sees a connection left to the garbage collector."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session

from tests import connection_guard


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = create_engine(f"sqlite:///{tmp_path / 'guard.db'}")
    gc.disable()  # the collector runs when these tests say so: new cycles stay in generation 0
    try:
        yield engine
    finally:
        gc.enable()
        engine.dispose()


def _leak_in_a_cycle(session: Session) -> None:
    session.execute(text("SELECT 1"))  # takes a connection and begins a transaction
    session.info["self"] = session  # a cycle: only the collector frees it


def test_a_connection_left_in_a_cycle_is_reported_while_out(engine: Engine) -> None:
    connection_guard.start("leaky")
    session = Session(engine)
    _leak_in_a_cycle(session)
    leaks = connection_guard.finish("leaky")
    session.close()
    assert len(leaks) == 1 and leaks[0].startswith("still checked out after the test")
    assert "test_connection_guard.py" in leaks[0]


def test_a_connection_given_back_by_the_collector_is_reported(engine: Engine) -> None:
    connection_guard.start("collected")
    _leak_in_a_cycle(Session(engine))
    gc.collect(0)  # the youngest generation holds the new cycle (the collector was off)
    leaks = connection_guard.finish("collected")
    assert len(leaks) == 1 and leaks[0].startswith("given back by the garbage collector")
    assert "test_connection_guard.py" in leaks[0]


def test_a_closed_session_is_no_leak(engine: Engine) -> None:
    connection_guard.start("tidy")
    with Session(engine) as session:
        session.execute(text("SELECT 1"))
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    gc.collect(0)
    assert connection_guard.finish("tidy") == []
