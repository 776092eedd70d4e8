"""两步验证 in the browser: a staff member turns on the second factor for their own account
(/account/second-factor). The secret, its otpauth:// address and the recovery codes are shown
once, in the answer to "开启两步验证" (never stored in the session, never shown again); the first
code from the authenticator app confirms it. Customers are refused (staff only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from claimdesk.domain.errors import DomainError
from claimdesk.domain.users import User
from claimdesk.services.users import second_factor
from claimdesk.web.deps import SessionUser, Wiring, WiringDep
from claimdesk.web.ui.flash import flash
from claimdesk.web.ui.views import check_csrf, field_errors, render

router = APIRouter(include_in_schema=False)
PAGE = "/account/second-factor"
Csrf = Annotated[str, Form()]


@router.get(PAGE)
def page(request: Request, user: SessionUser, wiring: WiringDep) -> Response:
    return _page(request, user, wiring)


def _page(
    request: Request, user: User, wiring: Wiring, *,
    enrolment: second_factor.Enrolment | None = None, error: DomainError | None = None,
) -> Response:  # fmt: skip
    from claimdesk.web.errors import STATUS  # the one code → HTTP map (imports this package)

    state = second_factor.state(wiring.context(), actor=user)
    status = STATUS.get(error.code, 422) if error else 200
    # A wrong code is the form's error, not a signed-out reader (401 would mean that).
    response = render(request, "account_second_factor.html",
                      status_code=422 if status == 401 else status, user=user,
                      state=state, enrolment=enrolment, error=error,
                      errors=field_errors(error))  # fmt: skip
    if enrolment is not None:
        response.headers["Cache-Control"] = "no-store"  # the secret is shown once
    return response


@router.post(f"{PAGE}/enrol")
def enrol(request: Request, user: SessionUser, wiring: WiringDep, csrf_token: Csrf) -> Response:
    """Starts (or restarts, while unconfirmed) enrolment and shows the secret once."""
    check_csrf(request, csrf_token)
    enrolment = second_factor.begin_enrolment(wiring.context(), actor=user)
    return _page(request, user, wiring, enrolment=enrolment)


@router.post(f"{PAGE}/confirm")
def confirm(
    request: Request, user: SessionUser, wiring: WiringDep, csrf_token: Csrf,
    code: Annotated[str, Form(max_length=20)] = "",
) -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    try:
        second_factor.confirm_enrolment(wiring.context(), actor=user, code=code)
    except DomainError as error:
        return _page(request, user, wiring, error=error)
    flash(request, "两步验证已开启：今后登录需填写动态验证码",
          "Second factor on: signing in now needs the authenticator code")  # fmt: skip
    return RedirectResponse(PAGE, status_code=303)
