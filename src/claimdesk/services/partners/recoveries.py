"""Recoveries (追偿): subrogation against a liable third party or its insurer, after payment.

A case has the amount claimed and the amounts received, each dated; its status follows
(open → partly recovered → recovered) unless it is written off with a reason. What came
back is booked against the claim: net incurred = paid + reserve − recoveries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.errors import ErrorCode, ReasonRequired
from claimdesk.domain.labels import label
from claimdesk.domain.money import ZERO
from claimdesk.domain.partners import (
    ClaimIncurredFigures,
    RecoveryCase,
    RecoveryKind,
    RecoveryReceipt,
    RecoveryStatus,
    SalvageHandling,
)
from claimdesk.domain.payment import PaymentStatus
from claimdesk.domain.refusals import Refused
from claimdesk.domain.users import Permission, User
from claimdesk.services.access import ensure_can_see, require
from claimdesk.services.context import ServiceContext
from claimdesk.services.ports import UnitOfWork

# A settled claim keeps no case reserve (as analytics/case_reserves.py reads it).
SETTLED = frozenset({"paid", "closed", "archived", "denied", "withdrawn"})
_CLOSED = (RecoveryStatus.RECOVERED, RecoveryStatus.WRITTEN_OFF)


@dataclass(frozen=True)
class ClaimRecoveries:
    """What a claim's page shows of salvage, recoveries and net incurred."""

    claim_id: int
    salvage: SalvageHandling | None
    recoveries: tuple[RecoveryCase, ...]
    figures: ClaimIncurredFigures


def open_recovery(
    context: ServiceContext, *, actor: User, claim_id: int, against: str, amount_claimed: Decimal,
    against_insurer: str = "",
) -> RecoveryCase:  # fmt: skip
    """代位求偿 opens once the claim has been paid (confirmed payments)."""
    require(actor, Permission.ADJUDICATE)
    _positive(amount_claimed, "amount_claimed")
    if not against.strip():
        raise Refused(ErrorCode.PARTNER_FIELD_INVALID, field="against", field_zh="追偿对象",
                      field_en="liable party", value="—")  # fmt: skip
    with context.uow as uow:
        uow.claims.get(claim_id)
        if _paid(uow, claim_id) <= ZERO:
            raise Refused(ErrorCode.RECOVERY_BEFORE_PAYMENT, field="claim_id")
        now = context.clock.now()
        case = uow.partners.add_recovery(
            RecoveryCase(None, claim_id, RecoveryKind.SUBROGATION, against.strip(),
                         amount_claimed, actor.username, now, against_insurer.strip())
        )  # fmt: skip
        _audit(uow, context, actor, "open_recovery", None, case)
        uow.commit()
        return case


def record_receipt(
    context: ServiceContext, *, actor: User, recovery_id: int, amount: Decimal, received_on: date
) -> RecoveryCase:
    require(actor, Permission.ADJUDICATE)
    _positive(amount, "amount")
    with context.uow as uow:
        before = uow.partners.get_recovery(recovery_id)
        _still_open(before)
        uow.partners.add_receipt(recovery_id, RecoveryReceipt(amount, received_on, actor.username))
        after = uow.partners.get_recovery(recovery_id)
        _audit(uow, context, actor, "recovery_receipt", before, after)
        uow.commit()
        return after


def write_off_recovery(
    context: ServiceContext, *, actor: User, recovery_id: int, reason: str
) -> RecoveryCase:
    """核销: what was not recovered is given up, with the reason (an approver's decision)."""
    require(actor, Permission.APPROVE)
    if not reason.strip():
        raise ReasonRequired("核销须填写原因", "a write-off needs a reason", field="reason")
    with context.uow as uow:
        before = uow.partners.get_recovery(recovery_id)
        _still_open(before)
        uow.partners.write_off(recovery_id, reason.strip())
        after = uow.partners.get_recovery(recovery_id)
        _audit(uow, context, actor, "write_off_recovery", before, after, reason.strip())
        uow.commit()
        return after


def claim_recoveries(context: ServiceContext, *, actor: User, claim_id: int) -> ClaimRecoveries:
    """Salvage, recoveries and paid + reserve − recoveries of one claim (staff only)."""
    require(actor, Permission.READ_ALL_CLAIMS)
    with context.uow as uow:
        claim = uow.claims.get(claim_id)
        ensure_can_see(actor, claim)
        paid = _paid(uow, claim_id)
        # As the management figures: the newest reserve row (立案估损 history), none before 立案.
        reserves = uow.reserves.history(claim_id)
        booked = reserves[-1].amount if reserves else ZERO
        reserve = ZERO if str(claim.status) in SETTLED else max(booked - paid, ZERO)
        cases = tuple(uow.partners.recoveries_for(claim_id))
        recovered = sum((case.received for case in cases), ZERO)
        figures = ClaimIncurredFigures(paid, reserve, recovered)
        return ClaimRecoveries(claim_id, uow.partners.salvage_for(claim_id), cases, figures)


def _paid(uow: UnitOfWork, claim_id: int) -> Decimal:
    payments = uow.payments.for_claim(claim_id)
    return sum((p.amount for p in payments if p.status is PaymentStatus.PAID), ZERO)


def _positive(amount: Decimal, field: str) -> None:
    if amount <= ZERO:
        raise Refused(ErrorCode.RECOVERY_AMOUNT_NOT_POSITIVE, field=field)


def _still_open(case: RecoveryCase) -> None:
    if case.status in _CLOSED:
        raise Refused(ErrorCode.RECOVERY_CLOSED, field="recovery_id",
                      status=f"{label('recovery_status', case.status)} "
                             f"{label('recovery_status', case.status, 'en')}")  # fmt: skip


def _snapshot(case: RecoveryCase | None) -> dict[str, Any] | None:
    if case is None:
        return None
    return {"recovery_id": case.id, "kind": str(case.kind), "against": case.against,
            "amount_claimed": str(case.amount_claimed), "received": str(case.received),
            "status": str(case.status), "write_off_reason": case.write_off_reason}  # fmt: skip


def _audit(
    uow: UnitOfWork, context: ServiceContext, actor: User, action: str,
    before: RecoveryCase | None, after: RecoveryCase, reason: str = "",
) -> None:  # fmt: skip
    entry = AuditEntry(actor.username, action, "claim", str(after.claim_id), _snapshot(before),
                       _snapshot(after), reason)  # fmt: skip
    uow.audit.append(entry, context.clock.now())
