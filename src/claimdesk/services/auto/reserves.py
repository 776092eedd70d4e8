"""Auto case reserve (立案估损): registered at the report from the reporter's estimate (or the
cause default), then following each assessment. The history, its audit and the staff's changes
are the reserves slice's (services/reserves/use_cases.py), shared by every line.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from types import MappingProxyType

from claimdesk.domain.auto_claim import AutoIncident
from claimdesk.domain.claim import Claim
from claimdesk.domain.reserves import ReserveBasis
from claimdesk.domain.users import User
from claimdesk.services.ports import UnitOfWork
from claimdesk.services.reserves.use_cases import book_reserve, register

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
    """Inside the caller's transaction: the assessment's reserve; False if unchanged."""
    return book_reserve(uow, actor.username, claim_id, (amount, basis, ""), at)


def register_auto(uow: UnitOfWork, actor: User, claim: Claim, incident: AutoIncident,
                  at: datetime) -> None:  # fmt: skip
    """立案 at the report: the reporter's estimate, or the default for the cause."""
    amount, basis = initial_reserve(incident)
    register(uow, actor.username, claim, (amount, basis, ""), at)
