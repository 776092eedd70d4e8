"""One built route per (route, inclusion) in a test process, shared by every app built after.

FastAPI 0.165 builds an app's included routes on the app's first request: per route, the
dependant, the request-body model (a pydantic model created per app), every field and the
request handler. With the route fields shared (tests/fastapi_adapters.py) that still cost
≈ 0.1–0.16 s of CPU per app (bench/app_build_bench.py), and the suite builds a fresh app for
almost every test (py-spy over tests/integration/test_web_pages.py, test_desk_pages.py and
tests/services/test_claim_use_cases.py: 19 % of all samples in `_build_effective_context`).

The routers are module objects, included the same way by every `create_app`, so what FastAPI
builds for one app is what it would build for the next. The built route (`_EffectiveRouteContext`)
is kept per route object and the inclusion's settings (prefix, tags, dependencies, responses, …;
every field of `_RouterIncludeContext` but the app, compared strictly as in
fastapi_adapters._part, so an inclusion with a per-app dependency simply misses). What reads the
app stays per request: the wiring (`request.app.state`), the middleware, the lifespan.

Dependency overrides: a shared route is built without the app as overrides provider, so it never
consults any app's `dependency_overrides`; an app that has overrides when its routes are built
(its first request) gets its own routes, built as FastAPI does. Overrides set on an app after its
first request are not seen (the one suite use sets them before: test_adjudication_api.py).
Private seams: `fastapi.routing._EffectiveRouteContext.from_api_route` and
`_RouterIncludeContext`; tests/unit/web/test_fastapi_routes.py fails if they change shape.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from fastapi import routing

from tests.fastapi_adapters import _part

LIMIT = 20_000
_BUILT: dict[tuple[Any, ...], Any] = {}
_original: Any = routing._EffectiveRouteContext.__dict__["from_api_route"]  # the classmethod
_real_from_api_route: Any = routing._EffectiveRouteContext.from_api_route
# Compared by identity (the route and router objects themselves) or left out (the app).
_NOT_BY_VALUE = frozenset({"included_router", "dependency_overrides_provider"})
# The last inclusion asked about and its key: FastAPI builds an included router's routes one
# after another with the same inclusion object, and keying it (every field through `_part`)
# per route was 7 ms of CPU per app (273 routes, ≈ 26 µs each). Held, so its id is not reused;
# FastAPI never changes an inclusion after making it (`combine` makes a new one).
_last: tuple[Any, tuple[Any, ...]] = (None, ())


def inclusion_key(include_context: Any) -> tuple[Any, ...]:
    """Every setting of an inclusion but the app; a FastAPI release adding one is keyed too."""
    return (
        id(include_context.included_router),
        tuple(
            (known.name, _part(getattr(include_context, known.name)))
            for known in dataclasses.fields(include_context)
            if known.name not in _NOT_BY_VALUE
        ),
    )


def _inclusion_key_once(include_context: Any) -> tuple[Any, ...]:
    global _last
    last, key = _last  # one read: another thread may replace it meanwhile
    if last is not include_context:
        key = inclusion_key(include_context)
        _last = (include_context, key)
    return key


def _overrides_of(include_context: Any) -> Any:
    return getattr(include_context.dependency_overrides_provider, "dependency_overrides", None)


def _shared_from_api_route(cls: Any, *, original_route: Any, include_context: Any) -> Any:
    if _overrides_of(include_context):
        return _real_from_api_route(original_route=original_route, include_context=include_context)
    key = (id(original_route), _inclusion_key_once(include_context))
    found = _BUILT.get(key)
    if found is not None:
        return found[1]
    without_app = dataclasses.replace(include_context, dependency_overrides_provider=None)
    built = _real_from_api_route(original_route=original_route, include_context=without_app)
    if len(_BUILT) < LIMIT:
        # The route and router are kept alive with it: their ids cannot be reused by others.
        _BUILT[key] = ((original_route, include_context.included_router), built)
    return built


def install() -> None:
    routing._EffectiveRouteContext.from_api_route = classmethod(_shared_from_api_route)  # type: ignore[method-assign, assignment]


def uninstall() -> None:
    routing._EffectiveRouteContext.from_api_route = _original  # type: ignore[method-assign]
