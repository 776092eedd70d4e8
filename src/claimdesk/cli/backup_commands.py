"""`claimdesk backup DIR` / `claimdesk restore DIR`: the database and the uploaded files.

See docs/operations.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

Directory = Annotated[Path, typer.Argument(help="Backup directory / 备份目录")]


def backup_command(destination: Directory) -> None:
    """Back up the database and the uploaded files into a new directory. 备份。"""
    from rich.console import Console  # lazy: `claimdesk --help` stays fast

    from claimdesk.adapters.db.backup import BackupError, backup
    from claimdesk.adapters.db.engine import make_engine
    from claimdesk.config import Settings

    console = Console(stderr=True)
    settings = Settings()
    engine = make_engine(settings.database_url)
    try:
        manifest = backup(engine, settings.home / "files", destination)
    except (BackupError, FileExistsError) as error:
        console.print(f"[red]备份失败 Backup failed:[/red] {error}")
        raise typer.Exit(2) from error
    finally:
        engine.dispose()
    console.print(
        f"已备份 Backed up {manifest['database']} (revision {manifest['revision']}), "
        f"{manifest['files']} files → {destination}"
    )


def restore_command(
    source: Directory,
    yes: Annotated[bool, typer.Option("--yes", help="Replace the current data / 确认覆盖")] = False,
) -> None:
    """Restore a backup over the current data (stop servers and workers first). 恢复。"""
    from rich.console import Console

    from claimdesk.adapters.db.backup import BackupError, restore
    from claimdesk.adapters.db.engine import make_engine
    from claimdesk.bootstrap import migrate
    from claimdesk.config import Settings

    console = Console(stderr=True)
    if not yes:
        console.print(
            "恢复会覆盖当前数据；确认请加 --yes  Restore replaces current data: add --yes"
        )
        raise typer.Exit(2)
    settings = Settings()
    if settings.database_url.startswith("sqlite"):
        settings.home.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.database_url)
    try:
        manifest = restore(engine, settings.home / "files", source)
    except BackupError as error:
        console.print(f"[red]恢复失败 Restore failed:[/red] {error}")
        raise typer.Exit(2) from error
    finally:
        engine.dispose()
    migrate(settings)  # a backup from an older release is brought to this release's schema
    console.print(f"已恢复 Restored backup of {manifest['created_at']} from {source}")


def register(app: typer.Typer) -> None:
    app.command("backup")(backup_command)
    app.command("restore")(restore_command)
