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


@dataclass(frozen=True)
class Cluster:
    number: int
    size: int
    fraud_rate: float | None
    traits: tuple[str, ...]


def cluster_claims(
    table: pl.DataFrame, label: str | None, count: int, seed: int = 0
) -> list[Cluster]:
    """KMeans over one-hot categories and scaled numbers; each cluster with its typical traits."""
    plan = plan_columns(table, label) if label else _unlabelled_plan(table)
    matrix = _cluster_matrix(table, plan.numeric, plan.categorical)
    assignment = KMeans(count, n_init=4, random_state=seed).fit_predict(matrix)
    names, items = item_matrix(table.select(plan.features))
    y = binary_label(table, label).to_numpy() if label else None
    return [_describe(number, assignment == number, names, items, y) for number in range(count)]


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
    number: int, members: np.ndarray, names: list[str], items: np.ndarray, y: np.ndarray | None
) -> Cluster:
    inside = items[members].mean(axis=0)
    overall = items.mean(axis=0)
    lift = np.where(overall > 0, inside / np.maximum(overall, 1e-9), 0)
    strong = [i for i in np.argsort(-lift) if inside[i] >= 0.5][:4]
    traits = tuple(f"{names[i]} ({inside[i]:.0%} vs {overall[i]:.0%})" for i in strong)
    rate = float(y[members].mean()) if y is not None else None
    return Cluster(number, int(members.sum()), rate, traits)


def patterns_report(
    table: pl.DataFrame, label: str | None, clusters: int = 5, min_support: float = 0.05
) -> str:
    """Association rules (towards fraud when a label is given) and clusters, in plain text."""
    lines = ["== 关联规则 / association rules =="]
    lines += [str(rule) for rule in non_redundant(_rules(table, label, min_support))[:RULES_SHOWN]]
    lines.append(f"== 聚类 / clusters (k={clusters}) ==")
    for cluster in cluster_claims(table, label, clusters):
        rate = "" if cluster.fraud_rate is None else f" fraud rate={cluster.fraud_rate:.3f}"
        lines.append(f"cluster {cluster.number}: {cluster.size} claims{rate}")
        lines += [f"    {trait}" for trait in cluster.traits]
    return "\n".join(lines)


def _rules(table: pl.DataFrame, label: str | None, min_support: float):  # type: ignore[no-untyped-def]
    if label is None:
        plan = _unlabelled_plan(table)
        names, items = item_matrix(table.select(plan.features))
        return association_rules(names, frequent_itemsets(items, min_support), 0.8)
    plan = plan_columns(table, label)
    names, items = item_matrix(table.select(plan.features))
    positive = binary_label(table, label).to_numpy().astype(bool)
    return rules_towards_label(names, items, positive, max(min_support, 0.1))
