"""The one-time notice (一次性告知): check a claim's materials against its product.

`check_materials` lists EVERY missing item and every rejected file in one notice, never
repeats an unchanged notice, and names the move the system makes next (materials_pending or
under_review); `apply_move` makes it. The files themselves: materials/use_cases.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from claimdesk.domain.claim import Claim, ClaimStatus, Material, satisfies_checklist
from claimdesk.domain.errors import ErrorCode
from claimdesk.domain.refusals import Refused
from claimdesk.rules.claim_gates import missing_materials
from claimdesk.rules.errors import InvalidRequest
from claimdesk.rules.product_checks import check_facts
from claimdesk.rules.terms import Product
from claimdesk.services.adjudication.request import claim_request
from claimdesk.services.adjudication.use_cases import Products
from claimdesk.services.ports import Clock, Notice, UnitOfWork
from claimdesk.services.tasks.deadlines import materials_checked, notice_entry

S = ClaimStatus
SYSTEM = "system"
MISSING_MATERIALS = "missing_materials"
# Moves the system makes after a check; every other status is left to people.
_AUTO_MOVES = frozenset(
    {
        (S.ACCEPTED, S.MATERIALS_PENDING),
        (S.ACCEPTED, S.UNDER_REVIEW),
        (S.MATERIALS_PENDING, S.UNDER_REVIEW),
        (S.UNDER_REVIEW, S.MATERIALS_PENDING),
        (S.REOPENED, S.MATERIALS_PENDING),
        (S.REOPENED, S.UNDER_REVIEW),
    }
)
MOVE_REASONS = {
    S.MATERIALS_PENDING: "材料不全，已一次性告知 / materials incomplete, all notified",
    S.UNDER_REVIEW: "材料齐全 / materials complete",
}


@dataclass(frozen=True)
class MaterialsCheck:
    """What the check found; `next_status` is the move the system makes, if any."""

    claim: Claim
    items: tuple[dict[str, Any], ...]
    next_status: ClaimStatus | None = None


def check_materials(
    uow: UnitOfWork, clock: Clock, products: Products, claim: Claim
) -> MaterialsCheck:
    """Inside a unit of work: notify everything missing at once, and say where the claim goes
    next (the move itself is `apply_move`'s, services/claims/moves.py)."""
    items, decidable = _missing_items(uow, products, claim)
    if items:
        _notify_once(uow, claim, items, clock)
    materials_checked(uow, claim, clock.now())
    target = S.MATERIALS_PENDING if items else S.UNDER_REVIEW if decidable else None
    if target is not None and (claim.status, target) in _AUTO_MOVES:
        return MaterialsCheck(claim, items, target)
    return MaterialsCheck(claim, items)


def _missing_items(
    uow: UnitOfWork, products: Products, claim: Claim
) -> tuple[tuple[dict[str, Any], ...], bool]:
    """Every missing item (a rejected file names its reason); False when the rules are unknown."""
    assert claim.id is not None
    materials = uow.materials.for_claim(claim.id)
    provided = {m.code for m in materials if satisfies_checklist(m)}
    rejected = {m.code: m for m in materials if m.status == "rejected" and m.code not in provided}
    product = products.get(claim.product_code)
    required = set() if product is None else _required_missing(uow, claim, materials, product)
    items = [_item(code, rejected.get(code)) for code in sorted(required | set(rejected))]
    return tuple(items), product is not None


def _required_missing(
    uow: UnitOfWork, claim: Claim, materials: list[Material], product: Product
) -> set[str]:
    """The product's material rules over the same request the engine gets."""
    request = claim_request(
        claim,
        uow.policies.get(claim.policy_id),
        uow.policies.get_insured(claim.insured_person_id),
        materials,
        {},
    )
    try:
        check_facts(request)
    except InvalidRequest as error:
        raise Refused(ErrorCode.MATERIALS_NOT_CHECKABLE, error=error) from error
    return set(missing_materials(request, product))


def _item(code: str, rejected: Material | None) -> dict[str, Any]:
    if rejected is None:
        return {"code": code, "kind": "missing"}
    return {"code": code, "kind": "rejected", "material_id": rejected.id, "reason": rejected.note}


def _notify_once(
    uow: UnitOfWork, claim: Claim, items: tuple[dict[str, Any], ...], clock: Clock
) -> None:
    """One notice listing everything; an unchanged list is not sent again."""
    assert claim.id is not None
    previous = uow.tracking.notices_for(claim.id, MISSING_MATERIALS)
    if previous and tuple(previous[-1].items) == items:
        return
    now = clock.now()
    notice = uow.tracking.add_notice(Notice(None, claim.id, MISSING_MATERIALS, items, now, now))
    uow.audit.append(notice_entry(SYSTEM, notice), now)
