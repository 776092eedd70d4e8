"""Fraud rings on stored data (团伙欺诈) and the fraud view of one claim.

The graph joins insured persons through the phone and bank account on file, the hospitals
they visited and the repair shops that quoted for them; an attribute shared by more than
`max_degree` insureds (a big hospital, a partner shop) is a hub and left out by degree.
"""

from __future__ import annotations

from dataclasses import dataclass

from claimdesk.domain.errors import NotFound
from claimdesk.domain.users import Permission, User
from claimdesk.fraud.cases import ClaimAssessment, ClaimScore, Investigation
from claimdesk.fraud.ring_svg import ring_svg
from claimdesk.fraud.rings import ClaimParty, RingGroup, find_rings, ring_subgraph
from claimdesk.services.access import ensure_can_see, require
from claimdesk.services.fraud.blacklist import require_fraud_role
from claimdesk.services.ports import UnitOfWork

MIN_SIZE = 3
MAX_DEGREE = 10


@dataclass(frozen=True)
class Ring:
    number: int  # 1-based position in the list, largest first
    group: RingGroup
    names: dict[str, str]


@dataclass(frozen=True)
class ClaimFraudView:
    assessment: ClaimAssessment | None
    score: ClaimScore | None
    investigations: list[Investigation]
    rings: list[Ring]


def _rings(uow: UnitOfWork, min_size: int, max_degree: int) -> tuple[list[Ring], list[ClaimParty]]:
    parties, names = uow.fraud.ring_parties()
    groups = find_rings(parties, min_size=min_size, max_attribute_degree=max_degree)
    rings = [
        Ring(n, group, {i: names.get(i, "") for i in group.insured_ids})
        for n, group in enumerate(groups, start=1)
    ]
    return rings, parties


def fraud_rings(
    uow: UnitOfWork, actor: User, min_size: int = MIN_SIZE, max_degree: int = MAX_DEGREE
) -> list[Ring]:
    require_fraud_role(actor)
    with uow:
        return _rings(uow, min_size, max_degree)[0]


def ring_picture(
    uow: UnitOfWork,
    actor: User,
    number: int,
    min_size: int = MIN_SIZE,
    max_degree: int = MAX_DEGREE,
) -> str:
    """The SVG of ring `number` (as listed)."""
    require_fraud_role(actor)
    with uow:
        rings, parties = _rings(uow, min_size, max_degree)
    if not 1 <= number <= len(rings):
        raise NotFound("团伙 ring", number)
    return ring_svg(ring_subgraph(parties, rings[number - 1].group))


def claim_fraud_view(uow: UnitOfWork, actor: User, claim_id: int) -> ClaimFraudView:
    """Flags, score and reasons, investigations and ring membership; staff only (customers
    see no fraud data)."""
    require(actor, Permission.READ_ALL_CLAIMS)
    with uow:
        claim = uow.claims.get(claim_id)
        ensure_can_see(actor, claim)
        rings = [r for r in _rings(uow, MIN_SIZE, MAX_DEGREE)[0]
                 if claim.claim_no in r.group.claim_ids]  # fmt: skip
        return ClaimFraudView(
            uow.fraud.assessment_for(claim_id),
            uow.fraud.score_for(claim_id),
            uow.fraud.investigations_for(claim_id),
            rings,
        )
