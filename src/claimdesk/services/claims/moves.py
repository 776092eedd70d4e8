"""Moving a claim through its lifecycle: one `apply_move` for people and the system.

The move is checked against the transition table (workflow/lifecycle.py), stored, followed
by the effects the reaction table lists (workflow/reactions.py) and audited, all inside the
caller's transaction. A person's move (`move_claim`) adds the checks that only people need:
the version they saw, their permission, maker-checker, the auto survey gates and authority.
"""

from __future__ import annotations

from collections.abc import Callable

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.claim import Claim, ClaimStatus, LineOfBusiness
from claimdesk.domain.payment import committed_total
from claimdesk.domain.users import User
from claimdesk.fraud.cases import Investigation
from claimdesk.services.access import require
from claimdesk.services.adjudication.use_cases import run_adjudication, undo_adjudication
from claimdesk.services.approval.use_cases import (
    Denial,
    approval_refusal,
    check_denial,
)
from claimdesk.services.archive.use_cases import archive_on_move
from claimdesk.services.audit_trail import claim_entry, claim_snapshot
from claimdesk.services.auto.settlement import settle_for_move
from claimdesk.services.claims.move_checks import check_person_may_move, escalate_and_refuse
from claimdesk.services.context import ServiceContext
from claimdesk.services.fraud.checks import fraud_on_move
from claimdesk.services.fraud.referral import assign_to_investigator, holding_investigation
from claimdesk.services.materials.checks import MOVE_REASONS, check_materials
from claimdesk.services.notices import use_cases as notifications
from claimdesk.services.payments.instructions import cancel_open_instructions, instruct_on_approval
from claimdesk.services.reserves.use_cases import reserve_on_move
from claimdesk.services.tasks.deadlines import track_move
from claimdesk.services.tasks.queues import route_claim
from claimdesk.workflow.lifecycle import (
    TRANSITIONS,
    allowed_targets,
    check_move,
    check_person_move,
)
from claimdesk.workflow.payments import all_confirmed
from claimdesk.workflow.reactions import AFTER_AUDIT, REACTIONS, Effect, effects_of

SYSTEM = "system"
ZERO_SETTLEMENT = "核定赔付金额为 0.00 元，零赔付结案 / approved at 0.00: closed, nothing to pay"
# One effect: the context, who moved (None: the system), the claim before and after.
Handler = Callable[[ServiceContext, User | None, Claim, Claim], Claim | None]


def move_claim(
    context: ServiceContext,
    *,
    actor: User,
    claim_id: int,
    target: ClaimStatus,
    reason: str,
    expected_version: int,
    denial: Denial | None = None,
) -> Claim:
    """One lifecycle step by a person, in its own transaction. Moving to ADJUDICATED runs
    the engine and books the ledger; an approval beyond the actor's authority escalates."""
    uow = context.uow
    with uow:
        claim = uow.claims.get(claim_id)
        check_person_may_move(context, actor, claim, target, reason, expected_version)
        refusal = approval_refusal(uow, actor, claim) if target == ClaimStatus.APPROVED else None
        if refusal is None:
            if target == ClaimStatus.DENIED:
                _record_denial(context, claim_id, check_denial(denial))
            moved = apply_move(context, actor=actor, claim=claim, target=target, reason=reason)
            uow.commit()
            return moved
    assert refusal is not None
    escalate_and_refuse(context, actor, claim_id, refusal)


