"""Demo auto claims (车险): a fleet policy of 10 vehicles and ~20 claims in every survey state.

Runs after `load_demo_data` (it reuses the demo users); everything goes through the use cases.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from claimdesk.demo import month
from claimdesk.demo.auto_injury import load_injury_demo
from claimdesk.demo.auto_partners import load_partner_demo, load_partners
from claimdesk.demo.clock import SteppingClock
from claimdesk.demo.health import DEMO_PASSWORD
from claimdesk.demo.people import chinese_name, id_number, mobile_phone
from claimdesk.domain.auto_claim import (
    AssessmentItem,
    AutoIncident,
    Driver,
    Salvage,
    SurveyRecord,
    TenderQuote,
    Vehicle,
)
from claimdesk.domain.errors import NotFound
from claimdesk.domain.partners import PartnerKind
from claimdesk.domain.policy import InsuredPerson, Policy
from claimdesk.domain.users import Role, User
from claimdesk.rules.auto.loader import shipped_auto_products
from claimdesk.rules.auto.terms import AutoProduct
from claimdesk.services.auto import settlement, surveys
from claimdesk.services.auto import use_cases as auto_claims
from claimdesk.services.context import Products, ServiceContext
from claimdesk.services.policies import use_cases as policies
from claimdesk.services.ports import PasswordHasher, UnitOfWork
from claimdesk.services.users import use_cases as users

UowFactory = Callable[[], UnitOfWork]
AUTO_DEMO_POLICY_NO = "AUTO-FLEET-2026-001"
EXTRA_SURVEYORS = (("surveyor2", "钱查勘"), ("surveyor3", "冯查勘"))
# Each claim ends in one of these survey states (cycled), with its assessed loss.
STATES: tuple[tuple[str, str], ...] = (
    ("no_survey", "0"),
    ("dispatched", "0"),
    ("contacted", "0"),
    ("recorded", "3800.00"),
    ("signed", "2600.00"),
    ("resurvey_assigned", "6800.00"),
    ("resurveyed", "12500.00"),
    ("tendered", "36000.00"),
)
CAUSES = ("collision", "collision", "rollover", "flood", "collision")
PLACES = (
    "北京市朝阳区建国路88号",
    "北京市海淀区中关村大街27号",
    "北京市丰台区南四环西路",
    "天津市滨海新区",
)
SHOPS = ("北京燕京汽车修理厂", "北京博瑞汽修", "北京华通4S店")
# The fleet policy's auto figures (车损险 and 三者险 of the schedule).
FLEET_FIGURES: Mapping[str, Decimal | bool] = {
    "vehicle_damage_cover": True,
    "vehicle_damage_sum_insured": Decimal("150000.00"),
    "vehicle_damage_deductible": Decimal("500.00"),
    "vehicle_damage_deductible_rate": Decimal("0.00"),
    "third_party_cover": True,
    "third_party_limit": Decimal("1000000.00"),
    "vehicle_new_price": Decimal("168000.00"),
}
# States whose assessment is final: the claim is settled by the engine (车险理算).
SETTLED_STATES = ("signed", "resurveyed", "tendered")
# The resurveyed demo claim is a rear-end collision with another van, 70% ours.
TWO_VEHICLE_STATE = "resurveyed"


AUTO_YEAR_START = datetime(2026, 1, 20, 1, 0, tzinfo=UTC)


def auto_start(today: datetime, claim_count: int) -> datetime:
    """A claim a week, the newest (and the 人伤 claim after it) in the demo's last fortnight."""
    return max(AUTO_YEAR_START, today - timedelta(days=7 * claim_count + 8))


@dataclass(frozen=True)
class AutoDemoSummary:
    vehicles: int
    claims: int


def load_auto_demo(
    new_uow: UowFactory,
    hasher: PasswordHasher,
    *,
    products: Products | None = None,
    auto_products: Mapping[str, AutoProduct] | None = None,
    seed: int = 2026,
    claim_count: int = 20,
    today: datetime | None = None,
) -> AutoDemoSummary | None:
    """Load once, after the demo users exist; None when the auto policy is already there."""
    with new_uow() as uow:
        if uow.policies.find_by_number(AUTO_DEMO_POLICY_NO) is not None:
            return None
    rng = random.Random(seed)
    clock = SteppingClock(datetime(2026, 1, 3, 1, 0, tzinfo=UTC))
    staff = _staff(new_uow, clock, hasher)
    fleet = _fleet(new_uow, clock, staff["admin"], rng)
    load_partners(new_uow, clock, staff, products or {})
    signed: list[int] = []
    first = auto_start(month.demo_today(today or datetime.now(UTC)), claim_count)
    for index in range(claim_count):
        clock.moment = first + timedelta(days=index * 7)
        context = ServiceContext(
            uow=new_uow(),
            clock=clock,
            products=products or {},
            auto_products=auto_products or shipped_auto_products(),
        )
        claim_id = _claim(context, new_uow, clock, staff, fleet[index % len(fleet)], index, rng)
        if STATES[index % len(STATES)][0] == "signed":
            signed.append(claim_id)
    load_partner_demo(new_uow, clock, staff, products or {}, signed)
    clock.moment += timedelta(days=1)
    load_injury_demo(
        new_uow, lambda: context.with_uow(new_uow()), clock, staff, AUTO_DEMO_POLICY_NO,
        fleet[0].member_no,
        replace(_incident(clock.moment, fleet[0], 1, rng, survey=True), injury=True,
                description="路口右转时与骑车人相撞，骑车人受伤"),
    )  # fmt: skip
    return AutoDemoSummary(vehicles=len(fleet), claims=claim_count + 1)


