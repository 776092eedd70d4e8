"""The accident lump-sum rules (学生平安意外伤害 1.1–1.2), function by function, as tables."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from student_builders import an_accident_claim

from claimdesk.contract.adjudicate import adjudicate_json
from claimdesk.rules.accident import (
    combined_grade,
    death_benefit,
    disability_benefit,
    disability_ratio,
    outside_window,
)
from claimdesk.rules.errors import InvalidRequest
from claimdesk.rules.loader import load_products
from claimdesk.rules.model import Accident, Outcome
from claimdesk.rules.reasons import ReasonCode

PRODUCTS = load_products()
PRODUCT = PRODUCTS["tianan-student-accident"]
assert PRODUCT.accident is not None
RATIOS = PRODUCT.accident.grade_ratios
SUM_INSURED = Decimal("100000.00")


def disability(*grades: int, prior: int | None = None) -> Outcome:
    return Outcome("disability", dt.date(2026, 11, 1), grades, prior)


@pytest.mark.parametrize(
    ("grades", "expected"),
    [
        ((7,), 7),
        ((5, 8), 5),
        ((5, 5, 8), 4),
        ((3, 3, 3), 2),
        ((1, 1), 1),
        ((10, 10), 9),
        ((9, 6, 6), 5),
    ],
    ids=["one", "most-severe-counts", "two-share-most-severe-raised", "three-share-raised-once",
         "grade-1-cannot-rise", "two-grade-10", "shared-less-severe-order-free"],
)  # fmt: skip
def test_combined_grade(grades: tuple[int, ...], expected: int) -> None:
    assert combined_grade(grades) == expected


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        (disability(1), "1.00"),
        (disability(10), "0.10"),
        (disability(4, 4), "0.80"),
        (disability(6, prior=8), "0.20"),
        (disability(8, prior=8), "0.10"),
        (disability(9, prior=8), "0.00"),
        (disability(2, prior=1), "0.00"),
    ],
    ids=["grade-1-full", "grade-10", "raised-to-3", "pre-existing-deducted",
         "same-grade-as-earlier-combined-raised", "less-severe-than-earlier", "earlier-grade-1"],
)  # fmt: skip
def test_disability_ratio(outcome: Outcome, expected: str) -> None:
    assert disability_ratio(outcome, RATIOS) == Decimal(expected)


@pytest.mark.parametrize(
    ("disability_paid", "payable", "codes"),
    [
        ("0.00", "100000.00", (ReasonCode.DEATH_BENEFIT,)),
        ("30000.00", "70000.00", (ReasonCode.DEATH_BENEFIT, ReasonCode.DISABILITY_PAID_DEDUCTED)),
        ("100000.00", "0.00", (ReasonCode.DEATH_BENEFIT, ReasonCode.DISABILITY_PAID_DEDUCTED)),
    ],
    ids=["full-sum-insured", "less-disability-paid", "nothing-left"],
)
def test_death_benefit(disability_paid: str, payable: str, codes: tuple[ReasonCode, ...]) -> None:
    benefit = death_benefit(SUM_INSURED, Decimal(disability_paid))
    assert (benefit.payable, benefit.codes) == (Decimal(payable), codes)


@pytest.mark.parametrize(
    ("outcome", "disability_paid", "payable", "capped"),
    [
        (disability(7), "0.00", "40000.00", False),
        (disability(7), "70000.00", "30000.00", True),
        (disability(3), "90000.00", "10000.00", True),
        (disability(10), "90000.00", "10000.00", False),
    ],
    ids=["grade-7", "exactly-the-rest", "capped-at-sum-insured", "fits-exactly"],
)
def test_disability_benefit(
    outcome: Outcome, disability_paid: str, payable: str, capped: bool
) -> None:
    benefit = disability_benefit(SUM_INSURED, outcome, RATIOS, Decimal(disability_paid))
    assert benefit.payable == Decimal(payable)
    assert (ReasonCode.SUM_INSURED_REACHED in benefit.codes) == capped


def test_disability_benefit_rounds_half_up_to_the_fen() -> None:
    benefit = disability_benefit(Decimal("333.35"), disability(9), RATIOS, Decimal("0"))
    assert benefit.payable == Decimal("66.67")  # 333.35 × 0.20 = 66.670


@pytest.mark.parametrize(
    ("accident", "outcome", "outside"),
    [
        ("2026-10-01", "2026-10-01", False),
        ("2026-10-01", "2027-03-30", False),
        ("2026-10-01", "2027-03-31", True),
        ("2028-01-01", "2028-06-29", False),
        ("2028-01-01", "2028-06-30", True),
    ],
    ids=["same-day", "day-180", "day-181", "leap-year-day-180", "leap-year-day-181"],
)
def test_outside_window(accident: str, outcome: str, outside: bool) -> None:
    event = Accident(dt.date.fromisoformat(accident))
    consequence = Outcome("death", dt.date.fromisoformat(outcome))
    assert outside_window(event, consequence, 180) is outside


CAUSES = {cause: code for cause, (code, _) in PRODUCT.accident_exclusions.items()}


@pytest.mark.parametrize(("cause", "code"), sorted(CAUSES.items()), ids=sorted(CAUSES))
def test_given_an_excluded_cause_then_the_claim_is_denied_with_its_clause(
    cause: str, code: ReasonCode
) -> None:
    claim = an_accident_claim(accident={"date": "2026-10-01", "cause": cause})
    result = adjudicate_json(claim, PRODUCTS)
    assert result["decision"] == "denied"
    (reason,) = result["reasons"]
    assert reason["code"] == code and reason["clause"].startswith("1.2(")
    assert reason["message_zh"] and reason["message_en"]


def test_given_eleven_exclusions_in_clause_1_2_then_each_has_its_own_code() -> None:
    assert len(set(CAUSES.values())) == 11


@pytest.mark.parametrize(
    ("history", "code"),
    [
        ({"disability_paid": "0.00", "death_paid": "100000.00"}, "COVER_ENDED"),
        ({"disability_paid": "100000.00", "death_paid": "0.00"}, "COVER_ENDED"),
    ],
    ids=["after-a-death", "after-disability-reached-sum-insured"],
)
def test_given_an_ended_cover_then_a_new_claim_is_denied(
    history: dict[str, str], code: str
) -> None:
    result = adjudicate_json(an_accident_claim(history=history), PRODUCTS)
    assert result["decision"] == "denied"
    assert [reason["code"] for reason in result["reasons"]] == [code]


def test_given_an_accident_before_the_policy_period_then_denied() -> None:
    claim = an_accident_claim(accident={"date": "2026-08-31", "cause": None})
    result = adjudicate_json(claim, PRODUCTS)
    assert [reason["code"] for reason in result["reasons"]] == ["ACCIDENT_OUTSIDE_POLICY_PERIOD"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"outcome": None}, "outcome"),
        ({"accident": None}, "accident"),
        ({"outcome": {"kind": "disability", "date": "2026-11-01"}}, "outcome.disability_grades"),
        ({"outcome": {"kind": "death", "date": "2026-09-30"}}, "outcome.date"),
        ({"policy": {"policy_no": "P", "period_start": "2026-09-01",
                     "period_end": "2027-08-31", "parameters": {}}}, "policy.parameters"),
    ],
    ids=["no-outcome", "no-accident", "disability-without-grades", "death-before-accident",
         "no-sum-insured"],
)  # fmt: skip
def test_given_incomplete_input_then_an_error_names_the_field(
    change: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidRequest) as error:
        adjudicate_json({**an_accident_claim(), **change}, PRODUCTS)
    assert error.value.field.startswith(field)
