"""系统管理: an administrator edits a user's name, role and contact, or disables / re-enables
the account. Disabling signs the user out everywhere (API tokens deleted, browser sessions of
the old generation refused), and a disabled user cannot sign in. Every change is audited."""

from __future__ import annotations

import re

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.errors import Forbidden, InvalidInput, ReasonRequired
from claimdesk.domain.tasks import ApproverLimits
from claimdesk.domain.users import Permission, Role, User, UserProfile
from claimdesk.services.access import require
from claimdesk.services.context import ServiceContext

PHONE = re.compile(r"^\+?[0-9][0-9 -]{5,18}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def check_profile(profile: UserProfile) -> UserProfile:
    name = profile.display_name.strip()
    if not name:
        raise InvalidInput("请填写姓名", "enter the name", field="display_name")
    phone, email = profile.phone.strip(), profile.email.strip()
    if phone and not PHONE.match(phone):
        raise InvalidInput("手机号格式不正确", "phone number is not valid", field="phone")
    if email and not EMAIL.match(email):
        raise InvalidInput("电子邮箱格式不正确", "e-mail address is not valid", field="email")
    return UserProfile(name, profile.role, phone, email)


def user_with_limits(
    context: ServiceContext, *, actor: User, user_id: int
) -> tuple[User, ApproverLimits | None]:
    """The account and its approval authority (核赔权限), to pre-fill the admin forms."""
    require(actor, Permission.MANAGE_USERS)
    with context.uow as uow:
        return uow.users.get(user_id), uow.tasks.approver_profile(user_id)


def edit_user(context: ServiceContext, *, actor: User, user_id: int, profile: UserProfile) -> User:
    require(actor, Permission.MANAGE_USERS)
    profile = check_profile(profile)
    uow, clock = context.uow, context.clock
    with uow:
        before = uow.users.get(user_id)
        if (before.role == Role.CUSTOMER) != (profile.role == Role.CUSTOMER):
            raise InvalidInput("客户账号与员工账号不能互相转换", "a customer account cannot "
                               "become staff, nor staff a customer", field="role")  # fmt: skip
        if before.id == actor.id and profile.role != before.role:
            raise Forbidden("不能更改自己的岗位", "you cannot change your own role")
        uow.users.update_profile(user_id, profile)
        uow.audit.append(
            AuditEntry(actor.username, "edit_user", "user", str(user_id), _json(before),
                       _json(profile)),
            clock.now(),
        )  # fmt: skip
        uow.commit()
        return uow.users.get(user_id)


def set_active(
    context: ServiceContext, *, actor: User, user_id: int, active: bool, reason: str
) -> User:
    """停用 / 启用. Disabling ends the user's sessions and API tokens at once."""
    require(actor, Permission.MANAGE_USERS)
    if not reason.strip():
        raise ReasonRequired("请说明原因", "give the reason", field="reason")
    if user_id == actor.id and not active:
        raise Forbidden("不能停用自己的账号", "you cannot disable your own account")
    uow, clock = context.uow, context.clock
    with uow:
        before = uow.users.get(user_id)
        uow.users.set_active(user_id, active)
        if not active:
            uow.users.sign_out_everywhere(user_id)
        uow.audit.append(
            AuditEntry(actor.username, "enable_user" if active else "disable_user", "user",
                       str(user_id), {"active": before.active}, {"active": active},
                       reason.strip()),
            clock.now(),
        )  # fmt: skip
        uow.commit()
        return uow.users.get(user_id)


def _json(profile: User | UserProfile) -> dict[str, object]:
    return {"display_name": profile.display_name, "role": str(profile.role),
            "phone": profile.phone, "email": profile.email}  # fmt: skip
