"""Automatic column typing for any claims CSV: what is a feature, what is dropped and why."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

import polars as pl

from claimdesk.fraud.dates import DateColumn, detect

# A column this close to one distinct value per row is a row identifier, not a pattern.
ID_UNIQUE_RATIO = 0.95
# Columns naming a dataset split carry how the file was cut, not anything about the claim.
SPLIT_MARKER = re.compile(r"^(train(ing)?|split|fold|set|partition|is_?train|subset)$", re.I)
ID_NAME = re.compile(r"(^id$|_id$|^id_|number$|_no$|^no$|key$|uuid)", re.I)
# Tokens that mean "not known" in exported claim files; "none" is left alone because files use
# it as a value ("PastNumberOfClaims = none" is zero claims, not a missing figure).
MISSING_TOKENS = [
    "",
    "?",
    "-",
    "--",
    "NA",
    "N/A",
    "n/a",
    "NaN",
    "nan",
    "null",
    "NULL",
    "无",
    "缺失",
]


class DropReason(StrEnum):
    LABEL = "label"
    TIME_COLUMN = "time_column"
    ID_LIKE = "id_like"
    CONSTANT = "constant"
    SPLIT_MARKER = "split_marker"
    LEAKAGE = "leakage"
    EXCLUDED = "excluded"


@dataclass(frozen=True)
class ColumnPlan:
    """The columns the model may use, each typed, and the dropped ones with their reason."""

    label: str
    numeric: tuple[str, ...]
    categorical: tuple[str, ...]
    dropped: dict[str, DropReason] = field(default_factory=dict)
    group_column: str | None = None
    dates: tuple[DateColumn, ...] = ()

    @property
    def features(self) -> tuple[str, ...]:
        return self.numeric + self.categorical + tuple(d.name for d in self.dates)


class InvalidTable(ValueError):
    """The table cannot be used for training: the message is given in Chinese and English."""


def binary_label(table: pl.DataFrame, label: str) -> pl.Series:
    """The label as 0/1 integers; refuses unknown columns and anything that is not binary."""
    if label not in table.columns:
        raise InvalidTable(f"标签列不存在 / label column not found: {label}")
    column = table[label]
    values = set(column.drop_nulls().unique().to_list())
    if column.null_count() or len(values) != 2:
        raise InvalidTable(f"标签列必须是二元的 / label column must be binary: {label} {values}")
    positive = max(values, key=_positive_rank)
    flags: pl.Series = (column == positive).cast(pl.Int8)
    return flags.rename(label)


def _positive_rank(value: object) -> tuple[int, str]:
    text = str(value).strip().lower()
    return (text in {"1", "true", "yes", "y", "fraud", "是"}, text)


def plan_columns(
    table: pl.DataFrame,
    label: str,
    time_column: str | None = None,
    exclude: tuple[str, ...] = (),
) -> ColumnPlan:
    """Type every column: numeric, categorical, or dropped (label, IDs, constants, leakage)."""
    dropped: dict[str, DropReason] = {label: DropReason.LABEL}
    if time_column:
        dropped[time_column] = DropReason.TIME_COLUMN
    dropped.update({name: DropReason.EXCLUDED for name in exclude})
    groups = group_column(table)
    if groups:
        dropped[groups] = DropReason.ID_LIKE
    y = binary_label(table, label)
    numeric: list[str] = []
    categorical: list[str] = []
    dates: list[DateColumn] = []
    for name in table.columns:
        date_column = detect(table[name]) if name not in dropped or name == time_column else None
        if date_column is not None:
            # Parsed dates feed weekday, hour and gaps, never the raw stamp (never an ID either).
            dates.append(date_column)
            dropped.pop(name, None)
            continue
        if name in dropped:
            continue
        reason = _drop_reason(table[name], y)
        if reason:
            dropped[name] = reason
        elif table[name].dtype.is_numeric():
            numeric.append(name)
        else:
            categorical.append(name)
    return ColumnPlan(label, tuple(numeric), tuple(categorical), dropped, groups, tuple(dates))


def _drop_reason(column: pl.Series, y: pl.Series) -> DropReason | None:
    if SPLIT_MARKER.match(column.name):
        return DropReason.SPLIT_MARKER
    distinct = column.n_unique()
    if distinct <= 1:
        return DropReason.CONSTANT
    if _is_id_like(column, distinct):
        return DropReason.ID_LIKE
    if _leaks_label(column, y):
        return DropReason.LEAKAGE
    return None


def _is_id_like(column: pl.Series, distinct: int) -> bool:
    integer_or_text = column.dtype.is_integer() or column.dtype == pl.String
    return integer_or_text and distinct >= ID_UNIQUE_RATIO * len(column)


def _leaks_label(column: pl.Series, y: pl.Series) -> bool:
    """A column that reproduces the label almost exactly was written after the decision."""
    frame = pl.DataFrame({"value": column.cast(pl.String), "label": y})
    purity = frame.group_by("value").agg(pl.col("label").mean().alias("rate"), pl.len())
    pure_rows = purity.filter((pl.col("rate") == 0) | (pl.col("rate") == 1))["len"].sum()
    positives = int(y.sum())
    groups = purity.height
    return groups < 0.5 * len(column) and pure_rows >= 0.99 * len(column) and positives > 0


def group_column(table: pl.DataFrame) -> str | None:
    """An ID-named column with repeated values: rows sharing it must stay in one fold."""
    for name in table.columns:
        distinct = table[name].n_unique()
        repeated = 0.2 * table.height < distinct < ID_UNIQUE_RATIO * table.height
        if ID_NAME.search(name) and repeated:
            return name
    return None


def read_table(path: str) -> pl.DataFrame:
    """A CSV with every column typed by looking at all of its values."""
    try:
        return pl.read_csv(path, infer_schema_length=None, null_values=MISSING_TOKENS)
    except (OSError, pl.exceptions.PolarsError) as error:
        raise InvalidTable(f"无法读取数据文件 / cannot read data file: {path} ({error})") from error
