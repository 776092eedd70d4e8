"""Features of stored claims for the learned risk score: a generic table, no database here.

The service gathers `ClaimFeatureFacts`; this module turns them into the CSV-like table the
generic pipeline (columns → encoding → model) trains on and scores. When investigations have
labelled too few claims, `synthetic_claim_table` gives a seeded stand-in book (documented in
docs/fraud.md) so a first model can exist; it is replaced as real outcomes come in.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import polars as pl

from claimdesk.fraud.columns import ColumnPlan, DropReason

SHANGHAI = ZoneInfo("Asia/Shanghai")
LABEL = "fraud"
NUMERIC = (
    "amount",
    "days_since_policy_start",
    "report_delay_days",
    "night",
    "prior_claims",
    "visits_count",
    "hospital_level",
)
CATEGORICAL = ("line_of_business", "product")
# Enough of each class to learn from; below this the synthetic book stands in.
MIN_LABELS_PER_CLASS = 20


@dataclass(frozen=True)
class ClaimFeatureFacts:
    claim_id: int
    amount: Decimal
    line_of_business: str
    product_code: str
    policy_start: date
    incident_date: date
    reported_at: datetime
    prior_claims: int
    visits_count: int
    hospital_level: int
    incident_at: datetime | None = None  # known for auto accidents only


def is_night(moment: datetime | None) -> int:
    """20:00–03:00 on the Beijing clock (seed 000 first-scene survey rule)."""
    if moment is None:
        return 0
    hour = moment.astimezone(SHANGHAI).hour
    return int(hour >= 20 or hour < 3)


def feature_row(facts: ClaimFeatureFacts) -> dict[str, object]:
    reported_day = facts.reported_at.astimezone(SHANGHAI).date()
    return {
        "claim_id": facts.claim_id,
        "amount": float(facts.amount),
        "line_of_business": facts.line_of_business,
        "product": facts.product_code,
        "days_since_policy_start": (facts.incident_date - facts.policy_start).days,
        "report_delay_days": (reported_day - facts.incident_date).days,
        "night": is_night(facts.incident_at),
        "prior_claims": facts.prior_claims,
        "visits_count": facts.visits_count,
        "hospital_level": facts.hospital_level,
    }


def feature_table(facts: Iterable[ClaimFeatureFacts]) -> pl.DataFrame:
    rows = [feature_row(item) for item in facts]
    schema = {"claim_id": pl.Int64, "amount": pl.Float64, "line_of_business": pl.String,
              "product": pl.String, **{name: pl.Int64 for name in NUMERIC[1:]}}  # fmt: skip
    return pl.DataFrame(rows, schema=schema, orient="row")


def claim_plan() -> ColumnPlan:
    """Fixed typing for this table (small books would make day counts look like IDs)."""
    return ColumnPlan(LABEL, NUMERIC, CATEGORICAL, {"claim_id": DropReason.ID_LIKE})


def enough_labels(labels: Iterable[int]) -> bool:
    listed = list(labels)
    positives = sum(listed)
    return min(positives, len(listed) - positives) >= MIN_LABELS_PER_CLASS


def synthetic_claim_table(rows: int = 4000, seed: int = 0) -> pl.DataFrame:
    """A seeded book where fraud leans on the red-flag patterns (near start, night, prior
    claims, late report, amounts just under a line), with noise so nothing is certain."""
    rng = random.Random(seed)
    records = [_synthetic_row(rng, n) for n in range(rows)]
    return pl.DataFrame(records, orient="row").with_columns(pl.col("amount").cast(pl.Float64))


def _synthetic_row(rng: random.Random, number: int) -> dict[str, object]:
    fraud = rng.random() < 0.08
    line = rng.choice(("health", "health", "accident", "auto"))
    near_start = rng.random() < (0.5 if fraud else 0.08)
    row: dict[str, object] = {
        "claim_id": -1 - number,
        "amount": rng.choice((2900.0, 4850.0)) if fraud and rng.random() < 0.4
        else round(rng.lognormvariate(7, 1), 2),
        "line_of_business": line,
        "product": f"{line}-product",
        "days_since_policy_start": rng.randint(0, 15) if near_start else rng.randint(16, 364),
        "report_delay_days": rng.randint(11, 60) if fraud and rng.random() < 0.4
        else rng.randint(0, 10),
        "night": int(rng.random() < (0.45 if fraud else 0.12)),
        "prior_claims": rng.randint(2, 5) if fraud and rng.random() < 0.5 else rng.randint(0, 1),
        "visits_count": rng.randint(1, 4),
        "hospital_level": rng.randint(1, 3),
        LABEL: int(fraud),
    }  # fmt: skip
    return row
