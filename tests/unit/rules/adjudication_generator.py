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


def fen(text: str) -> int:
    units, _, cents = text.partition(".")
    return int(units) * 100 + int((cents + "00")[:2])


def claim_rows(claim: dict[str, Any]) -> list[dict[str, Any]]:
    """A contract request as columnar bill-line rows (claim and visit fields repeated)."""
    history = {
        f"history_{name}": value if isinstance(value, int) else fen(value)
        for name, value in claim["history"].items()
    }
    head = {
        "product": claim["product"], "claim_id": claim["claim_id"],
        "submitted_on": date.fromisoformat(claim["submitted_on"]),
        "period_start": date.fromisoformat(claim["policy"]["period_start"]),
        "period_end": date.fromisoformat(claim["policy"]["period_end"]),
        "blacklisted": claim["insured"]["blacklisted"],
        "conditions": "|".join(claim["insured"]["conditions"]),
        "materials": "|".join(claim["materials"]), **history,
    }  # fmt: skip
    return [
        {**head, **visit_columns(visit), **line_columns(line)}
        for visit in claim["visits"]
        for line in visit["lines"]
    ]


def visit_columns(visit: dict[str, Any]) -> dict[str, Any]:
    hospital, receipt = visit["hospital"], visit["receipt"] or {}
    return {
        "visit_id": visit["visit_id"], "kind": visit["kind"],
        "date": date.fromisoformat(visit["date"]), "designated": hospital["designated"],
        "level": hospital["level"], "ward": hospital["ward"], "region": hospital["region"],
        "diagnosis": visit["diagnosis"], "service": visit["service"], "rescue": visit["rescue"],
        "social_security_card": visit.get("social_security_card", True),
        "other_payer_paid_fen": fen(visit["other_payer_paid"]),
        "receipt_original": receipt.get("original"),
        "receipt_handwritten": receipt.get("handwritten"),
    }  # fmt: skip


def line_columns(line: dict[str, Any]) -> dict[str, Any]:
    money = ("amount", "fund_paid", "category_self_pay", "self_funded", "self_pay")
    return {
        "line_id": line["line_id"], "type": line["type"], "auxiliary": line["auxiliary"],
        "days_supply": line["days_supply"], "sessions": line["sessions"],
        **{f"{name}_fen": fen(line[name]) for name in money},
    }  # fmt: skip
