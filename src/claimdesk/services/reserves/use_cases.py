"""Registration (立案) and the case reserve (立案估损 / 未决赔款准备金) of every claim.

A claim is registered once: auto claims at the report (the reporter's estimate), health and
accident claims when accepted (受理), with the initial reserve from the product's rule
(workflow/reserve_rules.yaml). The 48-hour registration limit closes then. Afterwards staff
change the reserve with a reason; it is released (0, reason "closed") at settlement and set
again by the product's rule when the claim is reopened. Every setting is a history row and an
audit record (who, when, before, after, why), in the transaction of what caused it.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.claim import Claim, ClaimStatus, LineOfBusiness
from claimdesk.domain.errors import ErrorCode, ReasonRequired
from claimdesk.domain.milestones import SETTLED
from claimdesk.domain.payment import PaymentStatus
from claimdesk.domain.refusals import Refused
from claimdesk.domain.reserves import RELEASE_REASON, ReserveBasis, ReserveEntry
from claimdesk.domain.users import Permission, User
from claimdesk.services.access import ensure_can_see, require
from claimdesk.services.context import ServiceContext
from claimdesk.services.ports import UnitOfWork
from claimdesk.services.tasks.deadlines import registered
from claimdesk.workflow.reserve_rules import (
    ReserveMethod,
    default_reserve_rules,
    initial_reserve,
)

S = ClaimStatus
SYSTEM = "system"
REOPENED_REASON = "重开 / reopened"
PAID = PaymentStatus.PAID
ADJUDICATED_REASON = "理算后调整 / re-estimated at adjudication, payable"
REGISTERED = "立案 / registered"  # what the claim's timeline shows; the rule is in the reserve row


def register(
    uow: UnitOfWork,
    by: str,
    claim: Claim,
    initial: tuple[Decimal, ReserveBasis, str],
    at: datetime,
) -> bool:
    """Inside the caller's transaction: 立案 with its initial reserve (amount, basis, reason);
    False if the claim is registered already."""
    claim_id = _id(claim)
    if uow.reserves.history(claim_id):
        return False
    amount, basis, reason = initial
    _append(uow, ReserveEntry(claim_id, amount, basis, at, by, reason))
    uow.audit.append(
        AuditEntry(by, "register_claim", "claim", str(claim_id), None,
                   {"reserve": str(amount), "basis": str(basis)}, REGISTERED),
        at,
    )  # fmt: skip
    registered(uow, claim, at)
    return True


def reserve_on_move(uow: UnitOfWork, at: datetime, actor: User | None, moved: Claim) -> None:
    """The reaction to a claim move: register on acceptance, release at settlement, reserve
    again by the product's rule on reopening."""
    by = SYSTEM if actor is None else actor.username
    if moved.status == S.ACCEPTED:
        amount, reason = rule_reserve(uow, moved)
        register(uow, by, moved, (amount, ReserveBasis.PRODUCT_RULE, reason), at)
    elif moved.status in SETTLED:
        zero = Decimal("0.00")
        _set_if_changed(uow, by, moved, (zero, ReserveBasis.RELEASED, RELEASE_REASON), at)
    elif moved.status == S.ADJUDICATED and moved.line_of_business != LineOfBusiness.AUTO:
        _set_if_changed(uow, by, moved, adjudicated_reserve(uow, moved), at)
    elif moved.status == S.REOPENED:
        amount, reason = rule_reserve(uow, moved)
        setting = (amount, ReserveBasis.PRODUCT_RULE, f"{REOPENED_REASON}; {reason}")
        _set_if_changed(uow, by, moved, setting, at)


def adjudicated_reserve(uow: UnitOfWork, claim: Claim) -> tuple[Decimal, ReserveBasis, str]:
    """理算后调整: what the adjudication will pay, less what is already paid (an advance);
    auto claims keep the survey's reserve (services/auto/reserves.py)."""
    found = uow.adjudications.active_payable(_id(claim))
    payable = found if found is not None else claim.claimed_amount
    paid = sum((p.amount for p in uow.payments.for_claim(_id(claim)) if p.status == PAID),
               Decimal("0.00"))  # fmt: skip
    outstanding = max(payable - paid, Decimal("0.00"))
    return outstanding, ReserveBasis.ADJUDICATED, f"{ADJUDICATED_REASON}：{payable}"


