"""Honest figures for the risk score: leakage-aware cross-validation and an out-of-time split,
with the project's model beside two baselines on the very same rows.

Every fold fits its own encoder, booster and calibration on its training rows only; folds are
stratified on the label, and grouped when the plan names a group column (rows of one policy
or one insured never sit on both sides of a split). The project's configuration is chosen per
outer split by inner validation on its training part (selection.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

from claimdesk.fraud.baselines import Fitter, fit_lightgbm_default, fit_logistic, fit_project
from claimdesk.fraud.columns import ColumnPlan, binary_label
from claimdesk.fraud.model import score, train_model
from claimdesk.fraud.ranking import roc_auc
from claimdesk.fraud.selection import choose
from claimdesk.fraud.timesplit import chronological_mask, time_order

TOP_SHARE = 0.10
PROJECT = "claimdesk (inner-CV choice)"
BASELINES: dict[str, Fitter] = {
    "logistic regression": fit_logistic,
    "LightGBM default": fit_lightgbm_default,
}


@dataclass(frozen=True)
class Metrics:
    rows: int
    positives: int
    roc_auc: float
    pr_auc: float
    top_decile_share: float
    brier: float
    recall_at_5: float = 0.0
    recall_at_10: float = 0.0

    @property
    def base_rate(self) -> float:
        return self.positives / self.rows if self.rows else 0.0


@dataclass(frozen=True)
class ReliabilityBin:
    rows: int
    predicted: float
    observed: float


@dataclass
class Comparison:
    """One evaluation: each method's pooled metrics, per-fold ROC-AUC and the project's
    chosen configurations and reliability table."""

    methods: dict[str, Metrics] = field(default_factory=dict)
    fold_auc: dict[str, list[float]] = field(default_factory=dict)
    choices: list[str] = field(default_factory=list)
    reliability: list[ReliabilityBin] = field(default_factory=list)
    # 95% paired-bootstrap interval of ROC-AUC(project) − ROC-AUC(best baseline), test rows.
    difference: tuple[float, float, float] | None = None


def metrics_for(y: np.ndarray, probabilities: np.ndarray) -> Metrics:
    """ROC-AUC, PR-AUC, fraud share in the top 10%, Brier, recall at 5% and 10% review budget."""
    return Metrics(
        rows=len(y),
        positives=int(y.sum()),
        roc_auc=float(roc_auc_score(y, probabilities)),
        pr_auc=float(average_precision_score(y, probabilities)),
        top_decile_share=top_share(y, probabilities, TOP_SHARE),
        brier=float(brier_score_loss(y, probabilities)),
        recall_at_5=recall_at(y, probabilities, 0.05),
        recall_at_10=recall_at(y, probabilities, 0.10),
    )


def _top(probabilities: np.ndarray, share: float) -> np.ndarray:
    count = max(1, round(share * len(probabilities)))
    return np.argsort(-probabilities, kind="stable")[:count]


def top_share(y: np.ndarray, probabilities: np.ndarray, share: float) -> float:
    """The fraud rate among the highest-scored `share` of rows (what investigators would see)."""
    return float(y[_top(probabilities, share)].mean())


def recall_at(y: np.ndarray, probabilities: np.ndarray, budget: float) -> float:
    """Share of all frauds found when investigators can review the top `budget` of claims."""
    return float(y[_top(probabilities, budget)].sum() / max(1, y.sum()))


def reliability(y: np.ndarray, probabilities: np.ndarray, bins: int = 10) -> list[ReliabilityBin]:
    """Equal-count bins of the predicted probability: mean predicted beside observed rate."""
    order = np.argsort(probabilities, kind="stable")
    return [
        ReliabilityBin(len(part), float(probabilities[part].mean()), float(y[part].mean()))
        for part in np.array_split(order, bins)
        if len(part)
    ]


def auc_difference(
    y: np.ndarray, ours: np.ndarray, theirs: np.ndarray, rounds: int = 300, seed: int = 0
) -> tuple[float, float, float]:
    """ROC-AUC difference and its 95% paired-bootstrap interval (rows resampled together)."""
    rng = np.random.default_rng(seed)
    differences = []
    for _ in range(rounds):
        rows = rng.integers(0, len(y), len(y))
        if 0 < y[rows].sum() < len(rows):
            differences.append(roc_auc(y[rows], ours[rows]) - roc_auc(y[rows], theirs[rows]))
    low, high = np.percentile(differences, [2.5, 97.5])
    point = roc_auc_score(y, ours) - roc_auc_score(y, theirs)
    return float(point), float(low), float(high)


def _with_difference(comparison: Comparison, y: np.ndarray, pooled: dict[str, np.ndarray]) -> None:
    best = max(BASELINES, key=lambda name: comparison.methods[name].roc_auc)
    comparison.difference = auc_difference(y, pooled[PROJECT], pooled[best])


def cross_validate(
    table: pl.DataFrame,
    plan: ColumnPlan,
    folds: int = 5,
    params: dict[str, Any] | None = None,
    seed: int = 0,
) -> Metrics:
    """The project's model with fixed settings: out-of-fold calibrated scores, then metrics."""
    y = binary_label(table, plan.label).to_numpy()
    probabilities = np.zeros(len(y))
    for train_rows, test_rows in _splits(table, plan, y, folds, seed):
        model = train_model(table[train_rows], plan, params)
        probabilities[test_rows] = score(model, table[test_rows])
    return metrics_for(y, probabilities)


