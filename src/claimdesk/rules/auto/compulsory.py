"""交强险 first (机动车交通事故责任强制保险条例 第二十一、二十三条): each section within its
limit, with-fault or no-fault figures; 互碰自赔 and 无责代赔 as the industry rules say."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from claimdesk.domain.money import ZERO
from claimdesk.rules.auto.injury import InjuryTotals
from claimdesk.rules.auto.messages import reason_of
from claimdesk.rules.auto.model import AutoRequest, ThirdParty
from claimdesk.rules.auto.reasons import AutoReasonCode as Code
from claimdesk.rules.auto.result import AssessedLoss, AutoReason, SettlementItem
from claimdesk.rules.auto.terms import AutoProduct, LimitSchedule, Section
from claimdesk.rules.auto.working import capped
from claimdesk.rules.errors import InvalidRequest
from claimdesk.rules.model import Policy


@dataclass(frozen=True, slots=True)
class CompulsoryOutcome:
    items: tuple[SettlementItem, ...]
    paid_to_third_parties: Mapping[Section, Decimal]  # what 商业三者险 deducts per section
    paid_for_own_vehicle: Decimal  # 互碰自赔 or 代赔 paid by our 交强险 for our own vehicle
    others_for_own_vehicle: Decimal  # what the other vehicles' 交强险 owes our vehicle
    mutual_collision: bool


NO_INJURIES = InjuryTotals()


@dataclass(frozen=True, slots=True)
class Losses:
    """The assessed losses of this accident, by vehicle (`own`, party id)."""

    own: AssessedLoss | None
    vehicles: Mapping[str, AssessedLoss]
    injuries: InjuryTotals = NO_INJURIES  # third parties' 人伤, reviewed (rules/auto/injury)

    def injury(self, section: Section) -> Decimal:
        if section is Section.MEDICAL:
            return self.injuries.medical
        if section is Section.DEATH_DISABILITY:
            return self.injuries.death_disability
        return ZERO

    def vehicle_net(self, party: ThirdParty) -> Decimal:
        loss = self.vehicles.get(party.party_id)
        return loss.net if loss is not None else ZERO

    def own_net(self) -> Decimal:
        return self.own.net if self.own is not None else ZERO


def limit_schedule(product: AutoProduct, policy: Policy, where: str) -> LimitSchedule:
    assert product.compulsory is not None  # callers pass a 交强险 product
    schedule = product.compulsory.schedule_for(policy.period_start)
    if schedule is None:
        en = "no 交强险 limits configured for a policy starting then"
        raise InvalidRequest(f"{where}.period_start", en, "该保单年度未配置交强险责任限额")
    return schedule


def settle_compulsory(
    request: AutoRequest, product: AutoProduct, schedule: LimitSchedule, losses: Losses
) -> CompulsoryOutcome:
    if mutual_collision_applies(request, product, schedule, losses):
        return mutual_collision(product, schedule, losses)
    sections = [section_item(request, product, section, schedule, losses) for section in Section]
    substitution = own_vehicle_substitution(request, product, schedule, losses)
    return CompulsoryOutcome(
        items=tuple(item for item in sections if item.loss or len(item.reasons) > 1)
        + ((substitution,) if substitution is not None else ()),
        paid_to_third_parties={
            section: item.payable for section, item in zip(Section, sections, strict=True)
        },
        paid_for_own_vehicle=substitution.payable if substitution is not None else ZERO,
        others_for_own_vehicle=others_owe_own_vehicle(request, product, schedule, losses),
        mutual_collision=False,
    )


def section_loss(
    request: AutoRequest, product: AutoProduct, section: Section, losses: Losses
) -> tuple[Decimal, tuple[Code, ...]]:
    """Third parties' loss in a section; an at-fault vehicle's damage is not ours to pay when
    we had no fault and its insurer pays our no-fault share on our behalf (无责代赔)."""
    if section is not Section.PROPERTY_DAMAGE:
        parties = sum((getattr(party, str(section)) for party in request.third_parties), ZERO)
        return parties + losses.injury(section), ()
    total, codes = ZERO, tuple[Code, ...]()
    for party in request.third_parties:
        total += party.property_damage
        if substituted_by_other(request, product, party):
            codes = (Code.NO_FAULT_SUBSTITUTION_BY_OTHER,)
        else:
            total += losses.vehicle_net(party)
    return total, codes


def injury_codes(section: Section, losses: Losses) -> tuple[Code, ...]:
    """人伤 in this section: how its amount was reached (reviewed bills, one-off settlement)."""
    if not losses.injury(section):
        return ()
    itemised = section is Section.DEATH_DISABILITY and losses.injuries.itemised
    flagged = (
        (section is Section.MEDICAL, Code.INJURY_MEDICAL_REVIEWED),
        (itemised, Code.INJURY_DEATH_DISABILITY_ITEMS),
        (losses.injuries.settled, Code.INJURY_ONE_OFF_SETTLEMENT),
    )
    return tuple(code for applies, code in flagged if applies)


def substituted_by_other(request: AutoRequest, product: AutoProduct, party: ThirdParty) -> bool:
    assert product.compulsory is not None
    no_fault = request.accident.liability_share == 0
    return (
        product.compulsory.no_fault_substitution and no_fault and party.vehicle and party.at_fault
    )


def section_item(
    request: AutoRequest,
    product: AutoProduct,
    section: Section,
    schedule: LimitSchedule,
    losses: Losses,
) -> SettlementItem:
    """One section within its with-fault or no-fault limit (第二十三条)."""
    at_fault = request.accident.liability_share > 0
    limit = (schedule.with_fault if at_fault else schedule.no_fault).of(section)
    loss, codes = section_loss(request, product, section, losses)
    codes = (Code.COMPULSORY_WITH_FAULT if at_fault else Code.COMPULSORY_NO_FAULT, *codes)
    codes += (Code.COMPULSORY_LIMIT_REACHED,) if loss > limit else ()
    if section is Section.PROPERTY_DAMAGE and request.accident.mutual_collision_agreed:
        codes += (Code.MUTUAL_COLLISION_NOT_APPLICABLE,)
    codes += injury_codes(section, losses)
    reasons = tuple(reason_of(product, code) for code in codes)
    reasons = (with_clause(reasons[0], schedule.clause), *reasons[1:])
    payable = min(loss, limit)
    return SettlementItem(
        "compulsory",
        str(section),
        "third_parties",
        loss,
        limit,
        payable,
        capped(loss, limit),
        reasons,
    )


def own_vehicle_substitution(
    request: AutoRequest, product: AutoProduct, schedule: LimitSchedule, losses: Losses
) -> SettlementItem | None:
    """无责代赔: we had fault; a no-fault vehicle's 交强险 owes our vehicle its no-fault
    property limit, and we pay it on that insurer's behalf under our own 交强险."""
    assert product.compulsory is not None
    if not product.compulsory.no_fault_substitution or request.accident.liability_share == 0:
        return None
    no_fault = [party for party in request.third_parties if party.vehicle and not party.at_fault]
    if not no_fault or losses.own is None:
        return None
    limit = schedule.no_fault.property_damage * len(no_fault)
    loss = losses.own_net()
    reasons = (reason_of(product, Code.NO_FAULT_SUBSTITUTION_PAID),)
    return SettlementItem(
        "compulsory", "property_damage_substitution", "insured", loss, limit, min(loss, limit),
        capped(loss, limit), reasons,
    )  # fmt: skip


