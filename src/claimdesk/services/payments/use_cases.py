"""Finance's side: release once, bank batch out, bank results in, new payee, advance, reversal."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.claim import Claim, ClaimStatus
from claimdesk.domain.errors import ErrorCode, MakerChecker
from claimdesk.domain.payment import (
    Payee,
    PaymentInstruction,
    PaymentKind,
    PaymentStatus,
    current_payee,
)
from claimdesk.domain.refusals import Refused
from claimdesk.domain.users import Permission, User
from claimdesk.services.access import ensure_can_see, require
from claimdesk.services.claims.moves import apply_move, settle_if_paid
from claimdesk.services.context import ServiceContext
from claimdesk.services.payments.instructions import (
    add_instruction,
    approved_ceiling,
    cancel_entry,
    require_reason,
)
from claimdesk.services.payments.payee_changes import redirect_payout, require_payee_authority
from claimdesk.workflow.payments import PaymentOperation, claim_may_pay, payment_move

P = PaymentStatus
SEND = payment_move(PaymentOperation.SEND)
CONFIRM = payment_move(PaymentOperation.CONFIRM)
FAIL = payment_move(PaymentOperation.FAIL)
REVERSE = payment_move(PaymentOperation.REVERSE)
CANCEL_RELEASED = payment_move(PaymentOperation.CANCEL_RELEASED)
_ENDED = f"{ErrorCode.PAYMENT_CLAIM_NOT_PAYABLE}: 赔案已结束 / the claim has ended"


@dataclass(frozen=True)
class BankResult:
    instruction_id: int
    success: bool
    bank_reference: str = ""
    reason: str = ""


def release_payment(
    context: ServiceContext, *, actor: User, instruction_id: int
) -> PaymentInstruction:
    """Idempotent: a double click, a retry or two workers release (and so pay) only once."""
    require(actor, Permission.PAY)
    uow, clock = context.uow, context.clock
    with uow:
        instruction = uow.payments.get(instruction_id)
        claim = uow.claims.get(instruction.claim_id)
        if not claim_may_pay(claim.status):
            raise Refused(ErrorCode.PAYMENT_CLAIM_NOT_PAYABLE, field="instruction_id")
        approver = claim.approval.approved_by if claim.approval else None
        if actor.id in (approver, instruction.created_by):
            raise MakerChecker(
                "核赔人不能放款本案", "the approver of a claim cannot release its payment"
            )
        if not uow.payments.move(
            instruction_id,
            *payment_move(PaymentOperation.RELEASE),
            released_by=actor.id,
            released_at=clock.now(),
        ):
            return uow.payments.get(instruction_id)  # already released: same answer, no new money
        if claim.status == ClaimStatus.APPROVED:
            _system_move(context, actor, claim, ClaimStatus.PAYMENT_PENDING, "放款")
        uow.audit.append(_entry(actor, instruction, "payment_released"), clock.now())
        uow.commit()
        return uow.payments.get(instruction_id)


def export_batch(context: ServiceContext, *, actor: User) -> tuple[int, list[PaymentInstruction]]:
    """Every released, not yet sent instruction goes into one bank batch."""
    require(actor, Permission.PAY)
    uow, clock = context.uow, context.clock
    with uow:
        pending = _payable(context, actor, uow.payments.released_unbatched())
        total = sum((i.amount for i in pending), Decimal("0.00"))
        batch_id = uow.payments.add_batch(clock.now(), actor.id, len(pending), total)
        for instruction in pending:
            uow.payments.move(instruction.id or 0, *SEND, batch_id=batch_id)
        uow.audit.append(
            AuditEntry(
                actor.username,
                "bank_batch",
                "payment_batch",
                str(batch_id),
                None,
                {"count": len(pending), "total": f"{total:.2f}"},
            ),
            clock.now(),
        )
        uow.commit()
        return batch_id, [uow.payments.get(i.id or 0) for i in pending]


def _payable(
    context: ServiceContext, actor: User, released: list[PaymentInstruction]
) -> list[PaymentInstruction]:
    """Payments follow the claim: a released instruction whose claim ended is not sent but
    cancelled (audited with the refusal's code), the rest go to the bank."""
    uow, clock = context.uow, context.clock
    payable = []
    for instruction in released:
        if claim_may_pay(uow.claims.get(instruction.claim_id).status):
            payable.append(instruction)
        elif uow.payments.move(instruction.id or 0, *CANCEL_RELEASED, failure_reason=_ENDED):
            uow.audit.append(cancel_entry(actor.username, instruction, _ENDED), clock.now())
    return payable


def import_results(
    context: ServiceContext, *, actor: User, results: list[BankResult]
) -> dict[str, int]:
    """Success closes the payment (and the claim when nothing is outstanding); failure
    reopens it with the bank's reason so a new account can be asked for."""
    require(actor, Permission.PAY)
    counts = {"paid": 0, "failed": 0, "ignored": 0}
    with context.uow as uow:
        for result in results:
            counts[_apply_result(context, actor, result)] += 1
        uow.commit()
    return counts


def _apply_result(context: ServiceContext, actor: User, result: BankResult) -> str:
    uow, clock = context.uow, context.clock
    instruction = uow.payments.get(result.instruction_id)
    if result.success:
        if not uow.payments.move(
            instruction.id or 0, *CONFIRM, bank_reference=result.bank_reference
        ):
            return "ignored"  # a result imported twice changes nothing
        _settle_claim(context, actor, instruction.claim_id)
        uow.audit.append(_entry(actor, instruction, "payment_paid"), clock.now())
        return "paid"
    if not uow.payments.move(
        instruction.id or 0, *FAIL, failure_reason=require_reason(result.reason)
    ):
        return "ignored"
    claim = uow.claims.get(instruction.claim_id)
    if claim.status == ClaimStatus.PAYMENT_PENDING:
        reason = f"银行退票：{result.reason}，请客户提供新的收款账户"
        _system_move(context, actor, claim, ClaimStatus.APPROVED, reason)
    uow.audit.append(_entry(actor, instruction, "payment_failed", result.reason), clock.now())
    return "failed"


def _settle_claim(context: ServiceContext, actor: User, claim_id: int) -> None:
    settle_if_paid(context, actor, context.uow.claims.get(claim_id))


def new_payee(
    context: ServiceContext,
    *,
    actor: User,
    claim_id: int,
    payee: Payee,
    documented_reason: str,
) -> PaymentInstruction:
    """Staff-initiated (e.g. after a failed transfer, on the insured's paper request): only
    with a documented reason; the insured's own requests go through `payee_changes`."""
    require_payee_authority(actor)
    if not documented_reason.strip():
        raise Refused(ErrorCode.PAYEE_CHANGE_REASON_MISSING, field="documented_reason")
    with context.uow as uow:
        uow.payments.lock_claim(claim_id)  # what is committed is read after this, not before
        claim = uow.claims.get(claim_id)
        ensure_can_see(actor, claim)
        instruction = redirect_payout(context, actor, claim, payee, documented_reason.strip())
        uow.commit()
        return instruction


def advance_payment(
    context: ServiceContext, *, actor: User, claim_id: int, amount: Decimal, reason: str
) -> PaymentInstruction:
    """先予支付 (保险法 第二十五条): pay the part already certain before the final decision."""
    require(actor, Permission.APPROVE)
    require_reason(reason)
    uow, clock = context.uow, context.clock
    with uow:
        uow.payments.lock_claim(claim_id)  # the ceiling and the committed sum read under the lock
        claim = uow.claims.get(claim_id)
        if claim.status not in (
            ClaimStatus.UNDER_REVIEW,
            ClaimStatus.INVESTIGATION,
            ClaimStatus.ADJUDICATED,
        ):
            raise Refused(ErrorCode.ADVANCE_PAYMENT_NOT_ALLOWED)
        on_file = Payee.on_file(uow.policies.get_insured(claim.insured_person_id))
        payee = current_payee(uow.payments.for_claim(claim_id), on_file) or on_file
        instruction = add_instruction(
            uow,
            clock,
            actor,
            claim,
            PaymentKind.ADVANCE,
            amount,
            payee,
            approved_ceiling(uow, claim),
        )
        uow.commit()
        return instruction


def reverse_payment(
    context: ServiceContext, *, actor: User, instruction_id: int, reason: str
) -> PaymentInstruction:
    require(actor, Permission.PAY)
    require_reason(reason)
    uow, clock = context.uow, context.clock
    with uow:
        instruction = uow.payments.get(instruction_id)
        uow.payments.lock_claim(instruction.claim_id)
        if not uow.payments.move(instruction_id, *REVERSE, failure_reason=reason):
            raise Refused(ErrorCode.PAYMENT_NOT_PAID, field="status")
        uow.audit.append(_entry(actor, instruction, "payment_reversed", reason), clock.now())
        uow.commit()
        return uow.payments.get(instruction_id)


def claim_payments(
    context: ServiceContext, *, actor: User, claim_id: int
) -> list[PaymentInstruction]:
    with context.uow as uow:
        ensure_can_see(actor, uow.claims.get(claim_id))
        return uow.payments.for_claim(claim_id)


def _system_move(
    context: ServiceContext, actor: User, claim: Claim, target: ClaimStatus, reason: str
) -> None:
    """A consequence of a payment (放款, 到账, 退票): the system moves the claim, for `actor`."""
    apply_move(context, actor=actor, claim=claim, target=target, reason=reason, as_system=True)


def _entry(
    actor: User, instruction: PaymentInstruction, action: str, reason: str = ""
) -> AuditEntry:
    return AuditEntry(
        actor.username,
        action,
        "claim",
        str(instruction.claim_id),
        None,
        {"instruction": instruction.id, "amount": f"{instruction.amount:.2f}"},
        reason,
    )
