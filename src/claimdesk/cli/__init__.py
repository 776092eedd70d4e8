"""The `claimdesk` command line: each command group lives in its own module with `register`."""

from __future__ import annotations

import typer

from claimdesk.cli import (
    adjudicate_commands,
    audit_commands,
    backup_commands,
    calendar_commands,
    database_commands,
    fraud_commands,
    report_commands,
    server_commands,
    sla_commands,
    user_commands,
    worker_commands,
)

app = typer.Typer(
    name="claimdesk",
    help="ClaimDesk 理赔管理与客户服务系统",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: formatting it with rich costs more than the command
)

for module in (
    server_commands,
    database_commands,
    user_commands,
    audit_commands,
    backup_commands,
    adjudicate_commands,
    fraud_commands,
    calendar_commands,
    sla_commands,
    worker_commands,
    report_commands,
):
    module.register(app)


def main() -> None:
    app()
