"""Chronological splits on parsed time values, never on text order.

A time column may be numeric (a year, a period number) or a date column the plan recognised
(dates.py). Anything else is refused: comparing "01/02/2026" and "12/01/2025" as text puts
rows on the wrong side of the split without anyone noticing.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from claimdesk.fraud.columns import ColumnPlan, InvalidTable
from claimdesk.fraud.dates import detect, parse


def time_order(table: pl.DataFrame, plan: ColumnPlan, time_column: str) -> np.ndarray:
    """Each row's time as a sortable number (missing: NaN)."""
    if time_column not in table.columns:
        raise InvalidTable(f"时间列不存在 / time column not found: {time_column}")
    column = table[time_column]
    recognised = {date.name: date for date in plan.dates}.get(time_column) or detect(column)
    if recognised is not None:
        stamps = parse(column, recognised.format).dt.epoch("s").cast(pl.Float64)
        return np.asarray(stamps.fill_null(float("nan")).to_numpy())
    if column.dtype.is_numeric():
        return np.asarray(column.cast(pl.Float64).fill_null(float("nan")).to_numpy())
    raise InvalidTable(
        f"时间列无法解析为日期或数字 / time column is neither dates nor numbers: {time_column}"
    )


def bound_value(table: pl.DataFrame, plan: ColumnPlan, time_column: str, bound: str) -> float:
    """`--train-until` on the same scale as time_order (an ISO date or the column's format)."""
    column = table[time_column]
    recognised = {date.name: date for date in plan.dates}.get(time_column) or detect(column)
    if recognised is None:
        try:
            return float(bound)
        except ValueError as error:
            raise InvalidTable(f"无法解析切分点 / cannot read --train-until: {bound}") from error
    for fmt in ("iso", recognised.format, "iso-datetime"):
        parsed = parse(pl.Series([bound]), fmt)
        if parsed.null_count() == 0:
            # A date without a time means "to the end of that day".
            whole_day = 86_399.0 if len(bound.strip()) <= 11 else 0.0
            return float(parsed.dt.epoch("s")[0]) + whole_day
    raise InvalidTable(f"无法解析切分点 / cannot read --train-until: {bound}")


def chronological_mask(
    table: pl.DataFrame, plan: ColumnPlan, time_column: str, bound: str
) -> pl.Series:
    """True for rows up to and including `bound`; refuses missing times and an empty side."""
    order = time_order(table, plan, time_column)
    if np.isnan(order).any():
        missing = int(np.isnan(order).sum())
        raise InvalidTable(
            f"时间列有 {missing} 行缺失或无法解析 / {missing} rows have no readable time: "
            f"{time_column}"
        )
    earlier = order <= bound_value(table, plan, time_column, bound)
    if earlier.all() or not earlier.any():
        raise InvalidTable(f"时间切分为空 / empty side of the time split at {bound}")
    return pl.Series("earlier", earlier)
