"""Case reserve (立案估损 / 未决准备金): set at registration, updated by each assessment.

Every change is a new `reserves` row and an audit record with before/after, in the same
transaction as the change that caused it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from types import MappingProxyType

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.auto_claim import AutoIncident, ReserveBasis, ReserveEntry
from claimdesk.domain.users import Permission, User
from claimdesk.services.access import require
from claimdesk.services.ports import UnitOfWork

# Used when the reporter gives no estimate (立案估损为0的案件须修改, seed 000 德阳 (二)3);
# the figures are this installation's defaults by cause, not from a seed.
DEFAULT_RESERVE_BY_CAUSE: Mapping[str, Decimal] = MappingProxyType(
    {
        "collision": Decimal("5000.00"),
        "theft": Decimal("80000.00"),
        "spontaneous_combustion": Decimal("50000.00"),
        "fire": Decimal("50000.00"),
        "rollover": Decimal("30000.00"),
        "glass_breakage": Decimal("2000.00"),
        "flood": Decimal("20000.00"),
        "other": Decimal("5000.00"),
    }
)


def initial_reserve(incident: AutoIncident) -> tuple[Decimal, ReserveBasis]:
    """The reported estimate, or the default for the cause when none was given."""
    if incident.estimated_loss > 0:
        return incident.estimated_loss, ReserveBasis.REPORTED_ESTIMATE
    default = DEFAULT_RESERVE_BY_CAUSE.get(incident.cause, DEFAULT_RESERVE_BY_CAUSE["other"])
    return default, ReserveBasis.CAUSE_DEFAULT


def set_reserve(
    uow: UnitOfWork,
    actor: User,
    claim_id: int,
    amount: Decimal,
    basis: ReserveBasis,
    at: datetime,
) -> bool:
    """Inside the caller's transaction: a new reserve row and its audit; False if unchanged."""
    history = uow.auto.reserves_for(claim_id)
    before = history[-1] if history else None
    if before is not None and before.amount == amount:
        return False
    entry = ReserveEntry(claim_id, amount, basis, at, actor.username)
    uow.auto.add_reserve(entry)
    uow.audit.append(
        AuditEntry(
            actor=actor.username,
            action="set_reserve",
            entity_type="claim",
            entity_id=str(claim_id),
            before=None if before is None else _snapshot(before),
            after=_snapshot(entry),
            reason=str(basis),
        ),
        at,
    )
    return True


def reserve_history(uow: UnitOfWork, actor: User, claim_id: int) -> list[ReserveEntry]:
    """Staff only: the reserve is the insurer's internal estimate."""
    require(actor, Permission.READ_ALL_CLAIMS)
    with uow:
        uow.claims.get(claim_id)
        return uow.auto.reserves_for(claim_id)


def _snapshot(entry: ReserveEntry) -> dict[str, str]:
    return {"reserve": str(entry.amount), "basis": str(entry.basis)}
