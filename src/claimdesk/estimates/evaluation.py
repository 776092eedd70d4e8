"""Held-out check of the estimate against a naive baseline, on a time split.

Baseline: claimed × the product's average payout ratio for the centre, and the product's
10th–90th percentile ratios × claimed for the interval.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from claimdesk.estimates.model import ALPHA, fit_estimator, payout_ratio, ratio_bands


@dataclass(frozen=True)
class IntervalFigures:
    rows: int
    coverage: float
    median_width: float  # yuan
    median_abs_error: float  # yuan, centre vs payable


def _figures(claimed: np.ndarray, payable: np.ndarray, bands: np.ndarray) -> IntervalFigures:
    low, centre, high = (bands[:, i] * claimed for i in range(3))
    inside = (payable >= low - 0.005) & (payable <= high + 0.005)
    return IntervalFigures(
        len(payable),
        float(inside.mean()),
        float(np.median(high - low)),
        float(np.median(np.abs(centre - payable))),
    )


def naive_bands(train: pl.DataFrame, test: pl.DataFrame, alpha: float = ALPHA) -> np.ndarray:
    ratios = train.with_columns(pl.Series("ratio", payout_ratio(train)))
    per_product = ratios.group_by("product").agg(
        pl.col("ratio").quantile(alpha / 2).alias("low"),
        pl.col("ratio").mean().alias("mid"),
        pl.col("ratio").quantile(1 - alpha / 2).alias("high"),
    )
    joined = test.select("product").join(
        per_product, on="product", how="left", maintain_order="left"
    )
    return np.asarray(joined.select("low", "mid", "high").fill_null(0.0).to_numpy())


def evaluate(closed: pl.DataFrame, until: date) -> dict[str, IntervalFigures]:
    """Fit on claims closed up to `until`, measure on the later ones, both methods."""
    train = closed.filter(pl.col("closed_on") <= until)
    test = closed.filter(pl.col("closed_on") > until)
    claimed = test["claimed"].cast(pl.Float64).to_numpy()
    payable = test["payable"].cast(pl.Float64).to_numpy()
    model = fit_estimator(train)
    return {
        "quantile LightGBM + conformal": _figures(claimed, payable, ratio_bands(model, test)),
        "naive (product ratio)": _figures(claimed, payable, naive_bands(train, test)),
    }
