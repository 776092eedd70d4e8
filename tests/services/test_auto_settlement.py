"""Stored auto claims are settled by the auto engine (issue 14): the approver signs for and
the bank pays the engine's amount over the signed survey, re-survey and tender — never the
reporter's estimate. Real SQLite and PostgreSQL (the `container` fixture)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from claimdesk.bootstrap import Container
from claimdesk.domain.auto_claim import (
    AssessmentItem,
    AutoIncident,
    Driver,
    Salvage,
    SurveyRecord,
    TenderQuote,
    Vehicle,
)
from claimdesk.domain.auto_settlement import CompulsoryHandling
from claimdesk.domain.claim import ClaimStatus
from claimdesk.domain.errors import ErrorCode
from claimdesk.domain.payment import Payee
from claimdesk.domain.refusals import Refused
from claimdesk.services.auto import settlement, surveys
from claimdesk.services.auto import use_cases as auto_claims
from claimdesk.services.auto.use_cases import AutoClaimReport
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.payments import use_cases as payment_flow
from claimdesk.services.ports import TrackedDeadline
from claimdesk.workflow.calendar import WorkingDayCalendar
from claimdesk.workflow.deadlines import TimeLimitCode as T
from claimdesk.workflow.deadlines import deadline_for
from tests.builders import (
    AUTO_POLICY_NO,
    AutoWorld,
    an_auto_world,
    pay_through_the_bank,
    repair_shops,
)

S = ClaimStatus
# The tender example of auto-commercial: six lines, 31,000.00 at the first survey.
FIRST = (
    ("前保险杠", "front_bumper", "replace", "3600.00", "600.00", "保险杠破裂无法修复"),
    ("发动机盖", "bonnet", "replace", "4900.00", "900.00", "发动机盖严重变形"),
    ("左前大灯", "headlamp_left", "replace", "4800.00", "300.00", "灯壳碎裂"),
    ("右前大灯", "headlamp_right", "replace", "4800.00", "300.00", "灯壳碎裂"),
    ("散热器", "radiator", "replace", "3200.00", "400.00", "水箱破裂"),
    ("安全气囊", "airbag", "replace", "9700.00", "1200.00", "气囊已爆开"),
)
# The re-survey repairs the radiator (3,100.00 labour): 30,900.00, deviation −100.00.
RESURVEY = (*FIRST[:4], ("散热器", "radiator", "repair", "3100.00", "3100.00", ""), *FIRST[5:])
SHOPS = {"长沙星沙4S店": "4s", "湘江合作修理厂": "cooperating", "岳麓汽修": "cooperating"}
QUOTES = (
    TenderQuote("长沙星沙4S店", Decimal("31500.00")),
    TenderQuote("湘江合作修理厂", Decimal("30800.00")),
    TenderQuote("岳麓汽修", Decimal("32000.00")),
)


def a_survey(lines: tuple[tuple[str, ...], ...], salvage: str | None = None) -> SurveyRecord:
    items = tuple(
        AssessmentItem(part, action, Decimal(amount), reason, code, Decimal(labour))
        for part, code, action, amount, labour, reason in lines
    )
    total = sum((item.amount for item in items), Decimal("0.00"))
    kept = None if salvage is None else Salvage("旧件归被保险人", Decimal(salvage))
    return SurveyRecord("现场查勘", (1,), items, total, kept)


def reported(container: Container, auto: AutoWorld, estimate: str, **changes: object) -> int:
    values: dict[str, object] = {
        "accident_at": datetime(2026, 5, 20, 2, 0, tzinfo=UTC),
        "place": "长沙市岳麓区麓山南路",
        "cause": "collision",
        "vehicle": Vehicle("湘A12345", "奥迪A4L"),
        "driver": Driver("王五"),
        "estimated_loss": Decimal(estimate),
        "handled_by_traffic_police": True,
        "suspicions": ("夜间单方事故",),  # matches a first-scene survey rule: dispatched
    }
    values.update(changes)
    report = AutoClaimReport(AUTO_POLICY_NO, "V1", AutoIncident(**values))  # type: ignore[arg-type]
    view = auto_claims.report_auto_claim(
        container.context(), actor=auto.users["agent"], report=report
    )
    return view.claim.id or 0


def survey_and_sign(
    container: Container, auto: AutoWorld, claim_id: int, record: SurveyRecord
) -> None:
    with container.uow() as uow:
        surveyor_id = uow.auto.surveys_for(claim_id)[-1].surveyor_id
    surveyor = next(user for user in auto.users.values() if user.id == surveyor_id)
    surveys.record_survey(
        container.context(),
        actor=surveyor,
        claim_id=claim_id,
        record=record,
        products=container.auto_products,
    )
    surveys.sign_survey(container.context(), actor=auto.users["agent"], claim_id=claim_id)


def move(container: Container, auto: AutoWorld, who: str, claim_id: int, to: ClaimStatus) -> None:
    with container.uow() as uow:
        version = uow.claims.get(claim_id).version
    move_claim(
        container.context(), actor=auto.users[who], claim_id=claim_id, target=to, reason="",
        expected_version=version,
    )  # fmt: skip


def to_adjudicated(container: Container, auto: AutoWorld, claim_id: int) -> None:
    for who, target in (("agent", S.ACCEPTED), ("specialist", S.UNDER_REVIEW)):
        move(container, auto, who, claim_id, target)
    move(container, auto, "specialist", claim_id, S.ADJUDICATED)


def test_the_engine_amount_not_the_estimate_is_approved_and_paid(container: Container) -> None:
    auto = an_auto_world(container)
    claim_id = reported(container, auto, "36000.00")
    survey_and_sign(container, auto, claim_id, a_survey(FIRST))
    to_adjudicated(container, auto, claim_id)
    auto_claims.assign_resurvey(
        container.uow(), container.clock, auto.users["agent"], claim_id, None
    )
    survey_and_sign(container, auto, claim_id, a_survey(RESURVEY))
    repair_shops(container, auto.users["admin"], SHOPS)
    auto_claims.record_quotes(
        container.uow(), container.clock, auto.users["specialist"], claim_id, QUOTES
    )
    move(container, auto, "approver", claim_id, S.APPROVED)

    record = settlement.settlement_of(
        container.context(), actor=auto.users["manager"], claim_id=claim_id
    )
    (own,) = record.result.assessments
    assert (own.reported_estimate, own.surveyed, own.resurveyed) == (
        Decimal("36000.00"), Decimal("31000.00"), Decimal("30900.00"),
    )  # fmt: skip
    assert own.resurvey_deviation == Decimal("-100.00")
    assert (own.basis, own.tender, own.assessed) == ("tender", Decimal("30800.00"), own.tender)
    # 30,800.00 × 100% × (1 − 5%) − 1,000.00 (single vehicle: the insured's alone)
    assert record.payable == Decimal("28260.00")
    (item,) = record.result.settlement
    assert [str(r.code) for r in item.reasons] == [
        "LIABILITY_SHARE",
        "DEDUCTIBLE_RATE",
        "DEDUCTIBLE",
    ]
    with container.uow() as uow:
        claim = uow.claims.get(claim_id)
        assert claim.claimed_amount == Decimal("36000.00")
        assert claim.approval is not None and claim.approval.amount == Decimal("28260.00")
        approved = [m.body for m in uow.outbox.for_claim(claim_id) if m.kind == "approved"]
        assert approved and all("28,260.00" in body or "28260.00" in body for body in approved)

    insured = auto.insured[0]
    payee = Payee(insured.name, insured.id_number, "6222020200112233446", "工商银行")
    instruction = payment_flow.new_payee(
        container.context(),
        actor=auto.users["approver"],
        claim_id=claim_id,
        payee=payee,
        documented_reason="被保险人书面申请",
    )
    assert instruction.amount == Decimal("28260.00")
    paid = pay_through_the_bank(auto.world, claim)
    assert paid.status == S.PAID
    with container.uow() as uow:
        assert sum(i.amount for i in uow.payments.for_claim(claim_id)) == Decimal("28260.00")


def test_the_liability_share_and_salvage_reduce_what_is_paid(container: Container) -> None:
    auto = an_auto_world(container)
    other = (Vehicle("湘B54321", "丰田卡罗拉"),)
    claim_id = reported(container, auto, "9000.00", third_party_vehicles=other)
    lines = (("前保险杠", "front_bumper", "replace", "4000.00", "800.00", "破裂"),)
    survey_and_sign(container, auto, claim_id, a_survey(lines, salvage="200.00"))
    for who, target in (("agent", S.ACCEPTED), ("specialist", S.UNDER_REVIEW)):
        move(container, auto, who, claim_id, target)
    with pytest.raises(Refused) as missing:
        move(container, auto, "specialist", claim_id, S.ADJUDICATED)
    assert missing.value.code == ErrorCode.AUTO_LIABILITY_MISSING
    settlement.record_liability(
        container.context(), actor=auto.users["specialist"], claim_id=claim_id,
        share_percent=Decimal("70"), decision_no="JJ-2026-70",
    )  # fmt: skip
    move(container, auto, "specialist", claim_id, S.ADJUDICATED)
    record = settlement.settlement_of(
        container.context(), actor=auto.users["agent"], claim_id=claim_id
    )
    # (4,000 − 200 salvage − 2,000 the other car's 交强险) × 70% × 95% − 1,000 = 197.00
    vehicle = record.result.settlement[-1]
    assert vehicle.cover == "vehicle_damage"
    assert record.payable == Decimal("197.00")
    codes = [str(r.code) for r in vehicle.reasons]
    assert codes[:3] == ["SALVAGE_DEDUCTED", "OTHER_COMPULSORY_DEDUCTED", "LIABILITY_SHARE"]


@pytest.mark.parametrize(
    ("percent", "handling", "field", "code"),
    [
        ("100.5", CompulsoryHandling.NORMAL, "liability_share", "LIABILITY_SHARE_OUT_OF_RANGE"),
        ("-1", CompulsoryHandling.NORMAL, "liability_share", "LIABILITY_SHARE_OUT_OF_RANGE"),
        ("50", CompulsoryHandling.MUTUAL_COLLISION, "compulsory_handling",
         "AUTO_HANDLING_NOT_APPLICABLE"),
    ],
)  # fmt: skip
def test_bad_liability_input_is_refused_and_nothing_is_stored(
    container: Container, percent: str, handling: CompulsoryHandling, field: str, code: str
) -> None:
    auto = an_auto_world(container)
    claim_id = reported(container, auto, "3000.00")  # single vehicle: no 互碰自赔
    with pytest.raises(Refused) as refused:
        settlement.record_liability(
            container.context(), actor=auto.users["specialist"], claim_id=claim_id,
            share_percent=Decimal(percent), handling=handling,
        )  # fmt: skip
    assert (refused.value.field, str(refused.value.code)) == (field, code)
    assert refused.value.message_zh and refused.value.message_en
    with container.uow() as uow:
        assert uow.auto_settlements.liability_for(claim_id) is None
        actions = [r.entry.action for r in uow.audit.for_entity("claim", str(claim_id))]
    assert "record_liability" not in actions


@pytest.mark.parametrize(
    ("line", "field", "code"),
    [
        (("尾翼", "spoiler", "repair", "800.00", "800.00", ""), "items.0.part_code",
         "AUTO_PART_CODE_UNKNOWN"),
        (("前保险杠", "front_bumper", "repair", "-5.00", "0.00", ""), "items.0.amount",
         "AUTO_LINE_AMOUNT_INVALID"),
        (("前保险杠", "front_bumper", "repair", "500.00", "600.00", ""), "items.0.labour",
         "AUTO_LINE_AMOUNT_INVALID"),
    ],
)  # fmt: skip
def test_bad_survey_lines_are_refused_and_nothing_is_stored(
    container: Container, line: tuple[str, ...], field: str, code: str
) -> None:
    auto = an_auto_world(container)
    claim_id = reported(container, auto, "3000.00")
    with container.uow() as uow:
        surveyor_id = uow.auto.surveys_for(claim_id)[-1].surveyor_id
    surveyor = next(user for user in auto.users.values() if user.id == surveyor_id)
    with pytest.raises(Refused) as refused:
        surveys.record_survey(
            container.context(),
            actor=surveyor,
            claim_id=claim_id,
            record=a_survey((line,)),
            products=container.auto_products,
        )
    assert (refused.value.field, str(refused.value.code)) == (field, code)
    with container.uow() as uow:
        assert uow.auto.surveys_for(claim_id)[-1].record is None


def test_approval_waits_for_a_final_settlement(container: Container) -> None:
    """A 31,000 survey needs tender quotes: the engine waits, and so does 核赔."""
    auto = an_auto_world(container)
    claim_id = reported(container, auto, "36000.00")
    survey_and_sign(container, auto, claim_id, a_survey(FIRST))
    to_adjudicated(container, auto, claim_id)
    record = settlement.settlement_of(
        container.context(), actor=auto.users["agent"], claim_id=claim_id
    )
    assert (record.decision, record.payable) == ("pending_assessment", Decimal("0.00"))
    with container.uow() as uow:
        assert uow.claims.get(claim_id).claimed_amount == Decimal("36000.00")


def _fast_track(container: Container, claim_id: int) -> tuple[bool, list[TrackedDeadline]]:
    with container.uow() as uow:
        auto_file = uow.auto.find_file(claim_id)
        assert auto_file is not None
        deadlines = [
            d for d in uow.tracking.deadlines_for(claim_id) if d.code == T.FAST_TRACK_DOCUMENTS
        ]
        return auto_file.fast_track, deadlines


def test_a_single_vehicle_case_is_fast_tracked_with_two_working_days_after_survey(
    container: Container,
) -> None:
    auto = an_auto_world(container)
    claim_id = reported(container, auto, "36000.00")
    assert _fast_track(container, claim_id) == (False, [])
    survey_and_sign(container, auto, claim_id, a_survey(FIRST))
    fast, (deadline,) = _fast_track(container, claim_id)
    signed_at = container.clock.now()
    expected = deadline_for(T.FAST_TRACK_DOCUMENTS, signed_at, WorkingDayCalendar())
    assert fast and (deadline.started_at, deadline.due_at) == (signed_at, expected.due_at)


def test_a_two_vehicle_case_over_5000_is_not_fast_tracked(container: Container) -> None:
    auto = an_auto_world(container)
    other = (Vehicle("湘B54321", "丰田卡罗拉"),)
    claim_id = reported(container, auto, "9000.00", third_party_vehicles=other)
    lines = (("安全气囊", "airbag", "replace", "6000.00", "1000.00", "气囊已爆开"),)
    survey_and_sign(container, auto, claim_id, a_survey(lines))
    assert _fast_track(container, claim_id) == (False, [])
    small = reported(container, auto, "3000.00", third_party_vehicles=other)
    survey_and_sign(container, auto, small, a_survey((FIRST[0],)))
    fast, deadlines = _fast_track(container, small)
    assert fast and len(deadlines) == 1
