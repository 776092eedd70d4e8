"""Quantile LightGBM + split-conformal interval (conformalised quantile regression).

Fit the 10th, 50th and 90th percentiles of payable ÷ claimed on the earlier closed claims;
on the latest `CALIBRATION_SHARE` of them measure how far outside the raw band each claim
fell, and widen the band by the (1 − α)(1 + 1/n) quantile of that distance (Romano et al.,
2019): coverage is then near the nominal 80% whenever new claims resemble the calibration
claims, whatever the quantile models got wrong. Working on the ratio keeps one model for
small and large claims; amounts come back as Decimal yuan rounded to the fen.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

# LightGBM / scikit-learn (and SciPy under them) load only where a model is trained or
# scored: every server and CLI process imports this module, few of them fit or score.
if TYPE_CHECKING:
    import lightgbm as lgb

FEATURES_NUMERIC = ("hospital_level", "prior_claims", "claimed")
FEATURES_CATEGORY = ("product", "diagnosis")
CALIBRATION_SHARE = 0.25
ALPHA = 0.2  # an 80% interval
QUANTILE_PARAMS = {
    "objective": "quantile",
    "n_estimators": 150,
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_data_in_leaf": 30,
    "verbose": -1,
    "num_threads": 1,
}
FEN = Decimal("0.01")
# Predictions on one thread too: the training's `num_threads` does not carry over to
# `predict`, which otherwise starts OpenMP on every core to score the one claim of a report;
# on a busy 2-core machine that spin-waiting cost ≈ 10 ms wall a predict against 0.3 ms, for
# the same figures (rows are scored independently; docs/performance.md, branch suite11).
PREDICT_THREADS = 1


@dataclass(frozen=True)
class Estimate:
    low: Decimal
    median: Decimal
    high: Decimal
    basis_zh: str
    basis_en: str


@dataclass(frozen=True)
class Estimator:
    categories: dict[str, tuple[str, ...]]
    boosters: tuple[lgb.Booster, lgb.Booster, lgb.Booster]
    widening: float
    # product → (closed claims seen, median payable ÷ claimed), for the basis in words
    history: dict[str, tuple[int, float]]


def _matrix(table: pl.DataFrame, categories: dict[str, tuple[str, ...]]) -> np.ndarray:
    columns = [table[name].cast(pl.Float64).to_numpy() for name in FEATURES_NUMERIC]
    for name in FEATURES_CATEGORY:
        codes = {value: float(i) for i, value in enumerate(categories[name])}
        mapped = table[name].cast(pl.String).replace_strict(codes, default=None)
        columns.append(mapped.cast(pl.Float64).fill_null(float("nan")).to_numpy())
    return np.column_stack(columns)


def payout_ratio(table: pl.DataFrame) -> np.ndarray:
    claimed = table["claimed"].cast(pl.Float64).to_numpy()
    return np.asarray(table["payable"].cast(pl.Float64).to_numpy() / np.maximum(claimed, 0.01))


def fit_estimator(closed: pl.DataFrame, alpha: float = ALPHA) -> Estimator:
    """Quantile models on the earlier closed claims, conformal widening on the latest."""
    ordered = closed.sort("closed_on")
    cut = int(ordered.height * (1 - CALIBRATION_SHARE))
    fit, calibrate = ordered[:cut], ordered[cut:]
    categories = {
        name: tuple(fit[name].cast(pl.String).unique().sort().to_list())
        for name in FEATURES_CATEGORY
    }
    boosters = tuple(_quantile_booster(fit, categories, q) for q in (alpha / 2, 0.5, 1 - alpha / 2))
    low, _, high = (
        b.predict(_matrix(calibrate, categories), num_threads=PREDICT_THREADS) for b in boosters
    )
    truth = payout_ratio(calibrate)
    distance = np.maximum(low - truth, truth - high)
    level = min(1.0, (1 - alpha) * (1 + 1 / len(truth)))
    widening = float(np.quantile(distance, level, method="higher"))
    history = {
        str(product): (len(group), float(np.median(payout_ratio(group))))
        for (product,), group in ordered.group_by(["product"])
    }
    return Estimator(categories, boosters, widening, history)  # type: ignore[arg-type]


def _quantile_booster(
    fit: pl.DataFrame, categories: dict[str, tuple[str, ...]], quantile: float
) -> lgb.Booster:
    import lightgbm as lgb

    categorical = list(range(len(FEATURES_NUMERIC), len(FEATURES_NUMERIC) + 2))
    dataset = lgb.Dataset(
        _matrix(fit, categories), label=payout_ratio(fit), categorical_feature=categorical
    )
    settings: dict[str, Any] = {**QUANTILE_PARAMS, "alpha": quantile}
    rounds = int(settings.pop("n_estimators"))
    return lgb.train(settings, dataset, num_boost_round=rounds)


def ratio_bands(estimator: Estimator, claims: pl.DataFrame) -> np.ndarray:
    """Rows of (low, median, high) payable ÷ claimed, widened and kept within [0, 1]."""
    matrix = _matrix(claims, estimator.categories)
    low, median, high = (
        np.asarray(b.predict(matrix, num_threads=PREDICT_THREADS)) for b in estimator.boosters
    )
    bands = np.column_stack([low - estimator.widening, median, high + estimator.widening])
    return np.asarray(np.clip(np.sort(bands, axis=1), 0.0, 1.0))


# What the amount the estimate scales is called in its basis (by default: the amount claimed).
CLAIMED_WORDS = ("本案申请金额", "this claim's")


def estimate(
    estimator: Estimator, claims: pl.DataFrame, amount_words: tuple[str, str] | None = None
) -> list[Estimate]:
    """An 80% interval and a central figure of the payable amount for each claim."""
    bands = ratio_bands(estimator, claims)
    claimed = claims["claimed"].cast(pl.Float64).to_list()
    words = amount_words or CLAIMED_WORDS
    return [
        _estimate(estimator, str(product), amount, band, words)
        for product, amount, band in zip(claims["product"], claimed, bands, strict=True)
    ]


def _yuan(value: float) -> Decimal:
    return Decimal(str(value)).quantize(FEN, rounding=ROUND_HALF_UP)


def _estimate(
    estimator: Estimator, product: str, claimed: float, band: np.ndarray, words: tuple[str, str]
) -> Estimate:
    low, median, high = (_yuan(claimed * share) for share in band)
    count, typical = estimator.history.get(product, (0, 0.0))
    return Estimate(
        low,
        median,
        high,
        f"依据 {count} 件 {product} 已结案件（中位赔付比例 {typical:.0%}）及{words[0]} "
        f"{_yuan(claimed)} 元、医院等级与诊断估算；约 80% 的同类案件最终赔付落在此区间内",
        f"from {count} closed {product} claims (median paid {typical:.0%} of the amount "
        f"claimed) and {words[1]} {_yuan(claimed)} yuan, hospital level and diagnosis; about "
        "80% of similar claims end inside this range",
    )
