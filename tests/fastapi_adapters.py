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
Likewise an endpoint's or dependency's typed signature (string annotations evaluated) is kept per
function. Private seams: `fastapi._compat.v2.ModelField.__post_init__` and the `_type_adapter` it
sets, `fastapi.dependencies.utils.get_typed_signature`; tests/unit/web/test_fastapi_adapters.py
fails if a FastAPI release makes the first set anything else.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from fastapi._compat import v2
from fastapi.dependencies import utils as dependency_utils

LIMIT = 20_000
_ADAPTERS: dict[tuple[Any, ...], Any] = {}
_SIGNATURES: dict[Any, inspect.Signature] = {}
_real_post_init: Callable[[Any], None] = v2.ModelField.__post_init__
_real_typed_signature: Callable[[Any], inspect.Signature] = dependency_utils.get_typed_signature
# Exact types whose equality already says everything (True == 1, but their types differ).
_PLAIN = frozenset({type(None), bool, int, str})


def _part(value: Any) -> tuple[Any, ...]:
    if type(value) in _PLAIN:
        return (type(value), value)
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


def _memoized_typed_signature(call: Callable[..., Any]) -> inspect.Signature:
    """An endpoint's or dependency's signature with its string annotations evaluated: the same
    function gives the same signature in every app (and the same annotation objects, so the
    adapters keyed on them match too)."""
    try:
        found = _SIGNATURES.get(call)
    except TypeError:  # an unhashable callable
        return _real_typed_signature(call)
    if found is None:
        found = _real_typed_signature(call)
        if len(_SIGNATURES) < LIMIT:
            _SIGNATURES[call] = found
    return found


def install() -> None:
    v2.ModelField.__post_init__ = _memoized_post_init  # type: ignore[method-assign]
    dependency_utils.get_typed_signature = _memoized_typed_signature


def uninstall() -> None:
    v2.ModelField.__post_init__ = _real_post_init  # type: ignore[method-assign]
    dependency_utils.get_typed_signature = _real_typed_signature