def apply_move(
    context: ServiceContext,
    *,
    actor: User | None,
    claim: Claim,
    target: ClaimStatus,
    reason: str,
    as_system: bool = False,
) -> Claim:
    """Inside the caller's transaction: checked against the table (and, for a person, the
    move's permission), stored, its reactions run, audited. `actor` None: the system moved.
    Returns the claim as it ends up (a reaction may move it on, e.g. to 调查)."""
    if as_system:
        check_move(claim.status, target, reason)
    else:
        assert actor is not None, "a person's move names the person"
        require(actor, check_person_move(claim.status, target, reason).permission)
    now = context.clock.now()
    moved = context.uow.claims.change_status(claim, claim.version, target, reason, now)
    for effect in effects_of(claim.status, moved.status, REACTIONS):
        HANDLERS[effect](context, actor, claim, moved)
    context.uow.audit.append(_move_entry(actor, claim, moved, reason), context.clock.now())
    for effect in effects_of(claim.status, moved.status, AFTER_AUDIT):
        moved = HANDLERS[effect](context, actor, claim, moved) or moved
    return moved


def move_to_investigation(
    context: ServiceContext, claim: Claim, investigation: Investigation
) -> Claim:
    """转调查: a system move; the claim's open tasks go to the assigned investigator."""
    reason = f"转调查 / referred to investigation #{investigation.id}: {investigation.reason}"
    moved = apply_move(
        context,
        actor=None,
        claim=claim,
        target=ClaimStatus.INVESTIGATION,
        reason=reason[:1000],
        as_system=True,
    )
    assign_to_investigator(context.uow, claim, investigation)
    return moved


def hold_for_investigation(context: ServiceContext, claim: Claim) -> Claim:
    """A claim under review with a holding referral goes to investigation (system move)."""
    if claim.status != ClaimStatus.UNDER_REVIEW:
        return claim
    investigation = holding_investigation(context.uow, claim)
    return claim if investigation is None else move_to_investigation(context, claim, investigation)


def moves_for(actor: User, claim: Claim) -> list[ClaimStatus]:
    """The lifecycle moves this user may make on this claim now (the UI shows only these);
    a move only the system makes (赔款到账) is never offered."""
    moves = {
        target: TRANSITIONS[(claim.status, target)] for target in allowed_targets(claim.status)
    }
    return [t for t, move in moves.items() if not move.system_only and actor.can(move.permission)]


def _record_denial(context: ServiceContext, claim_id: int, denial: Denial) -> None:
    context.uow.claims.record_denial(claim_id, denial)


def _move_entry(actor: User | None, before: Claim, moved: Claim, reason: str) -> AuditEntry:
    if actor is not None:
        return claim_entry(actor, f"move:{moved.status}", moved, before, reason)
    return AuditEntry(SYSTEM, f"move:{moved.status}", "claim", str(moved.id),
                      claim_snapshot(before), claim_snapshot(moved), reason)  # fmt: skip


# The effects, one small function each; the table says when they run.


def _archive(context: ServiceContext, actor: User | None, before: Claim, moved: Claim) -> None:
    archive_on_move(context.uow, actor.username if actor else SYSTEM, moved)  # 档案, 保管期限


def _deadlines(context: ServiceContext, actor: User | None, before: Claim, moved: Claim) -> None:
    track_move(context.uow, context.clock, before, moved)  # 时效 opened, closed, paused


def _reserve(context: ServiceContext, actor: User | None, before: Claim, moved: Claim) -> Claim:
    reserve_on_move(context.uow, context.clock.now(), actor, moved)  # 立案估损, 结案释放
    return moved


def _fraud(context: ServiceContext, actor: User | None, before: Claim, moved: Claim) -> None:
    fraud_on_move(context, before, moved)  # hard stops, flags, score


def _adjudicate(context: ServiceContext, actor: User | None, before: Claim, moved: Claim) -> None:
    assert actor is not None, "only a person adjudicates"
    if moved.line_of_business == LineOfBusiness.AUTO:
        settle_for_move(context, actor, moved)  # 车险理算: the auto engine over the survey
        return
    run_adjudication(context.uow, context.clock, context.products, actor, moved)
    context.uow.claims.record_adjudicator(_id(moved), actor.id)


def _release(context: ServiceContext, actor: User | None, before: Claim, moved: Claim) -> None:
    undo_adjudication(context.uow, context.clock, context.products, moved)


