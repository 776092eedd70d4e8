"""变更收款账户: the insured asks with a supporting document (uploaded by its content), a
finance officer or approver proposes (maker), another approves (checker); only then is the
payout redirected — open instructions cancelled, a new one for what remains, the insured told
with the account masked, every step audited with old and new accounts masked."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.claim import Claim, ClaimStatus
from claimdesk.domain.errors import ErrorCode, Forbidden
from claimdesk.domain.labels import both
from claimdesk.domain.payee_change import (
    OPEN,
    PayeeChangeRequest,
    PayeeChangeStatus,
    PayeeDocument,
    PayeeDocumentKind,
    check_checker,
)
from claimdesk.domain.payment import (
    Payee,
    PaymentInstruction,
    PaymentKind,
    check_payee,
    committed_total,
)
from claimdesk.domain.pii import mask_bank_account
from claimdesk.domain.refusals import Refused
from claimdesk.domain.users import Permission, User
from claimdesk.services.access import ensure_can_see, require
from claimdesk.services.context import ServiceContext
from claimdesk.services.materials.use_cases import sniff_content_type
from claimdesk.services.notices import use_cases as notifications
from claimdesk.services.payments.instructions import (
    add_instruction,
    approved_ceiling,
    cancel_entry,
    require_reason,
)
from claimdesk.services.ports import UnitOfWork
from claimdesk.workflow.payments import cancel_operation, payment_move

S = PayeeChangeStatus


@dataclass(frozen=True)
class PayeeChangeForm:
    """What the insured sends: the new payee, why, and a copy of the ID card or bank book."""

    payee: Payee
    document_kind: PayeeDocumentKind
    file_name: str
    content: bytes
    reason: str = ""


@dataclass(frozen=True)
class PayeeChangeView:
    request: PayeeChangeRequest
    claim_no: str
    insured_name: str


def require_payee_authority(actor: User) -> None:
    # A payee change redirects money: finance or an approver only, never surveyors or agents.
    if not (actor.can(Permission.PAY) or actor.can(Permission.APPROVE)):
        raise Forbidden("只有支付或核赔岗位可以变更收款账户",
                        "only finance or an approver may change the payee")  # fmt: skip


def request_payee_change(
    context: ServiceContext, *, actor: User, claim_id: int, form: PayeeChangeForm, limit_bytes: int
) -> PayeeChangeRequest:
    """The insured's own request (customer portal); nothing changes until it is approved."""
    require(actor, Permission.READ_OWN_CLAIMS)
    document = _document(form, limit_bytes)
    uow, clock = context.uow, context.clock
    with uow:
        claim = uow.claims.get(claim_id)
        ensure_can_see(actor, claim)
        check_payee(form.payee, uow.policies.get_insured(claim.insured_person_id))
        if any(r.status in OPEN for r in uow.payee_changes.for_claim(claim_id)):
            raise Refused(ErrorCode.PAYEE_CHANGE_ALREADY_OPEN, field="bank_account")
        assert context.files is not None, "the composition root gives every request a file store"
        document = replace(document, sha256=context.files.put(form.content))
        made = uow.payee_changes.add(
            PayeeChangeRequest(None, claim_id, form.payee, document, form.reason.strip(),
                               S.REQUESTED, actor.id, clock.now())
        )  # fmt: skip
        uow.audit.append(_entry(actor, made, "payee_change_requested", form.reason), clock.now())
        uow.commit()
        return made


def propose_payee_change(
    context: ServiceContext, *, actor: User, request_id: int
) -> PayeeChangeRequest:
    """Maker: a finance officer or approver checked the document and proposes the change."""
    require_payee_authority(actor)
    uow, clock = context.uow, context.clock
    with uow:
        request = uow.payee_changes.get(request_id)
        ensure_can_see(actor, uow.claims.get(request.claim_id))
        _move(uow, request, S.REQUESTED, S.PROPOSED, proposed_by=actor.id, proposed_at=clock.now())
        uow.audit.append(_entry(actor, request, "payee_change_proposed"), clock.now())
        uow.commit()
        return uow.payee_changes.get(request_id)


def approve_payee_change(
    context: ServiceContext, *, actor: User, request_id: int
) -> PayeeChangeRequest:
    """Checker: another person approves; the payout goes to the new payee from now on."""
    require_payee_authority(actor)
    uow, clock = context.uow, context.clock
    with uow:
        uow.payments.lock_claim(uow.payee_changes.get(request_id).claim_id)
        request = uow.payee_changes.get(request_id)
        check_checker(request, actor.id)
        claim = uow.claims.get(request.claim_id)
        ensure_can_see(actor, claim)
        _move(uow, request, S.PROPOSED, S.APPROVED, decided_by=actor.id, decided_at=clock.now())
        why = f"被保险人申请变更收款账户 #{request_id} / the insured's request #{request_id}"
        instruction = redirect_payout(context, actor, claim, request.payee, why)
        uow.payee_changes.move(request_id, S.APPROVED, S.APPROVED, instruction_id=instruction.id)
        uow.commit()
        return uow.payee_changes.get(request_id)


