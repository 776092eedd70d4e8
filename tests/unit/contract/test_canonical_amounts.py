"""Amounts written as `format_amount` writes them are read without re-checking (issue 17):
the fast path gives exactly what the full reader gives, value and text."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from claimdesk.contract.field_types import CANONICAL_AMOUNT, money
from claimdesk.domain.money import format_amount, parse_amount


@given(st.integers(min_value=0, max_value=10**17 - 1))
def test_given_an_amount_as_format_amount_writes_it_then_both_readers_agree(fen: int) -> None:
    text = format_amount(Decimal(fen) / 100)
    assert CANONICAL_AMOUNT.fullmatch(text)
    fast, full = money(text), parse_amount(text)
    assert (fast, str(fast), fast.as_tuple().exponent) == (full, str(full), -2)


@given(st.text(alphabet="0123456789.-+ e１", max_size=8))
def test_given_any_text_then_the_fast_path_takes_only_what_the_full_reader_takes(
    text: str,
) -> None:
    if CANONICAL_AMOUNT.fullmatch(text):
        assert str(parse_amount(text)) == str(money(text)) == text
