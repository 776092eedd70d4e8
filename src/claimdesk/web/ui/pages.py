"""Server-rendered pages: sign-in, home by role, claim list, claim page, moves, overrides.

The portal, workbench, dashboard and admin pages live in sibling modules, included here.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from claimdesk.domain.claim import ClaimStatus, Denial
from claimdesk.domain.errors import DomainError, InvalidCredentials
from claimdesk.domain.refusals import Refused
from claimdesk.domain.users import Permission, Role, User
from claimdesk.rules.benefit_ledger import LineOverride
from claimdesk.services.adjudication import use_cases as adjudication_service
from claimdesk.services.approval import large_claims
from claimdesk.services.claims import moves as claim_moves
from claimdesk.services.claims import use_cases as claim_service
from claimdesk.services.ports import ClaimFilter
from claimdesk.services.reserves import use_cases as reserve_service
from claimdesk.services.users import sign_in as sign_in_flow
from claimdesk.services.users import use_cases as user_service
from claimdesk.web.deps import SessionUser, WiringDep
from claimdesk.web.edge_errors import locked_error
from claimdesk.web.params import CursorQuery, Id
from claimdesk.web.ui import (
    admin,
    claim_actions,
    complaints_pages,
    dashboard,
    hospital_pages,
    injury_pages,
    partner_pages,
    portal,
    reports_pages,
    service_desk_pages,
    verification_pages,
    work_oversight_pages,
    workbench,
)
from claimdesk.web.ui.claim_views import claim_view
from claimdesk.web.ui.views import check_csrf, render
from claimdesk.workflow.claim_actions import ClaimAction, action_to

router = APIRouter(include_in_schema=False)
for module in (
    portal, workbench, dashboard, admin, reports_pages, hospital_pages, verification_pages,
    complaints_pages, service_desk_pages, partner_pages, claim_actions,
    work_oversight_pages, injury_pages,
):  # fmt: skip
    router.include_router(module.router)
PAGE_SIZE = 25


@router.get("/")
def home(user: SessionUser) -> Response:
    return RedirectResponse(home_of(user), status_code=303)


def home_of(user: User) -> str:
    if user.role == Role.CUSTOMER:
        return "/portal"
    if user.role in (Role.MANAGER, Role.ADMIN) and user.can(Permission.READ_AUDIT):
        return "/dashboard" if user.role == Role.MANAGER else "/admin/users"
    if user.role == Role.FINANCE:
        return "/finance"
    return "/workbench"


@router.get("/login")
def login_page(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", next=_safe_next(next))


@router.post("/login")
def login(
    request: Request,
    wiring: WiringDep,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=200)],
    csrf_token: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
    totp_code: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    check_csrf(request, csrf_token)
    try:
        user = sign_in_flow.sign_in(
            wiring.context(),
            hasher=wiring.hasher,
            username=username,
            password=password,
            address=request.client.host if request.client else "-",
            code=totp_code,
        )
    except (InvalidCredentials, Refused) as error:
        return render(request, "login.html", status_code=401, error=error, next=_safe_next(next))
    except sign_in_flow.SignInLocked as locked:
        refusal = locked_error(locked.seconds)
        return render(request, "login.html", status_code=429, error=refusal, next=_safe_next(next))
    request.session.clear()  # a fresh session on sign-in: no fixation
    generation = user_service.session_generation(wiring.context(), user_id=user.id)
    request.session.update({"user_id": user.id, "lang": user.language, "generation": generation})
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(
    request: Request, wiring: WiringDep, user: SessionUser, csrf_token: Annotated[str, Form()]
) -> Response:
    """A copied session cookie must not outlive the sign-out: the cookie is only signed, not
    stored, so signing out moves the user's session generation on (all their browsers)."""
    check_csrf(request, csrf_token)
    user_service.sign_out_everywhere(wiring.context(), user=user)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/claims")
def claims_page(
    request: Request,
    user: SessionUser,
    wiring: WiringDep,
    status: ClaimStatus | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    cursor: CursorQuery = None,
) -> Response:
    claim_filter = ClaimFilter(status=status, search=q or None)
    context = wiring.context()
    claims = claim_service.list_claims(
        context, actor=user, claim_filter=claim_filter, after_id=cursor, limit=PAGE_SIZE
    )
    names = claim_service.insured_names(context, claims=claims)
    next_cursor = claims[-1].id if len(claims) == PAGE_SIZE else None
    return render(
        request,
        "claims.html",
        user=user,
        claims=claims,
        names=names,
        status=status,
        q=q or "",
        next_cursor=next_cursor,
        statuses=list(ClaimStatus),
    )


