"""Payment instructions: created by approval, at most what was approved (paid ≤ approved)."""

from __future__ import annotations

from decimal import Decimal

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.claim import Approval, Claim
from claimdesk.domain.errors import ReasonRequired
from claimdesk.domain.payment import (
    Payee,
    PaymentInstruction,
    PaymentKind,
    PaymentStatus,
    check_payee,
    check_within,
    committed_total,
    current_payee,
)
from claimdesk.domain.users import User
from claimdesk.services.ports import Clock, UnitOfWork
from claimdesk.services.tasks.queues import approval_amount
from claimdesk.workflow.payments import cancel_operation, payment_move


def instruct_on_approval(uow: UnitOfWork, clock: Clock, approver: User, claim: Claim) -> None:
    """核赔通过 → 支付指令 for what remains of the approved amount, to the insured's account."""
    claim_id = claim.id or 0
    uow.payments.lock_claim(claim_id)  # an advance racing the approval counts, or is counted
    approved = approval_amount(uow, claim)
    uow.claims.record_approval(claim_id, Approval(approver.id, approved, clock.now()))
    existing = uow.payments.for_claim(claim_id)
    remaining = approved - committed_total(existing)
    payee = current_payee(existing, payee_on_file(uow, claim))
    if remaining <= 0 or payee is None:
        return  # nothing left to pay, or finance captures the payee first
    kind = PaymentKind.SUPPLEMENTARY if existing else PaymentKind.FULL
    add_instruction(uow, clock, approver, claim, kind, remaining, payee, approved)


def payee_on_file(uow: UnitOfWork, claim: Claim) -> Payee | None:
    """The insured's own account as the policy holds it (None when it holds none)."""
    payee = Payee.on_file(uow.policies.get_insured(claim.insured_person_id))
    return payee if payee.bank_account else None


def approved_ceiling(uow: UnitOfWork, claim: Claim) -> Decimal:
    """The most that may be paid on the claim: the approved amount once approved, else
    (for an advance, 先予支付) the amount the adjudication has established."""
    return claim.approval.amount if claim.approval else approval_amount(uow, claim)


def add_instruction(
    uow: UnitOfWork,
    clock: Clock,
    actor: User,
    claim: Claim,
    kind: PaymentKind,
    amount: Decimal,
    payee: Payee,
    ceiling: Decimal,
) -> PaymentInstruction:
    claim_id = claim.id or 0
    # Two payments racing on one claim: the second waits here, then counts the first.
    uow.payments.lock_claim(claim_id)
    check_within(amount, ceiling, uow.payments.for_claim(claim_id))
    check_payee(payee, uow.policies.get_insured(claim.insured_person_id))
    instruction = uow.payments.add(
        PaymentInstruction(
            None,
            claim_id,
            kind,
            amount,
            payee,
            PaymentStatus.PENDING_RELEASE,
            actor.id,
            clock.now(),
        )
    )
    uow.audit.append(
        AuditEntry(
            actor.username,
            "payment_instructed",
            "claim",
            str(claim_id),
            None,
            {
                "instruction": instruction.id,
                "kind": str(kind),
                "amount": f"{amount:.2f}",
                "account": payee.bank_account[-4:],
            },
        ),
        clock.now(),
    )
    return instruction


def cancel_open_instructions(
    uow: UnitOfWork, clock: Clock, actor: str, claim: Claim, reason: str
) -> list[PaymentInstruction]:
    """Every instruction of the claim not yet at the bank is cancelled, each audited; what was
    sent stays with the bank's result (a later reversal, 冲正, if it is paid)."""
    cancelled = []
    for instruction in uow.payments.for_claim(claim.id or 0):
        operation = cancel_operation(instruction.status)
        if operation is None:
            continue
        if uow.payments.move(instruction.id or 0, *payment_move(operation), failure_reason=reason):
            cancelled.append(instruction)
            uow.audit.append(cancel_entry(actor, instruction, reason), clock.now())
    return cancelled


def cancel_entry(actor: str, instruction: PaymentInstruction, reason: str) -> AuditEntry:
    return AuditEntry(
        actor,
        "payment_cancelled",
        "claim",
        str(instruction.claim_id),
        {"instruction": instruction.id, "status": str(instruction.status)},
        {"instruction": instruction.id, "status": str(PaymentStatus.CANCELLED),
         "amount": f"{instruction.amount:.2f}"},
        reason,
    )  # fmt: skip


def require_reason(reason: str, field: str = "reason") -> str:
    if not reason.strip():
        raise ReasonRequired("请填写原因", "a reason is required", field=field)
    return reason
