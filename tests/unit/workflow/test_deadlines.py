"""Every time limit of system.md, computed on the 2026 calendar (Asia/Shanghai)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from claimdesk.workflow.calendar import CalendarOverrides, WorkingDayCalendar
from claimdesk.workflow.deadlines import (
    SHANGHAI,
    Deadline,
    DeadlineStatus,
    TimeLimitCode,
    TimeLimitDataError,
    add_months,
    deadline_for,
    deadline_status,
    default_time_limits,
    parse_time_limits,
    paused_days_between,
)

CALENDAR = WorkingDayCalendar()
# The day before the National Day holiday (国庆 10/1–10/7, 10/10 a make-up Saturday).
START = datetime(2026, 9, 30, 10, 0, tzinfo=SHANGHAI)
EPSILON = timedelta(microseconds=1)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def end_of(day: str) -> datetime:
    return at(f"{day}T23:59:59.999999")


@pytest.mark.parametrize(
    ("code", "expected_due"),
    [
        pytest.param(TimeLimitCode.MISSING_MATERIALS_NOTICE, end_of("2026-10-08"), id="notice-1wd"),
        pytest.param(TimeLimitCode.FIRST_FEEDBACK, at("2026-10-01T10:00"), id="feedback-24h"),
        pytest.param(TimeLimitCode.SURVEYOR_CONTACT, at("2026-09-30T10:10"), id="contact-10min"),
        pytest.param(TimeLimitCode.REGISTRATION, at("2026-10-02T10:00"), id="register-48h"),
        pytest.param(
            TimeLimitCode.DECISION_WITHOUT_DISPUTE, end_of("2026-10-15"), id="no-dispute-7wd"
        ),
        pytest.param(TimeLimitCode.COMPLEX_CASE_OPINION, end_of("2026-10-13"), id="complex-5wd"),
        pytest.param(TimeLimitCode.INPATIENT_PAYMENT, end_of("2026-10-20"), id="inpatient-10wd"),
        pytest.param(
            TimeLimitCode.DECISION_AFTER_MATERIALS, end_of("2026-10-30"), id="law-23-decision-30d"
        ),
        pytest.param(TimeLimitCode.REFUSAL_NOTICE, end_of("2026-10-03"), id="law-24-refusal-3d"),
        pytest.param(
            TimeLimitCode.PAYMENT_AFTER_AGREEMENT, end_of("2026-10-10"), id="law-23-payment-10d"
        ),
        pytest.param(TimeLimitCode.ADVANCE_PAYMENT, end_of("2026-11-29"), id="law-25-advance-60d"),
        pytest.param(
            TimeLimitCode.COMPLAINT_ORDINARY, end_of("2026-10-10"), id="complaint-3wd-make-up-sat"
        ),
        pytest.param(TimeLimitCode.COMPLAINT_MAJOR, end_of("2026-10-13"), id="complaint-major-5wd"),
        pytest.param(TimeLimitCode.COMPLAINT_REGULATOR, end_of("2026-10-15"), id="regulator-15d"),
    ],
)
def test_given_a_start_before_national_day_when_computing_each_limit_then_due_as_the_table_says(
    code: TimeLimitCode, expected_due: datetime
) -> None:
    deadline = deadline_for(code, START, CALENDAR)

    assert deadline.due_at == expected_due
    assert deadline.due_at.tzinfo is SHANGHAI
    assert START < deadline.at_risk_at < deadline.due_at
    assert deadline.uncertain_years == frozenset()


def test_given_every_code_when_loading_the_shipped_table_then_each_has_a_source() -> None:
    table = default_time_limits()

    assert set(table) == set(TimeLimitCode)
    assert all(limit.source and limit.name_zh and limit.name_en for limit in table.values())


def test_given_a_start_in_utc_when_computing_then_the_shanghai_date_counts() -> None:
    # 2026-02-13 17:00 UTC is Saturday 14 Feb 01:00 in Shanghai, a make-up working day.
    started = datetime(2026, 2, 13, 17, 0, tzinfo=UTC)

    deadline = deadline_for(TimeLimitCode.MISSING_MATERIALS_NOTICE, started, CALENDAR)

    assert deadline.due_at == end_of("2026-02-24")


def test_given_days_awaiting_materials_when_computing_the_30_day_decision_then_they_are_added() -> (
    None
):
    pauses = [(date(2026, 10, 5), date(2026, 10, 9)), (date(2026, 10, 8), date(2026, 10, 10))]

    paused = paused_days_between(pauses)
    deadline = deadline_for(
        TimeLimitCode.DECISION_AFTER_MATERIALS, START, CALENDAR, paused_days=paused
    )

    assert paused == 5  # 10/5–10/9, overlapping days counted once
    assert deadline.due_at == end_of("2026-11-04")


def test_given_a_limit_that_cannot_pause_when_pausing_then_refused() -> None:
    with pytest.raises(ValueError, match="cannot be paused"):
        deadline_for(TimeLimitCode.REFUSAL_NOTICE, START, CALENDAR, paused_days=2)


def test_given_a_naive_start_when_computing_then_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        deadline_for(TimeLimitCode.FIRST_FEEDBACK, datetime(2026, 9, 30, 10, 0), CALENDAR)  # noqa: DTZ001


def test_given_working_days_into_2027_when_computing_then_the_deadline_is_flagged_uncertain() -> (
    None
):
    started = at("2026-12-28T09:00")

    deadline = deadline_for(TimeLimitCode.DECISION_WITHOUT_DISPUTE, started, CALENDAR)

    assert deadline.due_at == end_of("2027-01-06")  # Mon–Fri fallback for 2027
    assert deadline.uncertain_years == frozenset({2027})


def test_given_2027_new_year_in_the_admin_table_when_computing_then_it_is_skipped() -> None:
    calendar = WorkingDayCalendar(CalendarOverrides(holidays=frozenset({date(2027, 1, 1)})))

    deadline = deadline_for(
        TimeLimitCode.DECISION_WITHOUT_DISPUTE, at("2026-12-28T09:00"), calendar
    )

    assert deadline.due_at == end_of("2027-01-07")


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        pytest.param(date(2026, 9, 30), 15, date(2027, 12, 30), id="corresponding-day"),
        pytest.param(date(2025, 11, 30), 3, date(2026, 2, 28), id="no-29th-feb-takes-month-end"),
        pytest.param(date(2027, 11, 30), 3, date(2028, 2, 29), id="leap-year-month-end"),
        pytest.param(date(2026, 1, 31), 12, date(2027, 1, 31), id="whole-year"),
    ],
)
def test_given_a_month_period_when_adding_months_then_civil_code_202_applies(
    start: date, months: int, expected: date
) -> None:
    assert add_months(start, months) == expected


# --- status at an instant --------------------------------------------------------------


def feedback_deadline() -> Deadline:
    return deadline_for(TimeLimitCode.FIRST_FEEDBACK, START, CALENDAR)


def test_given_24_hours_when_80_percent_is_used_then_at_risk_exactly_at_19h12m() -> None:
    deadline = feedback_deadline()

    assert deadline.at_risk_at == at("2026-10-01T05:12")


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        pytest.param(timedelta(0), DeadlineStatus.ON_TRACK, id="just-started"),
        pytest.param(
            timedelta(hours=19, minutes=12) - EPSILON, DeadlineStatus.ON_TRACK, id="79.99%"
        ),
        pytest.param(timedelta(hours=19, minutes=12), DeadlineStatus.AT_RISK, id="exactly-80%"),
        pytest.param(timedelta(hours=24), DeadlineStatus.AT_RISK, id="exactly-due"),
        pytest.param(timedelta(hours=24) + EPSILON, DeadlineStatus.BREACHED, id="just-past-due"),
    ],
)
def test_given_an_open_deadline_when_time_passes_then_status_follows_the_boundaries(
    offset: timedelta, expected: DeadlineStatus
) -> None:
    assert deadline_status(feedback_deadline(), START + offset) is expected


@pytest.mark.parametrize(
    ("done_after", "expected"),
    [
        pytest.param(timedelta(hours=1), DeadlineStatus.MET, id="done-early"),
        pytest.param(timedelta(hours=24), DeadlineStatus.MET, id="done-on-the-due-instant"),
        pytest.param(timedelta(hours=25), DeadlineStatus.BREACHED, id="done-late"),
    ],
)
def test_given_a_done_deadline_when_asking_later_then_met_or_breached_by_when_it_was_done(
    done_after: timedelta, expected: DeadlineStatus
) -> None:
    later = START + timedelta(days=30)

    assert deadline_status(feedback_deadline(), later, done_at=START + done_after) is expected


def test_given_7_working_days_straddling_national_day_when_the_holiday_starts_then_at_risk() -> (
    None
):
    # 9/22,23,24,28,29,30 and 10/8: six of seven working days are used before the holiday.
    deadline = deadline_for(
        TimeLimitCode.DECISION_WITHOUT_DISPUTE, at("2026-09-21T09:00"), CALENDAR
    )

    assert deadline.due_at == end_of("2026-10-08")
    assert deadline.at_risk_at == at("2026-09-30T14:24")  # 5.6 working days used
    assert deadline_status(deadline, at("2026-09-30T14:23")) is DeadlineStatus.ON_TRACK
    assert deadline_status(deadline, at("2026-10-03T12:00")) is DeadlineStatus.AT_RISK
    assert deadline_status(deadline, at("2026-10-09T00:00")) is DeadlineStatus.BREACHED


def test_given_a_naive_now_when_asking_status_then_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        deadline_status(feedback_deadline(), datetime(2026, 10, 1))  # noqa: DTZ001


# --- the table is validated on load ----------------------------------------------------

VALID_ROW = """
  - code: {code}
    name_zh: 名称
    name_en: Name
    amount: {amount}
    unit: calendar_days
    starts_from: accepted
    source: test
"""


def table_text(amount: object = 3, skip: int = 0, repeat_first: bool = False) -> str:
    codes = list(TimeLimitCode)[skip:]
    if repeat_first:
        codes.append(codes[0])
    rows = "".join(VALID_ROW.format(code=code, amount=amount) for code in codes)
    return "time_limits:" + rows


def test_given_a_complete_table_when_parsing_then_every_code_loads() -> None:
    assert len(parse_time_limits(table_text())) == len(TimeLimitCode)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(table_text(skip=1), id="missing-code"),
        pytest.param(table_text(repeat_first=True), id="duplicate-code"),
        pytest.param(table_text(amount=0), id="zero-amount"),
        pytest.param(table_text(amount="three"), id="text-amount"),
        pytest.param("time_limits: {}", id="not-a-list"),
        pytest.param(table_text().replace("calendar_days", "fortnights"), id="unknown-unit"),
    ],
)
def test_given_a_broken_table_when_parsing_then_refused_on_load(text: str) -> None:
    with pytest.raises(TimeLimitDataError):
        parse_time_limits(text)
