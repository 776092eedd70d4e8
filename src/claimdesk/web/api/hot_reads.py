"""The hot reads matched first (issue 17): GET a claim, the claim list and my queue.

Starlette tries the routes in order, each included router and each of its routes a regex and a
few scope copies; `/api/tasks/mine` sat in the eighth router, ≈ 100–300 µs of matching a
request. The routes stay where they are (the OpenAPI document, its order and every other
answer unchanged); this router, included before all others, holds hidden copies of the same
endpoints, so a GET to one of them is matched at once.

A copy may only take a request its original would have taken: nothing included before the
original fully matches these paths for GET (`test_hot_reads.py` checks it on the app),
and a copy never answers a partial match (another method): such a request goes on to the
routes that answered it before, so 405s and their `Allow` stay as they were.

`ClaimAnswerRoute` goes further for GET a claim, the hottest read: a plain Starlette route put
before every other route, which takes a GET whose id is plain digits in range (1 … 2³¹−1, no
leading zero) and nothing else — an id FastAPI would refuse (`0`, `abc`, too large) or parse
differently (`01`) goes on to the routes that answered it before, with the same 422s.
Without FastAPI's per-request dependency solving and parameter validation (≈ 100 µs of a
request answered from `web/claim_answers.py`), the endpoint signs in with the same `api_call`
and runs the same `claims.claim_json`; the metrics and access log name the same route.

`PageAnswerRoute` does the same for my queue and the claim list when their query is plain (each
known parameter once, not empty, numbers as plain digits in range, a status from its list):
the values are the ones FastAPI reads from it (`test_hot_reads.py` compares them with FastAPI's
own query validation), and the same page function runs. Any other query goes on to the routes
that answered it before, with their 422s.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter
from fastapi.routing import APIRoute
from starlette._utils import get_route_path
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match, Route
from starlette.types import Scope

from claimdesk.domain.claim import ClaimStatus
from claimdesk.services.ports import ClaimFilter
from claimdesk.web.api import claims, tasks
from claimdesk.web.api.schemas import ClaimOut, ClaimPage
from claimdesk.web.deps import api_call
from claimdesk.web.params import MAX_ID


class FullMatchOnly(APIRoute):
    """A route that takes a request only when path and method both match."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        match, child_scope = super().matches(scope)
        if match is Match.PARTIAL:
            return Match.NONE, {}
        return match, child_scope


_CLAIM_PATH = re.compile(r"/api/claims/([1-9][0-9]{0,9})")
_QUERY = "claimdesk.plain_query"  # the scope key of what `matches` read from the query


async def _claim_answer(request: Request) -> Response:
    call = await api_call(request)
    claim_id = int(request.path_params["claim_id"])
    return await call.threads.run(claims.claim_json, call, claim_id)


class ClaimAnswerRoute(Route):
    """GET /api/claims/{id} for a plain id in range, without FastAPI's request machinery."""

    def __init__(self) -> None:
        super().__init__(
            "/api/claims/{claim_id}", _claim_answer, methods=["GET"], include_in_schema=False
        )

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] == "http" and scope["method"] == "GET":
            found = _CLAIM_PATH.fullmatch(get_route_path(scope))
            if found is not None and int(found[1]) <= MAX_ID:
                params = {**scope.get("path_params", {}), "claim_id": found[1]}
                # `route` as a FastAPI route sets it: the metrics and access log name it.
                return Match.FULL, {"endpoint": self.endpoint, "path_params": params, "route": self}
        return Match.NONE, {}


# The query of a page read, taken only in the plainest form its original reads the same way:
# each parameter once, a number as plain digits in range, a word from its list, no empty value.
# Anything else (`limit=0`, `limit=05`, `status=bogus`, a parameter twice, `cursor=`) goes on
# to the original route, which answers it as before (its 422s among them).
_NUMBER = re.compile(r"[1-9][0-9]{0,9}")
_STATUSES = frozenset(ClaimStatus)


