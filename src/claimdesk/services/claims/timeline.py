"""The claim's timeline (进度): every recorded step, with who did it and why.

Staff read the trail as it is; a customer reads only the stages of their claim in customer
words (domain/customer_words.py): no staff names, internal actions or reasons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from claimdesk.domain.audit import AuditRecord
from claimdesk.domain.customer_words import customer_events
from claimdesk.domain.users import Role, User
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
        claim = uow.claims.get(claim_id)
        ensure_can_see(actor, claim)
        records = uow.audit.for_entity("claim", str(claim_id))
    if actor.role != Role.CUSTOMER:
        return timeline_of(records)
    events = customer_events(
        records, customer_username=actor.username, denied=claim.denial is not None
    )
    return [
        TimelineEvent(event.at, "you" if event.by_customer else "insurer",
                      f"stage:{event.stage}", None, event.stage.value, "")
        for event in events
    ]  # fmt: skip


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
