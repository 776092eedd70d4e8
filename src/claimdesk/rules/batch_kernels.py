"""Vector kernels of the columnar path: exact int64 fen arithmetic over grouped rows.

Sequential terms ("take from lines in order until used up") have a closed form: with E the
inclusive running sum of a group, the part of line k taken from a budget B is
min(B, E_k) - min(B, E_k - e_k). That is what the per-claim engine does one line at a time.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


def starts_of(keys: list[Any]) -> Bools:
    """True on the first row of each run of equal keys (rows of a group are contiguous)."""
    start = np.zeros(len(keys[0]), dtype=np.bool_)
    if len(start):
        start[0] = True
    for key in keys:
        start[1:] |= key[1:] != key[:-1]
    return start


def group_ids(start: Bools) -> Ints:
    return np.cumsum(start, dtype=np.int64) - 1


def exclusive_cumsum(values: Ints, gid: Ints, start: Bools) -> Ints:
    """Sum of the earlier rows of the same group."""
    running = np.cumsum(values, dtype=np.int64) - values
    return running - running[start][gid]


def take_in_order(values: Ints, budget: Ints, gid: Ints, start: Bools) -> Ints:
    """Per row, what it takes of its group's budget when rows take in order (closed form)."""
    before = exclusive_cumsum(values, gid, start)
    budget = np.maximum(budget, 0)
    taken: Ints = np.minimum(budget, before + values) - np.minimum(budget, before)
    return taken


def group_any(mask: Bools, gid: Ints, groups: int) -> Bools:
    return np.bincount(gid, weights=mask, minlength=groups) > 0


def group_sum(values: Ints, gid: Ints, groups: int) -> Ints:
    out = np.zeros(groups, dtype=np.int64)
    np.add.at(out, gid, values) if groups < 1024 else _sum_sorted(out, values, gid)
    return out


def _sum_sorted(out: Ints, values: Ints, gid: Ints) -> None:
    starts = np.flatnonzero(np.r_[True, gid[1:] != gid[:-1]])
    out[gid[starts]] = np.add.reduceat(values, starts)


def round_half_up_ratio(values: Ints, numerator: int, denominator: int) -> Ints:
    """values × numerator / denominator, round half up (non-negative values)."""
    return (values * (2 * numerator) + denominator) // (2 * denominator)


def pro_rata(values: Ints, allowed: Ints, given: Ints) -> Ints:
    """values × allowed / given, round half up; given > 0 where used."""
    safe = np.where(given > 0, given, 1)
    result: Ints = (values * allowed * 2 + safe) // (2 * safe)
    return result


def codes_of(frame: pl.DataFrame, column: str) -> tuple[Ints, dict[str, int]]:
    """A string column as small integer codes and its vocabulary (null reads as "")."""
    series = frame[column]
    if isinstance(series.dtype, pl.Enum):  # already coded: no strings materialised
        vocabulary = [*series.dtype.categories.to_list(), ""]
        codes = series.to_physical().fill_null(len(vocabulary) - 1).to_numpy()
        return codes.astype(np.int64), {value: index for index, value in enumerate(vocabulary)}
    series = series.cast(pl.String).fill_null("")
    vocabulary = series.unique(maintain_order=True).to_list()
    codes = series.cast(pl.Enum(vocabulary)).to_physical().to_numpy().astype(np.int64)
    return codes, {value: index for index, value in enumerate(vocabulary)}


def member(codes: Ints, vocabulary: dict[str, int], values: frozenset[str] | set[str]) -> Bools:
    table = np.zeros(len(vocabulary) + 1, dtype=np.bool_)
    for value in values:
        if value in vocabulary:
            table[vocabulary[value]] = True
    return table[codes]
