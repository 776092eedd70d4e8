"""Test wiring: every database test runs on SQLite; the tests of what differs between
databases run on PostgreSQL too.

A test module (or test) marked `postgres` — repositories and the SQL read side, concurrency and
locking, migrations, several processes, the contract fuzz — keeps its PostgreSQL half; the
use-case and page tests above the repositories run on SQLite only, since the repositories they
go through are proven equal on both databases. `CLAIMDESK_TEST_ALL_DATABASES=1` runs every
database test on both, as before.

PostgreSQL comes from CLAIMDESK_TEST_POSTGRES_URL. Without it the PostgreSQL half skips with a
visible reason — except under CI=true, where a skip would hide a broken database, so it fails.
"""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import uuid
import warnings
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import URL, Engine, create_engine, inspect, make_url, text
from sqlalchemy.exc import ProgrammingError
from sqlalchemy.pool import NullPool

from claimdesk.adapters.clock import FixedClock
from claimdesk.adapters.db.engine import make_engine
from claimdesk.adapters.db.migrate import upgrade
from claimdesk.adapters.db.models import Base
from claimdesk.bootstrap import Container, build_app, build_container
from claimdesk.config import Settings
from claimdesk.web import app as web_app
from tests import connection_guard, fastapi_adapters, fastapi_routes

# Before any app is built: one TypeAdapter per distinct route field in this process, and each
# included route built once for every app after (see there).
fastapi_adapters.install()
fastapi_routes.install()
connection_guard.install()

POSTGRES_URL = os.environ.get("CLAIMDESK_TEST_POSTGRES_URL", "")
IN_CI = os.environ.get("CI", "").lower() == "true"
GENESIS = "0" * 64
ALL_DATABASES = os.environ.get("CLAIMDESK_TEST_ALL_DATABASES", "") == "1"


def _on_postgres(item: pytest.Item) -> bool:
    callspec = getattr(item, "callspec", None)
    return callspec is not None and "postgresql" in callspec.id.split("-")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """PostgreSQL halves only for tests marked `postgres` (unless CLAIMDESK_TEST_ALL_DATABASES)."""
    if ALL_DATABASES:
        return
    dropped = [
        item for item in items if _on_postgres(item) and item.get_closest_marker("postgres") is None
    ]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        dropped_ids = set(map(id, dropped))
        items[:] = [item for item in items if id(item) not in dropped_ids]


