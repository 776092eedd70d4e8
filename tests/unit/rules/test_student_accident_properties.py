"""Properties of the accident cover over generated sequences of chained claims."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from student_builders import MEDICAL_HISTORY, a_medical_claim, a_stay, an_accident_claim

from claimdesk.contract.adjudicate import adjudicate_json
from claimdesk.rules.loader import load_products

PRODUCTS = load_products()
SUMS_INSURED = ["100000.00", "20000.00", "333.33", "0.01"]


def a_random_outcome(rng: random.Random) -> dict[str, Any]:
    day = f"2026-{rng.randint(10, 12)}-{rng.randint(1, 28):02d}"
    if rng.random() < 0.15:
        return {"kind": "death", "date": day}
    grades = [rng.randint(1, 10) for _ in range(rng.randint(1, 4))]
    prior = rng.choice([None, None, rng.randint(1, 10)])
    return {"kind": "disability", "date": day, "disability_grades": grades,
            "prior_disability_grade": prior}  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_disability_and_death_together_never_exceed_the_sum_insured(seed: int) -> None:
    rng = random.Random(seed)
    sum_insured = rng.choice(SUMS_INSURED)
    policy = {"policy_no": "P", "period_start": "2026-09-01", "period_end": "2027-08-31",
              "parameters": {"sum_insured": sum_insured, "disability_cover": True}}  # fmt: skip
    history: dict[str, Any] = {"disability_paid": "0.00", "death_paid": "0.00"}
    total = Decimal("0")
    for index in range(rng.randint(1, 8)):
        claim = an_accident_claim(claim_id=f"C{index}", policy=policy, history=history,
                                  outcome=a_random_outcome(rng))  # fmt: skip
        result = adjudicate_json(claim, PRODUCTS)
        total += Decimal(result["payable"])
        history = result["history_after"]
        paid = Decimal(history["disability_paid"]) + Decimal(history["death_paid"])
        assert total == paid <= Decimal(sum_insured)
        assert Decimal(result["payable"]) >= 0


def a_random_stay(rng: random.Random, index: int) -> dict[str, Any]:
    kind = rng.choice(["accident_outpatient", "accident_inpatient", "disease_inpatient"])
    day = rng.randint(2, 25)
    amount = f"{rng.randint(0, 9_000_00) / 100:.2f}"
    return a_stay(kind=kind, day=f"2026-11-{day:02d}",
                  discharge=f"2026-11-{min(day + rng.randint(0, 20), 30):02d}",
                  self_pay=amount, visit_id=f"V{index}")  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_rider_payments_and_allowance_days_never_exceed_their_limits(seed: int) -> None:
    rng = random.Random(seed)
    insured = {"insured_id": "S", "social_insurance": rng.random() < 0.5}
    history: dict[str, Any] = dict(MEDICAL_HISTORY)
    for index in range(rng.randint(1, 10)):
        stays = [a_random_stay(rng, n) for n in range(rng.randint(1, 3))]
        claim = a_medical_claim(stays, claim_id=f"C{index}", insured=insured, history=history,
                                accident={"date": "2026-11-01", "cause": None})  # fmt: skip
        history = adjudicate_json(claim, PRODUCTS)["history_after"]
        assert Decimal(history["accident_medical_paid"]) <= Decimal("20000.00")
        assert Decimal(history["disease_inpatient_paid"]) <= Decimal("50000.00")
        assert history["allowance_days_used"] <= 180
        assert Decimal(history["allowance_paid"]) == 50 * history["allowance_days_used"]
