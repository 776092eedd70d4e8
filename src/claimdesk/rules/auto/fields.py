"""A small reader over a request's JSON that refuses bad input naming the field (zh + en)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from claimdesk.domain.money import InvalidAmount, parse_amount
from claimdesk.rules.errors import InvalidRequest


@dataclass(frozen=True, slots=True)
class Field:
    """A JSON object in a request, with its path (`own_damage.survey.lines[0]`)."""

    path: str
    data: dict[str, Any]

    def where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, message_en: str, message_zh: str) -> InvalidRequest:
        return InvalidRequest(self.where(key), message_en, message_zh)

    def check_keys(self, allowed: set[str]) -> None:
        for key in self.data:
            if key not in allowed:
                raise self.fail(str(key), "unknown field", "不允许的字段")

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def raw(self, key: str) -> Any:
        if self.data.get(key) is None:
            raise self.fail(key, "missing required field", "缺少必填字段")
        return self.data[key]

    def text(self, key: str, default: str | None = None) -> str:
        value = self.data.get(key, default) if default is not None else self.raw(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "must be a non-empty string", "须为非空字符串")
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, "must be true or false", "须为 true 或 false")
        return value

    def amount(self, key: str, default: str | None = None) -> Decimal:
        """Money in yuan, at most 2 decimals, never negative."""
        value = self.data.get(key, default) if default is not None else self.raw(key)
        try:
            money = parse_amount(value)
        except InvalidAmount:
            zh = "金额无效:须为最多两位小数的数字"
            raise self.fail(key, "must be an amount with at most 2 decimals", zh) from None
        if money < 0:
            raise self.fail(key, "must not be negative", "金额不得为负数")
        return money

    def ratio(self, key: str) -> Decimal:
        """A share between 0 and 1 (e.g. "0.70"); over 100% is refused."""
        value = self.raw(key)
        if isinstance(value, bool | float) or not isinstance(value, str | int | Decimal):
            raise self.fail(key, 'must be a decimal such as "0.70"', '须为小数，如 "0.70"')
        try:
            share = Decimal(str(value))
        except ArithmeticError:
            raise self.fail(
                key, 'must be a decimal such as "0.70"', '须为小数，如 "0.70"'
            ) from None
        if not share.is_finite() or not 0 <= share <= 1:
            raise self.fail(
                key, "must be between 0 and 1 (0% to 100%)", "须在 0 至 1 之间(0%至100%)"
            )
        return share

    def quantity(self, key: str, most: Decimal) -> Decimal:
        """A positive number of units (years, months, days), at most `most`, 2 decimals."""
        value = self.raw(key)
        if isinstance(value, bool | float) or not isinstance(value, str | int | Decimal):
            raise self.fail(key, 'must be a decimal such as "20"', '须为数字，如 "20"')
        try:
            number = Decimal(str(value))
        except ArithmeticError:
            raise self.fail(key, 'must be a decimal such as "20"', '须为数字，如 "20"') from None
        if not number.is_finite() or not 0 < number <= most or number != round(number, 2):
            en = f"must be above 0 and at most {most}, with at most 2 decimals"
            raise self.fail(key, en, f"须大于 0 且不超过 {most}，最多两位小数")
        return number

    def count(self, key: str, default: int) -> int:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.fail(key, "must be a non-negative integer", "须为非负整数")
        return value

    def date(self, key: str) -> dt.date:
        value = self.raw(key)
        try:
            return dt.date.fromisoformat(value) if isinstance(value, str) else _not_a_date()
        except ValueError:
            raise self.fail(
                key, "must be a date YYYY-MM-DD", "日期无效:须为 YYYY-MM-DD 格式"
            ) from None

    def child(self, key: str) -> Field:
        value = self.raw(key)
        if not isinstance(value, dict):
            raise self.fail(key, "must be an object", "须为对象")
        return Field(self.where(key), value)

    def children(self, key: str) -> list[Field]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            raise self.fail(key, "must be a list", "须为列表")
        items = [Field(f"{self.where(key)}[{index}]", item) for index, item in enumerate(value)]
        for item in items:
            if not isinstance(item.data, dict):
                raise InvalidRequest(item.path, "must be an object", "须为对象")
        return items


def _not_a_date() -> dt.date:
    raise ValueError("not a string")
