"""Field types of the adjudication contract: exact money, bounded dates, policy parameters."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from claimdesk.contract.bounds import FIRST_DATE, LAST_DATE
from claimdesk.domain.money import InvalidAmount, parse_amount

DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# The form amounts are written in (and `format_amount` writes): read as is, no further checks.
CANONICAL_AMOUNT = re.compile(r"(?:0|[1-9][0-9]{0,14})\.[0-9]{2}")


def exact_decimal(raw: object) -> Decimal:
    """A JSON number or string as an exact decimal; a float is read by its shortest repr, so
    300.5 is 300.5 and 0.1 + 0.2 shows its binary noise and is refused by the 2-decimal rule."""
    if isinstance(raw, float):
        raw = repr(raw)
    try:
        return parse_amount(raw)
    except InvalidAmount as error:
        raise PydanticCustomError("invalid_amount", str(error)) from error


def money(raw: object) -> Decimal:
    if type(raw) is str and CANONICAL_AMOUNT.fullmatch(raw):
        return Decimal(raw)  # what `parse_amount` gives for it, ≈ 20× faster (issue 17)
    value = exact_decimal(raw)
    if value < 0:
        raise PydanticCustomError("negative_amount", "amount must not be negative")
    return value


def contract_date(raw: object) -> date:
    """ISO `YYYY-MM-DD` between 1900-01-01 and 2100-12-31."""
    if isinstance(raw, date):
        value = raw
    elif isinstance(raw, str) and DATE_PATTERN.match(raw):
        try:
            value = date.fromisoformat(raw)
        except ValueError as error:
            raise PydanticCustomError("invalid_date", "not a calendar date") from error
    else:
        raise PydanticCustomError("invalid_date", "must be a date written YYYY-MM-DD")
    if not FIRST_DATE <= value <= LAST_DATE:
        raise PydanticCustomError("date_out_of_range", "date must be between 1900 and 2100")
    return value


def accumulator(raw: object) -> Decimal | int:
    """A count (JSON integer) or money (string or number with at most 2 decimals)."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        if raw < 0:
            raise PydanticCustomError("negative_amount", "must not be negative")
        return raw
    return money(raw)


def parameter(raw: object) -> Any:
    """Policy parameters: flags, integers, decimals (ratios may have more decimals), schedules."""
    if isinstance(raw, bool | int):
        return raw
    if isinstance(raw, dict):
        return {str(key): parameter(value) for key, value in raw.items()}
    text = repr(raw) if isinstance(raw, float) else str(raw)
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise PydanticCustomError(
            "invalid_parameter", "must be a number, flag or mapping"
        ) from error
    if not value.is_finite() or value < 0:
        raise PydanticCustomError("invalid_parameter", "must be a finite non-negative number")
    return value


Money = Annotated[Decimal, BeforeValidator(money)]
ContractDate = Annotated[date, BeforeValidator(contract_date)]
AccumulatorValue = Annotated[Any, BeforeValidator(accumulator)]
ParameterField = Annotated[Any, BeforeValidator(parameter)]