@router.get("/claims/{claim_id}")
def claim_page(claim_id: Id, request: Request, user: SessionUser, wiring: WiringDep) -> Response:
    return claim_view(request, user, wiring, claim_id)


@router.post("/claims/{claim_id}/move")
def move_claim(
    claim_id: Id,
    request: Request,
    user: SessionUser,
    wiring: WiringDep,
    to: Annotated[ClaimStatus, Form()],
    version: Annotated[int, Form()],
    csrf_token: Annotated[str, Form()],
    reason: Annotated[str, Form(max_length=2000)] = "",
    reason_codes: Annotated[str, Form(max_length=400)] = "",
    clause: Annotated[str, Form(max_length=200)] = "",
    reason_code: Annotated[list[str] | None, Form(max_length=40)] = None,
    action: Annotated[ClaimAction | None, Form()] = None,
) -> Response:
    """A named action's move (受理, 提交核赔, 拒赔…): the flash says what was done."""
    check_csrf(request, csrf_token)
    typed = reason_codes.replace("，", ",").split(",")
    codes = tuple(dict.fromkeys(c.strip() for c in [*(reason_code or []), *typed] if c.strip()))
    denial = Denial(codes, clause) if to == ClaimStatus.DENIED else None
    try:
        claim = claim_moves.move_claim(wiring.context(), actor=user, claim_id=claim_id, target=to,
                                       reason=reason, expected_version=version,
                                       denial=denial)  # fmt: skip
    except DomainError as error:
        return claim_actions.move_failed(request, user, wiring, claim_id, action, error)
    claim_actions.done(request, action_to(to, action), claim)
    return RedirectResponse(f"/claims/{claim_id}", status_code=303)


@router.post("/claims/{claim_id}/override")
def override_line(
    claim_id: Id,
    request: Request,
    user: SessionUser,
    wiring: WiringDep,
    line: Annotated[str, Form(max_length=81)],
    payable: Annotated[Decimal, Form(ge=0, max_digits=14, decimal_places=2)],
    reason: Annotated[str, Form(max_length=1000)],
    version: Annotated[int, Form()],
    csrf_token: Annotated[str, Form()],
) -> Response:
    check_csrf(request, csrf_token)
    visit_id, _, line_id = line.partition("/")
    change = LineOverride(visit_id, line_id, payable, reason)
    try:
        adjudication_service.override_line(
            wiring.context(), actor=user, claim_id=claim_id, change=change, expected_version=version
        )
    except DomainError as error:
        return claim_view(request, user, wiring, claim_id, error=error)
    return RedirectResponse(f"/claims/{claim_id}", status_code=303)


@router.post("/claims/{claim_id}/reserve")
def change_reserve(
    claim_id: Id,
    request: Request,
    user: SessionUser,
    wiring: WiringDep,
    amount: Annotated[Decimal, Form(ge=0, max_digits=14, decimal_places=2)],
    reason: Annotated[str, Form(max_length=1000)],
    csrf_token: Annotated[str, Form()],
) -> Response:
    """估损调整: a new reserve with its reason (the use case checks permission and state)."""
    check_csrf(request, csrf_token)
    try:
        reserve_service.change_reserve(
            wiring.context(), actor=user, claim_id=claim_id, amount=amount, reason=reason
        )
    except DomainError as error:
        return claim_view(request, user, wiring, claim_id, error=error)
    return RedirectResponse(f"/claims/{claim_id}#reserve", status_code=303)


@router.post("/claims/{claim_id}/large-claim-review")
def review_large_claim(
    claim_id: Id,
    request: Request,
    user: SessionUser,
    wiring: WiringDep,
    opinion: Annotated[large_claims.Opinion, Form()],
    reason: Annotated[str, Form(max_length=1000)],
    csrf_token: Annotated[str, Form()],
) -> Response:
    """大额案件经理批复 from the claim page (the use case checks permission and state)."""
    check_csrf(request, csrf_token)
    try:
        large_claims.record_review(
            wiring.context(), actor=user, claim_id=claim_id, opinion=opinion, reason=reason
        )
    except DomainError as error:
        return claim_view(request, user, wiring, claim_id, error=error)
    return RedirectResponse(f"/claims/{claim_id}#large-claim", status_code=303)


def _safe_next(target: str) -> str:
    # Only local paths: an open redirect would let a phishing link borrow our sign-in page.
    return target if target.startswith("/") and not target.startswith("//") else "/"
