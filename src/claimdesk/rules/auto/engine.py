"""The auto settlement engine (车险理算): a pure function of the request and the product terms.

    result = settle(request, products)

Order: claim gates → assessment (survey / re-survey / tender, price agreements, salvage) →
交强险 within its limits (互碰自赔, 无责代赔) → 车损险 and 第三者责任险 by liability share, less
salvage and deductible → 车上人员责任险 for the own occupants → net incurred after recoveries.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from claimdesk.domain.money import ZERO
from claimdesk.rules.auto.assessment import assess
from claimdesk.rules.auto.checks import check_auto_request
from claimdesk.rules.auto.commercial import third_party_item, vehicle_damage_item
from claimdesk.rules.auto.compulsory import Losses, limit_schedule, settle_compulsory
from claimdesk.rules.auto.incurred import incurred_after
from claimdesk.rules.auto.injury import injury_totals, review_injuries
from claimdesk.rules.auto.messages import reason_of
from claimdesk.rules.auto.model import AutoRequest
from claimdesk.rules.auto.on_board import on_board_items
from claimdesk.rules.auto.reasons import AutoReasonCode as Code
from claimdesk.rules.auto.result import (
    AssessedLoss,
    AutoReason,
    AutoResult,
    InjuryReview,
    SettlementItem,
)
from claimdesk.rules.auto.terms import AutoProduct
from claimdesk.rules.errors import UnknownProduct
from claimdesk.rules.model import Policy


def settle(request: AutoRequest, products: Mapping[str, AutoProduct]) -> AutoResult:
    product = products.get(request.product)
    if product is None:
        raise UnknownProduct(request.product)
    check_auto_request(request, product)
    compulsory, policy, where = compulsory_of(request, product, products)
    schedule = limit_schedule(compulsory, policy, where)
    if outside_period(request):
        denial = (reason_of(product, Code.ACCIDENT_OUTSIDE_POLICY_PERIOD),)
        return outcome(request, product, "denied", denial, (), ())
    injuries = review_injuries(request.injured, product)
    losses = replace(assess_losses(request, product), injuries=injury_totals(injuries))
    assessments = assessed(losses)
    if any(loss.pending for loss in assessments):
        reasons = tuple(r for loss in assessments if loss.pending for r in loss.reasons)
        pending = "pending_assessment"
        return outcome(request, product, pending, reasons, assessments, (), injuries)
    paid_first = settle_compulsory(request, compulsory, schedule, losses)
    commercial = (
        vehicle_damage_item(request, product, losses, paid_first),
        third_party_item(request, product, losses, paid_first),
    )
    items = paid_first.items + tuple(item for item in commercial if item is not None)
    items += on_board_items(request, product, injuries)
    decision = "approved" if any(item.payable for item in items) else "denied"
    return outcome(request, product, decision, (), assessments, items, injuries)


def compulsory_of(
    request: AutoRequest, product: AutoProduct, products: Mapping[str, AutoProduct]
) -> tuple[AutoProduct, Policy, str]:
    """The 交强险 terms and policy this settlement starts with."""
    if product.compulsory_product is None:
        return product, request.policy, "policy"
    assert request.compulsory_policy is not None  # checked: commercial needs it
    return products[product.compulsory_product], request.compulsory_policy, "compulsory_policy"


def outside_period(request: AutoRequest) -> bool:
    """Refusal on the spot is allowed outside the policy period (seed 000 工作规范 7.1)."""
    policies = [request.policy] + ([request.compulsory_policy] if request.compulsory_policy else [])
    day = request.accident.date
    return any(not policy.period_start <= day <= policy.period_end for policy in policies)


def assess_losses(request: AutoRequest, product: AutoProduct) -> Losses:
    day, agreements = request.accident.date, request.price_agreements
    own = None
    if request.own_damage is not None:
        own = assess("own_vehicle", "own_damage", request.own_damage, agreements, day, product)
    vehicles = {
        party.party_id: assess(
            f"third_party:{party.party_id}",
            f"third_parties[{index}].vehicle_damage",
            party.vehicle_damage,
            agreements,
            day,
            product,
        )
        for index, party in enumerate(request.third_parties)
        if party.vehicle_damage is not None
    }
    return Losses(own, vehicles)


def assessed(losses: Losses) -> tuple[AssessedLoss, ...]:
    return ((losses.own,) if losses.own is not None else ()) + tuple(losses.vehicles.values())


def outcome(
    request: AutoRequest,
    product: AutoProduct,
    decision: str,
    reasons: tuple[AutoReason, ...],
    assessments: tuple[AssessedLoss, ...],
    items: tuple[SettlementItem, ...],
    injuries: tuple[InjuryReview, ...] = (),
) -> AutoResult:
    payable = sum((item.payable for item in items), ZERO)
    return AutoResult(
        claim_id=request.claim_id,
        product=product.code,
        decision=decision,
        payable=payable,
        currency=product.currency,
        reasons=reasons,
        assessments=assessments,
        settlement=items,
        incurred=incurred_after(payable, request.incurred),
        injuries=injuries,
    )
