"""The student medical riders (附加险 2, 4, 5) rule by rule, as tables."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from student_builders import MEDICAL_PARAMETERS, a_medical_claim, a_policy, a_stay

from claimdesk.contract.adjudicate import adjudicate_json
from claimdesk.rules.allowance import AllowanceFigures, allowance_days, hospital_days
from claimdesk.rules.errors import InvalidRequest
from claimdesk.rules.loader import load_products
from claimdesk.rules.model import Hospital, Visit
from claimdesk.rules.reasons import ReasonCode

PRODUCTS = load_products()
FIGURES = AllowanceFigures(daily_amount=Decimal("50.00"), deductible_days=3, max_days=180)
ACCIDENT = {"date": "2026-10-01", "cause": None}


@pytest.mark.parametrize(
    ("days", "used", "paid", "codes"),
    [
        (10, 0, 7, ("INPATIENT_ALLOWANCE", "ALLOWANCE_DEDUCTIBLE_DAYS")),
        (3, 0, 0, ("INPATIENT_ALLOWANCE", "ALLOWANCE_DEDUCTIBLE_DAYS")),
        (2, 0, 0, ("INPATIENT_ALLOWANCE", "ALLOWANCE_DEDUCTIBLE_DAYS")),
        (0, 0, 0, ("INPATIENT_ALLOWANCE",)),
        (20, 170, 10, ("INPATIENT_ALLOWANCE", "ALLOWANCE_DEDUCTIBLE_DAYS",
                       "ALLOWANCE_DAYS_LIMIT_REACHED")),
        (20, 180, 0, ("INPATIENT_ALLOWANCE", "ALLOWANCE_DEDUCTIBLE_DAYS",
                      "ALLOWANCE_DAYS_LIMIT_REACHED")),
    ],
    ids=["after-deductible-days", "within-deductible", "shorter-than-deductible", "same-day",
         "yearly-maximum-cuts", "yearly-maximum-used-up"],
)  # fmt: skip
def test_allowance_days(days: int, used: int, paid: int, codes: tuple[str, ...]) -> None:
    result = allowance_days(days, FIGURES, used)
    assert (result.days, result.codes) == (paid, tuple(ReasonCode(code) for code in codes))


def test_hospital_days_are_discharge_less_admission() -> None:
    hospital = Hospital("H", "", False, 3)
    visit = Visit("V", "disease_inpatient", dt.date(2026, 12, 28), hospital, (),
                  discharge_date=dt.date(2027, 1, 4))  # fmt: skip
    assert hospital_days(visit, "visits[0].discharge_date") == 7


@pytest.mark.parametrize(
    ("social", "payable", "deductible"),
    [(True, "720.00", "100.00"), (False, "420.00", "300.00")],
    ids=["social-insurance-100-and-80", "no-social-insurance-300-and-60"],
)
def test_the_schedule_follows_the_insureds_social_insurance(
    social: bool, payable: str, deductible: str
) -> None:
    claim = a_medical_claim([a_stay(discharge="2026-11-02")], insured={"insured_id": "S",
                            "social_insurance": social})  # fmt: skip
    line = adjudicate_json(claim, PRODUCTS)["visits"][0]["lines"][0]
    assert (line["payable"], line["deductible"]) == (payable, deductible)


@pytest.mark.parametrize(
    ("hospital", "paid"),
    [
        ({"level": 2, "public": True}, True),
        ({"level": 1, "public": True}, False),
        ({"level": 3, "public": False}, False),
    ],
    ids=["public-level-2", "level-1", "private"],
)
def test_public_hospitals_of_level_2_or_higher(hospital: dict[str, Any], paid: bool) -> None:
    stay = a_stay(hospital={"code": "H", "designated": False, "region": "x", **hospital})
    visit = adjudicate_json(a_medical_claim([stay]), PRODUCTS)["visits"][0]
    assert (visit["reasons"] == []) is paid


@pytest.mark.parametrize(
    ("kind", "day", "outside"),
    [
        ("accident_outpatient", "2027-03-30", False),
        ("accident_outpatient", "2027-03-31", True),
        ("accident_inpatient", "2027-04-02", True),
    ],
    ids=["day-180", "day-181", "inpatient-day-183"],
)
def test_accident_treatment_within_180_days(kind: str, day: str, outside: bool) -> None:
    stay = a_stay(kind=kind, day=day, discharge=day)
    visit = adjudicate_json(a_medical_claim([stay], accident=ACCIDENT), PRODUCTS)["visits"][0]
    assert ("OUTSIDE_180_DAYS" in [reason["code"] for reason in visit["reasons"]]) is outside


def test_disease_stays_have_no_accident_window() -> None:
    stay = a_stay(day="2027-06-01", discharge="2027-06-05")
    visit = adjudicate_json(a_medical_claim([stay], accident=ACCIDENT), PRODUCTS)["visits"][0]
    assert visit["reasons"] == []


def test_self_funded_items_are_not_paid() -> None:
    line = {"line_id": "L1", "type": "drug_western", "amount": "300.00", "self_funded": "300.00"}
    claim = a_medical_claim([a_stay(lines=[line])])
    result = adjudicate_json(claim, PRODUCTS)["visits"][0]["lines"][0]
    assert (result["payable"], result["reasons"]) == ("0.00", ["SELF_FUNDED"])


def test_a_policy_without_the_allowance_pays_no_allowance() -> None:
    claim = a_medical_claim(policy=a_policy(**{**MEDICAL_PARAMETERS, "allowance_cover": False}))
    result = adjudicate_json(claim, PRODUCTS)
    assert "benefits" not in result and result["history_after"]["allowance_days_used"] == 0


def test_the_allowance_needs_the_discharge_date() -> None:
    with pytest.raises(InvalidRequest) as error:
        adjudicate_json(a_medical_claim([a_stay(discharge=None)]), PRODUCTS)
    assert error.value.field == "visits[0].discharge_date"


def test_an_accident_visit_needs_the_accident() -> None:
    with pytest.raises(InvalidRequest) as error:
        adjudicate_json(a_medical_claim([a_stay(kind="accident_inpatient")]), PRODUCTS)
    assert error.value.field == "accident"


def test_an_excluded_service_on_a_disease_stay_is_not_paid_and_gets_no_allowance() -> None:
    result = adjudicate_json(a_medical_claim([a_stay(service="pregnancy_or_childbirth")]), PRODUCTS)
    (reason,) = result["visits"][0]["reasons"]
    assert (reason["code"], reason["clause"]) == ("EXCLUDED_SERVICE", "1.2(9)")
    assert result["decision"] == "denied" and "benefits" not in result


def test_accident_treatment_past_the_policy_end_within_180_days_is_covered() -> None:
    """The accident in the period (2027-08-20, policy to 2027-08-31): treatment on 2027-10-01
    is within 180 days and is paid although the policy has ended."""
    late = {"date": "2027-08-20", "cause": None}
    stay = a_stay(kind="accident_outpatient", day="2027-10-01", discharge="2027-10-01")
    result = adjudicate_json(a_medical_claim([stay], accident=late, submitted_on="2027-10-10"),
                             PRODUCTS)  # fmt: skip
    assert result["visits"][0]["reasons"] == [] and result["payable"] != "0.00"
    after_window = a_stay(kind="accident_outpatient", day="2028-02-20", discharge="2028-02-20")
    refused = adjudicate_json(
        a_medical_claim([after_window], accident=late, submitted_on="2028-03-01"), PRODUCTS
    )
    assert [r["code"] for r in refused["visits"][0]["reasons"]] == ["OUTSIDE_180_DAYS"]


def test_an_excluded_accident_does_not_refuse_a_disease_stay_claimed_beside_it() -> None:
    drunk = {"date": "2026-10-01", "cause": "unsafe_driving"}
    accident_visit = a_stay(kind="accident_outpatient", day="2026-10-01", discharge="2026-10-01",
                            visit_id="V1")  # fmt: skip
    disease_stay = a_stay(visit_id="V2", day="2026-11-02", discharge="2026-11-12")
    result = adjudicate_json(a_medical_claim([accident_visit, disease_stay], accident=drunk),
                             PRODUCTS)  # fmt: skip
    by_visit = {v["visit_id"]: v for v in result["visits"]}
    assert [r["code"] for r in by_visit["V1"]["reasons"]] == ["UNSAFE_DRIVING"]
    assert by_visit["V1"]["payable"] == "0.00"
    assert by_visit["V2"]["reasons"] == [] and by_visit["V2"]["payable"] != "0.00"
    assert result["decision"] != "denied"
    alone = adjudicate_json(a_medical_claim([accident_visit], accident=drunk), PRODUCTS)
    assert alone["decision"] == "denied"  # every visit is the accident's: the claim is refused


@pytest.mark.parametrize("product", ["tianan-student-accident-medical", "tianan-student-accident"])
def test_the_blacklist_applies_to_the_student_products(product: str) -> None:
    from student_builders import an_accident_claim

    claim = a_medical_claim() if product.endswith("medical") else an_accident_claim()
    claim["insured"] = {**claim["insured"], "blacklisted": True}
    result = adjudicate_json(claim, PRODUCTS)
    assert result["decision"] == "denied"
    assert [r["code"] for r in result["reasons"]] == ["BLACKLISTED"]