def _staff(new_uow: UowFactory, clock: SteppingClock, hasher: PasswordHasher) -> dict[str, User]:
    names = ("admin", "agent", "specialist", "surveyor", "approver", "finance")
    found = {name: _user(new_uow, name) for name in names}
    for username, display in EXTRA_SURVEYORS:
        found[username] = users.add_user(
            ServiceContext(uow=new_uow(), clock=clock),
            hasher=hasher,
            username=username,
            password=DEMO_PASSWORD,
            role=Role.SURVEYOR,
            display_name=display,
        )
    return found


def _user(new_uow: UowFactory, username: str) -> User:
    with new_uow() as uow:
        found = uow.users.find_with_hash(username)
    if found is None:
        raise NotFound("演示用户 demo user (run load_demo_data first)", username)
    return found[0]


def _fleet(
    new_uow: UowFactory, clock: SteppingClock, admin: User, rng: random.Random
) -> list[InsuredPerson]:
    policy = policies.create_policy(
        ServiceContext(uow=new_uow(), clock=clock),
        actor=admin,
        policy=Policy(
            None,
            AUTO_DEMO_POLICY_NO,
            "auto-commercial",
            "北京顺达物流有限公司",
            date(2026, 1, 1),
            date(2026, 12, 31),
            "auto",
            parameters=dict(FLEET_FIGURES),
        ),
    )
    assert policy.id is not None
    drivers = [
        InsuredPerson(
            None, policy.id, f"A{n:03d}", chinese_name(rng), id_number(rng), mobile_phone(rng)
        )
        for n in range(1, 11)
    ]
    policies.add_insured_persons(
        ServiceContext(uow=new_uow(), clock=clock),
        actor=admin,
        policy_id=policy.id,
        persons=drivers,
    )
    with new_uow() as uow:
        return uow.policies.insured_of_policy(policy.id, after_id=None, limit=20)


def _claim(
    context: ServiceContext,
    new_uow: UowFactory,
    clock: SteppingClock,
    staff: dict[str, User],
    driver: InsuredPerson,
    index: int,
    rng: random.Random,
) -> int:
    state, loss = STATES[index % len(STATES)]
    incident = _incident(clock.moment, driver, index, rng, survey=state != "no_survey")
    if state == TWO_VEHICLE_STATE:
        incident = replace(incident, third_party_vehicles=(Vehicle("京B66321", "江淮帅铃"),))
    report = auto_claims.AutoClaimReport(AUTO_DEMO_POLICY_NO, driver.member_no, incident)
    view = auto_claims.report_auto_claim(context, actor=staff["agent"], report=report)
    claim_id = view.claim.id or 0
    steps = [name for name, _ in STATES]
    for step in steps[2 : steps.index(state) + 1]:
        clock.moment += timedelta(minutes=rng.randint(4, 90))
        STEP_ACTIONS[step](new_uow, clock, staff, claim_id, Decimal(loss))
    if state in SETTLED_STATES:
        _settle(context, new_uow, staff, claim_id, two_vehicles=state == TWO_VEHICLE_STATE)
    return claim_id


def _settle(
    context: ServiceContext,
    new_uow: UowFactory,
    staff: dict[str, User],
    claim_id: int,
    *,
    two_vehicles: bool,
) -> None:
    """车险理算 by the engine: the liability decision first when another vehicle was involved."""
    if two_vehicles:
        settlement.record_liability(
            context.with_uow(new_uow()),
            actor=staff["specialist"],
            claim_id=claim_id,
            share_percent=Decimal("70"),
            decision_no="京公交认字[2026]第0701号",
        )
    settlement.settle_auto_claim(
        context.with_uow(new_uow()), actor=staff["specialist"], claim_id=claim_id
    )