def rule_reserve(uow: UnitOfWork, claim: Claim) -> tuple[Decimal, str]:
    """The product's initial reserve for this claim (a reported_estimate product that reaches
    acceptance unregistered is reserved by the default rule)."""
    rules = default_reserve_rules()
    rule = rules.for_product(claim.product_code)
    if rule.method is ReserveMethod.REPORTED_ESTIMATE:
        rule = rules.default
    similar = None
    if rule.method is ReserveMethod.CLOSED_AVERAGE:
        similar = uow.reserves.closed_average(claim.product_code)
    return initial_reserve(rule, claim.claimed_amount, similar)


def change_reserve(
    context: ServiceContext,
    *,
    actor: User,
    claim_id: int,
    amount: Decimal,
    reason: str,
) -> ReserveEntry:
    """估损调整 by staff: permission, a reason, a registered and open claim; audited."""
    require(actor, Permission.SET_RESERVE)
    if not reason.strip():
        raise ReasonRequired("调整估损必须填写原因", "changing a reserve requires a reason",
                             field="reason")  # fmt: skip
    if amount < 0:
        raise Refused(ErrorCode.RESERVE_NEGATIVE, field="amount", amount=amount)
    uow = context.uow
    with uow:
        claim = uow.claims.get(claim_id)
        ensure_can_see(actor, claim)
        if claim.status in SETTLED:
            raise Refused(ErrorCode.RESERVE_CLAIM_SETTLED, field="amount")
        if not uow.reserves.history(claim_id):
            raise Refused(ErrorCode.RESERVE_NOT_REGISTERED, field="amount")
        entry = ReserveEntry(claim_id, amount, ReserveBasis.ADJUSTED, context.clock.now(),
                             actor.username, reason.strip())  # fmt: skip
        _append(uow, entry)
        uow.commit()
        return entry


def reserve_history(context: ServiceContext, *, actor: User, claim_id: int) -> list[ReserveEntry]:
    """Staff only: the reserve is the insurer's internal estimate."""
    require(actor, Permission.READ_ALL_CLAIMS)
    uow = context.uow
    with uow:
        ensure_can_see(actor, uow.claims.get(claim_id))
        return uow.reserves.history(claim_id)


def book_reserve(
    uow: UnitOfWork,
    by: str,
    claim_id: int,
    setting: tuple[Decimal, ReserveBasis, str],
    at: datetime,
) -> bool:
    """Inside the caller's transaction: a new reserve row and its audit; False if unchanged."""
    history = uow.reserves.history(claim_id)
    amount, basis, reason = setting
    if history and history[-1].amount == amount:
        return False
    _append(uow, ReserveEntry(claim_id, amount, basis, at, by, reason))
    return True


def _set_if_changed(
    uow: UnitOfWork,
    by: str,
    claim: Claim,
    setting: tuple[Decimal, ReserveBasis, str],
    at: datetime,
) -> None:
    """Only a registered claim's reserve is released or set again."""
    if uow.reserves.history(_id(claim)):
        book_reserve(uow, by, _id(claim), setting, at)


def _append(uow: UnitOfWork, entry: ReserveEntry) -> None:
    history = uow.reserves.history(entry.claim_id)
    before = history[-1] if history else None
    uow.reserves.add(entry)
    uow.audit.append(
        AuditEntry(entry.set_by, "set_reserve", "claim", str(entry.claim_id),
                   None if before is None else snapshot(before), snapshot(entry),
                   entry.reason or str(entry.basis)),
        entry.set_at,
    )  # fmt: skip


def snapshot(entry: ReserveEntry) -> dict[str, str]:
    return {"reserve": str(entry.amount), "basis": str(entry.basis)}


def _id(claim: Claim) -> int:
    assert claim.id is not None
    return claim.id
