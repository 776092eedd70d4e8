"""Loss ratio (赔付率) on a known portfolio, figures worked by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from claimdesk.analytics.case_reserves import OpenClaimFacts, case_reserve
from claimdesk.analytics.loss_ratio import (
    ClaimIncurred,
    PolicyPremium,
    earned_premium,
    loss_ratios,
)

D = Decimal
YEAR_2026 = PolicyPremium("health", "group", D("36500.00"), date(2026, 1, 1), date(2026, 12, 31))


@pytest.mark.parametrize(
    ("policy", "month", "earned"),
    [
        (YEAR_2026, "2026-01", D("3100.00")),  # 36,500 × 31/365
        (YEAR_2026, "2026-02", D("2800.00")),  # 28 days
        (YEAR_2026, "2025-12", D("0.00")),  # before cover
        # 16 Jan–15 Feb 2026: 31 days of 1,000; January holds 16 of them → 516.129… → 516.13
        (PolicyPremium("auto", "c", D("1000.00"), date(2026, 1, 16), date(2026, 2, 15)),
         "2026-01", D("516.13")),
    ],
    ids=["january", "february", "before-cover", "part-month-rounded"],
)  # fmt: skip
def test_earned_premium_is_pro_rata_by_policy_days(
    policy: PolicyPremium, month: str, earned: Decimal
) -> None:
    assert earned_premium(policy, month) == earned


def test_loss_ratio_per_product_and_line_with_the_alert_over_threshold() -> None:
    # Given two health products earning 3,100 and 1,000 × 31/365 = 84.93 in January,
    other = PolicyPremium("health", "student", D("1000.00"), date(2026, 1, 1), date(2026, 12, 31))
    claims = [
        ClaimIncurred("health", "group", date(2026, 1, 5), D("2000.00"), D("0.00")),
        ClaimIncurred("health", "group", date(2026, 1, 20), D("0.00"), D("1000.00")),
        ClaimIncurred("health", "group", date(2026, 2, 1), D("999.00"), D("0.00")),  # February
        ClaimIncurred("health", "student", date(2026, 1, 9), D("10.00"), D("0.00")),
    ]
    # When the January loss ratios are computed
    rows = {(r.line, r.product_code): r for r in loss_ratios([YEAR_2026, other], claims, "2026-01")}
    # Then group: 3,000 / 3,100 = 0.9677 (over 90%), student: 10 / 84.93 = 0.1177
    assert rows[("health", "group")].incurred == D("3000.00")
    assert rows[("health", "group")].loss_ratio == D("0.9677")
    assert rows[("health", "group")].over(D("0.90"))
    assert rows[("health", "student")].loss_ratio == D("0.1177")
    assert not rows[("health", "student")].over(D("0.90"))
    # and the line total: 3,010 / 3,184.93 = 0.9451
    assert rows[("health", "")].earned_premium == D("3184.93")
    assert rows[("health", "")].loss_ratio == D("0.9451")
    assert rows[("health", "")].claims == 3


def test_no_premium_gives_no_ratio_rather_than_a_division_by_zero() -> None:
    claim = ClaimIncurred("auto", "x", date(2026, 1, 1), D("5.00"), D("0.00"))
    (row, _total) = loss_ratios([], [claim], "2026-01")
    assert row.loss_ratio is None and not row.over(D("0.9"))


@pytest.mark.parametrize(
    ("facts", "reserve"),
    [
        (OpenClaimFacts("reported", D("800.00"), None, None, D("0")), D("0.00")),
        (OpenClaimFacts("under_review", D("800.00"), None, D("640.00"), D("0")), D("640.00")),
        (OpenClaimFacts("adjudicated", D("800.00"), D("650.00"), D("640.00"), D("0")),
         D("640.00")),
        (OpenClaimFacts("approved", D("800.00"), D("650.00"), D("650.00"), D("150.00")),
         D("500.00")),
        (OpenClaimFacts("accepted", D("0.00"), None, D("12000.00"), D("0")), D("12000.00")),
        (OpenClaimFacts("closed", D("800.00"), D("650.00"), D("640.00"), D("650.00")),
         D("0.00")),
        (OpenClaimFacts("approved", D("800.00"), D("650.00"), D("100.00"), D("150.00")),
         D("0.00")),
    ],
    ids=["not-registered-no-reserve", "booked", "booked-not-payable", "less-advance-paid",
         "booked-auto-reserve", "closed", "never-negative"],
)  # fmt: skip
def test_case_reserve_rule(facts: OpenClaimFacts, reserve: Decimal) -> None:
    assert case_reserve(facts) == reserve


def test_months_are_beijing_calendar_months() -> None:
    from datetime import UTC, datetime, timedelta, timezone

    from claimdesk.analytics.management import month_of, month_window

    assert month_of(datetime(2026, 5, 31, 15, 59, tzinfo=UTC)) == "2026-05"
    assert month_of(datetime(2026, 5, 31, 16, 0, tzinfo=UTC)) == "2026-06"  # 00:00 in Beijing
    naive_utc = datetime(2026, 5, 31, 16, 0, tzinfo=UTC).replace(tzinfo=None)  # as SQLite gives
    assert month_of(naive_utc) == "2026-06"
    assert month_of(datetime(2026, 6, 1, 0, 0, tzinfo=timezone(timedelta(hours=8)))) == "2026-06"
    start, end = month_window("2026-06")
    assert (start, end) == (
        datetime(2026, 5, 31, 16, tzinfo=UTC),
        datetime(2026, 6, 30, 16, tzinfo=UTC),
    )


def test_recoveries_come_off_incurred_in_the_product_and_the_line_total() -> None:
    # Given January: 3,000 paid and 500 in reserve, then 1,200 recovered (追偿 + salvage sale)
    claims = [
        ClaimIncurred("auto", "c", date(2026, 1, 5), D("3000.00"), D("500.00"), D("1200.00")),
        ClaimIncurred("auto", "c", date(2026, 1, 9), D("0.00"), D("0.00")),
    ]
    policy = PolicyPremium("auto", "c", D("36500.00"), date(2026, 1, 1), date(2026, 12, 31))
    (row, total) = loss_ratios([policy], claims, "2026-01")
    # Then net incurred is 3,000 + 500 − 1,200 = 2,300 over 3,100 earned
    assert (row.recoveries, row.incurred, row.loss_ratio) == (
        D("1200.00"), D("2300.00"), D("0.7419")
    )  # fmt: skip
    assert (total.recoveries, total.incurred) == (D("1200.00"), D("2300.00"))
