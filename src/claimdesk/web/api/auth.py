"""API sign-in: exchange a username and password for a bearer token; sign out (one or all)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, StringConstraints

from claimdesk.services.users import second_factor
from claimdesk.services.users import sign_in as sign_in_flow
from claimdesk.services.users import use_cases as user_service
from claimdesk.web.api.schemas import TokenIn, TokenOut
from claimdesk.web.deps import ApiUser, WiringDep, bearer_token
from claimdesk.web.params import Id

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
        code=body.totp_code,
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


class EnrolmentOut(BaseModel):
    """Shown once: nothing here can be read back later."""

    secret: str
    provisioning_uri: str
    recovery_codes: list[str]


class CodeIn(BaseModel):
    code: Annotated[str, StringConstraints(min_length=6, max_length=8, pattern=r"^[0-9]+$")]


@router.post("/second-factor", status_code=201, response_model=EnrolmentOut)
def enrol_second_factor(user: ApiUser, wiring: WiringDep) -> EnrolmentOut:
    """Staff: start (or restart, before confirming) the authenticator enrolment."""
    enrolment = second_factor.begin_enrolment(wiring.context(), actor=user)
    return EnrolmentOut(
        secret=enrolment.secret,
        provisioning_uri=enrolment.provisioning_uri,
        recovery_codes=list(enrolment.recovery_codes),
    )


@router.post("/second-factor/confirm", status_code=204)
def confirm_second_factor(body: CodeIn, user: ApiUser, wiring: WiringDep) -> Response:
    """The first code from the app turns the second factor on."""
    second_factor.confirm_enrolment(wiring.context(), actor=user, code=body.code)
    return Response(status_code=204)


@router.delete("/second-factor/users/{user_id}", status_code=204)
def reset_second_factor(user_id: Id, user: ApiUser, wiring: WiringDep) -> Response:
    """An administrator turns a user's second factor off (a lost phone)."""
    second_factor.reset(wiring.context(), actor=user, user_id=user_id)
    return Response(status_code=204)
