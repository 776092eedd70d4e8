"""理赔时效监测表 figures over four hand-made claims, each expectation computed by hand.

November 2026 (Beijing time) has no public holiday: working days are Monday–Friday.
A: health, reported Mon 11-02 09:00, paid and settled Fri 11-06 (4 days, 4 working days).
B: health, reported 10-20, denied 11-10 (21 days, 15 working days), decided after 15 working
   days (late on the 7-working-day limit), within 30 days of complete materials.
C: auto, reported 11-20, registered 73 hours later (late on 48 hours), open, staff: dispute.
D: auto, reported 08-01, accepted, still awaiting materials: open 121 days, two limits past.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from claimdesk.analytics.monitoring import ALL, MonitoringTable, age_band, monitoring_table
from claimdesk.analytics.monitoring_limits import DayCounter, percentile_90
from claimdesk.domain.months import BEIJING, Month
from claimdesk.workflow.calendar import WorkingDayCalendar

NOVEMBER = Month(2026, 11)
NOW = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


def _t(month: int, day: int, hour: int = 1) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Facts:
    claim_no: str
    line_of_business: str
    status: str
    reported_at: datetime
    accepted_at: datetime | None = None
    registered_at: datetime | None = None
    materials_complete_at: datetime | None = None
    adjudicated_at: datetime | None = None
    approved_at: datetime | None = None
    paid_at: datetime | None = None
    closed_at: datetime | None = None
    outcome: str | None = None
    paid_amount: Decimal = Decimal("0.00")
    handler: str | None = None
    open_reason: str | None = None
    open_reason_note: str = ""


A = Facts("A", "health", "paid", _t(11, 2), _t(11, 2, 3), None, _t(11, 3), _t(11, 4), _t(11, 5),
          _t(11, 6), _t(11, 6), "paid", Decimal("800.00"))  # fmt: skip
B = Facts("B", "health", "denied", _t(10, 20, 2), _t(10, 20, 3), None, _t(10, 21),
          closed_at=_t(11, 10, 2), outcome="denied")  # fmt: skip
C = Facts("C", "auto", "under_review", _t(11, 20), registered_at=_t(11, 23, 2),
          open_reason="dispute", open_reason_note="对定损金额有异议")  # fmt: skip
D = Facts("D", "auto", "materials_pending", _t(8, 1), _t(8, 1, 2), handler="specialist")


@pytest.fixture(scope="module")
def table() -> MonitoringTable:
    return monitoring_table(NOVEMBER, [A, B, C, D], NOW)


def _line(table: MonitoringTable, line: str):  # type: ignore[no-untyped-def]
    return next(row for row in table.lines if row.line == line)


def test_counts_per_line_and_in_total(table: MonitoringTable) -> None:
    health, auto, total = (_line(table, line) for line in ("health", "auto", ALL))
    assert (health.reported, health.registered, health.closed, health.open_at_end) == (1, 1, 2, 0)
    assert (health.closed_paid, health.closed_denied, health.closed_withdrawn) == (1, 1, 0)
    assert (auto.reported, auto.registered, auto.closed, auto.open_at_end) == (1, 1, 0, 2)
    assert (total.reported, total.registered, total.closed, total.open_at_end) == (2, 2, 2, 2)
    assert health.closing_ratio == Decimal("2.0000") and total.closing_ratio == Decimal("1.0000")
    assert health.paid_amount == total.paid_amount == Decimal("800.00")


def test_durations_average_and_p90_in_calendar_and_working_days(table: MonitoringTable) -> None:
    stages = {d.stage: d for d in _line(table, "health").durations}
    whole = stages["report_to_close"]
    assert (whole.claims, whole.average_days, whole.p90_days) == (2, Decimal("12.50"),
                                                                  Decimal("21.00"))  # fmt: skip
    assert (whole.average_working_days, whole.p90_working_days) == (Decimal("9.50"),
                                                                    Decimal("15.00"))  # fmt: skip
    first = stages["report_to_registration"]  # A: 2 hours; B registered in October
    assert (first.claims, first.average_days) == (1, Decimal("0.08"))
    assert stages["registration_to_adjudication"].average_days == Decimal("1.92")
    assert stages["approval_to_payment"].average_days == Decimal("1.00")


@pytest.mark.parametrize(
    ("limit", "counted", "met", "rate"),
    [
        ("registration", 2, 1, Decimal("0.5000")),  # A 2 h, C 73 h
        ("decision_without_dispute", 2, 1, Decimal("0.5000")),  # B decided after 15 days
        ("decision_after_materials", 2, 2, Decimal("1.0000")),
        ("payment_after_agreement", 1, 1, Decimal("1.0000")),
        ("closed_within_60_days", 2, 2, Decimal("1.0000")),
    ],
    ids=lambda value: str(value),
)
def test_compliance_of_each_limit_in_total(
    table: MonitoringTable, limit: str, counted: int, met: int, rate: Decimal
) -> None:
    row = next(c for c in table.compliance if c.line == ALL and c.limit == limit)
    assert (row.counted, row.met, row.rate) == (counted, met, rate)
    assert row.meets_target is (rate >= Decimal("0.95"))


def test_open_claims_by_age_band_and_reason(table: MonitoringTable) -> None:
    by_age = {(c.line, c.key): c.claims for c in table.open_by_age}
    assert by_age == {("auto", "8-30"): 1, ("auto", ">90"): 1, (ALL, "8-30"): 1, (ALL, ">90"): 1}
    by_reason = {(c.line, c.key): c.claims for c in table.open_by_reason if c.line == ALL}
    assert by_reason == {(ALL, "dispute"): 1, (ALL, "awaiting_materials"): 1}


def test_breached_open_claims_name_their_limits_handler_and_reason(
    table: MonitoringTable,
) -> None:
    (late,) = table.breached
    assert (late.claim_no, late.days_open, late.handler) == ("D", 121, "specialist")
    assert late.limits == ("decision_without_dispute", "closed_within_60_days")
    assert late.reason == "awaiting_materials"


def test_a_claim_settled_after_the_month_counts_as_open_then() -> None:
    later = Facts("E", "health", "paid", _t(11, 25), closed_at=_t(12, 3), outcome="paid")
    figures = monitoring_table(NOVEMBER, [later], NOW)
    assert _line(figures, ALL).open_at_end == 1
    assert [c.key for c in figures.open_by_reason] == ["closed_later", "closed_later"]


def test_p90_is_the_nearest_rank_and_age_bands_close_on_the_right() -> None:
    values = [Decimal(n) for n in range(1, 11)]
    assert percentile_90(values) == Decimal("9.00") and percentile_90([]) is None
    assert age_band(NOVEMBER, datetime(2026, 11, 23, 16, 0, tzinfo=UTC)) == "0-7"
    assert age_band(NOVEMBER, datetime(2026, 11, 22, 15, 0, tzinfo=UTC)) == "8-30"


def test_the_day_counter_agrees_with_the_working_day_calendar() -> None:
    calendar, counter = WorkingDayCalendar(), DayCounter()
    rng = random.Random(7)
    for _ in range(200):
        day = date(2025, 1, 1) + timedelta(days=rng.randrange(700))
        n = rng.randrange(0, 40)
        assert counter.add(day, n) == calendar.add_working_days(day, n), (day, n)
        start = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(hours=rng.randrange(700 * 24))
        end = start + timedelta(hours=rng.randrange(90 * 24))
        first, last = (moment.astimezone(BEIJING).date() for moment in (start, end))
        expected = sum(calendar.is_working_day(first + timedelta(days=k))
                       for k in range(1, (last - first).days + 1))  # fmt: skip
        assert counter.working_days_between(start, end) == expected
