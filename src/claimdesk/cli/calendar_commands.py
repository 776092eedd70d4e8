"""`claimdesk calendar …`: the working-day calendar (工作日, 调休) from the command line."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:  # the calendar (chinesecalendar) loads only when a command runs
    from claimdesk.workflow.calendar import CalendarOverrides

calendar_app = typer.Typer(
    name="calendar",
    help="工作日日历（含调休） / Working-day calendar with make-up days.",
    no_args_is_help=True,
)

# Let "-1" reach our own validation as N instead of being read as an unknown option.
_ALLOW_NEGATIVE = {"ignore_unknown_options": True}


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(calendar_app)


@calendar_app.command("add-working-days", context_settings=_ALLOW_NEGATIVE)
def add_working_days_command(
    start: str = typer.Argument(..., metavar="DATE", help="起始日期 / start date, YYYY-MM-DD"),
    n: str = typer.Argument(..., metavar="N", help="工作日数 / number of working days"),
    holiday: list[str] = typer.Option(
        [], "--holiday", help="额外假日 / extra holiday, YYYY-MM-DD (repeatable)"
    ),
    workday: list[str] = typer.Option(
        [], "--workday", help="额外调休上班日 / extra make-up working day (repeatable)"
    ),
) -> None:
    """Print the date N working days after DATE (DATE itself not counted)."""
    from claimdesk.workflow.calendar import WorkingDayCalendar

    overrides = _overrides(holiday, workday)
    first_day, count = _parse_date(start), _parse_count(n)
    try:
        shifted = WorkingDayCalendar(overrides).shift(first_day, count)
    except OverflowError:
        _fail("结果超出可表示的日期范围 / the result is past the last representable date")
    for warning in shifted.warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(shifted.day.isoformat())


def _parse_date(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        _fail(f"日期无效：{raw!r}，应为 YYYY-MM-DD / invalid date {raw!r}, expected YYYY-MM-DD")


def _parse_count(raw: str) -> int:
    from claimdesk.workflow.calendar import MAX_WORKING_DAYS

    try:
        count = int(raw)
    except ValueError:
        _fail(f"工作日数无效：{raw!r}，应为整数 / invalid N {raw!r}, expected a whole number")
    if not 0 <= count <= MAX_WORKING_DAYS:
        _fail(
            f"工作日数应在 0 到 {MAX_WORKING_DAYS} 之间：{count} / "
            f"N must be between 0 and {MAX_WORKING_DAYS}, got {count}"
        )
    return count


def _overrides(holidays: list[str], workdays: list[str]) -> CalendarOverrides:
    from claimdesk.workflow.calendar import CalendarOverrides

    try:
        return CalendarOverrides(
            holidays=frozenset(map(_parse_date, holidays)),
            workdays=frozenset(map(_parse_date, workdays)),
        )
    except ValueError as error:
        _fail(f"同一天不能既是假日又是工作日 / {error}")


def _fail(message: str) -> NoReturn:
    typer.echo(f"错误 / error: {message}", err=True)
    raise typer.Exit(code=2)
