"""Portable SQL for the read side (SQLite and PostgreSQL): elapsed days, Beijing month."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Float, String
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
