"""The materials checklist: what the product requires for this claim, and what we hold of it."""

from __future__ import annotations

from dataclasses import dataclass

from claimdesk.domain.claim import Claim, Material, satisfies_checklist
from claimdesk.rules.terms import Product

RECEIVED, REJECTED, MISSING = "received", "rejected", "missing"


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    state: str  # received | rejected | missing
    conditional: bool  # required only in some cases (e.g. another insurer paid first)
    files: tuple[Material, ...]
    reason: str  # why a file was rejected


def required_codes(claim: Claim, product: Product | None) -> list[tuple[str, bool]]:
    """The product's material rules that apply to the claim's visit kinds, in product order."""
    if product is None:
        return []
    kinds = {visit.kind for visit in claim.visits}
    return [
        (rule.material, rule.when is not None)
        for rule in product.materials
        if rule.visit_kinds is None or kinds & set(rule.visit_kinds)
    ]


def checklist(
    claim: Claim, product: Product | None, materials: list[Material]
) -> list[ChecklistItem]:
    items = [
        _item(code, conditional, materials) for code, conditional in required_codes(claim, product)
    ]
    listed = {item.code for item in items}
    extra = sorted({m.code for m in materials} - listed)  # uploaded under another heading
    return items + [_item(code, True, materials) for code in extra]


def _item(code: str, conditional: bool, materials: list[Material]) -> ChecklistItem:
    files = tuple(m for m in materials if m.code == code)
    good = [m for m in files if satisfies_checklist(m)]
    rejected = [m for m in files if m.status == REJECTED]
    state = RECEIVED if good else REJECTED if rejected else MISSING
    reason = rejected[-1].note if rejected and not good else ""
    return ChecklistItem(code, state, conditional and not files, files, reason)
