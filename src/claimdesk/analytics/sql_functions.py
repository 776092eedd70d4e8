"""Portable SQL for the read side (SQLite and PostgreSQL): elapsed days, Beijing month,
exact microseconds since the epoch."""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import BigInteger, Float, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class days_between(FunctionElement[float]):  # lower case: reads like the SQL function
    """Elapsed days (fractional) from the first timestamp to the second; NULL if either is."""

    type = Float()
    inherit_cache = True
    name = "days_between"


@compiles(days_between, "sqlite")
def _sqlite(element: days_between, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"(julianday({end}) - julianday({start}))"


@compiles(days_between, "postgresql")
def _postgresql(element: days_between, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"(EXTRACT(EPOCH FROM ({end} - {start})) / 86400.0)"


class beijing_month(FunctionElement[str]):
    """'YYYY-MM' of a UTC timestamp in Beijing time (UTC+8, no daylight saving)."""

    type = String()
    inherit_cache = True
    name = "beijing_month"


@compiles(beijing_month, "sqlite")
def _sqlite_month(element: beijing_month, compiler: Any, **kw: Any) -> str:
    (moment,) = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"strftime('%Y-%m', {moment}, '+8 hours')"


@compiles(beijing_month, "postgresql")
def _postgresql_month(element: beijing_month, compiler: Any, **kw: Any) -> str:
    (moment,) = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"to_char({moment} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')"


class jit_off(FunctionElement[str]):
    """PostgreSQL: no JIT compilation for the rest of the transaction (`set_config(…, true)`);
    SQLite: a no-op. For statements of many index seeks whose cost estimate crosses the JIT
    threshold: compiling took ~1 s of the staff KPIs' 1.4 s at a million claims."""

    inherit_cache = True
    name = "jit_off"


@compiles(jit_off, "sqlite")
def _sqlite_jit_off(element: jit_off, compiler: Any, **kw: Any) -> str:
    return "NULL"


@compiles(jit_off, "postgresql")
def _postgresql_jit_off(element: jit_off, compiler: Any, **kw: Any) -> str:
    return "set_config('jit', 'off', true)"


class epoch_us(FunctionElement[int]):  # lower case: reads like the SQL function
    """Integer microseconds since 1970-01-01 UTC of a stored instant, exact; NULL stays NULL."""

    type = BigInteger()
    inherit_cache = True
    name = "epoch_us"


@compiles(epoch_us, "sqlite")
def _sqlite_us(element: epoch_us, compiler: Any, **kw: Any) -> str:
    (moment,) = (compiler.process(arg, **kw) for arg in element.clauses)
    # Stored as 'YYYY-MM-DD HH:MM:SS.ffffff' (naive UTC; SQLAlchemy's format). The whole
    # seconds only (SQLite rounds a fraction to milliseconds), then the stored microseconds;
    # unixepoch() (SQLite 3.38+) gives the integer straight, strftime('%s') as text.
    seconds = (
        f"unixepoch(substr({moment}, 1, 19))"
        if sqlite3.sqlite_version_info >= (3, 38)
        else f"CAST(strftime('%s', substr({moment}, 1, 19)) AS INTEGER)"
    )
    return f"({seconds} * 1000000 + CAST(substr({moment}, 21, 6) AS INTEGER))"


@compiles(epoch_us, "postgresql")
def _postgresql_us(element: epoch_us, compiler: Any, **kw: Any) -> str:
    (moment,) = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"CAST(EXTRACT(EPOCH FROM {moment}) * 1000000 AS BIGINT)"
