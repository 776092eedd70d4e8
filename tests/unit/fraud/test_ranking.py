"""The bootstraps' ROC-AUC is scikit-learn's `roc_auc_score`, bit for bit."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import roc_auc_score

from claimdesk.fraud.ranking import roc_auc


def draws(seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Bootstrap-like draws: rare and common positives, continuous, tied and constant scores
    (≈ 60 of each kind; scikit-learn's side costs ≈ 3 ms a draw)."""
    rng = np.random.default_rng(seed)
    found = []
    for _ in range(260):
        rows = int(rng.integers(2, 700))
        y = (rng.random(rows) < rng.uniform(0.02, 0.6)).astype(np.int64)
        if not 0 < y.sum() < rows:
            continue
        scores = rng.normal(y * rng.uniform(0, 2), 1.0, rows)
        kind = rng.integers(4)
        if kind == 1:  # many ties, as calibrated scores of a few leaves
            scores = np.round(scores, 1)
        elif kind == 2:  # ties only
            scores = rng.integers(0, 3, rows).astype(np.float64)
        elif kind == 3:
            scores = np.full(rows, 0.25)
        found.append((y, scores))
    return found


def test_given_bootstrap_draws_then_the_area_is_scikit_learns_to_the_last_bit() -> None:
    cases = draws(seed=0)
    assert len(cases) > 200
    for y, scores in cases:
        assert roc_auc(y, scores) == roc_auc_score(y, scores)


def test_given_a_perfect_and_a_reversed_ranking_then_one_and_zero() -> None:
    y = np.array([0, 0, 1, 1])
    assert roc_auc(y, np.array([0.1, 0.2, 0.8, 0.9])) == 1.0
    assert roc_auc(y, np.array([0.9, 0.8, 0.2, 0.1])) == 0.0
