"""A seeded synthetic book of closed claims, to test and measure the estimate.

Payable = claimed × a ratio that depends on the product, hospital level and diagnosis, with
noise and some claims paid nothing (denied) — shaped like a health book, not taken from one.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl

PRODUCTS = {"HM-BASIC": 0.70, "HM-PLUS": 0.85, "ACC-STD": 0.60, "AUTO-CD": 0.75}
DIAGNOSES = {"fracture": 1.0, "respiratory": 0.9, "cardiac": 1.1, "dental": 0.5, "other": 0.8}


def closed_claims(rows: int = 6000, seed: int = 0) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    product = rng.choice(list(PRODUCTS), rows)
    diagnosis = rng.choice(list(DIAGNOSES), rows)
    level = rng.integers(1, 4, rows)
    claimed = np.round(rng.lognormal(8.5, 0.9, rows), 2)
    prior = rng.poisson(0.5, rows)
    base = np.array([PRODUCTS[p] * DIAGNOSES[d] for p, d in zip(product, diagnosis, strict=True)])
    ratio = np.clip(base * (1.05 - 0.07 * level) + rng.normal(0, 0.12, rows), 0, 1)
    denied = rng.random(rows) < 0.04 + 0.03 * (prior >= 2)
    payable = np.round(np.where(denied, 0.0, claimed * ratio), 2)
    start = date(2023, 1, 1)
    closed = [start + timedelta(days=int(d)) for d in np.sort(rng.integers(0, 1000, rows))]
    return pl.DataFrame(
        {
            "closed_on": closed,
            "product": product,
            "diagnosis": diagnosis,
            "hospital_level": level,
            "prior_claims": prior,
            "claimed": claimed,
            "payable": payable,
        }
    )
