"""Alembic, driven from code: the migrations ship inside the package."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, pool

from claimdesk.adapters.db.engine import Synchronous

if TYPE_CHECKING:
    from claimdesk.config import Settings

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


def migrate(settings: Settings) -> None:
    """A deployment's database to the newest revision (its SQLite home created, owner-only).
    Here, not in bootstrap: the parent of `serve --workers N` and `db upgrade` only migrate,
    and importing the composition root (every adapter and service) cost them ~0.75 s of CPU."""
    if settings.database_url.startswith("sqlite"):
        settings.home.mkdir(parents=True, exist_ok=True)
    upgrade(settings.database_url, synchronous=settings.sqlite_synchronous)
    if settings.database_url.startswith("sqlite"):
        _owner_only(settings.home)


def _owner_only(home: Path) -> None:
    """Claims hold medical data: the data directory and the database files are the service
    account's alone (0700 / 0600), never world-readable."""
    home.chmod(0o700)
    for path in home.glob("claimdesk.db*"):
        path.chmod(0o600)


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
