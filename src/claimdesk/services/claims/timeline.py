"""The claim's timeline (进度): every recorded step, with who did it and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from claimdesk.domain.audit import AuditRecord
from claimdesk.domain.users import User
from claimdesk.services.access import ensure_can_see
from claimdesk.services.ports import UnitOfWork


@dataclass(frozen=True)
class TimelineEvent:
    at: datetime
    actor: str
    action: str
    from_status: str | None
    to_status: str | None
    reason: str


def claim_timeline(uow: UnitOfWork, actor: User, claim_id: int) -> list[TimelineEvent]:
    with uow:
        ensure_can_see(actor, uow.claims.get(claim_id))
        return timeline_of(uow.audit.for_entity("claim", str(claim_id)))


# The insurer's internal estimate (立案估损) is not a step of the claim: the staff page shows
# the reserve history in its own panel, and the customer never sees it.
INTERNAL_ACTIONS = frozenset({"set_reserve"})


def timeline_of(records: list[AuditRecord]) -> list[TimelineEvent]:
    return [
        TimelineEvent(
            at=record.at,
            actor=record.entry.actor,
            action=record.entry.action,
            from_status=(record.entry.before or {}).get("status"),
            to_status=(record.entry.after or {}).get("status"),
            reason=record.entry.reason,
        )
        for record in records
        if record.entry.action not in INTERNAL_ACTIONS
    ]
