"""`claimdesk audit verify`: recompute the hash chain; exit 1 naming the first broken record."""

from __future__ import annotations

import typer

audit_app = typer.Typer(help="Audit trail / 审计轨迹", no_args_is_help=True)


@audit_app.command("verify")
def verify() -> None:
    """Verify the audit chain. 校验审计链。"""
    from rich.console import Console  # lazy: `claimdesk --help` stays fast

    from claimdesk.bootstrap import build_container
    from claimdesk.config import Settings
    from claimdesk.services.audit_trail import verify_audit

    console = Console()
    container = build_container(Settings())
    checked, broken = verify_audit(container.uow())
    if broken is not None:
        console.print(
            f"[red]审计链断裂 Audit chain broken at record #{broken.seq}: {broken.problem}[/red]"
        )
        raise typer.Exit(1)
    console.print(f"审计链完整 Audit chain intact: {checked} records verified.")


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")
