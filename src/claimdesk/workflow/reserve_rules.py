"""Initial case reserve (立案估损) by product: the rule is data (reserve_rules.yaml), the
arithmetic a pure function. Money in yuan, rounded half up to the fen."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import yaml

from claimdesk.domain.money import FEN

ZERO = Decimal("0.00")


class ReserveMethod(StrEnum):
    CLAIMED_FACTOR = "claimed_factor"
    CLOSED_AVERAGE = "closed_average"
    REPORTED_ESTIMATE = "reported_estimate"  # auto: set at the report (services/auto/reserves)


class ReserveRuleError(ValueError):
    """The reserve-rule table is malformed; raised on load, never later."""


@dataclass(frozen=True)
class ReserveRule:
    method: ReserveMethod
    factor: Decimal = Decimal("1.00")
    minimum: Decimal = ZERO
    min_claims: int = 5
    fallback_factor: Decimal = Decimal("1.00")


@dataclass(frozen=True)
class ClosedAverage:
    """The product's claims closed as paid: how many and their average paid amount."""

    claims: int
    average_paid: Decimal


@dataclass(frozen=True)
class ReserveRules:
    default: ReserveRule
    products: Mapping[str, ReserveRule]

    def for_product(self, product_code: str) -> ReserveRule:
        return self.products.get(product_code, self.default)


def initial_reserve(
    rule: ReserveRule, claimed: Decimal, similar: ClosedAverage | None = None
) -> tuple[Decimal, str]:
    """The reserve at registration and the reason that explains it (zh / en)."""
    if rule.method is ReserveMethod.CLOSED_AVERAGE:
        if similar is not None and similar.claims >= rule.min_claims:
            n = similar.claims
            reason = f"立案估损：同类已结案件平均赔款（{n}件）/ average paid of {n} similar claims"
            return _fen(similar.average_paid), reason
        factor, least = rule.fallback_factor, rule.min_claims
        reason = (
            f"立案估损：索赔金额×{factor}（同类结案不足{least}件）"
            f" / claimed × {factor} (fewer than {least} similar settled claims)"
        )
        return _fen(claimed * factor), reason
    if rule.method is ReserveMethod.REPORTED_ESTIMATE:
        raise ValueError("reported_estimate reserves are set at the auto report")
    amount = max(_fen(claimed * rule.factor), rule.minimum)
    return amount, f"立案估损：索赔金额×{rule.factor} / claimed × {rule.factor}"


def parse_reserve_rules(text: str) -> ReserveRules:
    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict) or "default" not in data:
        raise ReserveRuleError("reserve_rules: a `default` rule is required")
    products = data.get("products") or {}
    if not isinstance(products, dict):
        raise ReserveRuleError("reserve_rules: `products` must map a product code to a rule")
    default = _parse_rule("default", data["default"])
    if default.method is ReserveMethod.REPORTED_ESTIMATE:
        raise ReserveRuleError("reserve_rules: the default cannot be reported_estimate")
    parsed = {str(code): _parse_rule(str(code), row) for code, row in products.items()}
    return ReserveRules(default, MappingProxyType(parsed))


@lru_cache(maxsize=1)
def default_reserve_rules() -> ReserveRules:
    text = resources.files("claimdesk.workflow").joinpath("reserve_rules.yaml").read_text("utf-8")
    return parse_reserve_rules(text)


def _parse_rule(name: str, row: Any) -> ReserveRule:
    if not isinstance(row, dict):
        raise ReserveRuleError(f"reserve_rules {name}: expected a mapping")
    try:
        rule = ReserveRule(
            method=ReserveMethod(row["method"]),
            factor=_decimal(row.get("factor", "1.00")),
            minimum=_decimal(row.get("minimum", "0.00")),
            min_claims=int(row.get("min_claims", 5)),
            fallback_factor=_decimal(row.get("fallback_factor", "1.00")),
        )
    except (KeyError, TypeError, ValueError, InvalidOperation) as error:
        raise ReserveRuleError(f"reserve_rules {name}: {error}") from error
    if rule.factor <= 0 or rule.fallback_factor <= 0 or rule.minimum < 0 or rule.min_claims < 1:
        raise ReserveRuleError(f"reserve_rules {name}: factors must be positive")
    return rule


def _decimal(raw: object) -> Decimal:
    if isinstance(raw, float):  # YAML 0.8 is a float: money factors are written as strings
        raise ReserveRuleError(f"write {raw} in quotes (a decimal, not a float)")
    return Decimal(str(raw))


def _fen(value: Decimal) -> Decimal:
    return value.quantize(FEN, ROUND_HALF_UP)
