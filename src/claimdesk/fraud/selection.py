"""Choose the model's configuration by inner validation on the training rows only.

A few candidate configurations (not a wide grid: each must earn its place on some dataset
shape) are compared on the training part of each outer split. For cross-validation the inner
check is stratified K-fold; for an out-of-time evaluation it is forward in time: fit on the
earliest rows, validate on the latest `RECENT_SHARE` of the training period, because what
must generalise there is "to next year", not "to a random other claim". The test rows are
never looked at.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold

from claimdesk.fraud.columns import ColumnPlan, binary_label
from claimdesk.fraud.encoding import encode, fit_encoder
from claimdesk.fraud.model import DEFAULT_PARAMS, fit_learner, learner_margins

INNER_FOLDS = 3
RECENT_SHARE = 0.25
SHALLOW: dict[str, Any] = {
    "n_estimators": 120,
    "learning_rate": 0.08,
    "num_leaves": 7,
    "min_child_samples": 40,
    "reg_lambda": 5.0,
    "cat_smooth": 30,
    "min_data_per_group": 40,
}
# LightGBM's own defaults, so the pool always holds the stronger baseline's settings.
LIBRARY_DEFAULTS: dict[str, Any] = {
    "n_estimators": 100,
    "learning_rate": 0.1,
    "num_leaves": 31,
    "colsample_bytree": 1.0,
    "subsample": 1.0,
    "min_data_per_group": 100,
    "max_cat_to_onehot": 4,
    "reg_lambda": 0.0,
}
CANDIDATES: dict[str, dict[str, Any]] = {
    "deep": {},
    "library-defaults": LIBRARY_DEFAULTS,
    "shallow": SHALLOW,
    "shallow-stable": {**SHALLOW, "time_stable": True},
    "linear-ish": {**SHALLOW, "n_estimators": 200, "num_leaves": 3, "learning_rate": 0.1},
    "logistic": {"kind": "logistic", "C": 0.3},
}


@dataclass(frozen=True)
class Choice:
    name: str
    params: dict[str, Any]
    inner_auc: dict[str, float]


def choose(
    train: pl.DataFrame,
    plan: ColumnPlan,
    order: np.ndarray | None = None,
    seed: int = 0,
    candidates: dict[str, dict[str, Any]] | None = None,
) -> Choice:
    """The candidate with the best inner ROC-AUC (ties: the one listed first)."""
    pool = candidates or CANDIDATES
    y = binary_label(train, plan.label).to_numpy()
    splits = _inner_splits(y, order, seed)
    results = {name: _inner_auc(train, plan, y, splits, params) for name, params in pool.items()}
    best = max(results, key=lambda name: results[name])
    return Choice(best, {**DEFAULT_PARAMS, **pool[best]}, results)


def _inner_splits(
    y: np.ndarray, order: np.ndarray | None, seed: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    if order is not None:
        ranked = np.argsort(order, kind="stable")
        cut = int(len(y) * (1 - RECENT_SHARE))
        earlier, recent = ranked[:cut], ranked[cut:]
        if 0 < y[recent].sum() < len(recent) and 0 < y[earlier].sum() < len(earlier):
            return [(earlier, recent)]
    folds = StratifiedKFold(INNER_FOLDS, shuffle=True, random_state=seed)
    return list(folds.split(np.zeros(len(y)), y))


def _inner_auc(
    train: pl.DataFrame,
    plan: ColumnPlan,
    y: np.ndarray,
    splits: list[tuple[np.ndarray, np.ndarray]],
    params: dict[str, Any],
) -> float:
    """Ranking quality only (calibration keeps the order), so no calibration fits here."""
    scores = []
    for fit_rows, check_rows in splits:
        encoder = fit_encoder(train[fit_rows], plan, bool(params.get("time_stable")))
        learner = fit_learner(encode(encoder, train[fit_rows]), y[fit_rows], encoder, params)
        predicted = learner_margins(learner, encoder, encode(encoder, train[check_rows]))
        scores.append(roc_auc_score(y[check_rows], predicted))
    return float(np.mean(scores))
