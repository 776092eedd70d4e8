"""`claimdesk sla sweep|report`: escalate deadlines before breach; print SLA compliance."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from claimdesk.analytics.sla_report import ComplianceRow
    from claimdesk.bootstrap import Container

sla_app = typer.Typer(
    name="sla", help="时效监控 / SLA: sweep and compliance report.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(sla_app)


def _container() -> Container:
    from claimdesk.bootstrap import build_container  # lazy: `claimdesk --help` stays fast
    from claimdesk.config import Settings

    return build_container(Settings())


@sla_app.command("sweep")
def sweep_command() -> None:
    """Escalate at-risk deadlines once and record breaches once; print what was done."""
    from claimdesk.services.tasks import sla as sla_service

    container = _container()
    result = sla_service.sweep(container.context())
    for event in result.events:
        typer.echo(
            f"{event.kind}\tclaim {event.claim_id}\t{event.code}\tdeadline {event.deadline_id}"
        )
    typer.echo(
        f"升级 escalated: {result.count('escalated_at_risk')} at risk, "
        f"{result.count('escalated_breached')} breached; "
        f"记录超时 breaches recorded: {result.count('breach_recorded')}"
    )


@sla_app.command("report")
def report_command(
    month: Annotated[
        str | None, typer.Option("--month", help="YYYY-MM: closed in this month / 月份")
    ] = None,
) -> None:
    """Compliance per time limit and per team (target ≥ 95%), open risks, calendar warnings."""
    from claimdesk.analytics.sla_queries import sla_figures
    from claimdesk.domain.errors import DomainError
    from claimdesk.domain.months import parse_month

    container = _container()
    try:
        chosen = None if month is None else str(parse_month(month))
    except DomainError as error:
        typer.echo(f"{error.message_zh} / {error.message_en}", err=True)
        raise typer.Exit(2) from error
    with container.uow() as uow:
        report = sla_figures(uow.portal, container.clock.now(), chosen)
    typer.echo("时效 limit\tclosed\tmet\tcompliance\tat risk\tbreached")
    for row in report.by_code:
        typer.echo(_line(row))
    typer.echo("团队 team\tclosed\tmet\tcompliance\tat risk\tbreached")
    for row in report.by_team:
        typer.echo(_line(row))
    typer.echo("小额快赔 fast track\tclosed\tmet\tcompliance\tat risk\tbreached")
    for row in report.fast_track:
        typer.echo(_line(row))
    typer.echo(f"未结 open: {report.open_at_risk} at risk, {report.open_breached} breached")
    for warning in report.warnings:
        typer.echo(f"warning: {warning}", err=True)


def _line(row: ComplianceRow) -> str:
    rate = "-" if row.compliance is None else f"{row.compliance * 100:.1f}%"
    flag = "" if row.meets_target in (None, True) else " (< 95%)"
    cells = (row.key, row.closed, row.met, rate + flag, row.open_at_risk, row.open_breached)
    return "\t".join(str(cell) for cell in cells)
