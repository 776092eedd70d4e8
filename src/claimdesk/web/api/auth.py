"""API sign-in: exchange a username and password for a bearer token; sign out (one or all)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from claimdesk.services.users import sign_in as sign_in_flow
from claimdesk.services.users import use_cases as user_service
from claimdesk.web.api.schemas import TokenIn, TokenOut
from claimdesk.web.deps import ApiUser, WiringDep, bearer_token

router = APIRouter(prefix="/api/auth", tags=["auth"])


def client_address(request: Request) -> str:
    # Behind a reverse proxy, run uvicorn with --proxy-headers so this is the real client.
    return request.client.host if request.client else "-"


@router.post("/token", response_model=TokenOut, responses={429: {"description": "locked"}})
def issue_token(body: TokenIn, request: Request, wiring: WiringDep) -> TokenOut:
    user = sign_in_flow.sign_in(
        wiring.context(),
        hasher=wiring.hasher,
        username=body.username,
        password=body.password,
        address=client_address(request),
    )
    token = user_service.issue_token(wiring.context(), user=user)
    return TokenOut(access_token=token, role=user.role)


@router.post("/logout", status_code=204)
def logout(request: Request, user: ApiUser, wiring: WiringDep) -> Response:
    """The presented token stops working at once."""
    user_service.revoke_token(wiring.context(), token=bearer_token(request))
    return Response(status_code=204)


@router.post("/logout-everywhere", status_code=204)
def logout_everywhere(user: ApiUser, wiring: WiringDep) -> Response:
    """Every token of the user and every browser session end."""
    user_service.sign_out_everywhere(wiring.context(), user=user)
    return Response(status_code=204)
