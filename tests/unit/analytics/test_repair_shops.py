"""Repair-shop performance (合作修理厂考核), figures worked by hand."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from claimdesk.analytics.repair_shops import ShopClaim, shop_performance


def _at(day: int, hour: int = 0) -> datetime:
    return datetime(2026, 5, day, hour, tzinfo=UTC)


def test_cycle_time_re_repairs_and_complaints_per_shop() -> None:
    claims = [
        ShopClaim("燕京", 1, _at(1), _at(4), False, 0),  # 3 days
        ShopClaim("燕京", 2, _at(2), _at(6, 12), True, 1),  # 4.5 days, reopened, 1 complaint
        ShopClaim("燕京", 3, _at(3), None, False, 2),  # still open: no cycle time
        ShopClaim("博瑞", 4, None, None, False, 0),
    ]
    (borui, yanjing) = shop_performance(claims)
    assert (yanjing.claims, yanjing.closed, yanjing.average_cycle_days) == (3, 2, Decimal("3.8"))
    assert (yanjing.re_repairs, yanjing.complaints) == (1, 3)
    assert (borui.shop, borui.closed, borui.average_cycle_days) == ("博瑞", 0, None)
