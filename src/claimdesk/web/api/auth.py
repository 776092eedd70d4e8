"""API sign-in: exchange a username and password for a bearer token."""

from __future__ import annotations

from fastapi import APIRouter

from claimdesk.services.users import use_cases as user_service
from claimdesk.web.api.schemas import TokenIn, TokenOut
from claimdesk.web.deps import WiringDep

router = APIRouter(prefix="/api/auth", tags=["auth"])


@router.post("/token", response_model=TokenOut)
def issue_token(body: TokenIn, wiring: WiringDep) -> TokenOut:
    user = user_service.authenticate(wiring.uow(), wiring.hasher, body.username, body.password)
    token = user_service.issue_token(wiring.uow(), wiring.clock, user)
    return TokenOut(access_token=token, role=user.role)
