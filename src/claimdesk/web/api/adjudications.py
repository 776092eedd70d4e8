"""What-if adjudication over HTTP: `POST /api/adjudications` (same engine as the CLI).

Request body: the contract's request JSON; response: the result JSON. Invalid input is 422
with `{code, message_zh, message_en, field}`. Authentication is wired by the app owner.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from claimdesk.contract.adjudicate import adjudicate_json
from claimdesk.contract.request_json import loads
from claimdesk.rules.errors import InvalidRequest
from claimdesk.rules.terms import Product
from claimdesk.web.deps import WiringDep

router = APIRouter(prefix="/api/adjudications", tags=["adjudication"])


def get_products(wiring: WiringDep) -> Mapping[str, Product]:
    """Dependency: the composition root's products (shipped + CLAIMDESK_PRODUCTS_DIR); an app
    that mounts this router without ClaimDesk's wiring overrides it with its own."""
    return wiring.products


Products = Annotated[Mapping[str, Product], Depends(get_products)]


@router.post(
    "",
    summary="Adjudicate a claim (理算)",
    responses={422: {"description": "invalid input: {code, message_zh, message_en, field}"}},
)
async def adjudicate_claim(request: Request, products: Products) -> JSONResponse:
    """The body is read as exact decimals (never binary floats) before validation."""
    try:
        request_json = loads((await request.body()).decode())
        # The engine is CPU work: in the thread pool, so other requests keep being served.
        result: dict[str, Any] = await run_in_threadpool(adjudicate_json, request_json, products)
    except InvalidRequest as error:
        return JSONResponse(error.to_json(), status_code=422)
    except UnicodeDecodeError:
        body = InvalidRequest("<request>", "not UTF-8", "请求须为 UTF-8 编码", "INVALID_JSON")
        return JSONResponse(body.to_json(), status_code=422)
    return JSONResponse(result)
