"""商业险 after 交强险: 车损险 (own vehicle) and 第三者责任险, by the liability share (责任比例)
from the traffic police decision, less salvage and deductible, within sum insured and limit."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from claimdesk.domain.money import ZERO, to_fen
from claimdesk.rules.auto.compulsory import CompulsoryOutcome, Losses
from claimdesk.rules.auto.figures import cover_bought, figure
from claimdesk.rules.auto.messages import reason_of
from claimdesk.rules.auto.model import AutoRequest
from claimdesk.rules.auto.reasons import AutoReasonCode as Code
from claimdesk.rules.auto.result import SettlementItem
from claimdesk.rules.auto.terms import AutoProduct, Section, VehicleDamageTerms
from claimdesk.rules.auto.working import amount, percent
from claimdesk.rules.errors import InvalidRequest


@dataclass(frozen=True, slots=True)
class OwnVehicleLoss:
    """The own vehicle's loss to indemnify: repair cost, or the total-loss value."""

    value: Decimal
    codes: tuple[Code, ...]
    working: str


def actual_value(request: AutoRequest, terms: VehicleDamageTerms) -> Decimal | None:
    """实际价值 = 新车购置价 × (1 − 折旧率), 折旧 monthly, at most the maximum rate."""
    vehicle = request.vehicle
    if vehicle.new_price is None:
        return None
    depreciation = min(terms.monthly_depreciation * vehicle.months_in_use, terms.max_depreciation)
    return to_fen(vehicle.new_price * (1 - depreciation))


def own_vehicle_loss(
    request: AutoRequest, terms: VehicleDamageTerms, sum_insured: Decimal, losses: Losses
) -> OwnVehicleLoss:
    """A total loss (declared, or repair at or above the actual value × ratio: 推定全损) is
    indemnified at the actual value, at most the sum insured; otherwise the repair cost."""
    own = losses.own
    assert own is not None
    value = actual_value(request, terms)
    if value is None and own.total_loss_declared:
        en = "required to value a total loss (实际价值)"
        raise InvalidRequest("vehicle.new_price", en, "全损须提供新车购置价以计算实际价值")
    constructive = value is not None and own.assessed >= value * terms.constructive_total_loss_ratio
    if value is None or not (own.total_loss_declared or constructive):
        return OwnVehicleLoss(own.assessed, (), amount(own.assessed))
    code = Code.TOTAL_LOSS if own.total_loss_declared else Code.CONSTRUCTIVE_TOTAL_LOSS
    worth = min(value, sum_insured)
    working = f"min({amount(value)}, {amount(sum_insured)})"
    return OwnVehicleLoss(worth, (code,), working)


def vehicle_damage_item(
    request: AutoRequest, product: AutoProduct, losses: Losses, compulsory: CompulsoryOutcome
) -> SettlementItem | None:
    """(loss − salvage − 交强险 for our vehicle) × 责任比例 × (1 − 绝对免赔率) − 绝对免赔额."""
    terms = product.vehicle_damage
    if terms is None or losses.own is None:
        return None
    if not cover_bought(terms.cover, request, "vehicle_damage"):
        return not_bought(product, "vehicle_damage", "own_vehicle", losses.own.net)
    sum_insured = figure(terms.sum_insured, request)
    loss = own_vehicle_loss(request, terms, sum_insured, losses)
    salvage = losses.own.salvage if losses.own.salvage_deducted else ZERO
    ours, others = compulsory.paid_for_own_vehicle, compulsory.others_for_own_vehicle
    base = max(loss.value - salvage - ours - others, ZERO)
    share = to_fen(base * request.accident.liability_share)
    rate = figure(terms.deductible_rate, request)
    after_rate = to_fen(share * (1 - rate))
    deductible = figure(terms.deductible, request)
    payable = min(max(after_rate - deductible, ZERO), sum_insured)
    codes = vehicle_codes(loss, salvage, ours, others, rate, deductible, payable, sum_insured)
    working = vehicle_working(loss, (salvage, ours, others), request, rate, deductible, payable)
    reasons = tuple(reason_of(product, code) for code in codes)
    return SettlementItem(
        "vehicle_damage",
        "own_vehicle",
        "insured",
        loss.value,
        sum_insured,
        payable,
        working,
        reasons,
    )