def others_owe_own_vehicle(
    request: AutoRequest, product: AutoProduct, schedule: LimitSchedule, losses: Losses
) -> Decimal:
    """What the other vehicles' 交强险 owes our vehicle, beyond what we paid as 代赔: their
    with-fault property limit each (same policy-year limits assumed)."""
    assert product.compulsory is not None
    owed = ZERO
    for party in request.third_parties:
        if party.vehicle and party.at_fault:
            owed += schedule.with_fault.property_damage
        elif party.vehicle and not product.compulsory.no_fault_substitution:
            owed += schedule.no_fault.property_damage
    return min(owed, losses.own_net())


def mutual_collision_applies(
    request: AutoRequest, product: AutoProduct, schedule: LimitSchedule, losses: Losses
) -> bool:
    """互碰自赔 (中国保险行业协会 2009): vehicles only, every party at fault, vehicle damage
    only, each vehicle's loss within the with-fault property limit, and the parties agree."""
    assert product.compulsory is not None
    parties = request.third_parties
    limit = schedule.with_fault.property_damage
    return (
        product.compulsory.mutual_collision
        and request.accident.mutual_collision_agreed
        and bool(parties)
        and not request.injured
        and request.accident.liability_share > 0
        and all(party.vehicle and party.at_fault for party in parties)
        and all(
            not (party.property_damage or party.medical or party.death_disability)
            for party in parties
        )
        and losses.own is not None
        and losses.own_net() <= limit
        and all(losses.vehicle_net(party) <= limit for party in parties)
    )


def mutual_collision(
    product: AutoProduct, schedule: LimitSchedule, losses: Losses
) -> CompulsoryOutcome:
    """Each insurer pays its own vehicle under its own 交强险; the others pay theirs."""
    loss, limit = losses.own_net(), schedule.with_fault.property_damage
    reasons = (reason_of(product, Code.MUTUAL_COLLISION),)
    item = SettlementItem(
        "compulsory", "property_damage", "insured", loss, limit, min(loss, limit),
        capped(loss, limit), reasons,
    )  # fmt: skip
    return CompulsoryOutcome(
        items=(item,),
        paid_to_third_parties={section: ZERO for section in Section},
        paid_for_own_vehicle=item.payable,
        others_for_own_vehicle=ZERO,
        mutual_collision=True,
    )


def with_clause(reason: AutoReason, clause: str) -> AutoReason:
    """The limits' own clause (the schedule in force for the policy year) is cited too."""
    return replace(reason, clause=f"{reason.clause}; {clause}")
