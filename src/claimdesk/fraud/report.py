"""Plain-text tables of an evaluation, shared by the CLI and the bench."""

from __future__ import annotations

import numpy as np

from claimdesk.fraud.columns import ColumnPlan, DropReason
from claimdesk.fraud.evaluation import Comparison

DROP_WORDS = {
    DropReason.LABEL: "标签列 / the label",
    DropReason.TIME_COLUMN: "切分用的时间列 / the time column of the split",
    DropReason.ID_LIKE: "几乎每行不同或为分组编号，是标识而非特征 / an identifier, not a pattern",
    DropReason.CONSTANT: "只有一个取值 / a single value",
    DropReason.SPLIT_MARKER: "标明文件如何切分，不是赔案属性 / how the file was cut",
    DropReason.LEAKAGE: "几乎复制了标签（事后写入） / reproduces the label (written afterwards)",
    DropReason.EXCLUDED: "按 --exclude 排除 / excluded on request",
}


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
    if comparison.difference is not None:
        point, low, high = comparison.difference
        lines.append(
            f"ROC-AUC − best baseline: {point:+.4f} (95% paired bootstrap {low:+.4f} … {high:+.4f})"
        )
    lines.append("chosen by inner validation: " + ", ".join(comparison.choices))
    lines.append("reliability (calibrated score, equal-count bins): predicted → observed")
    lines.extend(
        f"  {b.predicted:.3f} → {b.observed:.3f}  ({b.rows} rows)" for b in comparison.reliability
    )
    return lines


def plan_lines(plan: ColumnPlan) -> list[str]:
    """`--explain-plan`: every column, what is done with it and why."""
    lines = ["列处理说明 / column plan:"]
    lines.extend(f"  {name}: 数值 / number, used as is" for name in plan.numeric)
    lines.extend(
        f"  {name}: 类别 / category (range-like text also as an ordered number)"
        for name in plan.categorical
    )
    lines.extend(
        f"  {date.name}: {date.note} → 星期、月份{'、小时' if date.has_time else ''}及与其他日期"
        f"的间隔天数，不用原始日期 / weekday, month{', hour' if date.has_time else ''} and "
        "days to the other dates, never the raw stamp"
        for date in plan.dates
    )
    lines.extend(
        f"  {name}: 不使用 / dropped — {DROP_WORDS[r]}" for name, r in plan.dropped.items()
    )
    return lines
