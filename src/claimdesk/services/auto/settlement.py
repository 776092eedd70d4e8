"""Auto settlement (车险理算) of stored claims: the liability decision and the engine run.

Assessment drives payment: the payable amount is the auto engine's over the signed survey
(or re-survey, or the lowest compliant tender quote above the tender threshold), the policy's
figures and the liability share, never the reporter's estimate. Each run is stored (typed
request and result); the active one is what the approver signs for and what is paid.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.auto_claim import Survey
from claimdesk.domain.auto_settlement import (
    CompulsoryHandling,
    Liability,
    check_handling,
    share_from_percent,
)
from claimdesk.domain.claim import Claim, ClaimStatus, LineOfBusiness
from claimdesk.domain.errors import ErrorCode, NotFound
from claimdesk.domain.money import to_fen
from claimdesk.domain.refusals import Refused
from claimdesk.domain.users import Permission, User
from claimdesk.rules.auto.engine import settle
from claimdesk.rules.auto.model import AutoRequest
from claimdesk.rules.auto.stored import StoredSettlement
from claimdesk.rules.errors import InvalidRequest
from claimdesk.services.access import ensure_can_see, require
from claimdesk.services.auto.settlement_request import auto_request, injured_parties
from claimdesk.services.context import ServiceContext

# Settled claims keep their settlement: liability is recorded only while the claim is open.
CLOSED = frozenset({ClaimStatus.PAID, ClaimStatus.CLOSED, ClaimStatus.DENIED})


def record_liability(
    context: ServiceContext,
    *,
    actor: User,
    claim_id: int,
    share_percent: Decimal,
    handling: CompulsoryHandling = CompulsoryHandling.NORMAL,
    decision_no: str = "",
) -> Liability:
    """责任比例 from the traffic police decision and 交强险 代赔/互碰自赔, refused (nothing
    stored) when out of range or not applicable to this accident."""
    require(actor, Permission.REVIEW_MATERIALS)
    share = share_from_percent(share_percent)
    uow = context.uow
    with uow:
        claim = uow.claims.get(claim_id)
        auto_file = uow.auto.find_file(claim_id)
        if auto_file is None:
            raise NotFound("车险赔案 auto claim", claim_id)
        check_handling(handling, share, len(auto_file.incident.third_party_vehicles))
        if claim.status in CLOSED:
            raise Refused(ErrorCode.AUTO_NOT_SETTLEABLE, field="claim", error=str(claim.status))
        now = context.clock.now()
        before = uow.auto_settlements.liability_for(claim_id)
        liability = Liability(claim_id, share, handling, decision_no, actor.username, now)
        uow.auto_settlements.save_liability(liability)
        uow.audit.append(
            AuditEntry(
                actor.username, "record_liability", "claim", str(claim_id),
                None if before is None else _liability_snapshot(before),
                _liability_snapshot(liability),
            ),
            now,
        )  # fmt: skip
        uow.commit()
        return liability


def settle_auto_claim(context: ServiceContext, *, actor: User, claim_id: int) -> StoredSettlement:
    """理算 on demand (staff): the engine over what is recorded now, stored if it changed."""
    require(actor, Permission.ADJUDICATE)
    uow = context.uow
    with uow:
        claim = uow.claims.get(claim_id)
        record = settle_in_transaction(context, actor, claim)
        uow.commit()
        return record


def settlement_of(context: ServiceContext, *, actor: User, claim_id: int) -> StoredSettlement:
    """The claim's active settlement (the customer sees their own claim's)."""
    uow = context.uow
    with uow:
        ensure_can_see(actor, uow.claims.get(claim_id))
        record = uow.auto_settlements.active_for(claim_id)
        if record is None:
            raise NotFound("车险理算 auto settlement", claim_id)
        return record


def settle_in_transaction(context: ServiceContext, actor: User, claim: Claim) -> StoredSettlement:
    """Inside the caller's transaction: a new stored run when the request changed."""
    uow, claim_id = context.uow, _id(claim)
    request = build_request(context, claim)
    active = uow.auto_settlements.active_for(claim_id)
    if active is not None and active.request == request:
        return active
    try:
        result = settle(request, context.auto_products)
    except InvalidRequest as error:
        raise Refused(
            ErrorCode.AUTO_NOT_SETTLEABLE, field=error.field, error=f"{error.field}: {error}"
        ) from error
    now = context.clock.now()
    record = uow.auto_settlements.add(
        StoredSettlement(
            None, claim_id, 0, now, actor.username, request.product, result.decision,
            to_fen(result.payable), request, result,
        )
    )  # fmt: skip
    uow.audit.append(
        AuditEntry(
            actor.username, "auto_settlement", "claim", str(claim_id),
            None if active is None else _snapshot(active), _snapshot(record),
            ",".join(str(r.code) for r in result.reasons),
        ),
        now,
    )  # fmt: skip
    return record


