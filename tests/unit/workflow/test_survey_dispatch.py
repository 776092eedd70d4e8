"""The first-scene survey table of seed 000 (查勘定损员现场查勘范围表), one row at a time."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from claimdesk.workflow.deadlines import SHANGHAI
from claimdesk.workflow.survey_dispatch import (
    AccidentCause,
    AutoReport,
    DispatchRuleCode,
    SurveyRulesError,
    Urgency,
    VehicleFacts,
    default_rule_book,
    dispatch_reasons,
    most_urgent,
    parse_rule_book,
)

R = DispatchRuleCode


def a_report(**changes: Any) -> AutoReport:
    """A daytime two-car collision handled by police, small loss, mid-policy: matches nothing."""
    quiet = AutoReport(
        accident_at=datetime(2026, 6, 15, 14, 0, tzinfo=SHANGHAI),
        cause=AccidentCause.COLLISION,
        estimated_vehicle_loss=Decimal("3000"),
        policy_start=date(2026, 1, 1),
        policy_end=date(2026, 12, 31),
        place="北京市朝阳区建国路",
        parties=2,
        handled_by_traffic_police=True,
        insured_vehicle=VehicleFacts(first_registered=date(2022, 3, 1)),
    )
    return dataclasses.replace(quiet, **changes)


def night(hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, 6, 15, hour, minute, second, tzinfo=SHANGHAI)


def codes(report: AutoReport) -> set[DispatchRuleCode]:
    return {rule.code for rule in dispatch_reasons(report)}


def test_given_a_quiet_report_when_evaluating_then_no_survey_is_needed() -> None:
    assert dispatch_reasons(a_report()) == ()
    assert most_urgent(()) is None


CASES = [
    # TOTAL_LOSS: 全损或推定全损，包括盗抢、自燃、火灾、倾覆
    ("total-loss", {"total_loss": True}, {R.TOTAL_LOSS}),
    ("theft", {"cause": AccidentCause.THEFT}, {R.TOTAL_LOSS}),
    ("spontaneous-combustion", {"cause": AccidentCause.SPONTANEOUS_COMBUSTION}, {R.TOTAL_LOSS}),
    ("fire", {"cause": AccidentCause.FIRE}, {R.TOTAL_LOSS}),
    ("rollover", {"cause": AccidentCause.ROLLOVER}, {R.TOTAL_LOSS}),
    ("flood-not-total", {"cause": AccidentCause.FLOOD}, set()),
    # SINGLE_IMMOBILE_OR_REAR: 单方事故且不能移动，或仅尾部损失（不含玻璃单独破损）
    (
        "single-immobile",
        {"parties": 1, "vehicle_movable": False},
        {R.SINGLE_IMMOBILE_OR_REAR},
    ),
    ("two-party-immobile", {"parties": 2, "vehicle_movable": False}, set()),
    ("single-movable", {"parties": 1}, set()),
    ("rear-only", {"rear_damage_only": True}, {R.SINGLE_IMMOBILE_OR_REAR}),
    (
        "glass-only-excluded",
        {"cause": AccidentCause.GLASS_BREAKAGE, "parties": 1, "vehicle_movable": False},
        set(),
    ),
    # LARGE_LOSS: 车损超过1万元；异地出险损失3万元以上
    ("loss-exactly-10000", {"estimated_vehicle_loss": Decimal("10000")}, set()),
    ("loss-over-10000", {"estimated_vehicle_loss": Decimal("10000.01")}, {R.LARGE_LOSS}),
    (
        "out-of-town-30000",
        {"out_of_town": True, "estimated_total_loss": Decimal("30000")},
        {R.LARGE_LOSS},
    ),
    (
        "out-of-town-under-30000",
        {"out_of_town": True, "estimated_total_loss": Decimal("29999.99")},
        set(),
    ),
    ("home-city-total-30000", {"estimated_total_loss": Decimal("30000")}, set()),
    # NIGHT: 当日晚8点至次日凌晨3点
    ("night-just-before-20", {"accident_at": night(19, 59, 59)}, set()),
    ("night-at-20", {"accident_at": night(20)}, {R.NIGHT}),
    ("night-at-midnight", {"accident_at": night(0)}, {R.NIGHT}),
    ("night-at-03", {"accident_at": night(3)}, {R.NIGHT}),
    ("night-just-after-03", {"accident_at": night(3, 0, 1)}, set()),
    (
        "night-given-in-utc",
        {"accident_at": datetime(2026, 6, 15, 12, 30, tzinfo=UTC)},  # 20:30 in Beijing
        {R.NIGHT},
    ),
    # OFF_ROAD: 非道路上出险，车损800元以上
    (
        "off-road-800",
        {"on_public_road": False, "estimated_vehicle_loss": Decimal("800")},
        {R.OFF_ROAD},
    ),
    (
        "off-road-under-800",
        {"on_public_road": False, "estimated_vehicle_loss": Decimal("799.99")},
        set(),
    ),
    # NO_POLICE_DAMAGE_INJURY: 未经交警处理的单、双方事故，有物损、人伤
    (
        "no-police-property-damage",
        {"handled_by_traffic_police": False, "property_damage": True},
        {R.NO_POLICE_DAMAGE_INJURY},
    ),
    (
        "no-police-injury-single",
        {"handled_by_traffic_police": False, "injury": True, "parties": 1},
        {R.NO_POLICE_DAMAGE_INJURY},
    ),
    ("no-police-no-harm", {"handled_by_traffic_police": False}, set()),
    (
        "no-police-three-parties",
        {"handled_by_traffic_police": False, "injury": True, "parties": 3},
        set(),
    ),
    ("police-with-injury", {"injury": True}, set()),
    # FREQUENT: 同一保单年度内出险3次以上（含）
    ("third-claim", {"earlier_claims_in_policy_year": 2}, {R.FREQUENT}),
    ("second-claim", {"earlier_claims_in_policy_year": 1}, set()),
    # OLD_OR_RARE: 标的车或三者车车龄八年以上或稀有车型
    (
        "exactly-8-years",
        {"insured_vehicle": VehicleFacts(first_registered=date(2018, 6, 15))},
        {R.OLD_OR_RARE},
    ),
    (
        "a-day-short-of-8-years",
        {"insured_vehicle": VehicleFacts(first_registered=date(2018, 6, 16))},
        set(),
    ),
    ("rare-model", {"insured_vehicle": VehicleFacts(rare_model=True)}, {R.OLD_OR_RARE}),
    (
        "old-third-party",
        {"third_party_vehicles": (VehicleFacts(first_registered=date(2010, 1, 1)),)},
        {R.OLD_OR_RARE},
    ),
    # NEAR_POLICY_EDGE: 距保单起保或止期15天以内（含），标的非新车
    (
        "15-days-after-start",
        {"accident_at": datetime(2026, 1, 16, 9, tzinfo=SHANGHAI)},
        {R.NEAR_POLICY_EDGE},
    ),
    ("16-days-after-start", {"accident_at": datetime(2026, 1, 17, 9, tzinfo=SHANGHAI)}, set()),
    (
        "15-days-before-end",
        {"accident_at": datetime(2026, 12, 16, 9, tzinfo=SHANGHAI)},
        {R.NEAR_POLICY_EDGE},
    ),
    ("16-days-before-end", {"accident_at": datetime(2026, 12, 15, 9, tzinfo=SHANGHAI)}, set()),
    (
        "new-vehicle-near-start",
        {"accident_at": datetime(2026, 1, 2, 9, tzinfo=SHANGHAI), "vehicle_new": True},
        set(),
    ),
    # SUSPICIOUS: 不论损失大小，存在疑点
    ("suspicion", {"suspicions": ("现场痕迹与描述不符",)}, {R.SUSPICIOUS}),
    ("blank-suspicion", {"suspicions": ("  ",)}, set()),
]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [pytest.param(changes, expected, id=case_id) for case_id, changes, expected in CASES],
)
def test_given_one_fact_of_the_seed_table_when_evaluating_then_exactly_its_rule_matches(
    changes: dict[str, Any], expected: set[DispatchRuleCode]
) -> None:
    assert codes(a_report(**changes)) == expected


def test_given_several_facts_when_evaluating_then_every_rule_is_a_reason_in_table_order() -> None:
    report = a_report(
        accident_at=night(22),
        cause=AccidentCause.FIRE,
        suspicions=("报案延迟",),
    )

    reasons = dispatch_reasons(report)

    assert [rule.code for rule in reasons] == [R.TOTAL_LOSS, R.NIGHT, R.SUSPICIOUS]
    assert all(rule.message_zh and rule.message_en and rule.source for rule in reasons)
    assert most_urgent(reasons) is Urgency.IMMEDIATE


def test_given_a_naive_accident_time_when_evaluating_then_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        dispatch_reasons(a_report(accident_at=datetime(2026, 6, 15, 22, 0)))  # noqa: DTZ001


# --- the table is data -----------------------------------------------------------------

SMALL_TABLE = """
dispatch_rules:
  - code: FREQUENT
    urgency: discretion
    message_zh: 频繁出险
    message_en: Frequent claims
    source: test
    params: {claims_from: 4}
