"""Association rules (关联规则) over claim attributes: a small apriori on boolean item columns.

Each row becomes a set of items "column=value" (numbers are cut into quartiles); frequent
itemsets are counted with numpy AND over item columns, which is fast for claims tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

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
        for value in distinct:
            names.append(f"{name}={value}")
            columns.append(array == value)
    matrix = np.column_stack(columns) if columns else np.zeros((table.height, 0), dtype=bool)
    return names, matrix


def _as_text(column: pl.Series) -> pl.Series:
    if column.dtype.is_numeric() and column.n_unique() > 8:
        return value_bins(column)
    return column.cast(pl.String)


def value_bins(column: pl.Series, count: int = 4) -> pl.Series:
    """Up to `count` bins cut at quantiles of the values: equal values always share a bin
    (never split by row order), and each bin is named by the range it covers, "[10–25]"."""
    values = column.cast(pl.Float64).to_numpy()
    known = values[~np.isnan(values)]
    edges = np.unique(np.quantile(known, np.linspace(0, 1, count + 1)[1:-1]))
    bins = np.searchsorted(edges, values, side="left")
    names = {}
    for number in np.unique(bins[~np.isnan(values)]):
        inside = known[bins[~np.isnan(values)] == number]
        names[int(number)] = f"[{_short(inside.min())}–{_short(inside.max())}]"
    labels = [None if np.isnan(v) else names[int(b)] for v, b in zip(values, bins, strict=True)]
    return pl.Series(column.name, labels, dtype=pl.String)


def _short(value: float) -> str:
    return f"{value:g}"


def frequent_itemsets(
    matrix: np.ndarray, min_support: float, max_length: int = 3
) -> dict[tuple[int, ...], float]:
    """Apriori: grow itemsets one item at a time, keeping those above the support."""
    supports = matrix.mean(axis=0)
    level: dict[tuple[int, ...], float] = {
        (i,): float(s) for i, s in enumerate(supports) if s >= min_support
    }
    found = dict(level)
    for _ in range(max_length - 1):
        level = _next_level(matrix, level, min_support)
        found.update(level)
    return found


def _next_level(
    matrix: np.ndarray, level: dict[tuple[int, ...], float], min_support: float
) -> dict[tuple[int, ...], float]:
    singles = sorted({item for itemset in level for item in itemset})
    grown: dict[tuple[int, ...], float] = {}
    for itemset in level:
        for item in singles:
            candidate = (*itemset, item)
            if item <= itemset[-1] or not _subsets_frequent(candidate, level):
                continue
            support = float(matrix[:, list(candidate)].all(axis=1).mean())
            if support >= min_support:
                grown[candidate] = support
    return grown


def _subsets_frequent(candidate: tuple[int, ...], level: dict[tuple[int, ...], float]) -> bool:
    return all(subset in level for subset in combinations(candidate, len(candidate) - 1))


def association_rules(
    names: list[str],
    itemsets: dict[tuple[int, ...], float],
    min_confidence: float = 0.5,
    consequent: str | None = None,
) -> list[Rule]:
    """Rules A ⇒ b from the itemsets, strongest lift first; optionally only ⇒ `consequent`."""
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
                rules.append(Rule(label, names[item], support, confidence, lift))
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
        rules.append(Rule(antecedent, "fraud", support, confidence, confidence / base_rate))
    return sorted(rules, key=lambda rule: (-rule.lift, -rule.support))


def non_redundant(rules: list[Rule], per_item: int = 2, min_gain: float = 1.05) -> list[Rule]:
    """Top rules that say different things: a rule is left out when a shown rule with a
    subset of its items has nearly the same lift (the extra items add nothing), or when
    each of its items already appears in `per_item` shown rules."""
    shown: list[Rule] = []
    uses: dict[str, int] = {}
    for rule in rules:
        items = set(rule.antecedent)
        implied = any(
            set(kept.antecedent) <= items and rule.lift < kept.lift * min_gain for kept in shown
        )
        worn = all(uses.get(item, 0) >= per_item for item in items)
        if implied or worn:
            continue
        shown.append(rule)
        for item in items:
            uses[item] = uses.get(item, 0) + 1
    return shown
