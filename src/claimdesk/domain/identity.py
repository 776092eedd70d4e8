"""Checks of identity data: resident ID checksum, mainland phone numbers, bank card numbers."""

from __future__ import annotations

import phonenumbers
from stdnum import luhn
from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from claimdesk.domain.errors import InvalidInput


def check_id_number(value: str) -> str:
    try:
        return str(ric.validate(value))
    except ValidationError as error:
        raise InvalidInput(
            f"身份证号码无效（{value[:6]}…）：校验位或出生日期不符",
            f"invalid resident ID number: {error}",
            field="id_number",
        ) from error


def check_phone(value: str) -> str:
    if not value:
        return value
    try:
        number = phonenumbers.parse(value, "CN")
    except phonenumbers.NumberParseException as error:
        raise InvalidInput(
            "电话号码格式错误", f"invalid phone number: {error}", field="phone"
        ) from error
    if not phonenumbers.is_valid_number(number):
        raise InvalidInput("电话号码无效", "invalid phone number", field="phone")
    return value


def check_bank_account(value: str) -> str:
    """Bank card numbers are 16–19 digits with a Luhn check digit (UnionPay cards)."""
    if not value:
        return value
    if not value.isdigit() or not 16 <= len(value) <= 19 or not luhn.is_valid(value):
        raise InvalidInput(
            "银行卡号无效（位数或校验位不符）", "invalid bank card number", field="bank_account"
        )
    return value
