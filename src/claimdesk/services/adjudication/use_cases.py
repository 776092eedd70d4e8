"""Adjudicating stored claims: run the engine with the insured's ledger, store, book, override."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.claim import Claim, ClaimStatus
from claimdesk.domain.errors import (
    ErrorCode,
    IllegalTransition,
    NotFound,
    ReasonRequired,
)
from claimdesk.domain.money import to_fen
from claimdesk.domain.payment import committed_total
from claimdesk.domain.refusals import Refused
from claimdesk.domain.users import Permission, User
from claimdesk.rules import benefit_ledger
from claimdesk.rules.engine import adjudicate
from claimdesk.rules.errors import InvalidRequest
from claimdesk.rules.model import ClaimRequest
from claimdesk.rules.product_checks import check_facts
from claimdesk.rules.reasons import Decision
from claimdesk.rules.result import AdjudicationResult
from claimdesk.rules.terms import Product
from claimdesk.services.access import ensure_can_see, require
from claimdesk.services.adjudication.records import StoredAdjudication, StoredOverride
from claimdesk.services.adjudication.request import claim_request
from claimdesk.services.context import ServiceContext
from claimdesk.services.fraud.blacklist import is_blacklisted
from claimdesk.services.hospitals.registry import registry_for
from claimdesk.services.ports import Clock, UnitOfWork

Products = Mapping[str, Product]


class MaterialsMissing(Refused):
    """The engine cannot decide yet: these materials are missing (一次性告知: all of them)."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(
            ErrorCode.MATERIALS_MISSING,
            field="materials",
            listed_zh="、".join(missing),
            listed_en=", ".join(missing),
        )
        self.missing = missing


def run_adjudication(
    uow: UnitOfWork, clock: Clock, products: Products, actor: User, claim: Claim
) -> StoredAdjudication | None:
    """Inside the move to ADJUDICATED: None for products without terms (manual adjudication)."""
    product = products.get(claim.product_code)
    if product is None or claim.id is None:
        return None
    request = _request(uow, product, claim)
    result = _engine(request, products)
    if result.decision == Decision.PENDING_MATERIALS:
        raise MaterialsMissing(list(result.missing_materials))
    payable = to_fen(result.payable)
    record = uow.adjudications.add(
        StoredAdjudication(
            None,
            claim.id,
            0,
            clock.now(),
            actor.username,
            product.code,
            result.decision,
            payable,
            payable,
            request,
            result,
        )
    )
    booking = benefit_ledger.difference(product, request.history, result.history_after)
    rebook(uow, clock, product, claim, record.id, booking)
    return record


def _request(uow: UnitOfWork, product: Product, claim: Claim) -> ClaimRequest:
    assert claim.id is not None
    rows = uow.adjudications.ledger_rows(
        claim.insured_person_id, claim.policy_id, excluding_claim=claim.id
    )
    history = benefit_ledger.add_deltas(product, rows)
    policy = uow.policies.get(claim.policy_id)
    insured = uow.policies.get_insured(claim.insured_person_id)
    return claim_request(
        claim,
        policy,
        insured,
        uow.materials.for_claim(claim.id),
        history,
        blacklisted=is_blacklisted(uow, insured, policy),  # seed 004 二.26
        hospitals=registry_for(uow, claim.visits),  # 医院目录: never the submitter's word
    )


def _engine(request: ClaimRequest, products: Products) -> AdjudicationResult:
    try:
        check_facts(request)
        return adjudicate(request, products)
    except InvalidRequest as error:
        raise Refused(ErrorCode.CLAIM_NOT_ADJUDICABLE, field="claim", error=error) from error


def rebook(
    uow: UnitOfWork,
    clock: Clock,
    product: Product,
    claim: Claim,
    adjudication_id: int | None,
    booking: Mapping[str, Decimal | int],
) -> None:
    """Reverse what the claim booked before, then book anew: accumulators stay exact."""
    release_booking(uow, clock, product, claim)
    if not benefit_ledger.is_zero(booking):
        _book(uow, clock, claim, adjudication_id, "book", booking)


def release_booking(uow: UnitOfWork, clock: Clock, product: Product, claim: Claim) -> None:
    assert claim.id is not None
    net = benefit_ledger.add_deltas(product, uow.adjudications.claim_ledger_rows(claim.id))
    if not benefit_ledger.is_zero(net):
        _book(uow, clock, claim, None, "reverse", benefit_ledger.negated(net))


def _book(
    uow: UnitOfWork,
    clock: Clock,
    claim: Claim,
    adjudication_id: int | None,
    kind: str,
    deltas: Mapping[str, Decimal | int],
) -> None:
    assert claim.id is not None
    uow.adjudications.book(
        insured_person_id=claim.insured_person_id,
        policy_id=claim.policy_id,
        claim_id=claim.id,
        adjudication_id=adjudication_id,
        kind=kind,
        deltas=benefit_ledger.to_json(deltas),
        at=clock.now(),
    )


