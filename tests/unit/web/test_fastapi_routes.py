"""The suite's shared built routes (tests/fastapi_routes.py): a second app answers from the
routes the first one built, an inclusion that differs gets its own, an app with dependency
overrides gets its own honouring them, and FastAPI's private seams still have the shape the
sharing relies on."""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Iterator

import pytest
from fastapi import APIRouter, Depends, FastAPI, routing
from fastapi.testclient import TestClient

from tests import fastapi_routes

router = APIRouter()


def who() -> str:
    return "real"


@router.get("/who")
def read_who(name: str = Depends(who)) -> dict[str, str]:
    return {"name": name}


@pytest.fixture
def shared(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """The sharing installed (as tests/conftest.py does) over an empty store; yields the list
    of routes FastAPI really built."""
    real = fastapi_routes._real_from_api_route
    built: list[object] = []

    def counted(**arguments: object) -> object:
        built.append(arguments["original_route"])
        return real(**arguments)

    monkeypatch.setattr(fastapi_routes, "_BUILT", {})
    monkeypatch.setattr(fastapi_routes, "_real_from_api_route", counted)
    fastapi_routes.install()
    yield built


def an_app(prefix: str = "") -> FastAPI:
    app = FastAPI()
    app.include_router(router, prefix=prefix)
    return app


def test_a_second_app_answers_from_the_routes_the_first_built(shared: list[object]) -> None:
    first, second = TestClient(an_app()), TestClient(an_app())
    assert first.get("/who").json() == {"name": "real"}
    assert len(shared) == 1
    assert second.get("/who").json() == {"name": "real"}
    assert len(shared) == 1  # nothing built again
    assert second.get("/nobody").status_code == 404


def test_an_inclusion_that_differs_gets_its_own_routes(shared: list[object]) -> None:
    assert TestClient(an_app()).get("/who").status_code == 200
    prefixed = TestClient(an_app("/v2"))
    assert prefixed.get("/v2/who").json() == {"name": "real"}
    assert prefixed.get("/who").status_code == 404
    assert len(shared) == 2


def test_an_app_with_overrides_at_its_first_request_builds_its_own(
    shared: list[object],
) -> None:
    assert TestClient(an_app()).get("/who").json() == {"name": "real"}
    overridden = an_app()
    overridden.dependency_overrides[who] = lambda: "override"
    assert TestClient(overridden).get("/who").json() == {"name": "override"}
    # ... and the shared routes never see that app's overrides.
    assert TestClient(an_app()).get("/who").json() == {"name": "real"}
    assert len(shared) == 2


many = APIRouter()
for number in range(3):
    many.add_api_route(f"/n{number}", lambda number=number: {"n": number}, methods=["GET"])


def test_an_inclusion_is_keyed_once_for_all_of_its_routes(
    shared: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    keyed: list[object] = []
    real_key = fastapi_routes.inclusion_key

    def counted(include_context: object) -> tuple[object, ...]:
        keyed.append(include_context)
        return real_key(include_context)

    monkeypatch.setattr(fastapi_routes, "inclusion_key", counted)
    for _ in range(2):
        app = FastAPI()
        app.include_router(many, prefix="/many")
        assert TestClient(app).get("/many/n2").json() == {"n": 2}
    assert len(keyed) == 2  # once per app's inclusion, not once per route
    assert len(shared) == 3  # and the second app still built nothing


def test_fastapi_private_seams_keep_their_shape() -> None:
    seam = inspect.getattr_static(routing._EffectiveRouteContext, "from_api_route")
    assert isinstance(seam, classmethod)
    assert list(inspect.signature(fastapi_routes._original.__func__).parameters) == [
        "cls",
        "original_route",
        "include_context",
    ]
    names = {known.name for known in dataclasses.fields(routing._RouterIncludeContext)}
    # The app enters an included route only as its overrides provider.
    assert {"included_router", "dependency_overrides_provider", "prefix", "dependencies"} <= names
    assert "app" not in names
