"""Recognise date columns in a claims file and parse them, reporting ambiguity.

Formats tried on every non-missing value of a text column: ISO (with or without a time),
yyyy/mm/dd, dd/mm/yyyy and mm/dd/yyyy (also with "-" or "."), Chinese 2026年11月1日, and
Excel serial day numbers (only for a numeric column whose name says it is a date). A column
is a date when at least `DATE_SHARE` of its values parse with one format. When both
day-first and month-first read every value (no day above 12), the column is ambiguous: it
is read day-first and the plan says so, so the analyst can check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

DATE_SHARE = 0.95
EXCEL_UNIX_DAY = 25_569  # Excel serial of 1970-01-01 (day 0 is 1899-12-30)
EXCEL_RANGE = (20_000, 80_000)  # 1954 .. 2119
DATE_NAME = re.compile(r"(date|day|time|dt$|_at$|日期|时间)", re.I)
EXCEL = "excel-serial"

# (name, polars format) in order of preference; day-first before month-first.
TEXT_FORMATS: tuple[tuple[str, str], ...] = (
    ("iso-datetime", "%Y-%m-%d %H:%M:%S"),
    ("iso-datetime-t", "%Y-%m-%dT%H:%M:%S"),
    ("iso-minutes", "%Y-%m-%d %H:%M"),
    ("iso", "%Y-%m-%d"),
    ("yyyy/mm/dd", "%Y/%m/%d"),
    ("dd/mm/yyyy", "%d/%m/%Y"),
    ("mm/dd/yyyy", "%m/%d/%Y"),
    ("dd-mm-yyyy", "%d-%m-%Y"),
    ("mm-dd-yyyy", "%m-%d-%Y"),
    ("dd.mm.yyyy", "%d.%m.%Y"),
    ("chinese", "%Y年%m月%d日"),
    ("chinese-time", "%Y年%m月%d日 %H:%M"),
)
FORMATS = dict(TEXT_FORMATS)
MONTH_FIRST_TWIN = {"dd/mm/yyyy": "mm/dd/yyyy", "dd-mm-yyyy": "mm-dd-yyyy"}


@dataclass(frozen=True)
class DateColumn:
    """A recognised date column: the format it is read with and whether it could be another."""

    name: str
    format: str
    ambiguous: bool = False
    has_time: bool = False

    @property
    def note(self) -> str:
        if self.ambiguous:
            twin = MONTH_FIRST_TWIN.get(self.format, "")
            return (
                f"日期 {self.format}（也可读作 {twin}，请核对） / "
                f"date {self.format} (also reads as {twin}: check)"
            )
        return f"日期 {self.format} / date {self.format}"


def parse(column: pl.Series, fmt: str) -> pl.Series:
    """The column as datetimes in this format; values that do not parse become missing."""
    if fmt == EXCEL:
        days = column.cast(pl.Float64, strict=False)
        days = days.set((days < EXCEL_RANGE[0]) | (days > EXCEL_RANGE[1]), None)
        micros = ((days - EXCEL_UNIX_DAY) * 86_400_000_000).cast(pl.Int64)
        return micros.cast(pl.Datetime("us")).rename(column.name)
    text = column.cast(pl.String).str.strip_chars()
    return text.str.strptime(pl.Datetime("us"), FORMATS[fmt], strict=False).rename(column.name)


def detect(column: pl.Series) -> DateColumn | None:
    """The format that reads (almost) every value of this column, or None when it is no date."""
    values = column.drop_nulls()
    if values.len() == 0:
        return None
    if column.dtype.is_numeric():
        return _excel(column, values)
    if column.dtype not in (pl.String, pl.Categorical) or not _looks_dated(values):
        return None
    for name, _fmt in TEXT_FORMATS:
        parsed = parse(values, name)
        if parsed.null_count() <= (1 - DATE_SHARE) * values.len():
            twin = MONTH_FIRST_TWIN.get(name)
            ambiguous = twin is not None and parse(values, twin).null_count() == 0
            has_time = bool((parsed.dt.hour().fill_null(0) > 0).any()) or ":" in FORMATS[name]
            return DateColumn(column.name, name, ambiguous, has_time)
    return None


def _looks_dated(values: pl.Series) -> bool:
    sample = values.cast(pl.String).head(50)
    share = sample.str.contains(r"\d{1,4}[-/.年]\d{1,2}[-/.月]\d{1,4}").mean()
    return float(share or 0.0) >= 0.5  # type: ignore[arg-type]


def _excel(column: pl.Series, values: pl.Series) -> DateColumn | None:
    if not DATE_NAME.search(column.name):
        return None
    days = values.cast(pl.Float64)
    inside = ((days >= EXCEL_RANGE[0]) & (days <= EXCEL_RANGE[1])).sum() / days.len()
    return DateColumn(column.name, EXCEL) if inside >= DATE_SHARE else None