def pytest_collection_finish(session: pytest.Session) -> None:
    """The cyclic collector's youngest generation every 50,000 allocations instead of 700, full
    collections rarer, and what collection built (modules, test items, products) frozen out of
    its walks: the suite allocates many short-lived objects. Safe only because no test leaves
    a connection to the collector (the guard in tests/connection_guard.py): one leaked with
    rare collections held its PostgreSQL locks and hung the suite (issue 10)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    # So the apps the tests start do not count the frozen objects to learn it (see there).
    web_app.PROCESS_KEEPS_FROZEN = True


def _postgres_or_skip() -> str:
    if POSTGRES_URL:
        return POSTGRES_URL
    if IN_CI:
        pytest.fail("CI=true but CLAIMDESK_TEST_POSTGRES_URL is not set: PostgreSQL must be tested")
    pytest.skip("PostgreSQL not configured (set CLAIMDESK_TEST_POSTGRES_URL) — SQLite only here")


def _fresh_postgres(url: str) -> tuple[str, Callable[[], None]]:
    """A throw-away database for this run (parallel runs never share tables) and its dropper."""
    name = f"claimdesk_t_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        admin.dispose()
        drop_database(url, name)

    return make_url(url).set(database=name).render_as_string(hide_password=False), drop


def drop_database(url: str, name: str) -> None:
    """`DROP DATABASE … WITH (FORCE)` of a throw-away database, not waited for: the drop waits
    on the server (a checkpoint: 0.1–0.8 s idle, up to 8 s on a loaded machine), and at a
    worker's session end that wait was the run's tail. A psql of its own, in its own session
    with no descriptor of ours (xdist talks to its workers over their stdin and stdout), so
    this process and its test go on at once. Nothing later uses the name (unique per run).
    Without psql, dropped here and waited for, as before."""
    psql = shutil.which("psql")
    if psql is None:
        admin = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        try:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        except ProgrammingError as error:  # e.g. an autovacuum worker we may not terminate
            warnings.warn(f"test database {name} left behind: {error}", stacklevel=1)
        finally:
            admin.dispose()
        return
    server = make_url(url)
    # libpq reads the URL itself (host, port, socket directory in the query); the password
    # goes by the environment, not the command line.
    conninfo = URL.create(
        "postgresql", server.username, None, server.host, server.port, server.database, server.query
    ).render_as_string()
    command = [psql, "-X", "-q", "-d", conninfo]
    command += ["-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)']
    # sh starts psql in the background and ends: nothing is left for this process to wait for.
    subprocess.run(
        ["sh", "-c", '"$@" </dev/null >/dev/null 2>&1 &', "sh", *command],
        env={**os.environ, "PGPASSWORD": server.password or ""},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        check=True,
    )


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    drop: Callable[[], None] = lambda: None  # noqa: E731
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'claimdesk.db'}"
    else:
        url, drop = _fresh_postgres(_postgres_or_skip())
    upgrade(url, synchronous="NORMAL")  # throw-away data: no fsync per DDL commit
    yield url
    drop()


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url, synchronous="NORMAL")  # throw-away data: no fsync wait
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def containers_engine(database_url: str) -> Iterator[Engine]:
    """The engine behind every test's container: each test gets a view of it (its own event
    listeners, this pool, emptied after the test). SQLAlchemy keeps compiled statements per
    engine (keyed by its dialect), so a new engine per test compiled every statement again in
    every test: a fifth of tests/services' CPU. Not `engine`, whose pooled connection stays
    open between tests (no reconnect for `_clean`; SQLite's WAL is not checkpointed and
    deleted at every test's end, as it is when the last connection to the file closes)."""
    engine = make_engine(database_url, synchronous="NORMAL")
    yield engine
    engine.dispose()


def _clean(engine: Engine) -> None:
    """Empty every table between tests; the audit head goes back to its genesis row. On
    PostgreSQL the deletes go as one batch (one round trip instead of one per table)."""
    names = _tables_to_clean(engine)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql("; ".join(f'DELETE FROM "{name}"' for name in names))
        else:
            for name in names:
                connection.exec_driver_sql(f'DELETE FROM "{name}"')
        connection.execute(text(f"UPDATE audit_head SET seq = 0, hash = '{GENESIS}' WHERE id = 1"))


_TABLES: dict[str, list[str]] = {}


def _tables_to_clean(engine: Engine) -> list[str]:
    """The model's tables present in this database, children first (read once per database)."""
    key = engine.url.render_as_string(hide_password=False)
    if key not in _TABLES:
        existing = set(inspect(engine).get_table_names())
        _TABLES[key] = [
            table.name
            for table in reversed(Base.metadata.sorted_tables)
            if table.name != "audit_head" and table.name in existing
        ]
    return _TABLES[key]


@pytest.fixture(autouse=True)
def _connections_given_back(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test fails if it leaves a pooled connection to the garbage collector (see there)."""
    connection_guard.start(request.node.nodeid)
    yield
    leaks = connection_guard.finish(request.node.nodeid)
    if leaks:
        gc.collect()  # give the leaked connections back now: later tests must not wait on them
        pytest.fail("pooled connections not given back:\n" + "\n".join(leaks), pytrace=False)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 6, 1, 2, 0, tzinfo=UTC))


@pytest.fixture
def container(
    database_url: str,
    engine: Engine,
    containers_engine: Engine,
    clock: FixedClock,
    tmp_path: Path,
) -> Iterator[Container]:
    _clean(engine)
    settings = Settings(
        home=tmp_path,
        database_url=database_url,
        secret_key="test-secret-key",
        sqlite_synchronous="NORMAL",  # throw-away data: no fsync wait per commit
        # 预赔 adds a limit, a notice and an audit record to every priced claim: on only where
        # it is tested (tests/services/test_payout_estimates.py, test_fraud_retrain.py).
        payout_estimates=False,
    )
    built = build_container(
        settings, clock=clock, fast_hashing=True, engine=containers_engine.execution_options()
    )
    yield built
    built.engine.dispose()


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    with TestClient(build_app(container)) as test_client:
        yield test_client