def build_request(context: ServiceContext, claim: Claim) -> AutoRequest:
    uow, claim_id = context.uow, _id(claim)
    policy = uow.policies.get(claim.policy_id)
    product = context.auto_products.get(policy.product_code)
    auto_file = uow.auto.find_file(claim_id)
    if product is None or auto_file is None:
        raise Refused(ErrorCode.AUTO_NOT_SETTLEABLE, field="policy_no", error=policy.product_code)
    surveys = uow.auto.surveys_for(claim_id)
    _check_lines(surveys, auto_file.incident.total_loss)
    return auto_request(
        claim,
        policy,
        auto_file,
        surveys,
        uow.auto.quotes_for(claim_id),
        uow.auto_settlements.liability_for(claim_id),
        product,
        salvage=uow.partners.salvage_for(claim_id),
        injured=injured_parties(uow.injuries.files_for(claim_id)),
    )


def _check_lines(surveys: Sequence[Survey], total_loss: bool) -> None:
    signed = [s.record for s in surveys if s.record is not None and not s.is_open]
    if not total_loss and any(not record.items for record in signed):
        raise Refused(
            ErrorCode.AUTO_NOT_SETTLEABLE,
            field="items",
            error="定损单没有配件工时明细 (the assessment has no parts and labour lines)",
        )


def settle_for_move(context: ServiceContext, actor: User | None, claim: Claim) -> None:
    """The ADJUDICATE reaction of an auto claim: store the engine's run (it may still wait for
    the re-survey or the tender; approval then refuses until it is final)."""
    if claim.line_of_business == LineOfBusiness.AUTO and actor is not None:
        settle_in_transaction(context, actor, claim)
        context.uow.claims.record_adjudicator(_id(claim), actor.id)  # maker-checker


def check_settled(context: ServiceContext, actor: User, claim: Claim, target: ClaimStatus) -> None:
    """核赔 of an auto claim rests on a final settlement of what is recorded now."""
    if target != ClaimStatus.APPROVED or claim.line_of_business != LineOfBusiness.AUTO:
        return
    record = settle_in_transaction(context, actor, claim)
    if not record.final:
        reasons = record.result.reasons
        raise Refused(
            ErrorCode.AUTO_SETTLEMENT_PENDING,
            field="settlement",
            reasons_zh="；".join(r.message_zh for r in reasons) or record.decision,
            reasons_en="; ".join(r.message_en for r in reasons) or record.decision,
        )


def _snapshot(record: StoredSettlement) -> dict[str, str]:
    return {"decision": record.decision, "payable": f"{record.payable:.2f}", "seq": str(record.seq)}


def _liability_snapshot(liability: Liability) -> dict[str, str]:
    return {
        "liability_share": str(liability.share),
        "compulsory_handling": str(liability.handling),
        "decision_no": liability.decision_no,
    }


def _id(claim: Claim) -> int:
    assert claim.id is not None
    return claim.id
