"""Demo 人伤: a fleet van knocks down a cyclist; the surveyor assesses the van (2,300.00), the
cyclist's bills are entered, a follow-up visit is logged at a registry hospital, and a
one-off settlement (2,000.00) is signed: within 5,000 with the settlement, a simple case.
The engine then pays the settlement through 交强险 (medical, then death/disability)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from claimdesk.demo.clock import SteppingClock
from claimdesk.domain.auto_claim import AssessmentItem, AutoIncident, SurveyRecord
from claimdesk.domain.auto_injury import InjuredRole
from claimdesk.domain.partners import PartnerKind
from claimdesk.domain.users import User
from claimdesk.rules.auto.loader import shipped_auto_products
from claimdesk.services.auto import settlement, surveys
from claimdesk.services.auto import use_cases as auto_claims
from claimdesk.services.auto.injuries import use_cases as injuries
from claimdesk.services.context import ServiceContext
from claimdesk.services.ports import UnitOfWork

BILLS = (
    ("exam_special", "CT 检查", "680.00", "0.00"),
    ("treatment", "清创缝合", "420.00", "0.00"),
    ("drug_western", "西药", "560.00", "120.00"),
    ("tonic_paste", "营养品", "180.00", "0.00"),
)
HOSPITAL = "SH-0001"  # the demo registry's first hospital


def load_injury_demo(
    new_uow: Callable[[], UnitOfWork], context: Callable[[], ServiceContext],
    clock: SteppingClock, staff: dict[str, User], policy_no: str, member_no: str,
    incident: AutoIncident,
) -> int:  # fmt: skip
    """`incident` is an ordinary demo report; it becomes the one with an injured cyclist."""
    report = auto_claims.AutoClaimReport(policy_no, member_no, incident)
    view = auto_claims.report_auto_claim(context(), actor=staff["agent"], report=report)
    claim_id = view.claim.id or 0
    with new_uow() as uow:
        surveyor_id = uow.auto.surveys_for(claim_id)[-1].surveyor_id
    surveyor = next(user for user in staff.values() if user.id == surveyor_id)
    surveys.record_contact(ServiceContext(uow=new_uow(), clock=clock), actor=surveyor,
                           claim_id=claim_id)  # fmt: skip
    items = (
        AssessmentItem("前保险杠", "repair", Decimal("1500.00"), "", "front_bumper",
                       Decimal("900.00")),
        AssessmentItem("左前大灯", "repair", Decimal("800.00"), "", "headlamp_left",
                       Decimal("500.00")),
    )  # fmt: skip
    with new_uow() as uow:  # repaired at a registry partner (合作修理厂)
        shop = uow.partners.find_partner(PartnerKind.REPAIR_SHOP, "北京博瑞汽修")
    record = SurveyRecord("与骑车人相撞，前部受损；伤者已送医", (1, 2), items, Decimal("2300.00"),
                          repair_shop_id=None if shop is None else shop.id)  # fmt: skip
    surveys.record_survey(ServiceContext(uow=new_uow(), clock=clock), actor=surveyor,
                          claim_id=claim_id, record=record,
                          products=shipped_auto_products())  # fmt: skip
    surveys.sign_survey(ServiceContext(uow=new_uow(), clock=clock), actor=staff["agent"],
                        claim_id=claim_id)  # fmt: skip
    person = injuries.add_injured(
        context(), actor=staff["specialist"], claim_id=claim_id, name="周建华",
        role=InjuredRole.THIRD_PARTY, id_number="11010519491231002X",
    )  # fmt: skip
    for line_type, name, amount, self_funded in BILLS:
        injuries.add_bill_line(
            context(), actor=staff["specialist"], person_id=person.id or 0, line_type=line_type,
            name=name, amount=Decimal(amount), self_funded=Decimal(self_funded),
        )  # fmt: skip
    clock.moment += timedelta(days=2)
    with new_uow() as uow:
        registered = uow.hospitals.get(HOSPITAL) is not None
    if registered:
        injuries.log_follow_up(
            context(), actor=surveyor, person_id=person.id or 0,
            visited_on=clock.moment.date(), hospital_code=HOSPITAL,
            note="伤者左臂软组织挫伤，门诊治疗，无需住院",
        )  # fmt: skip
    injuries.record_settlement(
        context(), actor=staff["specialist"], person_id=person.id or 0,
        amount=Decimal("2000.00"), signed_on=clock.moment.date(),
        parties="周建华（伤者）、被保险人、本公司（交警调解）",
    )  # fmt: skip
    settlement.record_liability(
        context(), actor=staff["specialist"], claim_id=claim_id,
        share_percent=Decimal("100"), decision_no="京公交认字[2026]第0815号",
    )  # fmt: skip
    settlement.settle_auto_claim(context(), actor=staff["specialist"], claim_id=claim_id)
    return claim_id
