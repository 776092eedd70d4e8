"""Patterns for analysts (seed 001): association rules and clusters, as a readable report."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from sklearn.cluster import KMeans
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from claimdesk.fraud.association import (
    association_rules,
    frequent_itemsets,
    item_matrix,
    non_redundant,
    rules_towards_label,
)
from claimdesk.fraud.columns import binary_label, plan_columns

RULES_SHOWN = 15
TRAITS_SHOWN = 4
# A cluster trait is worth saying when it moves the mean (or a value's share) this many
# standard deviations away from the other claims.
MIN_EFFECT = 0.5


@dataclass(frozen=True)
class Cluster:
    number: int
    size: int
    fraud_rate: float | None
    traits: tuple[str, ...]


def cluster_claims(
    table: pl.DataFrame, label: str | None, count: int, seed: int = 0
) -> list[Cluster]:
    """KMeans over one-hot categories and scaled numbers; each cluster described by what sets
    it apart from the other claims."""
    plan = plan_columns(table, label) if label else _unlabelled_plan(table)
    matrix = _cluster_matrix(table, plan.numeric, plan.categorical)
    assignment = KMeans(count, n_init=4, random_state=seed).fit_predict(matrix)
    y = binary_label(table, label).to_numpy() if label else None
    return [
        _describe(number, assignment == number, table, plan.numeric, plan.categorical, y)
        for number in range(count)
    ]


def _unlabelled_plan(table: pl.DataFrame):  # type: ignore[no-untyped-def]
    marker = table.with_columns(
        pl.Series("__label__", [index % 2 for index in range(table.height)])
    )
    plan = plan_columns(marker, "__label__")
    return plan


def _cluster_matrix(
    table: pl.DataFrame, numeric: tuple[str, ...], categorical: tuple[str, ...]
) -> np.ndarray:
    parts = []
    if numeric:
        values = table.select(numeric).cast(pl.Float64).fill_null(0).to_numpy()
        parts.append(StandardScaler().fit_transform(values))
    if categorical:
        text = table.select(categorical).cast(pl.String).fill_null("").to_numpy()
        parts.append(OneHotEncoder(handle_unknown="ignore").fit_transform(text).toarray())
    return np.hstack(parts)


def _describe(
    number: int,
    members: np.ndarray,
    table: pl.DataFrame,
    numeric: tuple[str, ...],
    categorical: tuple[str, ...],
    y: np.ndarray | None,
) -> Cluster:
    traits = distinguishing_traits(members, table, numeric, categorical)
    rate = float(y[members].mean()) if y is not None else None
    return Cluster(number, int(members.sum()), rate, traits)


def distinguishing_traits(
    members: np.ndarray,
    table: pl.DataFrame,
    numeric: tuple[str, ...],
    categorical: tuple[str, ...],
    shown: int = TRAITS_SHOWN,
) -> tuple[str, ...]:
    """What sets the members apart from the rest, strongest first, in words: a number's
    standardized mean difference (in vs rest, over the column's standard deviation) and a
    category value's over-representation (share in vs rest, over the value's binomial spread).
    Differences under `MIN_EFFECT` standard deviations are not worth saying."""
    rest = ~members
    if not members.any() or not rest.any():
        return ()
    found: list[tuple[float, str]] = []
    for name in numeric:
        values = table[name].cast(pl.Float64).to_numpy()
        inside, outside = values[members], values[rest]
        spread = float(np.nanstd(values))
        if spread == 0 or np.isnan(inside).all() or np.isnan(outside).all():
            continue
        mean_in, mean_out = float(np.nanmean(inside)), float(np.nanmean(outside))
        effect = (mean_in - mean_out) / spread
        way = "偏高 higher" if effect > 0 else "偏低 lower"
        found.append(
            (
                abs(effect),
                f"{name} {way}: 均值 mean {mean_in:.4g} vs 其余 rest {mean_out:.4g} "
                f"({effect:+.2f} sd)",
            )
        )
    for name in categorical:
        values = table[name].cast(pl.String).fill_null("(缺失 missing)").to_numpy()
        for value in np.unique(values):
            hit = values == value
            overall = float(hit.mean())
            share_in, share_out = float(hit[members].mean()), float(hit[rest].mean())
            effect = (share_in - share_out) / float(np.sqrt(overall * (1 - overall)) or 1.0)
            if share_in > share_out:
                found.append(
                    (
                        effect,
                        f"{name}={value} 偏多 over-represented: {share_in:.0%} vs 其余 rest "
                        f"{share_out:.0%}",
                    )
                )
    found.sort(key=lambda pair: -pair[0])
    return tuple(text for effect, text in found[:shown] if effect >= MIN_EFFECT)


def patterns_report(
    table: pl.DataFrame, label: str | None, clusters: int = 5, min_support: float = 0.05
) -> str:
    """Association rules (towards fraud when a label is given) and clusters, in plain text."""
    lines = ["== 关联规则 / association rules =="]
    # A rule whose lift is not above 1 says its items do not raise the odds: not a pattern.
    rules = [rule for rule in _rules(table, label, min_support) if rule.lift > 1]
    lines += [str(rule) for rule in non_redundant(rules)[:RULES_SHOWN]]
    lines.append(f"== 聚类 / clusters (k={clusters}) ==")
    for cluster in cluster_claims(table, label, clusters):
        rate = "" if cluster.fraud_rate is None else f" fraud rate={cluster.fraud_rate:.3f}"
        lines.append(
            f"cluster {cluster.number}: {cluster.size} claims{rate}; 区别于其余 stands out by:"
        )
        lines += [f"    {trait}" for trait in cluster.traits]
    return "\n".join(lines)


def _rules(table: pl.DataFrame, label: str | None, min_support: float):  # type: ignore[no-untyped-def]
    if label is None:
        plan = _unlabelled_plan(table)
        names, items = item_matrix(table.select(plan.features))
        return association_rules(
            names, frequent_itemsets(items, min_support), 0.8, rows=items.shape[0]
        )
    plan = plan_columns(table, label)
    names, items = item_matrix(table.select(plan.features))
    positive = binary_label(table, label).to_numpy().astype(bool)
    return rules_towards_label(names, items, positive, max(min_support, 0.1))
