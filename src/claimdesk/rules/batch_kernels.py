"""Vector kernels of the columnar path: exact int64 fen arithmetic over grouped rows.

Rows of a group (claim, visit) are contiguous, so a group is its first row and its size, and
per-group values reach their rows with `np.repeat` (no per-row index gathers).

Sequential terms ("take from lines in order until used up") have a closed form: with E the
inclusive running sum of a group, the part of line k taken from a budget B is
min(B, E_k) - min(B, E_k - e_k). That is what the per-claim engine does one line at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
Codes = npt.NDArray[np.integer[Any]]


@dataclass(frozen=True, slots=True)
class Groups:
    """Contiguous groups of rows: the first row and the size of each group."""

    first: Ints
    sizes: Ints
    rows: int

    @property
    def count(self) -> int:
        return len(self.first)

    def spread(self, per_group: npt.NDArray[Any]) -> npt.NDArray[Any]:
        """A per-group value on every row of its group."""
        return np.repeat(per_group, self.sizes)

    def ids(self) -> Ints:
        return self.spread(np.arange(self.count, dtype=np.int64))

    def of_rows(self, rows: Ints) -> Ints:
        """The group of each of `rows` (a few rows: a binary search each)."""
        return np.searchsorted(self.first, rows, side="right") - 1


def starts_of(keys: list[Any]) -> Bools:
    """True on the first row of each run of equal keys (rows of a group are contiguous)."""
    start = np.zeros(len(keys[0]), dtype=np.bool_)
    if len(start):
        start[0] = True
    for key in keys:
        start[1:] |= key[1:] != key[:-1]
    return start


def within(groups: Groups, inner: Groups) -> Groups:
    """`inner` groups (e.g. visits) grouped by the outer group (claim) they lie in."""
    first = np.searchsorted(inner.first, groups.first).astype(np.int64)
    sizes = np.diff(np.append(first, inner.count)).astype(np.int64)
    return Groups(first, sizes, inner.count)


def groups_of(start: Bools) -> Groups:
    first = np.flatnonzero(start).astype(np.int64)
    sizes = np.diff(np.append(first, len(start))).astype(np.int64)
    return Groups(first, sizes, len(start))


def subgroups(groups: Groups, mask: Bools) -> tuple[Ints, Groups, Ints]:
    """The rows where `mask` holds, their groups (in order), and each one's original group."""
    rows = np.flatnonzero(mask)
    if not groups.count:
        return rows, groups, np.zeros(0, dtype=np.int64)
    counts = np.add.reduceat(mask.view(np.uint8), groups.first, dtype=np.int64)
    kept = np.flatnonzero(counts)
    sizes = counts[kept]
    return rows, Groups(np.cumsum(sizes) - sizes, sizes, len(rows)), kept


def exclusive_cumsum(values: Ints, groups: Groups) -> Ints:
    """Sum of the earlier rows of the same group."""
    running = np.cumsum(values, dtype=np.int64)
    running -= values
    if groups.count:
        running -= groups.spread(running[groups.first])
    return running


def take_in_order(values: Ints, budget: Ints, groups: Groups) -> Ints:
    """Per row, what it takes of its group's budget (one per group) when rows take in order.

    With R the running sum over all rows and O a group's offset (R before its first row), a
    row takes min(B + O, R) − min(B + O, R − v): one spread per group, no per-row offsets."""
    running = np.cumsum(values, dtype=np.int64)
    if not groups.count:
        return running
    offset = running[groups.first] - values[groups.first]
    cap = groups.spread(np.maximum(budget, 0) + offset)
    before = running - values
    taken: Ints = np.minimum(cap, running, out=running)
    taken -= np.minimum(cap, before, out=before)
    return taken


def group_any(mask: Bools, groups: Groups) -> Bools:
    if not groups.count:
        return np.zeros(0, dtype=np.bool_)
    return np.logical_or.reduceat(mask, groups.first)


def group_sum(values: Ints, groups: Groups) -> Ints:
    if not groups.count:
        return np.zeros(0, dtype=np.int64)
    values = values.astype(np.int64, copy=False)
    return np.add.reduceat(values, groups.first)


def round_half_up_ratio(values: Ints, numerator: int, denominator: int) -> Ints:
    """values × numerator / denominator, round half up (non-negative values)."""
    result: Ints = values * (2 * numerator)
    result += denominator
    result //= 2 * denominator
    return result


def pro_rata(values: Ints, allowed: Ints, given: Ints) -> Ints:
    """values × allowed / given, round half up; given > 0 where used."""
    safe = np.where(given > 0, given, 1)
    result: Ints = (values * allowed * 2 + safe) // (2 * safe)
    return result


def codes_of(frame: pl.DataFrame, column: str) -> tuple[Codes, dict[str, int]]:
    """A string column as small integer codes and its vocabulary (null reads as "")."""
    series = frame[column]
    if isinstance(series.dtype, pl.Enum):  # already coded: no strings materialised
        vocabulary = series.dtype.categories.to_list()
        if "" not in vocabulary:
            vocabulary.append("")
        codes = series.to_physical().fill_null(vocabulary.index("")).to_numpy()
        return codes, {value: index for index, value in enumerate(vocabulary)}
    series = series.cast(pl.String).fill_null("")
    vocabulary = series.unique(maintain_order=True).to_list()
    codes = series.cast(pl.Enum(vocabulary)).to_physical().to_numpy()
    return codes, {value: index for index, value in enumerate(vocabulary)}


def member_table(vocabulary: dict[str, int], values: frozenset[str] | set[str]) -> Bools:
    table = np.zeros(len(vocabulary) + 1, dtype=np.bool_)
    for value in values:
        if value in vocabulary:
            table[vocabulary[value]] = True
    return table


def member(codes: Codes, vocabulary: dict[str, int], values: frozenset[str] | set[str]) -> Bools:
    return looked_up(member_table(vocabulary, values), codes)


def or_where(bits: npt.NDArray[np.uint32], mask: Bools, bit: np.uint32) -> None:
    """`bits |= bit` where `mask`, in place: or-ing the mask times the bit is ≈ 15× faster
    than numpy's masked `where=` loop."""
    np.bitwise_or(bits, np.multiply(mask, bit, dtype=np.uint32), out=bits)


def zero_where(values: Ints, mask: Bools) -> None:
    """`values = 0` where `mask`, in place (integers: times 0 or 1, ≈ 4× faster than
    `np.copyto(..., where=)`)."""
    np.multiply(values, np.logical_not(mask), out=values)


def looked_up(table: Bools, codes: Codes) -> Bools:
    """`table[codes]` (a new array). With few true entries, one comparison of the codes per
    entry: a comparison of small codes runs about 50× faster than a gather of one per line."""
    hits = np.flatnonzero(table)
    if len(hits) > 4:
        return table.take(codes)  # about twice as fast as `table[codes]`
    found = np.zeros(len(codes), dtype=np.bool_)
    for code in hits:
        found |= codes == code
    return found