"""


def test_given_an_edited_table_when_evaluating_then_its_rules_and_parameters_apply() -> None:
    book = parse_rule_book(SMALL_TABLE)

    third = a_report(earlier_claims_in_policy_year=2, cause=AccidentCause.FIRE)
    fourth = a_report(earlier_claims_in_policy_year=3)

    assert dispatch_reasons(third, book) == ()  # TOTAL_LOSS removed, FREQUENT now from 4
    assert [rule.code for rule in dispatch_reasons(fourth, book)] == [R.FREQUENT]


def test_given_the_shipped_table_when_loading_then_every_rule_code_is_present() -> None:
    assert [rule.code for rule in default_rule_book().rules] == list(DispatchRuleCode)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(SMALL_TABLE.replace("FREQUENT", "SPEEDING"), id="unknown-code"),
        pytest.param(SMALL_TABLE.replace("discretion", "whenever"), id="unknown-urgency"),
        pytest.param(SMALL_TABLE.replace("claims_from", "claims_since"), id="unknown-param"),
        pytest.param(SMALL_TABLE.replace("claims_from: 4", "claims_from: four"), id="bad-number"),
        pytest.param(SMALL_TABLE.replace("    source: test\n", ""), id="missing-source"),
        pytest.param(SMALL_TABLE + SMALL_TABLE.split("\n", 2)[2], id="duplicate-code"),
        pytest.param("other: 1", id="no-rules"),
    ],
)
def test_given_a_broken_table_when_loading_then_refused(text: str) -> None:
    with pytest.raises(SurveyRulesError):
        parse_rule_book(text)
