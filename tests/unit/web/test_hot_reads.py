"""The hot reads' hidden copies (web/api/hot_reads.py, issue 17) take exactly the requests their
originals took: nothing before an original fully matches its path for GET, a copy never
takes another method, and the copies are not in the OpenAPI document."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, _IncludedRouter
from starlette.routing import BaseRoute, Match

from claimdesk.bootstrap import build_app, build_container
from claimdesk.config import Settings
from claimdesk.web.api import claims, hot_reads
from claimdesk.web.params import MAX_ID

PATHS = {
    "/api/claims/{claim_id}": ["/api/claims/1", "/api/claims/ab", "/api/claims/0", "/api/claims/."],
    "/api/tasks/mine": ["/api/tasks/mine"],
    "/api/claims": ["/api/claims"],
}  # fmt: skip


@pytest.fixture
def app(tmp_path: Path) -> Iterator[FastAPI]:
    settings = Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path / 'unused.db'}",
                        secret_key="test-secret-key")  # fmt: skip
    container = build_container(settings, fast_hashing=True)
    try:
        yield build_app(container)
    finally:
        container.engine.dispose()


def _first(routes: list[BaseRoute], path: str, method: str) -> tuple[Match, BaseRoute | None]:
    """The route the router's loop picks (the first full match, else the first partial one),
    looked up inside the included router that holds it."""
    partial: BaseRoute | None = None
    for route in routes:
        scope = {"type": "http", "method": method, "path": path, "root_path": "", "headers": []}
        match, _ = route.matches(scope)
        while isinstance(route, _IncludedRouter) and match is not Match.NONE:
            match, _, inner, _ = route._match(scope)
            assert inner is not None
            route = inner
        if match is Match.FULL:
            return match, route
        if match is Match.PARTIAL and partial is None:
            partial = route
    return (Match.PARTIAL, partial) if partial else (Match.NONE, None)


def _without_copies(app: FastAPI) -> list[BaseRoute]:
    hot = [r for r in app.router.routes
           if isinstance(r, _IncludedRouter) and r.original_router is hot_reads.router]  # fmt: skip
    assert len(hot) == 1
    return [route for route in _without_answers(app) if route is not hot[0]]


def _without_answers(app: FastAPI) -> list[BaseRoute]:
    answers = [r for r in app.router.routes if isinstance(r, hot_reads.ClaimAnswerRoute)]
    assert len(answers) == 1 and app.router.routes[0] is answers[0]  # before every other
    return [route for route in app.router.routes if route is not answers[0]]


def _copies() -> list[APIRoute]:
    return [route for route in hot_reads.router.routes if isinstance(route, APIRoute)]


def test_without_the_copies_the_same_endpoints_took_these_requests(app: FastAPI) -> None:
    others = _without_copies(app)
    assert {copy.path for copy in _copies()} == set(PATHS)
    for copy in _copies():
        for path in PATHS[copy.path]:
            for method in ("GET",):
                match, route = _first(_without_answers(app), path, method)
                assert match is Match.FULL and isinstance(route, APIRoute)
                assert route is copy  # the copy is what matches now
                before = _first(others, path, method)[1]
                assert isinstance(before, APIRoute) and before is not route
                assert before.endpoint is copy.endpoint and before.path == copy.path
                assert before.response_model == copy.response_model


def test_a_copy_never_takes_another_method(app: FastAPI) -> None:
    others = _without_copies(app)
    for copy in _copies():
        for path in PATHS[copy.path]:
            for method in ("HEAD", "POST", "PUT", "PATCH", "DELETE"):  # HEAD: 405 here
                assert copy.matches({"type": "http", "method": method, "path": path,
                                     "root_path": "", "headers": []})[0] is Match.NONE  # fmt: skip
                assert _first(app.router.routes, path, method) == _first(others, path, method)


# GET a claim without FastAPI's request machinery: only for a plain id the original takes.
TAKEN = ["/api/claims/1", "/api/claims/42", f"/api/claims/{MAX_ID}"]
LEFT = ["/api/claims/0", "/api/claims/01", "/api/claims/+1", "/api/claims/-1", "/api/claims/ab",
        f"/api/claims/{MAX_ID + 1}", "/api/claims/99999999999", "/api/claims/1/", "/api/claims/",
        "/api/claims/1/timeline", "/api/claims/1.0", "/api/claims/%31"]  # fmt: skip


def test_the_claim_answer_route_takes_a_plain_id_in_range_only(app: FastAPI) -> None:
    answers = app.router.routes[0]
    assert isinstance(answers, hot_reads.ClaimAnswerRoute)
    original = _first(_without_copies(app), "/api/claims/1", "GET")[1]
    assert isinstance(original, APIRoute) and original.endpoint is claims.get_claim
    for method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"):
        for path in TAKEN + LEFT:
            scope = {"type": "http", "method": method, "path": path, "root_path": "",
                     "headers": []}  # fmt: skip
            match, child = answers.matches(scope)
            if method == "GET" and path in TAKEN:
                # The original takes it too, with the same id; the metrics name the same route.
                assert match is Match.FULL and child["route"].path == original.path
                assert child["path_params"] == {"claim_id": path.rsplit("/", 1)[1]}
                assert original.matches(scope)[0] is Match.FULL
            else:
                assert match is Match.NONE, (method, path)


def test_the_copies_are_not_in_the_schema(app: FastAPI) -> None:
    operations = [
        (path, method)
        for path, item in app.openapi()["paths"].items()
        for method in item
        if (path, method) in {(copy.path, "get") for copy in _copies()}
    ]
    assert sorted(operations) == sorted((path, "get") for path in PATHS)  # each once
    assert all(not copy.include_in_schema for copy in _copies())
