"""Test wiring: every database test runs on SQLite and on PostgreSQL.

PostgreSQL comes from CLAIMDESK_TEST_POSTGRES_URL. Without it the PostgreSQL half skips with a
visible reason — except under CI=true, where a skip would hide a broken database, so it fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from claimdesk.adapters.clock import FixedClock
from claimdesk.adapters.db.engine import make_engine
from claimdesk.adapters.db.migrate import upgrade
from claimdesk.adapters.db.models import Base
from claimdesk.bootstrap import Container, build_app, build_container
from claimdesk.config import Settings

POSTGRES_URL = os.environ.get("CLAIMDESK_TEST_POSTGRES_URL", "")
IN_CI = os.environ.get("CI", "").lower() == "true"
GENESIS = "0" * 64


def _postgres_or_skip() -> str:
    if POSTGRES_URL:
        return POSTGRES_URL
    if IN_CI:
        pytest.fail("CI=true but CLAIMDESK_TEST_POSTGRES_URL is not set: PostgreSQL must be tested")
    pytest.skip("PostgreSQL not configured (set CLAIMDESK_TEST_POSTGRES_URL) — SQLite only here")


def _fresh_postgres(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'claimdesk.db'}"
    else:
        url = _postgres_or_skip()
        _fresh_postgres(url)
    upgrade(url)
    return url


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def _clean(engine: Engine) -> None:
    """Empty every table between tests; the audit head goes back to its genesis row."""
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name != "audit_head":
                connection.execute(table.delete())
        connection.execute(text(f"UPDATE audit_head SET seq = 0, hash = '{GENESIS}' WHERE id = 1"))


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 6, 1, 2, 0, tzinfo=UTC))


@pytest.fixture
def container(
    database_url: str, engine: Engine, clock: FixedClock, tmp_path: Path
) -> Iterator[Container]:
    _clean(engine)
    settings = Settings(home=tmp_path, database_url=database_url, secret_key="test-secret-key")
    built = build_container(settings, clock=clock, fast_hashing=True)
    yield built
    built.engine.dispose()


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    with TestClient(build_app(container)) as test_client:
        yield test_client
