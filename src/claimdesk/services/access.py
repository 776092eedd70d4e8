"""Authorisation checks shared by every use case: role permissions and claim visibility."""

from __future__ import annotations

from claimdesk.domain.claim import Claim, can_see_claim
from claimdesk.domain.errors import Forbidden, NotFound
from claimdesk.domain.labels import label
from claimdesk.domain.users import Permission, User


def require(actor: User, permission: Permission) -> None:
    if not actor.can(permission):
        raise Forbidden(
            f"当前岗位（{label('role', actor.role)}）无权执行：{label('permission', permission)}",
            f"{label('role', actor.role, 'en')} may not {label('permission', permission, 'en')}",
        )


def ensure_can_see(actor: User, claim: Claim) -> None:
    """A customer sees only their own claims; to them another's claim does not exist."""
    if not can_see_claim(actor, claim):
        raise NotFound("赔案 claim", claim.id)  # never the hidden claim's number
