"""The customer or agent says the materials are in (提交材料): check them all, move on."""

from __future__ import annotations

from dataclasses import replace

from claimdesk.domain.users import Permission, User
from claimdesk.services.access import ensure_can_see, require
from claimdesk.services.audit_trail import claim_entry
from claimdesk.services.claims.moves import apply_move
from claimdesk.services.context import ServiceContext
from claimdesk.services.materials.checks import MOVE_REASONS, MaterialsCheck, check_materials


def submit_materials(context: ServiceContext, *, actor: User, claim_id: int) -> MaterialsCheck:
    """One notice listing everything missing; complete or not, the system moves the claim."""
    require(actor, Permission.ATTACH_MATERIALS)
    uow, clock = context.uow, context.clock
    with uow:
        claim = uow.claims.get(claim_id)
        ensure_can_see(actor, claim)
        uow.audit.append(claim_entry(actor, "submit_materials", claim, None), clock.now())
        checked = check_materials(uow, clock, context.products, claim)
        if (target := checked.next_status) is not None:
            moved = apply_move(context, actor=None, claim=claim, target=target,
                               reason=MOVE_REASONS[target], as_system=True)  # fmt: skip
            checked = replace(checked, claim=moved)
        uow.commit()
        return checked
