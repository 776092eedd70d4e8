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
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter
from fastapi.routing import APIRoute
from starlette._utils import get_route_path
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match, Route
from starlette.types import Scope

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
