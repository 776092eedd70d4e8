from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from claimdesk.fraud.red_flag_config import InvalidRedFlagTable, load_red_flags, parse_red_flags
from claimdesk.fraud.red_flags import ClaimFacts, Routing, assess, raised_flags

TABLE = load_red_flags()
START = datetime(2024, 1, 1, tzinfo=UTC)


def a_claim(**changes: object) -> ClaimFacts:
    """A quiet claim: mid-policy, daytime in Beijing, reported next day, no history."""
    facts = ClaimFacts(
        claim_id="C1",
        insured_id="I1",
        policy_start=START,
        policy_end=START + timedelta(days=365),
        incident_at=datetime(2024, 6, 1, 4, 0, tzinfo=UTC),  # 12:00 Beijing time
        reported_at=datetime(2024, 6, 2, 4, 0, tzinfo=UTC),
        amount=Decimal("1200.00"),
    )
    if "incident_at" in changes and "reported_at" not in changes:
        changes["reported_at"] = changes["incident_at"] + timedelta(days=1)  # type: ignore[operator]
    return replace(facts, **changes)  # type: ignore[arg-type]


CASES = [
    ("quiet", {}, set()),
    ("third_claim_in_year", {"prior_claims_in_policy_year": 2}, {"FREQUENT_CLAIMANT"}),
    ("second_claim_in_year", {"prior_claims_in_policy_year": 1}, set()),
    (
        "ten_days_after_start",
        {"incident_at": START + timedelta(days=10, hours=4)},
        {"NEAR_POLICY_START"},
    ),
    (
        "five_days_before_end",
        {"incident_at": START + timedelta(days=360, hours=4)},
        {"NEAR_POLICY_END"},
    ),
    ("beijing_23h", {"incident_at": datetime(2024, 6, 1, 15, 0, tzinfo=UTC)}, {"NIGHT_ACCIDENT"}),
    ("beijing_02h", {"incident_at": datetime(2024, 6, 1, 18, 0, tzinfo=UTC)}, {"NIGHT_ACCIDENT"}),
    ("beijing_03h_is_morning", {"incident_at": datetime(2024, 6, 1, 19, 0, tzinfo=UTC)}, set()),
    ("just_under_5000", {"amount": Decimal("4950.00")}, {"JUST_UNDER_THRESHOLD"}),
    ("at_5000_is_not_under", {"amount": Decimal("5000.00")}, set()),
    ("under_by_more_than_margin", {"amount": Decimal("4700.00")}, set()),
    ("just_under_50000", {"amount": Decimal("49000.00")}, {"JUST_UNDER_THRESHOLD"}),
    ("loss_ratio_1_2", {"loss_ratio": Decimal("1.2")}, {"HIGH_LOSS_RATIO"}),
    (
        "reported_after_20_days",
        {"reported_at": datetime(2024, 6, 21, 5, 0, tzinfo=UTC)},
        {"LATE_REPORT"},
    ),
    ("four_supplements", {"supplement_count": 4}, {"MANY_SUPPLEMENTS"}),
]


@pytest.mark.parametrize(("changes", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_given_claim_facts_when_checked_then_exactly_the_expected_flags_are_raised(
    changes: dict[str, object], expected: set[str]
) -> None:
    flags = raised_flags(a_claim(**changes), TABLE)
    assert {flag.code for flag in flags} == expected


def test_given_a_flag_when_raised_then_it_explains_itself_in_both_languages() -> None:
    (flag,) = raised_flags(a_claim(amount=Decimal("2990.00")), TABLE)
    assert "2990.00" in flag.message_zh and "3000" in flag.message_en


def test_given_heavy_flags_when_assessed_then_routed_to_an_investigator_not_stopped() -> None:
    decision = assess(a_claim(prior_claims_in_policy_year=3, loss_ratio=Decimal("2")), TABLE)
    assert decision.routing is Routing.INVESTIGATE and decision.total_weight == 4


def test_given_one_light_flag_when_assessed_then_the_claim_proceeds() -> None:
    assert assess(a_claim(supplement_count=3), TABLE).routing is Routing.PROCEED


@pytest.mark.parametrize(
    "stop", ["blacklisted", "duplicate_invoice"], ids=["blacklist", "duplicate"]
)
def test_given_a_hard_stop_when_assessed_then_the_claim_is_stopped(stop: str) -> None:
    assert assess(a_claim(**{stop: True}), TABLE).routing is Routing.HARD_STOP


def test_given_a_naive_datetime_when_building_facts_then_it_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        a_claim(incident_at=datetime(2024, 6, 1, 12, 0))  # noqa: DTZ001


@pytest.mark.parametrize(
    "document",
    [
        {
            "investigate_at": 3,
            "flags": [{"code": "NOPE", "weight": 1, "message_zh": "x", "message_en": "x"}],
        },
        {
            "investigate_at": 3,
            "flags": [{"code": "LATE_REPORT", "weight": -1, "message_zh": "x", "message_en": "x"}],
        },
        {"investigate_at": 3, "flags": [{"code": "LATE_REPORT", "weight": 1, "message_zh": "x"}]},
        {"investigate_at": 0, "flags": []},
    ],
    ids=["unknown_code", "negative_weight", "missing_english", "zero_threshold"],
)
def test_given_a_malformed_table_when_parsed_then_it_is_refused(document: object) -> None:
    with pytest.raises(InvalidRedFlagTable):
        parse_red_flags(document)