def _number(text: str, highest: int) -> int | None:
    return int(text) if _NUMBER.fullmatch(text) and int(text) <= highest else None


def _plain_query(scope: Scope, names: frozenset[str]) -> dict[str, str] | None:
    """The query's known parameters, None when one is given twice or empty."""
    given: dict[str, str] = {}
    for name, value in QueryParams(scope.get("query_string", b"")).multi_items():
        if name in names:
            if name in given or not value:
                return None
            given[name] = value
    return given


def _queue_query(scope: Scope) -> dict[str, Any] | None:
    """`my_queue`'s `cursor: str | None`, `limit: Limit = 50` when plain."""
    given = _plain_query(scope, frozenset({"cursor", "limit"}))
    if given is None:
        return None
    limit = _number(given["limit"], 100) if "limit" in given else 50
    return None if limit is None else {"cursor": given.get("cursor"), "limit": limit}


def _list_query(scope: Scope) -> dict[str, Any] | None:
    """`list_claims`' parameters when plain (their defaults: None, and 20 a page)."""
    names = frozenset({"status", "product_code", "policy_id", "q", "cursor", "limit"})
    given = _plain_query(scope, names)
    if given is None:
        return None
    status = given.get("status")
    if status is not None and status not in _STATUSES:
        return None
    numbers = {"policy_id": MAX_ID, "cursor": MAX_ID, "limit": 100}
    read = {name: _number(given[name], most) for name, most in numbers.items() if name in given}
    if None in read.values() or len(given.get("q", "")) > 100:
        return None
    return {
        "claim_filter": ClaimFilter(
            status=ClaimStatus(status) if status is not None else None,
            product_code=given.get("product_code"),
            policy_id=read.get("policy_id"),
            search=given.get("q"),
        ),
        "cursor": read.get("cursor"),
        "limit": read.get("limit", 20),
    }


async def _queue_answer(request: Request) -> Response:
    call = await api_call(request)
    return await call.threads.run(tasks.my_queue_json, call, **request.scope[_QUERY])


async def _list_answer(request: Request) -> Response:
    call = await api_call(request)
    return await call.threads.run(claims.claim_list_json, call, **request.scope[_QUERY])


class PageAnswerRoute(Route):
    """GET my queue or the claim list with a plain query, without FastAPI's request machinery
    (its dependency solving and query validation: ≈ 100 µs of a page answered from what is
    kept); the same `api_call` signs in first, then the same page function runs."""

    def __init__(
        self,
        path: str,
        endpoint: Callable[[Request], Awaitable[Response]],
        query: Callable[[Scope], dict[str, Any] | None],
    ) -> None:
        super().__init__(path, endpoint, methods=["GET"], include_in_schema=False)
        self._query = query

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        taken = scope["type"] == "http" and scope["method"] == "GET"
        if (
            taken
            and get_route_path(scope) == self.path
            and (query := self._query(scope)) is not None
        ):
            # `route` as a FastAPI route sets it: the metrics and access log name it.
            return Match.FULL, {"endpoint": self.endpoint, "route": self, _QUERY: query}
        return Match.NONE, {}


def answer_routes() -> list[Route]:
    """The plain routes, put before every other route of the app."""
    return [
        ClaimAnswerRoute(),
        PageAnswerRoute("/api/tasks/mine", _queue_answer, _queue_query),
        PageAnswerRoute("/api/claims", _list_answer, _list_query),
    ]


router = APIRouter(route_class=FullMatchOnly)
HOT: tuple[tuple[str, Any, Any], ...] = (
    ("/api/claims/{claim_id}", claims.get_claim, ClaimOut),
    ("/api/tasks/mine", tasks.my_queue, dict[str, Any]),
    ("/api/claims", claims.list_claims, ClaimPage),
)
for path, endpoint, response_model in HOT:
    router.add_api_route(
        path, endpoint, methods=["GET"], response_model=response_model, include_in_schema=False
    )
