"""Backup and restore of the database and the uploaded files (claimdesk backup / restore).

A backup is a directory: `claimdesk.db` (SQLite, made with the online backup API, so the server
may keep running) or `database.dump` (PostgreSQL, `pg_dump -Fc`), a copy of the uploaded files,
and `manifest.json` saying what is inside. Restore writes both back; run it with the servers and
workers stopped.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, make_url

from claimdesk.adapters.db.migrate import revisions

MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup or restore that cannot go ahead, with the reason for the operator."""


def _kind(database_url: str) -> str:
    backend = make_url(database_url).get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise BackupError(f"unsupported database: {backend}")
    return backend


def _libpq_url(database_url: str) -> str:
    """pg_dump speaks libpq URLs: no SQLAlchemy driver suffix."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(False)


def backup(engine: Engine, files_dir: Path, destination: Path) -> dict[str, Any]:
    url = engine.url.render_as_string(hide_password=False)
    kind = _kind(url)
    destination.mkdir(parents=True, exist_ok=False)
    if kind == "sqlite":
        _sqlite_copy(Path(str(engine.url.database)), destination / "claimdesk.db")
    else:
        _run(["pg_dump", "-Fc", "--no-owner", "-f", str(destination / "database.dump"),
              "--dbname", _libpq_url(url)])  # fmt: skip
    copied = _copy_files(files_dir, destination / "files")
    manifest = {
        "format": 1,
        "created_at": datetime.now(UTC).isoformat(),
        "database": kind,
        "revision": revisions(engine)[0],
        "files": copied,
    }
    (destination / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def restore(engine: Engine, files_dir: Path, source: Path) -> dict[str, Any]:
    url = engine.url.render_as_string(hide_password=False)
    kind = _kind(url)
    manifest_path = source / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"not a ClaimDesk backup (no {MANIFEST}): {source}")
    manifest: dict[str, Any] = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("database") != kind:
        raise BackupError(f"backup of {manifest.get('database')} cannot restore into {kind}")
    engine.dispose()  # no pooled connection keeps the old pages
    if kind == "sqlite":
        _sqlite_copy(source / "claimdesk.db", Path(str(engine.url.database)))
    else:
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
              "--dbname", _libpq_url(url), str(source / "database.dump")])  # fmt: skip
    _copy_files(source / "files", files_dir)
    return manifest


def _sqlite_copy(source: Path, target: Path) -> None:
    """SQLite's online backup API: a consistent copy page by page while writers go on."""
    with closing(sqlite3.connect(source)) as reader, closing(sqlite3.connect(target)) as writer:
        reader.backup(writer)


def _copy_files(source: Path, target: Path) -> int:
    """Stored files are named by their content hash: copying over is safe and idempotent."""
    if not source.is_dir():
        target.mkdir(parents=True, exist_ok=True)
        return 0
    shutil.copytree(source, target, dirs_exist_ok=True)
    return sum(1 for path in target.rglob("*") if path.is_file())


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} not found: install the PostgreSQL client tools")
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:500]}")