def vehicle_working(
    loss: OwnVehicleLoss,
    deducted: tuple[Decimal, Decimal, Decimal],
    request: AutoRequest,
    rate: Decimal,
    deductible: Decimal,
    payable: Decimal,
) -> str:
    less = " − ".join(amount(each) for each in deducted)
    return (
        f"({loss.working} − {less}) × {percent(request.accident.liability_share)}"
        f" × (1 − {percent(rate)}) − {amount(deductible)} = {amount(payable)}"
    )


def vehicle_codes(
    loss: OwnVehicleLoss,
    salvage: Decimal,
    ours: Decimal,
    others: Decimal,
    rate: Decimal,
    deductible: Decimal,
    payable: Decimal,
    sum_insured: Decimal,
) -> tuple[Code, ...]:
    flagged = (
        (salvage > 0, Code.SALVAGE_DEDUCTED),
        (ours > 0, Code.COMPULSORY_DEDUCTED),
        (others > 0, Code.OTHER_COMPULSORY_DEDUCTED),
        (True, Code.LIABILITY_SHARE),
        (rate > 0, Code.DEDUCTIBLE_RATE),
        (deductible > 0, Code.DEDUCTIBLE),
        (payable == sum_insured, Code.SUM_INSURED_REACHED),
    )
    return loss.codes + tuple(code for applies, code in flagged if applies)


def third_party_item(
    request: AutoRequest, product: AutoProduct, losses: Losses, compulsory: CompulsoryOutcome
) -> SettlementItem | None:
    """(third parties' loss − 交强险 per section) × 责任比例, within the limit (三者险)."""
    terms = product.third_party
    remaining = remaining_after_compulsory(request, losses, compulsory)
    total = sum(remaining.values(), ZERO)
    if terms is None or total == 0:
        return None
    if not cover_bought(terms.cover, request, "third_party"):
        return not_bought(product, "third_party_liability", "third_parties", total)
    limit = figure(terms.limit, request)
    share = to_fen(total * request.accident.liability_share)
    payable = min(share, limit)
    codes: tuple[Code, ...] = (Code.COMPULSORY_DEDUCTED, Code.LIABILITY_SHARE)
    codes += (Code.THIRD_PARTY_LIMIT_REACHED,) if share > limit else ()
    working = (
        f"min({amount(total)} × {percent(request.accident.liability_share)},"
        f" {amount(limit)}) = {amount(payable)}"
    )
    reasons = tuple(reason_of(product, code) for code in codes)
    return SettlementItem(
        "third_party_liability", "third_parties", "third_parties", total, limit, payable, working,
        reasons,
    )  # fmt: skip


def remaining_after_compulsory(
    request: AutoRequest, losses: Losses, compulsory: CompulsoryOutcome
) -> Mapping[Section, Decimal]:
    """Each section's third-party loss less what 交强险 paid in it; under 互碰自赔 each
    vehicle's damage is its own insurer's, so nothing of it remains for us."""
    vehicles = ZERO if compulsory.mutual_collision else sum(
        (losses.vehicle_net(party) for party in request.third_parties), ZERO
    )  # fmt: skip
    totals = {
        Section.PROPERTY_DAMAGE: vehicles
        + sum((party.property_damage for party in request.third_parties), ZERO),
        Section.MEDICAL: sum((party.medical for party in request.third_parties), ZERO)
        + losses.injuries.medical,
        Section.DEATH_DISABILITY: sum(
            (party.death_disability for party in request.third_parties), ZERO
        )
        + losses.injuries.death_disability,
    }
    paid = compulsory.paid_to_third_parties
    return {section: max(loss - paid.get(section, ZERO), ZERO) for section, loss in totals.items()}


def not_bought(product: AutoProduct, cover: str, payee: str, loss: Decimal) -> SettlementItem:
    reasons = (reason_of(product, Code.COVER_NOT_BOUGHT),)
    return SettlementItem(cover, payee, payee, loss, None, ZERO, f"{amount(ZERO)}", reasons)