def _incident(
    at: datetime, driver: InsuredPerson, index: int, rng: random.Random, *, survey: bool
) -> AutoIncident:
    # A report needing a survey carries a reason: a suspicion, a large estimate or night time.
    estimate = (
        Decimal(rng.choice(("1800.00", "3500.00", "12000.00"))) if survey else Decimal("2200")
    )
    return AutoIncident(
        accident_at=at - timedelta(hours=rng.randint(1, 2)),  # daytime in Beijing
        place=PLACES[index % len(PLACES)],
        cause=CAUSES[index % len(CAUSES)] if survey else "collision",
        vehicle=Vehicle(f"京A{10000 + index % 10:05d}", "福田欧马可", date(2020, 4, 1)),
        driver=Driver(driver.name),
        estimated_loss=estimate,
        description="行驶中与前车追尾" if index % 2 else "倒车时刮擦护栏",
        handled_by_traffic_police=True,
        suspicions=("出险时间与报案时间间隔较长",) if survey and index % 3 == 0 else (),
        rear_damage_only=survey,
    )


def _contact(
    new_uow: UowFactory, clock: SteppingClock, staff: dict[str, User], claim_id: int, loss: Decimal
) -> None:
    surveys.record_contact(
        ServiceContext(uow=new_uow(), clock=clock),
        actor=_assigned(new_uow, staff, claim_id),
        claim_id=claim_id,
    )


def _record(
    new_uow: UowFactory, clock: SteppingClock, staff: dict[str, User], claim_id: int, loss: Decimal
) -> None:
    bumper = (loss * Decimal("0.4")).quantize(Decimal("0.01"))
    lamp = loss - bumper
    items = (
        AssessmentItem("后保险杠", "repair", bumper, "", "rear_bumper", bumper),
        AssessmentItem(
            "左尾灯总成",
            "replace",
            lamp,
            "灯壳碎裂无法修复",
            "tail_lamp_left",
            (lamp * Decimal("0.1")).quantize(Decimal("0.01")),
        ),
    )
    with new_uow() as uow:  # the repair shop from the partner registry (合作修理厂)
        shop = uow.partners.find_partner(PartnerKind.REPAIR_SHOP, SHOPS[claim_id % 2])
    record = SurveyRecord(
        "追尾，后部受损；人车合影、车架号已拍照",
        (1, 2, 3),
        items,
        loss,
        Salvage("旧尾灯", Decimal("30.00")),
        repair_shop_id=None if shop is None else shop.id,
    )
    surveyor = _assigned(new_uow, staff, claim_id)
    surveys.record_survey(
        ServiceContext(uow=new_uow(), clock=clock),
        actor=surveyor,
        claim_id=claim_id,
        record=record,
        products=shipped_auto_products(),
    )


def _sign(
    new_uow: UowFactory, clock: SteppingClock, staff: dict[str, User], claim_id: int, loss: Decimal
) -> None:
    surveys.sign_survey(
        ServiceContext(uow=new_uow(), clock=clock), actor=staff["agent"], claim_id=claim_id
    )


def _resurvey(
    new_uow: UowFactory, clock: SteppingClock, staff: dict[str, User], claim_id: int, loss: Decimal
) -> None:
    auto_claims.assign_resurvey(new_uow(), clock, staff["agent"], claim_id, None)


def _resurveyed(
    new_uow: UowFactory, clock: SteppingClock, staff: dict[str, User], claim_id: int, loss: Decimal
) -> None:
    _contact(new_uow, clock, staff, claim_id, loss)
    _record(new_uow, clock, staff, claim_id, loss - Decimal("300.00"))
    _sign(new_uow, clock, staff, claim_id, loss)


def _tender(
    new_uow: UowFactory, clock: SteppingClock, staff: dict[str, User], claim_id: int, loss: Decimal
) -> None:
    # The lowest compliant quote is below the re-survey: the engine assesses on it.
    quotes = tuple(TenderQuote(shop, loss - Decimal(800 - 500 * n)) for n, shop in enumerate(SHOPS))
    auto_claims.record_quotes(new_uow(), clock, staff["specialist"], claim_id, quotes)


def _assigned(new_uow: UowFactory, staff: dict[str, User], claim_id: int) -> User:
    with new_uow() as uow:
        surveyor_id = uow.auto.surveys_for(claim_id)[-1].surveyor_id
    return next(user for user in staff.values() if user.id == surveyor_id)


Step = Callable[[UowFactory, SteppingClock, dict[str, User], int, Decimal], None]
STEP_ACTIONS: dict[str, Step] = {
    "contacted": _contact,
    "recorded": _record,
    "signed": _sign,
    "resurvey_assigned": _resurvey,
    "resurveyed": _resurveyed,
    "tendered": _tender,
}
