"""Checks of identity data: resident ID checksum, mainland phone numbers, bank card numbers."""

from __future__ import annotations

import phonenumbers
from stdnum import luhn
from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from claimdesk.domain.errors import ErrorCode
from claimdesk.domain.refusals import Refused


def check_id_number(value: str) -> str:
    try:
        return str(ric.validate(value))
    except ValidationError as error:
        raise Refused(
            ErrorCode.ID_NUMBER_INVALID, field="id_number", prefix=value[:6], error=error
        ) from error


def check_phone(value: str) -> str:
    if not value:
        return value
    try:
        number = phonenumbers.parse(value, "CN")
    except phonenumbers.NumberParseException as error:
        raise Refused(ErrorCode.PHONE_INVALID, field="phone") from error
    if not phonenumbers.is_valid_number(number):
        raise Refused(ErrorCode.PHONE_INVALID, field="phone")
    return value


def check_bank_account(value: str) -> str:
    """Bank card numbers are 16–19 digits with a Luhn check digit (UnionPay cards)."""
    if not value:
        return value
    if not value.isdigit() or not 16 <= len(value) <= 19 or not luhn.is_valid(value):
        raise Refused(ErrorCode.BANK_ACCOUNT_INVALID, field="bank_account")
    return value
