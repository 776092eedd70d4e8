"""Hot reads run on the driver's cursor (issue 17: the API beside its framework).

`RawSelect` is a Core select compiled once per database dialect and run directly on the DBAPI
cursor of the unit of work's connection — the same transaction, the same SQL SQLAlchemy would
send — with SQLAlchemy's own per-column conversions (the types' bind and result processors:
money as Decimal, aware UTC datetimes, dates, booleans, JSON). What is skipped is the
per-statement machinery around it (execution context, result metadata, row objects, events),
which was most of a small read. Rows are plain named tuples. A driver error is raised the way
SQLAlchemy raises it (wrapped; a lost connection invalidated), so a database outage is still a
503 (web/edge_errors.py).

Statements run this way are not seen by engine `before_cursor_execute` listeners.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, Select
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import Session

Processor = Callable[[Any], Any]
_Converter = tuple[int, Processor, Any]  # column index, conversion, what NULL becomes


@dataclass(frozen=True)
class _Plan:
    """The statement's SQL for one dialect and one size of each expanding (IN) parameter."""

    sql: str
    positional: tuple[tuple[str, int | None], ...] | None  # (parameter, index in its list)
    named: tuple[tuple[str, str, int | None], ...] | None  # (placeholder, parameter, index)


class RawSelect:
    """A select built once, run on the driver's cursor; `rows` gives named tuples."""

    def __init__(self, statement: Select[Any]) -> None:
        self.statement = statement
        keys = [column.key for column in statement.selected_columns]
        self.row: Any = namedtuple("Row", keys)  # type: ignore[misc,arg-type]
        self._types = [column.type for column in statement.selected_columns]
        self._compiled: dict[str, Any] = {}
        self._plans: dict[tuple[str, tuple[int, ...]], _Plan] = {}
        self._binders: dict[str, dict[str, Processor | None]] = {}
        self._constants: dict[str, dict[str, Any]] = {}  # values written into the statement
        self._converters: dict[tuple[str, tuple[Any, ...]], list[_Converter]] = {}

    def rows(self, session: Session, **parameters: Any) -> list[Any]:
        return self.rows_on(session.connection(), **parameters)

    def rows_on(self, connection: Connection, **parameters: Any) -> list[Any]:
        """The same on a connection without a session (a read outside a unit of work)."""
        return self._read(connection, parameters, self.row._make)

    def tuples_on(self, connection: Connection, **parameters: Any) -> list[tuple[Any, ...]]:
        """`rows_on` as plain tuples (the driver's own rows when no column needs converting):
        a page of (id, revision) pairs makes no named tuple per row (issue 17)."""
        return self._read(connection, parameters, None)

    def _read(
        self, connection: Connection, parameters: dict[str, Any], make: Callable[[Any], Any] | None
    ) -> list[Any]:
        dialect = connection.dialect
        plan = self._plan(dialect, parameters)
        values = self._bound(dialect, parameters)
        arguments: Any
        if plan.positional is not None:
            arguments = tuple(_value(values, name, i) for name, i in plan.positional)
        else:
            arguments = {key: _value(values, name, i) for key, name, i in plan.named or ()}
        return self._run(connection, plan.sql, arguments, make)

    def _run(
        self, connection: Connection, sql: str, arguments: Any, make: Callable[[Any], Any] | None
    ) -> list[Any]:
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(sql, arguments)
            fetched = cursor.fetchall()
            converters = self._converters_for(connection.dialect, cursor.description)
        except Exception as error:  # wrapped and handled as SQLAlchemy would (disconnects)
            connection._handle_dbapi_exception(error, sql, arguments, cursor, None)
        finally:
            cursor.close()
        if not converters:
            return fetched if make is None else [make(row) for row in fetched]
        converted = []
        for row in fetched:
            values = list(row)
            for index, convert, null in converters:
                value = values[index]
                values[index] = null if value is None else convert(value)
            converted.append(tuple(values) if make is None else make(values))
        return converted

    def _plan(self, dialect: Dialect, parameters: Mapping[str, Any]) -> _Plan:
        compiled = self._compiled.get(dialect.name)
        if compiled is None:
            compiled = self._compiled[dialect.name] = self.statement.compile(dialect=dialect)
        expanding = sorted(name for name, bind in compiled.binds.items() if bind.expanding)
        sizes = tuple(len(parameters[name]) for name in expanding)
        plan = self._plans.get((dialect.name, sizes))
        if plan is None:
            plan = self._plans[(dialect.name, sizes)] = _new_plan(compiled, expanding, parameters)
        return plan

    def _bound(self, dialect: Dialect, parameters: Mapping[str, Any]) -> dict[str, Any]:
        binders = self._binders.get(dialect.name)
        if binders is None:
            binds = self._compiled[dialect.name].binds
            self._constants[dialect.name] = {
                name: bind.effective_value for name, bind in binds.items() if not bind.required
            }
            binders = self._binders[dialect.name] = {
                name: bind.type.dialect_impl(dialect).bind_processor(dialect)
                for name, bind in binds.items()
            }
        bound = {}
        for name, value in {**self._constants[dialect.name], **parameters}.items():
            process = binders.get(name)
            if process is None:
                bound[name] = value
            elif isinstance(value, list | tuple):
                bound[name] = [process(item) for item in value]
            else:
                bound[name] = process(value)
        return bound

    def _converters_for(
        self, dialect: Dialect, description: Sequence[Sequence[Any]]
    ) -> list[_Converter]:
        codes = tuple(column[1] for column in description)
        key = (dialect.name, codes)
        found = self._converters.get(key)
        if found is None:
            found = []
            for index, (type_, code) in enumerate(zip(self._types, codes, strict=True)):
                process = type_.dialect_impl(dialect).result_processor(dialect, code)
                if process is not None:
                    found.append(_converter(index, type_, process))
            self._converters[key] = found
        return found


def _converter(index: int, type_: Any, process: Processor) -> _Converter:
    """The column's conversion with fewer calls, same values: what it gives for NULL is
    computed once (the converters are pure), and JSON `null` text — how a Python None is
    stored in a JSON column, three on most claims — is None without the JSON decoder."""
    if isinstance(type_, JSON):
        decode = process
        process = lambda value: None if value == "null" else decode(value)  # noqa: E731
    return index, process, process(None)


def _new_plan(compiled: Any, expanding: list[str], parameters: Mapping[str, Any]) -> _Plan:
    """Expand with markers to learn where each value goes (SQLAlchemy names them `ids_1`, …)."""
    markers: dict[str, Any] = {
        name: [(name, i) for i in range(len(parameters[name]))] for name in expanding
    }
    for name in compiled.binds:
        markers.setdefault(name, (name, None))
    expanded = compiled.construct_expanded_state(markers)
    if expanded.positiontup is not None:
        return _Plan(
            expanded.statement, tuple(expanded.parameters[p] for p in expanded.positiontup), None
        )
    named = tuple((key, *marker) for key, marker in expanded.parameters.items())
    return _Plan(expanded.statement, None, named)


def _value(values: Mapping[str, Any], name: str, index: int | None) -> Any:
    return values[name] if index is None else values[name][index]
