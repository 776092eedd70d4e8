"""`claimdesk audit verify`: recompute the hash chain and check it against the signed
checkpoints; exit 1 naming the first broken record. `claimdesk audit checkpoint`: sign the head."""

from __future__ import annotations

import typer

audit_app = typer.Typer(help="Audit trail / 审计轨迹", no_args_is_help=True)


@audit_app.command("verify")
def verify() -> None:
    """Verify the audit chain and its checkpoints. 校验审计链。"""
    from rich.console import Console  # lazy: `claimdesk --help` stays fast

    from claimdesk.bootstrap import build_container
    from claimdesk.config import Settings
    from claimdesk.services.audit_trail import verify_audit

    console = Console()
    container = build_container(Settings())
    anchors, key = container.audit_anchors()
    checked, broken = verify_audit(container.uow(), anchors, key)
    if broken is not None:
        console.print(
            f"[red]审计链断裂 Audit chain broken at record #{broken.seq}: {broken.problem}[/red]"
        )
        raise typer.Exit(1)
    covered = len(anchors.read())
    console.print(
        f"审计链完整 Audit chain intact: {checked} records verified, {covered} checkpoint(s)."
    )


@audit_app.command("checkpoint")
def checkpoint() -> None:
    """Sign the chain's head into the checkpoint file (run periodically; the server does).
    签署审计链锚点。"""
    from claimdesk.bootstrap import build_container
    from claimdesk.config import Settings
    from claimdesk.services.audit_trail import checkpoint_audit

    container = build_container(Settings())
    anchors, key = container.audit_anchors()
    made = checkpoint_audit(container.uow(), container.clock, anchors, key)
    typer.echo(f"锚点 checkpoint #{made.seq}" if made else "无新记录 nothing new since the last")


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")