def undo_adjudication(uow: UnitOfWork, clock: Clock, products: Products, claim: Claim) -> None:
    """A claim sent back, denied or withdrawn after adjudication no longer holds its benefits."""
    product = products.get(claim.product_code)
    if product is not None and claim.id is not None:
        release_booking(uow, clock, product, claim)
        uow.adjudications.deactivate(claim.id)


def get_adjudication(
    context: ServiceContext, *, actor: User, claim_id: int
) -> StoredAdjudication | None:
    with context.uow as uow:
        ensure_can_see(actor, uow.claims.get(claim_id))
        return uow.adjudications.active_for(claim_id)


def override_line(
    context: ServiceContext,
    *,
    actor: User,
    claim_id: int,
    change: benefit_ledger.LineOverride,
    expected_version: int,
) -> StoredAdjudication:
    """An adjuster replaces one line's amount, with a mandatory reason; audited and re-booked."""
    require(actor, Permission.ADJUDICATE)
    if not change.reason.strip():
        raise ReasonRequired(
            "调整金额必须填写原因", "an override requires a reason", field="reason"
        )
    uow, clock, products = context.uow, context.clock, context.products
    with uow:
        uow.payments.lock_claim(claim_id)  # the money of the claim: one decision at a time
        claim = uow.claims.get(claim_id)
        ensure_can_see(actor, claim)
        record = _overridable(uow, claim)
        engine_payable, submitted = _line_amounts(record, change)
        if not Decimal("0") <= change.payable <= submitted:
            raise Refused(ErrorCode.OVERRIDE_OUT_OF_RANGE, field="payable", submitted=submitted)
        updated = _apply_override(
            uow, clock, products, actor, claim, record, change, engine_payable
        )
        if updated.payable < (committed := committed_total(uow.payments.for_claim(claim_id))):
            raise Refused(ErrorCode.OVERRIDE_BELOW_COMMITTED, field="payable",
                          payable=updated.payable, committed=committed)  # fmt: skip
        uow.claims.bump_version(claim, expected_version, clock.now())
        uow.claims.add_adjuster(claim_id, actor.id)
        uow.audit.append(
            _override_entry(actor, claim, change, record.payable, updated.payable), clock.now()
        )
        uow.commit()
        return updated


def _overridable(uow: UnitOfWork, claim: Claim) -> StoredAdjudication:
    if claim.status != ClaimStatus.ADJUDICATED:
        raise IllegalTransition(
            "只有已理算待核赔的赔案可以调整金额",
            "only an adjudicated claim awaiting approval can be adjusted",
            field="status",
        )
    record = uow.adjudications.active_for(claim.id or 0)
    if record is None:
        raise NotFound("理算结果 adjudication", claim.claim_no)
    return record


def _line_amounts(
    record: StoredAdjudication, change: benefit_ledger.LineOverride
) -> tuple[Decimal, Decimal]:
    for visit in record.result.visits:
        for line in visit.lines:
            if (visit.visit_id, line.line_id) == (change.visit_id, change.line_id):
                return line.payable, line.submitted
    raise NotFound("费用明细 bill line", f"{change.visit_id}/{change.line_id}")


def _apply_override(
    uow: UnitOfWork,
    clock: Clock,
    products: Products,
    actor: User,
    claim: Claim,
    record: StoredAdjudication,
    change: benefit_ledger.LineOverride,
    engine_payable: Decimal,
) -> StoredAdjudication:
    product = products[record.product_code]
    latest = {
        (o.visit_id, o.line_id): benefit_ledger.LineOverride(
            o.visit_id, o.line_id, o.payable, o.reason
        )
        for o in record.overrides
    }
    latest[(change.visit_id, change.line_id)] = change
    kinds = {visit.visit_id: visit.kind for visit in record.request.visits}
    booking = benefit_ledger.add_deltas(
        product,
        [
            benefit_ledger.difference(product, record.request.history, record.result.history_after),
            benefit_ledger.override_deltas(product, record.result, kinds, latest.values()),
        ],
    )
    if breaches := benefit_ledger.limit_breaches(product, record.request.history, booking):
        raise Refused(ErrorCode.OVERRIDE_OVER_LIMIT, field="payable", breaches=", ".join(breaches))
    payable = benefit_ledger.effective_payable(record.result, latest.values())
    uow.adjudications.add_override(
        record.id or 0,
        StoredOverride(
            None,
            change.visit_id,
            change.line_id,
            engine_payable,
            change.payable,
            change.reason,
            actor.username,
            clock.now(),
        ),
    )
    uow.adjudications.set_payable(record.id or 0, payable)
    rebook(uow, clock, product, claim, record.id, booking)
    refreshed = uow.adjudications.active_for(claim.id or 0)
    return refreshed if refreshed is not None else replace(record, payable=payable)


def _override_entry(
    actor: User, claim: Claim, change: benefit_ledger.LineOverride, before: Decimal, after: Decimal
) -> AuditEntry:
    line = f"{change.visit_id}/{change.line_id}"
    return AuditEntry(
        actor=actor.username,
        action="override_line",
        entity_type="claim",
        entity_id=str(claim.id),
        before={"line": line, "claim_payable": str(before)},
        after={"line": line, "line_payable": str(change.payable), "claim_payable": str(after)},
        reason=change.reason,
    )
