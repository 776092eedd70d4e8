"""The claim page's action panel: the named actions offered now, what the claim waits for
and from whom, and the denial reasons of the product's catalogue (拒赔原因)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from claimdesk.domain.claim import Claim
from claimdesk.domain.users import Permission, User
from claimdesk.rules.terms import Product
from claimdesk.services.claims.moves import moves_for
from claimdesk.web.ui.checklist import MISSING, REJECTED, ChecklistItem
from claimdesk.workflow.claim_actions import NamedAction, actions_for, waiting_for


@dataclass(frozen=True)
class DenialReason:
    code: str
    zh: str
    en: str
    clause: str


def actions_panel(user: User, claim: Claim, checklist: list[ChecklistItem]) -> dict[str, Any]:
    """What the claim page's action panel shows: the offered actions and what the claim
    waits for (computed from what the page already read: no statement of its own)."""
    missing = tuple(
        i.code for i in checklist if i.state in (MISSING, REJECTED) and not i.conditional
    )
    return {
        "actions": _offered(user, claim),
        "waiting": waiting_for(claim.status, missing, claim.difficult),
    }


def _offered(user: User, claim: Claim) -> list[NamedAction]:
    return actions_for(claim.status, moves_for(user, claim),
                       may_mark_difficult=user.can(Permission.ASSIGN_TASKS),
                       difficult=claim.difficult)  # fmt: skip


def denial_reasons(product: Product | None) -> list[DenialReason]:
    """拒赔原因: the product's own reason wording and clause (its catalogue)."""
    if product is None:
        return []
    return [DenialReason(str(code), m.zh, m.en, m.clause) for code, m in product.messages.items()]
