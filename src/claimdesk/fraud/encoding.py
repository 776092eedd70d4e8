"""Turn typed columns into a numeric matrix; the only fitted state is each category list.

Generic feature engineering, valid for any table:
- categorical text becomes a category code (the vocabulary is learned on training rows only);
- range-like text ("more than 30", "31 to 35", "under 6 months", "none") also becomes an
  ordered number, so trees can split on "at least 31";
- month and weekday names become their number; a year column with a month column becomes a
  calendar period (year * 12 + month).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import polars as pl

from claimdesk.fraud.columns import ColumnPlan
from claimdesk.fraud.dates import parse

MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
MONTH_NAMES = (
    "january february march april may june july august september october november december"
)
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAY_NAMES = "monday tuesday wednesday thursday friday saturday sunday"
ZERO_WORDS = frozenset({"none", "no", "never", "new", "no change", "zero", "无"})
NUMBER = re.compile(r"\d+(?:\.\d+)?")
UNIT_PER_YEAR = {"month": 12.0, "week": 52.0, "day": 365.0}


class FeatureKind(StrEnum):
    NUMERIC = "numeric"
    CATEGORY = "category"
    RANK = "rank"
    PERIOD = "period"
    DELAY = "delay"
    DATE_PART = "date_part"
    DATE_GAP = "date_gap"


@dataclass(frozen=True)
class FeatureSpec:
    """One model input: its name, the source column(s) and how it is computed."""

    name: str
    source: str
    kind: FeatureKind
    categories: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()


@dataclass(frozen=True)
class Encoder:
    specs: tuple[FeatureSpec, ...]

    @property
    def names(self) -> list[str]:
        return [spec.name for spec in self.specs]

    @property
    def categorical_indices(self) -> list[int]:
        return [i for i, spec in enumerate(self.specs) if spec.kind is FeatureKind.CATEGORY]


def rank_of(text: str) -> float | None:
    """The number a range-like value stands for, keeping the order of the ranges."""
    lowered = text.strip().lower()
    if lowered in ZERO_WORDS:
        return 0.0
    calendar = _calendar_number(lowered)
    if calendar is not None:
        return calendar
    numbers = [float(found) for found in NUMBER.findall(lowered)]
    if not numbers:
        return None
    value = sum(numbers) / len(numbers)
    if re.search(r"more than|over|above|以上|\+", lowered):
        value = numbers[0] * 1.1 + 1
    elif re.search(r"less than|under|below|以下", lowered):
        value = numbers[0] * 0.5
    unit = next((per for word, per in UNIT_PER_YEAR.items() if word in lowered), 1.0)
    return value / unit


def _calendar_number(lowered: str) -> float | None:
    for short, full in ((MONTHS, MONTH_NAMES.split()), (WEEKDAYS, WEEKDAY_NAMES.split())):
        if lowered in short or lowered in full:
            return float(short.index(lowered[:3]) + 1)
    return None


def fit_encoder(table: pl.DataFrame, plan: ColumnPlan, time_stable: bool = False) -> Encoder:
    """Learn the category lists from these (training) rows and decide the derived features.

    `time_stable` leaves out what names a point in calendar time (a year column, calendar
    periods): values a later book never shares with the training rows.
    """
    numeric = [n for n in plan.numeric if not (time_stable and _is_year_column(table, n))]
    specs = [FeatureSpec(name, name, FeatureKind.NUMERIC) for name in numeric]
    for name in plan.categorical:
        values = table[name].cast(pl.String).drop_nulls().unique().sort().to_list()
        specs.append(FeatureSpec(name, name, FeatureKind.CATEGORY, tuple(values)))
        if _is_rank_like(values):
            specs.append(FeatureSpec(f"{name}~rank", name, FeatureKind.RANK))
    periods = _period_specs(table, plan)
    specs.extend(s for s in periods if not (time_stable and s.kind is FeatureKind.PERIOD))
    specs.extend(_date_specs(plan))
    return Encoder(tuple(specs))


def _is_year_column(table: pl.DataFrame, name: str) -> bool:
    return "year" in name.lower() and _is_year(table[name])


def _date_specs(plan: ColumnPlan) -> list[FeatureSpec]:
    """Weekday, month and (when known) hour of each date, and the days between two dates."""
    specs: list[FeatureSpec] = []
    for date in plan.dates:
        parts = ["weekday", "month"] + (["hour"] if date.has_time else [])
        specs.extend(
            FeatureSpec(
                f"{date.name}~{part}", date.name, FeatureKind.DATE_PART, (), (part, date.format)
            )
            for part in parts
        )
    for position, earlier in enumerate(plan.dates):
        specs.extend(
            FeatureSpec(
                f"{later.name}-{earlier.name}~days",
                later.name,
                FeatureKind.DATE_GAP,
                (),
                (earlier.name, later.format, earlier.format),
            )
            for later in plan.dates[position + 1 :]
        )
    return specs


def _is_rank_like(values: list[str]) -> bool:
    ranked = sum(rank_of(value) is not None for value in values)
    return len(values) >= 3 and ranked >= 0.5 * len(values)


def _period_specs(table: pl.DataFrame, plan: ColumnPlan) -> list[FeatureSpec]:
    """Calendar periods (year, month, week of month) and the months between two month columns."""
    years = [name for name in plan.numeric if "year" in name.lower() and _is_year(table[name])]
    months = [name for name in plan.categorical if _is_month(table[name])]
    specs = [
        FeatureSpec(f"{later}-{earlier}", later, FeatureKind.DELAY, partners=(earlier,))
        for position, earlier in enumerate(months)
        for later in months[position + 1 :]
    ]
    for year in years:
        periods = [
            # A later month column before the first one falls in the next year (Dec → Jan).
            (month, _week_of(month, months, plan.numeric, table), months[0] if position else "")
            for position, month in enumerate(months)
        ]
        specs.extend(
            FeatureSpec(f"{period[0]}@{year}", year, FeatureKind.PERIOD, partners=period)
            for period in periods
        )
        specs.extend(
            FeatureSpec(
                f"{later[0]}-{periods[0][0]}@{year}",
                year,
                FeatureKind.DELAY,
                partners=(*periods[0], *later),
            )
            for later in periods[1:]
        )
    return specs


def _week_of(month: str, months: list[str], numeric: tuple[str, ...], table: pl.DataFrame) -> str:
    """The week-of-month column of a month column: "WeekOfMonthClaimed" goes with "MonthClaimed"."""
    for name in numeric:
        owner = max((other for other in months if other in name), key=len, default="")
        weekly = "week" in name.lower() and table[name].max() <= 5  # type: ignore[operator]
        if weekly and owner == month:
            return name
    return ""


def _is_year(column: pl.Series) -> bool:
    low, high = column.min(), column.max()
    return bool(column.dtype.is_integer() and 1900 <= low <= high <= 2100)  # type: ignore[operator]


def _is_month(column: pl.Series) -> bool:
    values = column.cast(pl.String).drop_nulls().unique().to_list()
    named = sum(str(value).lower() in MONTHS + MONTH_NAMES.split() for value in values)
    return named >= 0.8 * len(values) and named >= 6


def encode(encoder: Encoder, table: pl.DataFrame) -> np.ndarray:
    """The float matrix for these rows; unknown categories and unparsable text are missing."""
    columns = [_encode_one(spec, table) for spec in encoder.specs]
    return np.column_stack(columns) if columns else np.empty((table.height, 0))


def _encode_one(spec: FeatureSpec, table: pl.DataFrame) -> np.ndarray:
    column = table[spec.source]
    if spec.kind is FeatureKind.NUMERIC:
        return column.cast(pl.Float64, strict=False).to_numpy()
    if spec.kind is FeatureKind.CATEGORY:
        codes = {value: float(i) for i, value in enumerate(spec.categories)}
        return _mapped(column.cast(pl.String), codes)
    if spec.kind is FeatureKind.RANK:
        text = column.cast(pl.String)
        ranks = {value: rank_of(value) for value in text.drop_nulls().unique().to_list()}
        return _mapped(text, ranks)
    if spec.kind is FeatureKind.DATE_PART:
        return _date_part(parse(column, spec.partners[1]), spec.partners[0])
    if spec.kind is FeatureKind.DATE_GAP:
        stamps = parse(column, spec.partners[1])
        earlier = parse(table[spec.partners[0]], spec.partners[2])
        gap = (stamps - earlier).dt.total_seconds() / 86_400.0
        return np.asarray(gap.cast(pl.Float64).fill_null(float("nan")).to_numpy())
    if spec.kind is FeatureKind.DELAY and len(spec.partners) == 6:
        later = _period(table, spec.source, spec.partners[3:])
        return np.asarray(later - _period(table, spec.source, spec.partners[:3]))
    if spec.kind is FeatureKind.DELAY:
        return np.asarray((_month(table, spec.source) - _month(table, spec.partners[0])) % 12)
    return _period(table, spec.source, spec.partners)


def _period(table: pl.DataFrame, year: str, partners: tuple[str, ...]) -> np.ndarray:
    """Months (or weeks, with a week-of-month column) since year 0: a sortable calendar index."""
    month_name, week, anchor = partners
    month = _month(table, month_name)
    if anchor:
        month = _month(table, anchor) + (month - _month(table, anchor)) % 12
    period = table[year].cast(pl.Float64, strict=False).to_numpy() * 12 + month
    if week:
        return np.asarray(period * 5 + table[week].cast(pl.Float64, strict=False).to_numpy())
    return np.asarray(period)


def _date_part(stamps: pl.Series, part: str) -> np.ndarray:
    values = {"weekday": stamps.dt.weekday(), "month": stamps.dt.month(), "hour": stamps.dt.hour()}
    return np.asarray(values[part].cast(pl.Float64).fill_null(float("nan")).to_numpy())


def _month(table: pl.DataFrame, name: str) -> np.ndarray:
    return _encode_one(FeatureSpec("", name, FeatureKind.RANK), table)


def _mapped(text: pl.Series, mapping: Mapping[str, float | None]) -> np.ndarray:
    replaced = text.replace_strict(mapping, default=None, return_dtype=pl.Float64)
    return np.asarray(replaced.fill_null(float("nan")).to_numpy())


def describe_value(spec: FeatureSpec, table: pl.DataFrame, row: int) -> str:
    """The raw value behind a feature, as the analyst sees it in the file."""
    value = f"{table[spec.source][row]}"
    if spec.kind in (FeatureKind.PERIOD, FeatureKind.DELAY):
        parts = [name for name in (*spec.partners, spec.source) if name]
        return " ".join(f"{table[name][row]}" for name in dict.fromkeys(parts))
    return value
