"""The batch engine's fast masked kernels give what numpy's masked and indexed forms give."""

from __future__ import annotations

import numpy as np
import pytest

from claimdesk.rules.batch_kernels import looked_up, or_where, zero_where

RNG = np.random.default_rng(2026)


@pytest.mark.parametrize("true_entries", [0, 1, 2, 4, 5, 15])
@pytest.mark.parametrize("code_type", [np.uint8, np.uint16, np.uint32])
def test_given_a_table_then_looked_up_equals_indexing(true_entries: int, code_type: type) -> None:
    table = np.zeros(16, dtype=np.bool_)
    table[RNG.choice(16, true_entries, replace=False)] = True
    codes = RNG.integers(0, 16, 5_000).astype(code_type)
    found = looked_up(table, codes)
    assert found.dtype == np.bool_ and np.array_equal(found, table[codes])
    found[:] = True  # a new array: the table is left alone
    assert table.sum() == true_entries


def test_given_a_mask_then_or_where_sets_the_bit_on_its_rows_only() -> None:
    bits = RNG.integers(0, 2**31, 5_000).astype(np.uint32)
    mask = RNG.random(5_000) < 0.3
    expected = bits.copy()
    np.bitwise_or(expected, np.uint32(1 << 31), out=expected, where=mask)
    or_where(bits, mask, np.uint32(1 << 31))
    assert np.array_equal(bits, expected)


def test_given_a_mask_then_zero_where_zeroes_its_rows_only() -> None:
    values = RNG.integers(-(2**62), 2**62, 5_000)
    mask = RNG.random(5_000) < 0.3
    expected = values.copy()
    np.copyto(expected, 0, where=mask)
    zero_where(values, mask)
    assert np.array_equal(values, expected) and values.dtype == np.int64
