"""Association rules (关联规则) over claim attributes, frequent itemsets by mlxtend's FP-growth.

Each row becomes a set of items "column=value"; numbers with many values are cut into up to
four bins that never split equal values and are named by their range ("Age 35–42"). mlxtend
(and the pandas it needs) is imported inside the mining function only, so the CLI stays light.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations
from statistics import NormalDist

import numpy as np
import polars as pl

MAX_ITEMS_PER_COLUMN = 30


@dataclass(frozen=True)
class Rule:
    antecedent: tuple[str, ...]
    consequent: str
    support: float
    confidence: float
    lift: float
    # Claims the antecedent covers (0 when unknown): how much evidence the confidence rests on.
    covered: int = 0

    def __str__(self) -> str:
        return (
            f"{{{', '.join(self.antecedent)}}} ⇒ {self.consequent}  support={self.support:.3f} "
            f"confidence={self.confidence:.3f} lift={self.lift:.2f}"
        )


def item_matrix(table: pl.DataFrame) -> tuple[list[str], np.ndarray]:
    """One boolean column per "column=value" item; numbers with many values become quartiles."""
    names: list[str] = []
    columns: list[np.ndarray] = []
    for name in table.columns:
        values = _as_text(table[name])
        distinct = values.drop_nulls().unique().sort().to_list()
        if len(distinct) > MAX_ITEMS_PER_COLUMN:
            continue
        array = values.to_numpy()
        binned = _is_binned(table[name])
        for value in distinct:
            names.append(f"{name} {value}" if binned else f"{name}={value}")
            columns.append(array == value)
    matrix = np.column_stack(columns) if columns else np.zeros((table.height, 0), dtype=bool)
    return names, matrix


def _is_binned(column: pl.Series) -> bool:
    return column.dtype.is_numeric() and column.n_unique() > 8


def _as_text(column: pl.Series) -> pl.Series:
    if _is_binned(column):
        return value_bins(column)
    return column.cast(pl.String)


def value_bins(column: pl.Series, count: int = 4) -> pl.Series:
    """Up to `count` bins of about equal size cut between distinct values only: equal values
    always share a bin (never split by row order), a value held by many rows gets a bin of its
    own and the rest are shared out over the remaining bins. Each bin is named by the range
    it covers, "35–42" (one value: "0")."""
    values = column.cast(pl.Float64).to_numpy()
    present = ~np.isnan(values)
    distinct, counts = np.unique(values[present], return_counts=True)
    bins = np.searchsorted(distinct, values[present])
    group = _tie_respecting_groups(counts, count)[bins]
    names = {}
    for number in np.unique(group):
        inside = values[present][group == number]
        low, high = _short(inside.min()), _short(inside.max())
        names[int(number)] = low if low == high else f"{low}–{high}"
    labels: list[str | None] = [None] * len(values)
    for position, number in zip(np.flatnonzero(present), group, strict=True):
        labels[position] = names[int(number)]
    return pl.Series(column.name, labels, dtype=pl.String)


def _tie_respecting_groups(counts: np.ndarray, count: int) -> np.ndarray:
    """Bin number of each distinct value (in order): a bin closes once it holds its share of
    the rows not yet binned (rows left / bins left)."""
    groups = np.zeros(len(counts), dtype=np.int64)
    left, bins_left, held, number = int(counts.sum()), count, 0, 0
    for index, rows in enumerate(counts):
        groups[index] = number
        held += int(rows)
        if bins_left > 1 and held >= left / bins_left and index < len(counts) - 1:
            left -= held
            bins_left -= 1
            held = 0
            number += 1
    return groups


def _short(value: float) -> str:
    return f"{value:g}"


def frequent_itemsets(
    matrix: np.ndarray, min_support: float, max_length: int = 3
) -> dict[tuple[int, ...], float]:
    """Every itemset (item column numbers, ascending) with support ≥ `min_support` and at most
    `max_length` items, mined by mlxtend's FP-growth."""
    if matrix.shape[1] == 0 or matrix.shape[0] == 0:
        return {}
    import pandas as pd
    from mlxtend.frequent_patterns import fpgrowth

    frame = pd.DataFrame(matrix.astype(bool), columns=range(matrix.shape[1]))
    found = fpgrowth(frame, min_support=min_support, max_len=max_length)
    return {
        tuple(sorted(int(i) for i in itemset)): float(support)
        for support, itemset in zip(found["support"], found["itemsets"], strict=True)
    }


