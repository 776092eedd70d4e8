"""One pydantic TypeAdapter per distinct route field in a test process.

FastAPI (0.137 and later) builds an app's included routes on its first request, and every path,
query, body and response field becomes a `ModelField` whose `__post_init__` builds a pydantic
`TypeAdapter`: several hundred core schemas per app. A server builds them once; the suite builds
a fresh app for almost every test, and that first request cost ≈ 0.45 s of CPU per test
(a third of the suite's CPU, py-spy over six modules). An adapter is a pure function of the
field's annotation, metadata, attributes and config, so the test process keeps one per distinct
field and hands it to the next app's equal field; the app, its routes and dependants are still
built per test.

The key is strict: hashable values by type, equality and repr (classes, callables and FieldInfo
objects by identity), unhashable ones by type and repr. Fields no later app can match (a
FieldInfo FastAPI copies per app) just miss; the cache is bounded so they cannot pile up.
Private seam: `fastapi._compat.v2.ModelField.__post_init__` and the `_type_adapter` it sets;
tests/unit/test_fastapi_adapters.py fails if a FastAPI release makes it set anything else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi._compat import v2

LIMIT = 20_000
_ADAPTERS: dict[tuple[Any, ...], Any] = {}
_real_post_init: Callable[[Any], None] = v2.ModelField.__post_init__


def _part(value: Any) -> tuple[Any, ...]:
    try:
        hash(value)
    except TypeError:
        return ("unhashable", type(value), repr(value))
    return (type(value), value, repr(value))


def field_key(field: Any) -> tuple[Any, ...]:
    described = v2.asdict(field.field_info)
    attributes = sorted(described["attributes"].items())
    return (
        field.mode,
        _part(described["annotation"]),
        tuple(_part(item) for item in described["metadata"]),
        tuple((name, _part(value)) for name, value in attributes),
        _part(field.config),
    )


def _memoized_post_init(self: Any) -> None:
    key = field_key(self)
    found = _ADAPTERS.get(key)
    if found is not None:
        self._type_adapter = found
        return
    _real_post_init(self)
    if len(_ADAPTERS) < LIMIT:
        _ADAPTERS[key] = self._type_adapter


def install() -> None:
    v2.ModelField.__post_init__ = _memoized_post_init  # type: ignore[method-assign]


def uninstall() -> None:
    v2.ModelField.__post_init__ = _real_post_init  # type: ignore[method-assign]
