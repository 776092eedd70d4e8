"""ROC-AUC for the paired bootstraps (evaluation.auc_difference, selection._lead_se): the same
computation as scikit-learn's binary `roc_auc_score`, without its input checks.

A bootstrap computes it hundreds of times on a few hundred rows; there scikit-learn's checks
(label types, `np.unique`, `label_binarize`, parameter validation) cost ≈ 3 ms a call and the
computation itself ≈ 0.1 ms. The inputs here are ours and already checked: a 0/1 label with
both classes present, finite scores. The figure is scikit-learn's to the last bit —
tests/unit/fraud/test_ranking.py compares the two on thousands of draws, ties included.
"""

from __future__ import annotations

import numpy as np
from scipy.integrate import trapezoid


def roc_auc(y: np.ndarray, scores: np.ndarray) -> float:
    """Area under the ROC curve of 0/1 labels `y` (both present) under finite `scores`."""
    order = np.argsort(scores, kind="stable")[::-1]
    ranked = scores[order]
    # Counts at the end of each run of equal scores: the order inside a run changes nothing.
    ends = np.append(np.flatnonzero(np.diff(ranked)), len(ranked) - 1)
    true_positives = np.cumsum(y[order].astype(np.float64))[ends]
    false_positives = 1 + ends.astype(np.float64) - true_positives
    if len(false_positives) > 2:  # collinear points dropped, as roc_curve(drop_intermediate)
        corners = np.logical_or(np.diff(false_positives, 2), np.diff(true_positives, 2))
        kept = np.flatnonzero(np.concatenate(([True], corners, [True])))
        false_positives, true_positives = false_positives[kept], true_positives[kept]
    false_positives = np.concatenate(([0.0], false_positives))
    true_positives = np.concatenate(([0.0], true_positives))
    rates = true_positives / true_positives[-1], false_positives / false_positives[-1]
    return float(trapezoid(*rates))