def compare_cross_validated(
    table: pl.DataFrame,
    plan: ColumnPlan,
    folds: int = 5,
    seed: int = 0,
    candidates: dict[str, dict[str, Any]] | None = None,
) -> Comparison:
    """Project (configuration chosen inside each training part) vs baselines, same folds."""
    y = binary_label(table, plan.label).to_numpy()
    splits = _splits(table, plan, y, folds, seed)
    comparison = Comparison()
    pooled: dict[str, np.ndarray] = {}
    for train_rows, test_rows in splits:
        train, test = table[train_rows], table[test_rows]
        chosen = choose(train, plan, seed=seed, candidates=candidates)
        comparison.choices.append(chosen.name)
        fitters = {PROJECT: fit_project(chosen.params), **BASELINES}
        for name, fitter in fitters.items():
            predicted = fitter(train, plan)(test)
            pooled.setdefault(name, np.zeros(len(y)))[test_rows] = predicted
            fold_auc = float(roc_auc_score(y[test_rows], predicted))
            comparison.fold_auc.setdefault(name, []).append(fold_auc)
    comparison.methods = {name: metrics_for(y, p) for name, p in pooled.items()}
    comparison.reliability = reliability(y, pooled[PROJECT])
    _with_difference(comparison, y, pooled)
    return comparison


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
    """The project's model with fixed settings: train up to `train_until`, test after it."""
    earlier = chronological_mask(table, plan, time_column, train_until)
    train, test = table.filter(earlier), table.filter(~earlier)
    model = train_model(train, plan, params)
    return metrics_for(binary_label(test, plan.label).to_numpy(), score(model, test))


def compare_out_of_time(
    table: pl.DataFrame,
    plan: ColumnPlan,
    time_column: str,
    train_until: str,
    seed: int = 0,
    candidates: dict[str, dict[str, Any]] | None = None,
) -> Comparison:
    """Project (configuration chosen forward in time inside the training period) vs baselines."""
    earlier = chronological_mask(table, plan, time_column, train_until)
    train, test = table.filter(earlier), table.filter(~earlier)
    order = time_order(train, plan, time_column)
    chosen = choose(train, plan, order=order, seed=seed, candidates=candidates)
    y = binary_label(test, plan.label).to_numpy()
    comparison = Comparison(choices=[chosen.name])
    pooled: dict[str, np.ndarray] = {}
    for name, fitter in {PROJECT: fit_project(chosen.params), **BASELINES}.items():
        pooled[name] = fitter(train, plan)(test)
        comparison.methods[name] = metrics_for(y, pooled[name])
        comparison.fold_auc[name] = [comparison.methods[name].roc_auc]
    comparison.reliability = reliability(y, pooled[PROJECT])
    _with_difference(comparison, y, pooled)
    return comparison
