"""Seeded synthetic claim tables of different shapes, to check that the model's choice
carries over beyond one public file (few rows, many categories, one strong feature, dates,
heavy imbalance). Each planted signal is known, so a good model must find it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import numpy as np
import polars as pl

LABEL = "fraud"


def _label(rng: np.random.Generator, logit: np.ndarray) -> np.ndarray:
    flags: np.ndarray = (rng.random(len(logit)) < 1 / (1 + np.exp(-logit))).astype(int)
    return flags


def few_rows(seed: int = 0, rows: int = 400) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    amount = rng.gamma(2.0, 2000.0, rows)
    prior = rng.poisson(0.6, rows)
    channel = rng.choice(["agent", "online", "branch"], rows)
    logit = -2.2 + 0.8 * prior + 0.9 * (channel == "online") + 0.0002 * (amount - 4000)
    return pl.DataFrame(
        {
            "amount": amount.round(2),
            "prior_claims": prior,
            "channel": channel,
            "noise": rng.normal(size=rows),
            LABEL: _label(rng, logit),
        }
    )


def many_categories(seed: int = 0, rows: int = 3000) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    columns: dict[str, object] = {}
    logit = np.full(rows, -2.5)
    for k in range(10):
        levels = 10 + 4 * k
        codes = rng.integers(0, levels, rows)
        effects = rng.normal(0, 0.6 if k < 4 else 0.0, levels)
        logit += effects[codes]
        columns[f"cat_{k}"] = [f"L{k}-{c}" for c in codes]
    columns["amount"] = rng.gamma(2.0, 1500.0, rows).round(2)
    return pl.DataFrame({**columns, LABEL: _label(rng, logit)})


def strong_single(seed: int = 0, rows: int = 3000) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    score = rng.normal(size=rows)
    extra = rng.normal(size=(rows, 5))
    logit = -2.0 + 2.5 * score
    frame = {f"x{i}": extra[:, i] for i in range(5)}
    return pl.DataFrame({"bureau_score": score, **frame, LABEL: _label(rng, logit)})


def dated(seed: int = 0, rows: int = 3000) -> pl.DataFrame:
    """dd/mm/yyyy dates, `?` for missing, a report gap and age at the accident that matter,
    and a fraud rate that drifts over the years (so the out-of-time check is not trivial)."""
    rng = np.random.default_rng(seed)
    start = date(2019, 1, 1)
    incident = [start + timedelta(days=int(d)) for d in rng.integers(0, 5 * 365, rows)]
    gap = rng.exponential(6, rows).astype(int)
    born = [
        d - timedelta(days=int(365.25 * a))
        for d, a in zip(incident, rng.uniform(18, 80, rows), strict=True)
    ]
    year_drift = np.array([(d.year - 2019) * 0.15 for d in incident])
    young = np.array([(d - b).days < 25 * 365 for d, b in zip(incident, born, strict=True)])
    logit = -3.0 + 0.12 * gap + 1.0 * young + year_drift
    region = rng.choice(["north", "south", "east", "west", "?"], rows)
    return pl.DataFrame(
        {
            "incident_date": [d.strftime("%d/%m/%Y") for d in incident],
            "report_date": [
                (d + timedelta(days=int(g))).strftime("%d/%m/%Y")
                for d, g in zip(incident, gap, strict=True)
            ],
            "birth_date": [b.strftime("%d/%m/%Y") for b in born],
            "region": region,
            "amount": rng.gamma(2.0, 1500.0, rows).round(2),
            LABEL: _label(rng, logit),
        }
    )


def heavy_imbalance(seed: int = 0, rows: int = 8000) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    prior = rng.poisson(0.4, rows)
    delay = rng.exponential(4, rows).round(1)
    kind = rng.choice(["theft", "collision", "glass", "fire"], rows, p=[0.1, 0.6, 0.25, 0.05])
    logit = -5.6 + 0.7 * prior + 0.08 * delay + 1.2 * np.isin(kind, ["theft", "fire"])
    return pl.DataFrame(
        {"prior_claims": prior, "report_delay_days": delay, "kind": kind, LABEL: _label(rng, logit)}
    )


SHAPES: dict[str, Callable[[int], pl.DataFrame]] = {
    "few rows (400)": few_rows,
    "many categoricals": many_categories,
    "strong single feature": strong_single,
    "dates dd/mm/yyyy": dated,
    "heavy imbalance (~1%)": heavy_imbalance,
}