def reject_payee_change(
    context: ServiceContext, *, actor: User, request_id: int, reason: str
) -> PayeeChangeRequest:
    require_payee_authority(actor)
    require_reason(reason)
    uow, clock = context.uow, context.clock
    with uow:
        request = uow.payee_changes.get(request_id)
        ensure_can_see(actor, uow.claims.get(request.claim_id))
        values = {"decided_by": actor.id, "decided_at": clock.now(), "decision_reason": reason}
        _move(uow, request, request.status if request.status in OPEN else S.REQUESTED,
              S.REJECTED, **values)  # fmt: skip
        uow.audit.append(_entry(actor, request, "payee_change_rejected", reason), clock.now())
        uow.commit()
        return uow.payee_changes.get(request_id)


def redirect_payout(
    context: ServiceContext, actor: User, claim: Claim, payee: Payee, reason: str
) -> PaymentInstruction:
    """Within the caller's unit of work (claim locked): what is not yet at the bank is
    cancelled and what remains of the approved amount goes to the new payee, to be released
    by another person; audited with both accounts masked; the insured is told."""
    uow, clock = context.uow, context.clock
    if claim.status != ClaimStatus.APPROVED:
        raise Refused(ErrorCode.PAYEE_CHANGE_NOT_APPROVED)
    old = _current_account(uow, claim)
    _cancel_to_other_accounts(context, actor, claim, payee, reason)
    ceiling = approved_ceiling(uow, claim)
    instruction = add_instruction(
        uow, clock, actor, claim, PaymentKind.FULL, _remaining(uow, claim, ceiling), payee, ceiling
    )
    uow.audit.append(
        AuditEntry(actor.username, "payee_changed", "claim", str(claim.id),
                   {"account": mask_bank_account(old)},
                   {"account": mask_bank_account(payee.bank_account), "payee": payee.name,
                    "instruction": instruction.id}, reason),
        clock.now(),
    )  # fmt: skip
    notifications.on_payee_changed(uow, clock, claim, instruction)
    return instruction


def open_payee_changes(context: ServiceContext, *, actor: User) -> list[PayeeChangeView]:
    """The finance room's queue: requests waiting for a maker or a checker."""
    require_payee_authority(actor)
    with context.uow as uow:
        return [_view(uow, request) for request in uow.payee_changes.open_requests()]


def claim_payee_changes(
    context: ServiceContext, *, actor: User, claim_id: int
) -> list[PayeeChangeRequest]:
    with context.uow as uow:
        ensure_can_see(actor, uow.claims.get(claim_id))
        return uow.payee_changes.for_claim(claim_id)


def payee_change_document(
    context: ServiceContext, *, actor: User, request_id: int
) -> tuple[PayeeDocument, Iterator[bytes]]:
    """The supporting copy: to finance and approvers, and to the insured who sent it."""
    with context.uow as uow:
        request = uow.payee_changes.get(request_id)
        ensure_can_see(actor, uow.claims.get(request.claim_id))
        if actor.id != request.requested_by:
            require_payee_authority(actor)
    assert context.files is not None, "the composition root gives every request a file store"
    return request.document, context.files.chunks(request.document.sha256)


def _document(form: PayeeChangeForm, limit_bytes: int) -> PayeeDocument:
    content_type = sniff_content_type(form.content)
    if content_type is None or len(form.content) > limit_bytes:
        raise Refused(ErrorCode.PAYEE_DOCUMENT_INVALID, field="file", limit=limit_bytes // 2**20)
    name = form.file_name[:255] or "document"
    return PayeeDocument(form.document_kind, name, content_type, len(form.content), "")


def _move(uow: UnitOfWork, request: PayeeChangeRequest, frm: S, to: S, **values: object) -> None:
    if not uow.payee_changes.move(request.id or 0, frm, to, **values):
        zh, en = both("payee_change_status", request.status)
        raise Refused(ErrorCode.PAYEE_CHANGE_NOT_OPEN, field="status", zh=zh, en=en)


def _cancel_to_other_accounts(
    context: ServiceContext, actor: User, claim: Claim, payee: Payee, reason: str
) -> None:
    """What is not yet at the bank and goes to another account is cancelled (audited); an
    instruction to this very account stays, so a repeated change instructs nothing twice."""
    uow, clock = context.uow, context.clock
    why = f"收款账户变更 / payee change: {reason}"
    for instruction in uow.payments.for_claim(claim.id or 0):
        operation = cancel_operation(instruction.status)
        if operation is None or instruction.payee.bank_account == payee.bank_account:
            continue
        if uow.payments.move(instruction.id or 0, *payment_move(operation), failure_reason=why):
            uow.audit.append(cancel_entry(actor.username, instruction, why), clock.now())


def _current_account(uow: UnitOfWork, claim: Claim) -> str:
    instructions = uow.payments.for_claim(claim.id or 0)
    if instructions:
        return instructions[-1].payee.bank_account
    return uow.policies.get_insured(claim.insured_person_id).bank_account


def _remaining(uow: UnitOfWork, claim: Claim, ceiling: Decimal) -> Decimal:
    return ceiling - committed_total(uow.payments.for_claim(claim.id or 0))


def _view(uow: UnitOfWork, request: PayeeChangeRequest) -> PayeeChangeView:
    claim = uow.claims.get(request.claim_id)
    insured = uow.policies.get_insured(claim.insured_person_id)
    return PayeeChangeView(request, claim.claim_no, insured.name)


def _entry(actor: User, request: PayeeChangeRequest, action: str, reason: str = "") -> AuditEntry:
    return AuditEntry(
        actor.username,
        action,
        "claim",
        str(request.claim_id),
        None,
        {"request": request.id, "account": mask_bank_account(request.payee.bank_account),
         "document": str(request.document.kind)},
        reason,
    )  # fmt: skip
