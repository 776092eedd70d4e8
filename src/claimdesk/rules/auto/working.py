"""The arithmetic of each amount written out, so a reader can redo it by hand."""

from __future__ import annotations

from decimal import Decimal

from claimdesk.domain.money import format_amount


def amount(value: Decimal) -> str:
    return format_amount(value)


def percent(ratio: Decimal) -> str:
    return f"{(ratio * 100).normalize():f}%"


def capped(loss: Decimal, limit: Decimal) -> str:
    """`min(loss, limit) = payable`."""
    return f"min({amount(loss)}, {amount(limit)}) = {amount(min(loss, limit))}"