def _instruct(context: ServiceContext, actor: User | None, before: Claim, moved: Claim) -> None:
    assert actor is not None, "an approval names its approver"
    instruct_on_approval(context.uow, context.clock, actor, moved)


def _cancel(context: ServiceContext, actor: User | None, before: Claim, moved: Claim) -> None:
    """Payments follow the claim: its unsent instructions are cancelled, the customer told."""
    reason = f"赔案{moved.status} / claim {moved.status}: {moved.status_reason}"[:500]
    who = actor.username if actor else SYSTEM
    cancelled = cancel_open_instructions(context.uow, context.clock, who, moved, reason)
    if cancelled:
        notifications.on_payments_cancelled(context.uow, context.clock, moved, cancelled)


def _queue(context: ServiceContext, actor: User | None, before: Claim, moved: Claim) -> None:
    route_claim(context.uow, context.clock, _id(moved))


def _notices(context: ServiceContext, actor: User | None, before: Claim, moved: Claim) -> None:
    notifications.on_move(context.uow, context.clock, before, moved, context.products)


def _materials(context: ServiceContext, actor: User | None, before: Claim, moved: Claim) -> Claim:
    """一次性告知 on acceptance; complete or not, the system moves the claim on."""
    checked = check_materials(context.uow, context.clock, context.products, moved)
    if checked.next_status is None:
        return moved
    target = checked.next_status
    return apply_move(context, actor=None, claim=moved, target=target,
                      reason=MOVE_REASONS[target], as_system=True)  # fmt: skip


def _settle(context: ServiceContext, actor: User | None, before: Claim, moved: Claim) -> Claim:
    """赔款到账: a system move, and only when every payment of the claim is confirmed."""
    return settle_if_paid(context, actor, moved)


def settle_if_paid(context: ServiceContext, actor: User | None, claim: Claim) -> Claim:
    """payment_pending → paid once the bank confirmed every payment instruction of the claim;
    the only way a claim becomes paid."""
    payments = context.uow.payments.for_claim(_id(claim))
    if claim.status != ClaimStatus.PAYMENT_PENDING or not all_confirmed(p.status for p in payments):
        return claim
    return apply_move(context, actor=actor, claim=claim, target=ClaimStatus.PAID,
                      reason="赔款到账", as_system=True)  # fmt: skip


def _zero(context: ServiceContext, actor: User | None, before: Claim, moved: Claim) -> Claim:
    """零赔付结案: approved at 0.00 with nothing paid or on its way — closed, not paid."""
    approved = context.uow.claims.get(_id(moved))
    committed = committed_total(context.uow.payments.for_claim(_id(moved)))
    if approved.approval is None or approved.approval.amount > 0 or committed > 0:
        return moved
    return apply_move(context, actor=actor, claim=approved, target=ClaimStatus.CLOSED,
                      reason=ZERO_SETTLEMENT, as_system=True)  # fmt: skip


def _hold(context: ServiceContext, actor: User | None, before: Claim, moved: Claim) -> Claim:
    return hold_for_investigation(context, moved)  # 反欺诈: a holding referral


HANDLERS: dict[Effect, Handler] = {
    Effect.DEADLINES: _deadlines,
    Effect.ARCHIVE_FILE: _archive,
    Effect.RESERVE: _reserve,
    Effect.FRAUD: _fraud,
    Effect.ADJUDICATE: _adjudicate,
    Effect.RELEASE_BENEFITS: _release,
    Effect.PAYMENT_INSTRUCTION: _instruct,
    Effect.QUEUE: _queue,
    Effect.NOTICES: _notices,
    Effect.MATERIALS_CHECK: _materials,
    Effect.INVESTIGATION_HOLD: _hold,
    Effect.SETTLE: _settle,
    Effect.CANCEL_PAYMENTS: _cancel,
    Effect.ZERO_SETTLEMENT: _zero,
}


def _id(entity: object) -> int:
    value = getattr(entity, "id", None)
    assert isinstance(value, int)
    return value
