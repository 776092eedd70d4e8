"""Alembic, driven from code: the migrations ship inside the package."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, pool

from claimdesk.adapters.db.engine import Synchronous

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, *, synchronous: Synchronous = "FULL") -> None:
    """Migrate to the newest revision. A throw-away SQLite database (`synchronous="NORMAL"`:
    the demo's, the tests') skips the fsync of every DDL commit, some 900 on a fresh one."""
    config = alembic_config(database_url)
    if synchronous == "FULL" or not database_url.startswith("sqlite"):
        command.upgrade(config, "head")
        return
    engine = create_engine(database_url, poolclass=pool.NullPool)
    event.listen(engine, "connect", _without_commit_sync)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection  # migrations/env.py runs on it
            command.upgrade(config, "head")
    finally:
        engine.dispose()


def _without_commit_sync(dbapi_connection: Any, _record: Any) -> None:
    # WAL with NORMAL, as the app runs such a database (adapters/db/engine.py): a commit is not
    # synced to disk, only checkpoints are. Foreign keys stay off, as for any migration.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def check(database_url: str) -> None:
    """Raise when the models have changes that no migration covers."""
    command.check(alembic_config(database_url))


def revision(database_url: str, message: str) -> None:
    command.revision(alembic_config(database_url), message=message, autogenerate=True)


def revisions(engine: Engine) -> tuple[str | None, str | None]:
    """(the database's revision, the newest shipped one): equal when migrations are at head."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config(str(engine.url))).get_current_head()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return current, head
