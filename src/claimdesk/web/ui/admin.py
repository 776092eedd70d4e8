"""Admin (系统管理): users and roles, approver limits, holiday overrides, product terms."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from claimdesk.analytics.staff import staff_page
from claimdesk.domain.errors import DomainError, InvalidInput, NotFound
from claimdesk.domain.tasks import ApproverLimits
from claimdesk.domain.users import Permission, Role, User, UserProfile
from claimdesk.services.access import require
from claimdesk.services.approval.use_cases import set_approver_limits
from claimdesk.services.tasks import sla as sla_service
from claimdesk.services.users import admin as user_admin
from claimdesk.services.users import second_factor
from claimdesk.services.users import use_cases as user_service
from claimdesk.web.deps import SessionUser, Wiring, WiringDep
from claimdesk.web.ui import product_view
from claimdesk.web.ui.flash import flash
from claimdesk.web.ui.views import check_csrf, field_errors, helpers, language, render

router = APIRouter(include_in_schema=False)
PAGE = 50
LINES = ("health", "accident", "auto")
UNLIMITED = ("不限", "unlimited", "*")
Field = Annotated[str, Form(max_length=64)]


def policy_reader(user: SessionUser) -> User:
    require(user, Permission.MANAGE_POLICIES)
    return user


PolicyReader = Annotated[User, Depends(policy_reader)]


@router.get("/admin/users")
def users_page(
    request: Request, user: SessionUser, wiring: WiringDep,
    after: Annotated[int | None, Query(ge=0)] = None,
) -> Response:  # fmt: skip
    return _users(request, user, wiring, after)


def _users(
    request: Request, user: User, wiring: Wiring, after: int | None = None,
    error: DomainError | None = None,
) -> Response:  # fmt: skip
    rows = staff_page(wiring.uow(), user, after, PAGE)
    return render(request, "admin_users.html", status_code=422 if error else 200, user=user,
                  rows=rows, roles=list(Role), lines=LINES, error=error,
                  errors=field_errors(error), next_after=rows[-1].user_id if len(rows) == PAGE
                  else None)  # fmt: skip


@router.post("/admin/users")
def add_user(
    request: Request, user: SessionUser, wiring: WiringDep, csrf_token: Annotated[str, Form()],
    username: Field, role: Field, password: Annotated[str, Form(max_length=200)],
    display_name: Field = "",
) -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    require(user, Permission.MANAGE_USERS)
    try:
        user_service.add_user(
            wiring.context(),
            hasher=wiring.hasher,
            username=username.strip(),
            password=password,
            role=_role(role),
            display_name=display_name,
            actor=user.username,
        )
    except DomainError as error:
        return _users(request, user, wiring, None, error)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/approvers")
def approver_limits(
    request: Request, user: SessionUser, wiring: WiringDep, csrf_token: Annotated[str, Form()],
    user_id: Annotated[int, Form()], level: Annotated[int, Form(ge=1, le=9)],
    health: Field = "", accident: Field = "", auto: Field = "",
) -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    try:
        limits = _limits({"health": health, "accident": accident, "auto": auto})
        profile = ApproverLimits(user_id, level, limits)
        set_approver_limits(wiring.context(), actor=user, profile=profile)
    except DomainError as error:
        return _user(request, user, wiring, user_id, error)
    flash(request, "核赔权限已保存", "Approval authority saved")
    return RedirectResponse(f"/admin/users/{user_id}", status_code=303)


@router.get("/admin/users/{user_id}")
def user_page(user_id: int, request: Request, user: SessionUser, wiring: WiringDep) -> Response:
    return _user(request, user, wiring, user_id)


def _user(
    request: Request, user: User, wiring: Wiring, user_id: int, error: DomainError | None = None
) -> Response:
    account, limits = user_admin.user_with_limits(wiring.context(), actor=user, user_id=user_id)
    amounts = dict(limits.limits) if limits else {}  # a line absent: no authority on it
    roles = [r for r in Role if (r == Role.CUSTOMER) == (account.role == Role.CUSTOMER)]
    factor = second_factor.state(wiring.context(), actor=user, user_id=user_id)
    return render(request, "admin_user.html", status_code=422 if error else 200, user=user,
                  account=account, limits=limits, amounts=amounts, roles=roles, lines=LINES,
                  second_factor=factor, error=error, errors=field_errors(error))  # fmt: skip


@router.post("/admin/users/{user_id}")
def edit_user(
    user_id: int, request: Request, user: SessionUser, wiring: WiringDep,
    csrf_token: Annotated[str, Form()], display_name: Field, role: Field,
    phone: Annotated[str, Form(max_length=20)] = "",
    email: Annotated[str, Form(max_length=120)] = "",
) -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    try:
        profile = UserProfile(display_name, _role(role), phone, email)
        user_admin.edit_user(wiring.context(), actor=user, user_id=user_id, profile=profile)
    except DomainError as error:
        return _user(request, user, wiring, user_id, error)
    flash(request, "用户信息已保存", "User saved")
    return RedirectResponse(f"/admin/users/{user_id}", status_code=303)


@router.post("/admin/users/{user_id}/active")
def set_active(
    user_id: int, request: Request, user: SessionUser, wiring: WiringDep,
    csrf_token: Annotated[str, Form()], active: Annotated[bool, Form()],
    reason: Annotated[str, Form(max_length=200)] = "",
) -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    try:
        user_admin.set_active(wiring.context(), actor=user, user_id=user_id, active=active,
                              reason=reason)  # fmt: skip
    except DomainError as error:
        return _user(request, user, wiring, user_id, error)
    if active:
        flash(request, "账号已启用", "Account re-enabled")
    else:
        flash(request, "账号已停用，其登录会话和接口令牌已失效",
              "Account disabled: its sessions and API tokens no longer work")  # fmt: skip
    return RedirectResponse(f"/admin/users/{user_id}", status_code=303)


@router.post("/admin/users/{user_id}/second-factor/reset")
def reset_second_factor(
    user_id: int, request: Request, user: SessionUser, wiring: WiringDep,
    csrf_token: Annotated[str, Form()], confirm: Annotated[str, Form(max_length=10)] = "",
) -> Response:  # fmt: skip
    """A lost phone: the user's second factor goes off (audited); they enrol again."""
    check_csrf(request, csrf_token)
    require(user, Permission.MANAGE_USERS)
    if confirm != "yes":
        error = InvalidInput("请勾选确认后再重置", "tick the box to confirm the reset",
                             field="confirm")  # fmt: skip
        return _user(request, user, wiring, user_id, error)
    second_factor.reset(wiring.context(), actor=user, user_id=user_id)
    flash(request, "两步验证已重置：该用户可凭密码登录，并可重新开启",
          "Second factor reset: the user signs in with the password, may enrol again")  # fmt: skip
    return RedirectResponse(f"/admin/users/{user_id}", status_code=303)


