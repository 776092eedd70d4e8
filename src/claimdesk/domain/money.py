"""Money is exact: Decimal yuan with 2 decimals (fen), never binary floats."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN = Decimal("0.01")
ZERO = Decimal("0.00")


class InvalidAmount(ValueError):
    """An amount that is not a finite number with at most 2 decimals."""


def to_fen(value: Decimal) -> Decimal:
    """Round half up to the fen: the rounding the product specs prescribe."""
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def parse_amount(raw: object) -> Decimal:
    """Parse a yuan amount given as a string, int or Decimal; at most 2 decimals, finite."""
    if isinstance(raw, (bool, float)):
        # Floats are refused: 0.1 + 0.2 is not 0.3, and money must be exact.
        raise InvalidAmount("amount must be a decimal string, not a binary float")
    if not str(raw).strip().isascii():
        # Decimal("１２０") is 120: full-width digits would be read silently (issue 11).
        raise InvalidAmount(f"use the digits 0-9, not full-width digits (请使用半角数字): {raw!r}")
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError) as error:
        raise InvalidAmount(f"not a number: {raw!r}") from error
    if not value.is_finite():
        raise InvalidAmount(f"not a finite number: {raw!r}")
    if value != value.quantize(FEN):
        raise InvalidAmount(f"more than 2 decimals: {raw!r}")
    return value.quantize(FEN)


def format_amount(value: Decimal) -> str:
    """Always exactly 2 decimals, as the adjudication contract requires."""
    return str(to_fen(value))


def in_capitals(amount: Decimal) -> str:
    """人民币大写 for payment documents, e.g. 1234.56 → 人民币壹仟贰佰叁拾肆元伍角陆分."""
    import cn2an  # lazy: it takes ~0.2 s to import, and only payment documents need it

    return "人民币" + str(cn2an.an2cn(format_amount(amount), "rmb"))
