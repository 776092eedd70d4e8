"""The 人伤 panel of the staff auto claim page: each injured person with their bills (and the
engine's review of each line, when settled), follow-up visits and one-off settlement."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from claimdesk.domain.auto_injury import InjuryFile
from claimdesk.domain.claim import LineOfBusiness
from claimdesk.domain.labels import DEATH_DISABILITY_KINDS, INJURY_FEE_TYPES
from claimdesk.domain.users import Permission, User
from claimdesk.rules.auto.result import InjuryReview, ReviewedItem, ReviewedLine
from claimdesk.services.auto.injuries.use_cases import injuries_of
from claimdesk.web.deps import Wiring


@dataclass(frozen=True)
class InjuredRow:
    file: InjuryFile
    review: InjuryReview | None  # the active settlement's review of this person
    reviewed: dict[str, ReviewedLine]  # by bill line id
    computed: dict[str, ReviewedItem]  # 死亡伤残 items by id, as the engine computed them

    @property
    def key(self) -> int:
        return self.file.person.id or 0


@dataclass(frozen=True)
class InjuryPanel:
    rows: tuple[InjuredRow, ...]
    can_record: bool  # 录入: injured, bill lines, visits
    can_settle: bool  # 一次性了断
    fee_types: tuple[str, ...]
    item_kinds: tuple[str, ...] = tuple(DEATH_DISABILITY_KINDS)


def injury_panel(user: User, wiring: Wiring, claim: Any, auto: Any) -> InjuryPanel | None:
    """Auto claims only, for claims staff; its own read (like the recoveries panel)."""
    if not user.can(Permission.READ_ALL_CLAIMS) or claim.line_of_business != LineOfBusiness.AUTO:
        return None
    files = injuries_of(wiring.context(), actor=user, claim_id=claim.id)
    settlement = getattr(auto, "settlement", None)
    reviews = {r.party_id: r for r in settlement.result.injuries} if settlement else {}
    rows = []
    for found in files:
        review = reviews.get(f"P{found.person.id}")
        lines = {line.line_id: line for line in review.lines} if review else {}
        items = {item.item_id: item for item in review.items} if review else {}
        rows.append(InjuredRow(found, review, lines, items))
    return InjuryPanel(
        tuple(rows),
        can_record=user.can(Permission.REVIEW_MATERIALS),
        can_settle=user.can(Permission.ADJUDICATE),
        fee_types=tuple(INJURY_FEE_TYPES),
    )
