"""Honest figures for the risk score: leakage-aware cross-validation and an out-of-time split.

Every fold fits its own encoder, booster and calibration on its training rows only; folds are
stratified on the label, and grouped when the plan names a group column (rows of one policy
or one insured never sit on both sides of a split).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

from claimdesk.fraud.columns import ColumnPlan, InvalidTable, binary_label
from claimdesk.fraud.model import score, train_model

TOP_SHARE = 0.10


@dataclass(frozen=True)
class Metrics:
    rows: int
    positives: int
    roc_auc: float
    pr_auc: float
    top_decile_share: float
    brier: float

    @property
    def base_rate(self) -> float:
        return self.positives / self.rows if self.rows else 0.0


def metrics_for(y: np.ndarray, probabilities: np.ndarray) -> Metrics:
    """ROC-AUC, PR-AUC (average precision), fraud share in the top 10% of scores, Brier."""
    return Metrics(
        rows=len(y),
        positives=int(y.sum()),
        roc_auc=float(roc_auc_score(y, probabilities)),
        pr_auc=float(average_precision_score(y, probabilities)),
        top_decile_share=top_share(y, probabilities, TOP_SHARE),
        brier=float(brier_score_loss(y, probabilities)),
    )


def top_share(y: np.ndarray, probabilities: np.ndarray, share: float) -> float:
    """The fraud rate among the highest-scored `share` of rows (what investigators would see)."""
    count = max(1, round(share * len(y)))
    highest = np.argsort(-probabilities, kind="stable")[:count]
    return float(y[highest].mean())


def cross_validate(
    table: pl.DataFrame,
    plan: ColumnPlan,
    folds: int = 5,
    params: dict[str, Any] | None = None,
    seed: int = 0,
) -> Metrics:
    """Out-of-fold calibrated scores over all rows, then the metrics on them."""
    y = binary_label(table, plan.label).to_numpy()
    probabilities = np.zeros(len(y))
    for train_rows, test_rows in _splits(table, plan, y, folds, seed):
        model = train_model(table[train_rows], plan, params)
        probabilities[test_rows] = score(model, table[test_rows])
    return metrics_for(y, probabilities)


def _splits(
    table: pl.DataFrame, plan: ColumnPlan, y: np.ndarray, folds: int, seed: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    rows = np.arange(len(y))
    if plan.group_column:
        groups = table[plan.group_column].cast(pl.String).to_numpy()
        grouped = StratifiedGroupKFold(folds, shuffle=True, random_state=seed)
        return list(grouped.split(rows, y, groups))
    return list(StratifiedKFold(folds, shuffle=True, random_state=seed).split(rows, y))


def out_of_time(
    table: pl.DataFrame,
    plan: ColumnPlan,
    time_column: str,
    train_until: str,
    params: dict[str, Any] | None = None,
) -> Metrics:
    """Train on rows up to `train_until` (inclusive), test on the later rows."""
    if time_column not in table.columns:
        raise InvalidTable(f"时间列不存在 / time column not found: {time_column}")
    earlier = _up_to(table[time_column], train_until)
    train, test = table.filter(earlier), table.filter(~earlier)
    if test.height == 0 or train.height == 0:
        raise InvalidTable(f"时间切分为空 / empty side of the time split at {train_until}")
    model = train_model(train, plan, params)
    return metrics_for(binary_label(test, plan.label).to_numpy(), score(model, test))


def _up_to(column: pl.Series, bound: str) -> pl.Series:
    if column.dtype.is_numeric():
        return column <= float(bound)
    return column.cast(pl.String) <= bound
