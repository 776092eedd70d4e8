"""Plain-text tables of an evaluation, shared by the CLI and the bench."""

from __future__ import annotations

import numpy as np

from claimdesk.fraud.evaluation import Comparison


def comparison_lines(comparison: Comparison) -> list[str]:
    """Side-by-side metrics, fold spread, chosen configurations and the reliability table."""
    lines = [
        "| method | ROC-AUC | ± folds | PR-AUC | recall @5% | recall @10% | Brier |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, metrics in comparison.methods.items():
        folds = comparison.fold_auc.get(name, [])
        spread = f"{np.std(folds):.4f}" if len(folds) > 1 else "—"
        lines.append(
            f"| {name} | {metrics.roc_auc:.4f} | {spread} | {metrics.pr_auc:.4f} | "
            f"{metrics.recall_at_5:.3f} | {metrics.recall_at_10:.3f} | {metrics.brier:.4f} |"
        )
    first = next(iter(comparison.methods.values()), None)
    if first is not None:
        lines.append(
            f"rows {first.rows}, fraud {first.positives} (base rate {first.base_rate:.3f})"
        )
    lines.append("chosen by inner validation: " + ", ".join(comparison.choices))
    lines.append("reliability (calibrated score, equal-count bins): predicted → observed")
    lines.extend(
        f"  {b.predicted:.3f} → {b.observed:.3f}  ({b.rows} rows)" for b in comparison.reliability
    )
    return lines
