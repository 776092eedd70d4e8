"""`claimdesk report monitoring`: the monthly 理赔时效监测表 as Excel, CSV or PDF.

Imports are inside the command: `claimdesk --help` must not load openpyxl, reportlab or the
database layer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

report_app = typer.Typer(name="report", help="报表 / Reports.", no_args_is_help=True)

MonthOption = Annotated[
    str | None, typer.Option("--month", help="YYYY-MM (default: last month) / 月份")
]
FormatOption = Annotated[str, typer.Option("--format", help="xlsx | csv | pdf")]
OutOption = Annotated[Path | None, typer.Option("--out", help="Output file / 输出文件")]
LangOption = Annotated[str, typer.Option("--lang", help="zh | en")]


def register(app: typer.Typer) -> None:
    app.add_typer(report_app)


@report_app.command("monitoring")
def monitoring_command(
    month: MonthOption = None, format: FormatOption = "xlsx", out: OutOption = None,
    lang: LangOption = "zh",
) -> None:  # fmt: skip
    """理赔时效监测表: generate, store and write the month's report (submit before the 5th)."""
    from claimdesk.bootstrap import build_container
    from claimdesk.config import Settings
    from claimdesk.domain.errors import DomainError
    from claimdesk.domain.months import parse_month, previous_month
    from claimdesk.services.reports import use_cases as report_service
    from claimdesk.web.reports import figure_source, report_file

    container = build_container(Settings())
    try:
        chosen = parse_month(month) if month else previous_month(container.clock.now())
        report = report_service.operator_report(
            container.context(), month=chosen, figures=figure_source
        )
        content, _, name = report_file(report, format, "en" if lang == "en" else "zh")
    except DomainError as error:
        typer.echo(f"{error.message_zh} / {error.message_en}", err=True)
        raise typer.Exit(2) from error
    target = out or Path(name)
    target.write_bytes(content)
    typer.echo(f"{target}\t{report.month}\tversion {report.version}")
