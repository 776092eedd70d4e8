"""The 理赔时效监测表 reminder: from the 1st until last month's report is marked submitted,
overdue after the 5th (Beijing time)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from claimdesk.domain.months import submission_reminder


def test_reminded_from_the_first_and_overdue_after_the_fifth() -> None:
    first = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)  # 1 December 00:00 in Beijing
    reminder = submission_reminder(first, submitted=False)
    assert reminder is not None
    assert (reminder.month, reminder.due, reminder.overdue) == ("2026-11", date(2026, 12, 5), False)
    fifth = datetime(2026, 12, 5, 15, 59, tzinfo=UTC)  # 23:59 on the 5th in Beijing
    assert submission_reminder(fifth, submitted=False).overdue is False  # type: ignore[union-attr]
    sixth = datetime(2026, 12, 5, 16, 0, tzinfo=UTC)
    assert submission_reminder(sixth, submitted=False).overdue is True  # type: ignore[union-attr]


def test_no_reminder_once_submitted() -> None:
    assert submission_reminder(datetime(2026, 12, 2, 2, 0, tzinfo=UTC), submitted=True) is None


def test_january_reminds_of_december() -> None:
    reminder = submission_reminder(datetime(2027, 1, 3, 2, 0, tzinfo=UTC), submitted=False)
    assert reminder is not None and (reminder.month, reminder.due) == ("2026-12", date(2027, 1, 5))
