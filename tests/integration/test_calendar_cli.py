"""`claimdesk calendar add-working-days DATE N` through Typer's CliRunner."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
import typer
from typer.testing import CliRunner

import claimdesk.workflow

runner = CliRunner()


def _load_calendar_commands() -> ModuleType:
    """Our module alone, for when a sibling command module is mid-edit and breaks the package."""
    path = Path(claimdesk.workflow.__file__).parent.parent / "cli" / "calendar_commands.py"
    spec = importlib.util.spec_from_file_location("calendar_commands_under_test", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    try:
        from claimdesk.cli import app as main_app
    except ImportError:
        standalone = typer.Typer()

        @standalone.callback()
        def root() -> None:
            """Group commands so `calendar` is a sub-command, as in the main app."""

        _load_calendar_commands().register(standalone)
        return standalone
    return main_app


def test_given_the_day_before_national_day_when_adding_one_working_day_then_october_8th(
    app: typer.Typer,
) -> None:
    result = runner.invoke(app, ["calendar", "add-working-days", "2026-09-30", "1"])

    assert result.exit_code == 0
    assert result.stdout == "2026-10-08\n"
    assert result.stderr == ""


def test_given_a_count_into_2027_when_adding_then_the_date_and_a_fallback_warning(
    app: typer.Typer,
) -> None:
    result = runner.invoke(app, ["calendar", "add-working-days", "2026-12-31", "1"])

    assert result.exit_code == 0
    assert result.stdout == "2027-01-01\n"
    assert "2027" in result.stderr
    assert "Monday–Friday" in result.stderr and "周一至周五" in result.stderr


def test_given_extra_holiday_option_when_adding_then_the_override_applies(app: typer.Typer) -> None:
    args = ["calendar", "add-working-days", "2026-12-31", "1", "--holiday", "2027-01-01"]

    result = runner.invoke(app, args)

    assert result.exit_code == 0
    assert result.stdout == "2027-01-04\n"


@pytest.mark.parametrize(
    ("args", "fragment_zh", "fragment_en"),
    [
        pytest.param(["2026-02-30", "1"], "日期无效", "invalid date", id="impossible-date"),
        pytest.param(["30/09/2026", "1"], "日期无效", "invalid date", id="not-iso"),
        pytest.param(["2026-09-30", "one"], "工作日数无效", "invalid N", id="n-not-a-number"),
        pytest.param(["2026-09-30", "-1"], "工作日数应在", "between 0 and", id="n-negative"),
        pytest.param(["2026-09-30", "99999"], "工作日数应在", "between 0 and", id="n-too-large"),
        pytest.param(["9999-12-30", "5"], "日期范围", "representable", id="past-year-9999"),
        pytest.param(
            ["2026-09-30", "1", "--holiday", "2026-10-08", "--workday", "2026-10-08"],
            "既是假日又是工作日",
            "both holiday and workday",
            id="conflicting-overrides",
        ),
    ],
)
def test_given_bad_input_when_adding_then_exit_2_with_a_message_in_both_languages(
    app: typer.Typer, args: list[str], fragment_zh: str, fragment_en: str
) -> None:
    result = runner.invoke(app, ["calendar", "add-working-days", *args])

    assert result.exit_code == 2
    assert result.stdout == ""
    assert fragment_zh in result.stderr
    assert fragment_en in result.stderr


def test_given_missing_arguments_when_adding_then_usage_error_exit_2(app: typer.Typer) -> None:
    result = runner.invoke(app, ["calendar", "add-working-days", "2026-09-30"])

    assert result.exit_code == 2
