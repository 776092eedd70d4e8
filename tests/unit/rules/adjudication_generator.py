"""Seeded generator of random tianan-group-medical claims (contract JSON), for property,
differential and benchmark runs."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from adjudication_builders import a_claim, a_history, a_hospital

LINE_TYPES = ["treatment", "lab", "drug_western", "drug_tcm_decoction", "iv_infusion",
              "physiotherapy", "hyperbaric_oxygen", "exam_special", "exam_basic",
              "registration", "meals", "surgery"]  # fmt: skip
DIAGNOSES = ["感冒", "高血压", "痛风", "肺炎", "胆囊结石"]
KINDS = ["outpatient", "outpatient", "emergency", "inpatient"]


def yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def random_line(rng: random.Random, line_id: str) -> dict[str, Any]:
    parts = [rng.choice([0, 0, rng.randrange(0, 50_000)]) for _ in range(3)]
    self_pay = rng.randrange(0, 120_000)
    line_type = rng.choice(LINE_TYPES)
    return {
        "line_id": line_id, "type": line_type, "name": line_type,
        "auxiliary": rng.random() < 0.2,
        "days_supply": rng.randrange(1, 40) if line_type.startswith(("drug", "iv")) else None,
        "sessions": rng.randrange(0, 9) if rng.random() < 0.7 else None,
        "amount": yuan(sum(parts) + self_pay), "fund_paid": yuan(parts[0]),
        "category_self_pay": yuan(parts[1]), "self_funded": yuan(parts[2]),
        "self_pay": yuan(self_pay),
    }  # fmt: skip


def random_visit(rng: random.Random, index: int, day: date) -> dict[str, Any]:
    hospital = a_hospital(
        designated=rng.random() < 0.95, level=rng.choice([1, 2, 3, 3]),
        ward=rng.choice(["general"] * 8 + ["joint_ward"]),
        region=rng.choice(["shanghai"] * 15 + ["beijing"]),
    )  # fmt: skip
    lines = [random_line(rng, f"L{n}") for n in range(rng.randrange(0, 6))]
    return {
        "visit_id": f"V{index}", "kind": rng.choice(KINDS), "date": day.isoformat(),
        "discharge_date": None, "hospital": hospital, "diagnosis": rng.choice(DIAGNOSES),
        "service": rng.choice([None] * 20 + ["dental"]), "rescue": rng.random() < 0.1,
        "other_payer_paid": yuan(rng.choice([0, 0, 0, rng.randrange(0, 100_000)])),
        "receipt": {"number": f"R{index}", "original": rng.random() < 0.97,
                    "handwritten": rng.random() < 0.02},
        "lines": lines,
    }  # fmt: skip


def random_history(rng: random.Random) -> dict[str, Any]:
    return a_history(
        outpatient_deductible_used=yuan(rng.choice([0, 60_000, rng.randrange(0, 60_000)])),
        outpatient_paid=yuan(rng.choice([0, rng.randrange(0, 140_000)])),
        inpatient_paid=yuan(rng.choice([0, rng.randrange(0, 260_000)])),
        hyperbaric_sessions_used=rng.choice([0, rng.randrange(0, 7)]),
    )


def random_claim(
    rng: random.Random, claim_id: str = "C-1", visits: int | None = None
) -> dict[str, Any]:
    start = date(2026, 1, 1)
    count = rng.randrange(1, 5) if visits is None else visits
    days = sorted(start + timedelta(days=rng.randrange(-5, 370)) for _ in range(count))
    claim = a_claim([random_visit(rng, n, day) for n, day in enumerate(days, start=1)])
    claim.update(claim_id=claim_id, history=random_history(rng))
    claim["insured"]["blacklisted"] = rng.random() < 0.01
    claim["insured"]["conditions"] = rng.choice([[], [], ["恶性肿瘤"]])
    if rng.random() < 0.03:
        claim["materials"] = claim["materials"][:3]
    return claim