def association_rules(
    names: list[str],
    itemsets: dict[tuple[int, ...], float],
    min_confidence: float = 0.5,
    consequent: str | None = None,
    rows: int = 0,
) -> list[Rule]:
    """Rules A ⇒ b from the itemsets (mined over `rows` claims, when known), strongest lift
    first; optionally only ⇒ `consequent`."""
    rules = []
    for itemset, support in itemsets.items():
        for item in itemset if len(itemset) > 1 else ():
            antecedent = tuple(i for i in itemset if i != item)
            if consequent is not None and names[item] != consequent:
                continue
            confidence = support / itemsets[antecedent]
            if confidence >= min_confidence:
                lift = confidence / itemsets[(item,)]
                label = tuple(names[i] for i in antecedent)
                covered = round(itemsets[antecedent] * rows)
                rules.append(Rule(label, names[item], support, confidence, lift, covered))
    return sorted(rules, key=lambda rule: (-rule.lift, -rule.support))


def rules_towards_label(
    names: list[str], items: np.ndarray, positive: np.ndarray, min_support: float
) -> list[Rule]:
    """Rules A ⇒ fraud: itemsets frequent among the frauds, scored over all claims.

    Fraud is rare, so the itemsets are mined on the fraud rows (support relative to them)
    and each antecedent's confidence P(fraud | A) is then counted over every claim.
    """
    base_rate = float(positive.mean())
    rules = []
    for itemset in frequent_itemsets(items[positive], min_support):
        covered = items[:, list(itemset)].all(axis=1)
        confidence = float(positive[covered].mean())
        support = float((covered & positive).mean())
        antecedent = tuple(names[i] for i in itemset)
        lift = confidence / base_rate
        rules.append(Rule(antecedent, "fraud", support, confidence, lift, int(covered.sum())))
    return sorted(rules, key=lambda rule: (-rule.lift, -rule.support))


def non_redundant(
    rules: list[Rule], per_item: int = 2, min_gain: float = 1.05, alpha: float = 0.01
) -> list[Rule]:
    """Top rules that say different things.

    A rule is left out when a more general rule (same consequent, a strict subset of its
    antecedent; shown or not) already says as much: the extra items must raise the confidence
    significantly — by z standard errors of the general rule's confidence over the claims the
    rule covers, one-sided at `alpha` with a Bonferroni correction for the number of rules
    tested (hundreds of supersets would otherwise let a few pass by chance) — or, when the
    counts are unknown, raise the lift by `min_gain`. Without this a dataset with one strong
    item fills the top with that item plus noise. A rule is also left out when each of its
    items already appears in `per_item` shown rules."""
    general: dict[tuple[str, frozenset[str]], list[Rule]] = {}
    for rule in rules:
        general.setdefault((rule.consequent, frozenset(rule.antecedent)), []).append(rule)
    min_z = NormalDist().inv_cdf(1 - alpha / max(len(rules), 1))
    shown: list[Rule] = []
    uses: dict[str, int] = {}
    for rule in rules:
        items = set(rule.antecedent)
        if _adds_nothing(rule, _subset_rules(rule, general), min_gain, min_z):
            continue
        if all(uses.get(item, 0) >= per_item for item in items):
            continue
        shown.append(rule)
        for item in items:
            uses[item] = uses.get(item, 0) + 1
    return shown


def _subset_rules(rule: Rule, general: dict[tuple[str, frozenset[str]], list[Rule]]) -> list[Rule]:
    found = []
    for size in range(1, len(rule.antecedent)):
        for subset in combinations(rule.antecedent, size):
            found += general.get((rule.consequent, frozenset(subset)), [])
    return found


def _adds_nothing(rule: Rule, subsets: list[Rule], min_gain: float, min_z: float) -> bool:
    for simpler in subsets:
        if rule.covered > 0:
            spread = math.sqrt(simpler.confidence * (1 - simpler.confidence) / rule.covered)
            if rule.confidence - simpler.confidence < min_z * max(spread, 1e-12):
                return True
        elif rule.lift < simpler.lift * min_gain:
            return True
    return False
