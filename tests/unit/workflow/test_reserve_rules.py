"""立案估损 by product: the rule table as data and the arithmetic, without a database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from claimdesk.workflow.reserve_rules import (
    ClosedAverage,
    ReserveMethod,
    ReserveRule,
    ReserveRuleError,
    default_reserve_rules,
    initial_reserve,
    parse_reserve_rules,
)

D = Decimal


def test_claimed_times_factor_rounds_half_up_to_the_fen_with_a_floor() -> None:
    rule = ReserveRule(ReserveMethod.CLAIMED_FACTOR, factor=D("0.80"), minimum=D("500.00"))
    assert initial_reserve(rule, D("1234.56"))[0] == D("987.65")  # 987.648
    assert initial_reserve(rule, D("100.00"))[0] == D("500.00")  # the minimum


def test_closed_average_needs_enough_similar_claims_else_falls_back() -> None:
    rule = ReserveRule(ReserveMethod.CLOSED_AVERAGE, min_claims=5, fallback_factor=D("1.00"))
    enough = initial_reserve(rule, D("20000.00"), ClosedAverage(5, D("15333.333")))
    assert enough[0] == D("15333.33") and "5件" in enough[1]
    few = initial_reserve(rule, D("20000.00"), ClosedAverage(4, D("15333.33")))
    assert few[0] == D("20000.00") and "不足5件" in few[1]
    assert initial_reserve(rule, D("20000.00"), None)[0] == D("20000.00")


def test_the_shipped_table_covers_every_product_line() -> None:
    rules = default_reserve_rules()
    assert rules.for_product("tianan-group-medical").factor == D("0.80")
    assert rules.for_product("tianan-student-accident").method is ReserveMethod.CLOSED_AVERAGE
    assert rules.for_product("auto-commercial").method is ReserveMethod.REPORTED_ESTIMATE
    assert rules.for_product("unknown-product") == rules.default


@pytest.mark.parametrize(
    "text",
    [
        "products: {}",  # no default
        "default: {method: claimed_factor, factor: 0.8}",  # a float, not a decimal string
        "default: {method: guess}",
        'default: {method: claimed_factor, factor: "0"}',
        "default: {method: reported_estimate}",
    ],
    ids=["no-default", "float-factor", "unknown-method", "zero-factor", "default-auto-only"],
)
def test_a_malformed_table_is_refused_on_load(text: str) -> None:
    with pytest.raises(ReserveRuleError):
        parse_reserve_rules(text)
