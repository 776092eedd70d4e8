"""Properties of the accident cover over generated sequences of chained claims."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from student_builders import an_accident_claim

from claimdesk.rules.engine import adjudicate_json
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
