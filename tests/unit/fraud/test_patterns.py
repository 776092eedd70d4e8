"""`fraud patterns` (issue 15): FP-growth itemsets, rules that differ, tie-respecting bins with
their ranges, clusters described by what sets them apart. Seeded tables only."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import polars as pl

from claimdesk.fraud.association import (
    frequent_itemsets,
    item_matrix,
    non_redundant,
    rules_towards_label,
    value_bins,
)
from claimdesk.fraud.patterns import Cluster, cluster_claims, distinguishing_traits


def test_given_a_boolean_matrix_when_mined_then_fp_growth_finds_exactly_the_frequent_itemsets() -> (
    None
):
    rng = np.random.default_rng(3)
    matrix = rng.random((300, 7)) < np.array([0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.05])
    matrix[:, 1] |= matrix[:, 0] & (rng.random(300) < 0.5)
    found = frequent_itemsets(matrix, min_support=0.1, max_length=3)
    expected = {}
    for size in (1, 2, 3):
        for itemset in combinations(range(7), size):
            support = float(matrix[:, list(itemset)].all(axis=1).mean())
            if support >= 0.1:
                expected[itemset] = support
    assert found.keys() == expected.keys()
    assert all(abs(found[key] - expected[key]) < 1e-12 for key in expected)


def a_book_with_one_strong_item(rows: int = 3000, seed: int = 1) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    fault = rng.choice(["holder", "third"], rows, p=[0.3, 0.7])
    policy = rng.choice(["liability", "collision", "all"], rows)
    risk = -3.5 + 3.0 * (fault == "holder") + 0.8 * (policy == "liability")
    fraud = rng.random(rows) < 1 / (1 + np.exp(-risk))
    return pl.DataFrame(
        {
            "fault": fault,
            "policy": policy,
            "area": rng.choice(["urban", "rural"], rows),
            "sex": rng.choice(["m", "f"], rows),
            "car": rng.choice(["sedan", "sport", "utility"], rows),
            "fraud": fraud,
        }
    )


def test_given_one_strong_item_when_rules_are_filtered_then_it_no_longer_fills_the_top() -> None:
    book = a_book_with_one_strong_item()
    names, items = item_matrix(book.drop("fraud"))
    rules = rules_towards_label(names, items, book["fraud"].to_numpy(), min_support=0.1)
    strong = "fault=holder"
    raw_top = rules[:10]
    assert sum(strong in rule.antecedent for rule in raw_top) >= 6  # the problem, unfiltered
    shown = non_redundant(rules)[:10]
    assert sum(strong in rule.antecedent for rule in shown) <= 2
    assert shown[0].antecedent[0] == strong or strong in shown[0].antecedent
    assert any("policy=liability" in rule.antecedent for rule in shown)
    assert len({rule.antecedent for rule in shown}) == len(shown)


def test_given_heavy_ties_when_binned_then_equal_values_share_a_bin_named_by_its_range() -> None:
    rng = np.random.default_rng(5)
    values = np.concatenate([np.zeros(700), np.ones(100), rng.integers(2, 60, 200)])
    rng.shuffle(values)
    column = pl.Series("prior", values.astype(np.int64))
    labels = value_bins(column).to_list()
    by_value: dict[int, set[str]] = {}
    for value, label in zip(column.to_list(), labels, strict=True):
        by_value.setdefault(value, set()).add(label)
    assert all(len(names) == 1 for names in by_value.values())
    assert by_value[0] == {"0"} and by_value[1] == {"1"}
    ranges = sorted(set(labels) - {"0", "1"}, key=lambda name: int(name.split("–")[0]))
    assert 1 <= len(ranges) <= 2
    for name in ranges:
        low, high = (int(part) for part in name.split("–"))
        inside = [v for v, label in zip(column.to_list(), labels, strict=True) if label == name]
        assert min(inside) == low and max(inside) == high


def test_given_a_numeric_column_when_itemised_then_items_read_as_name_and_range() -> None:
    table = pl.DataFrame({"年龄": list(range(20, 60)), "sex": ["m", "f"] * 20})
    names, _ = item_matrix(table)
    assert "年龄 20–29" in names and "sex=m" in names


def two_groups(rows: int = 400, seed: int = 2) -> tuple[pl.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    older = np.arange(rows) < rows // 4
    return (
        pl.DataFrame(
            {
                "age": np.where(older, rng.normal(62, 4, rows), rng.normal(34, 6, rows)),
                "channel": np.where(
                    older, "agent", rng.choice(["online", "agent"], rows, p=[0.9, 0.1])
                ),
                "sex": rng.choice(["m", "f"], rows),
                "amount": rng.gamma(2.0, 1000.0, rows),
            }
        ),
        older,
    )


def test_given_a_group_when_described_then_what_distinguishes_it_comes_first_in_words() -> None:
    table, older = two_groups()
    traits = distinguishing_traits(older, table, ("age", "amount"), ("channel", "sex"))
    assert traits[0].startswith("age 偏高 higher: 均值 mean 6") and "sd)" in traits[0]
    assert traits[1].startswith("channel=agent 偏多 over-represented: 100% vs 其余 rest")
    assert not any(trait.startswith(("sex", "amount")) for trait in traits)
    younger = distinguishing_traits(~older, table, ("age", "amount"), ("channel", "sex"))
    assert younger[0].startswith("age 偏低 lower")


def test_given_two_groups_when_clustered_then_each_cluster_names_its_own_difference() -> None:
    table, older = two_groups()
    small, large = sorted(cluster_claims(table.drop("sex", "amount"), None, 2), key=len_of)
    assert abs(small.size - int(older.sum())) <= 5  # KMeans finds the older quarter
    assert small.traits[0].startswith("age 偏高 higher")
    assert small.traits[1].startswith("channel=agent 偏多")
    assert large.traits[0].startswith("age 偏低 lower")
    assert large.traits[1].startswith("channel=online 偏多")


def len_of(cluster: Cluster) -> int:
    return cluster.size
