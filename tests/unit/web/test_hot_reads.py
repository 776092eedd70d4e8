"""The hot reads' hidden copies (web/api/hot_reads.py, issue 17) take exactly the requests their
originals took: nothing before an original fully matches its path for GET, a copy never
takes another method, and the copies are not in the OpenAPI document."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.dependencies.utils import request_params_to_args
from fastapi.routing import APIRoute, _IncludedRouter
from starlette.datastructures import QueryParams
from starlette.routing import BaseRoute, Match, Route

from claimdesk.bootstrap import build_app, build_container
from claimdesk.config import Settings
from claimdesk.services.ports import ClaimFilter
from claimdesk.web.api import claims, hot_reads, tasks
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
    answers = app.router.routes[:3]  # before every other
    assert [type(route) for route in answers] == [
        hot_reads.ClaimAnswerRoute, hot_reads.PageAnswerRoute, hot_reads.PageAnswerRoute
    ]  # fmt: skip
    assert not any(isinstance(route, Route) and not isinstance(route, APIRoute)
                   and route.path in PATHS for route in app.router.routes[3:])  # fmt: skip
    return app.router.routes[3:]


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


# My queue and the claim list without FastAPI's request machinery: only for a plain query,
# read to the same values as the original reads it (FastAPI's own query validation here).
# Left: what the original refuses, reads otherwise or might (`05`, a parameter twice, empty):
# the original answers those as before.
QUEUE_TAKEN = ["", "limit=1", "limit=100", "cursor=2026-01-01T00:00:00%2B08:00|5", "cursor=bad",
               "cursor=a&limit=7", "other=1", "other=1&other=2&limit=3"]  # fmt: skip
QUEUE_LEFT = ["limit=0", "limit=101", "limit=05", "limit=+5", "limit=5.0", "limit=%205",
              "limit=", "cursor=", "limit=1&limit=2", "cursor=a&cursor=b", "limit=abc",
              f"limit={MAX_ID + 1}"]  # fmt: skip
LIST_TAKEN = ["", "limit=1", "limit=100", "status=reported", "status=paid&limit=3",
              "product_code=x", "product_code=%E5%8C%BB", f"policy_id={MAX_ID}", "cursor=9",
              "q=a", "q=" + "a" * 100, "q=%E5%BC%A0", "q=a+b", "status=denied&policy_id=2&cursor=3"
              "&limit=4&product_code=p&q=z", "other=1"]  # fmt: skip
LIST_LEFT = ["limit=0", "limit=101", "limit=05", "status=bogus", "status=REPORTED", "status=",
             "q=", "q=" + "a" * 101, "policy_id=0", f"policy_id={MAX_ID + 1}", "cursor=-1",
             "cursor=1.0", "product_code=", "q=a&q=b", "status=paid&status=paid",
             "limit=%2B1"]  # fmt: skip


def _original(app: FastAPI, path: str) -> APIRoute:
    route = _first(_without_copies(app), path, "GET")[1]
    assert isinstance(route, APIRoute)
    return route


@pytest.mark.parametrize(
    ("path", "endpoint", "taken", "left"),
    [("/api/tasks/mine", tasks.my_queue, QUEUE_TAKEN, QUEUE_LEFT),
     ("/api/claims", claims.list_claims, LIST_TAKEN, LIST_LEFT)],
)  # fmt: skip
def test_the_page_routes_take_a_plain_query_read_as_the_original_reads_it(
    app: FastAPI, path: str, endpoint: object, taken: list[str], left: list[str]
) -> None:
    original = _original(app, path)
    assert original.endpoint is endpoint
    plain = next(r for r in app.router.routes[:3] if getattr(r, "path", None) == path)
    for method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"):
        for query in taken + left:
            scope = {"type": "http", "method": method, "path": path, "root_path": "",
                     "headers": [], "query_string": query.encode()}  # fmt: skip
            match, child = plain.matches(scope)
            if method != "GET" or query in left:
                assert match is Match.NONE, (method, query)
                continue
            assert match is Match.FULL and child["route"].path == original.path
            values, errors = request_params_to_args(
                original.dependant.query_params, QueryParams(query.encode())
            )
            assert errors == [], query
            read = child[hot_reads._QUERY]
            if path == "/api/claims":
                claim_filter = ClaimFilter(
                    status=values["status"],
                    product_code=values["product_code"],
                    policy_id=values["policy_id"],
                    search=values["q"],
                )
                assert read == {
                    "claim_filter": claim_filter,
                    "cursor": values["cursor"],
                    "limit": values["limit"],
                }, query
            else:
                assert read == values, query