@router.get("/admin/holidays")
def holidays_page(request: Request, user: SessionUser, wiring: WiringDep) -> Response:
    return _holidays(request, user, wiring)


def _holidays(
    request: Request, user: User, wiring: Wiring, error: DomainError | None = None
) -> Response:
    days = sla_service.calendar_overrides(wiring.context(), actor=user)
    return render(request, "admin_holidays.html", status_code=422 if error else 200, user=user,
                  days=days, error=error, errors=field_errors(error))  # fmt: skip


@router.post("/admin/holidays")
def add_holiday(
    request: Request, user: SessionUser, wiring: WiringDep, csrf_token: Annotated[str, Form()],
    day: Field, kind: Field, note: Annotated[str, Form(max_length=200)] = "",
) -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    try:
        sla_service.add_calendar_override(
            wiring.context(), actor=user, day=_day(day), kind=kind, note=note
        )
    except DomainError as error:
        return _holidays(request, user, wiring, error)
    return RedirectResponse("/admin/holidays", status_code=303)


@router.get("/admin/products")
def products_page(request: Request, user: PolicyReader, wiring: WiringDep) -> Response:
    words = _words(request)
    cards = product_view.cards(wiring.products, wiring.context().auto_products, words)
    return render(request, "admin_products.html", user=user, products=cards)


@router.get("/admin/products/{code}")
def product_page(code: str, request: Request, user: PolicyReader, wiring: WiringDep) -> Response:
    product = wiring.products.get(code) or wiring.context().auto_products.get(code)
    if product is None:
        raise NotFound("产品 product", code)
    terms = product_view.terms(product, _words(request))
    return render(request, "admin_product.html", user=user, terms=terms)


def _words(request: Request) -> product_view.Words:
    lang = language(request)
    page = helpers(lang)
    return product_view.Words(lang, page["name"], page["money"])


def _role(text: str) -> Role:
    try:
        return Role(text)
    except ValueError:
        raise InvalidInput("请选择岗位", "choose a role", field="role") from None


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput("日期格式应为 年-月-日", "use YYYY-MM-DD", field="day") from None


def _limits(texts: dict[str, str]) -> dict[str, Decimal | None]:
    """Each line: an amount, 不限 (no limit), or empty (no authority on that line)."""
    limits: dict[str, Decimal | None] = {}
    for line, text in texts.items():
        text = text.strip().replace(",", "")
        if not text:
            continue
        if text.lower() in UNLIMITED:
            limits[line] = None
            continue
        try:
            limits[line] = Decimal(text).quantize(Decimal("0.01"))
        except InvalidOperation:
            raise InvalidInput("权限金额应为数字或“不限”", "a limit is an amount or "
                               "'unlimited'", field=line) from None  # fmt: skip
    return limits
