"""Admin reads: the users with their role and approval authority (核赔权限), one query a page."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from claimdesk.analytics.read_side import ReadUnit, approver_profiles, require, users
from claimdesk.domain.users import Permission, User


@dataclass(frozen=True)
class StaffRow:
    user_id: int
    username: str
    display_name: str
    role: str
    active: bool
    level: int | None
    limits: dict[str, Decimal | None]


def staff_page(uow: ReadUnit, actor: User, after_id: int | None, size: int) -> list[StaffRow]:
    require(actor, Permission.MANAGE_USERS)
    query = (
        select(users.c.id, users.c.username, users.c.display_name, users.c.role,
               users.c.active, approver_profiles.c.level, approver_profiles.c.limits)
        .select_from(users.outerjoin(approver_profiles,
                                     approver_profiles.c.user_id == users.c.id))
        .where(users.c.id > (after_id or 0)).order_by(users.c.id).limit(size)
    )  # fmt: skip
    with uow:
        return [_row(row) for row in uow.portal.rows(query)]


def _row(row: Any) -> StaffRow:
    user_id, username, display_name, role, active, level, limits = row
    amounts = {line: None if v is None else Decimal(str(v)) for line, v in (limits or {}).items()}
    return StaffRow(user_id, username, display_name, role, bool(active), level, amounts)
