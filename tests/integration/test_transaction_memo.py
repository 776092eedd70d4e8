"""Policies, insured persons, blacklist entries and the calendar read once per transaction.

A report reads them for the new claim, the fraud facts, the deadlines and the 预赔 engine
request; the later reads reuse the first. A write to them, a savepoint or another transaction
must never leave a read answering other than the database would.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from claimdesk.bootstrap import Container
from claimdesk.domain.policy import InsuredPerson, Policy
from claimdesk.fraud.cases import StoredBlacklistEntry
from claimdesk.services.ports import CalendarDay

pytestmark = pytest.mark.postgres

NOW = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
ID_NUMBER = "110105194912310021"


@pytest.fixture
def reads() -> Iterator[list[str]]:
    """SELECTs sent to the database."""
    seen: list[str] = []

    def listen(_c: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(Engine, "before_cursor_execute", listen)
    yield seen
    event.remove(Engine, "before_cursor_execute", listen)


def _seed(container: Container) -> tuple[int, int]:
    with container.uow() as uow:
        policy = uow.policies.add(
            Policy(None, "P-MEMO", "tianan-group-medical", "天安", date(2026, 1, 1),
                   date(2026, 12, 31)), NOW)  # fmt: skip
        insured = uow.policies.add_insured(
            InsuredPerson(None, policy.id or 0, "M1", "张三丰", ID_NUMBER, "13800000001")
        )
        uow.commit()
    return policy.id or 0, insured.id or 0


def _entry(reason: str) -> StoredBlacklistEntry:
    return StoredBlacklistEntry(None, ID_NUMBER, "张三丰", reason, "", date(2026, 1, 1), None,
                                "investigator", NOW)  # fmt: skip


def test_a_transaction_reads_each_once(container: Container, reads: list[str]) -> None:
    policy_id, insured_id = _seed(container)
    with container.uow() as uow:
        found = uow.policies.find_by_number("P-MEMO")
        assert found is not None and uow.policies.find_insured(policy_id, "M1") is not None
        uow.fraud.blacklist_for(ID_NUMBER)
        uow.tracking.calendar_days()
        before = len(reads)
        assert uow.policies.get(policy_id) == found
        assert uow.policies.get_insured(insured_id).member_no == "M1"
        assert uow.fraud.blacklist_for(ID_NUMBER) == []
        assert uow.tracking.calendar_days() == []
        assert reads[before:] == []


def test_a_write_in_the_transaction_is_read_back(container: Container) -> None:
    policy_id, _ = _seed(container)
    with container.uow() as uow:
        assert uow.policies.get(policy_id).premium != Decimal("123.00")
        assert uow.fraud.blacklist_for(ID_NUMBER) == []
        assert uow.tracking.calendar_days() == []
        uow.management.set_premium(policy_id, Decimal("123.00"))
        uow.fraud.add_blacklist_entry(_entry("骗保"))
        uow.tracking.add_calendar_day(CalendarDay(date(2026, 10, 1), "holiday", "国庆"))
        assert uow.policies.get(policy_id).premium == Decimal("123.00")
        assert [e.reason for e in uow.fraud.blacklist_for(ID_NUMBER)] == ["骗保"]
        assert [d.day for d in uow.tracking.calendar_days()] == [date(2026, 10, 1)]


def test_another_transaction_reads_again(container: Container) -> None:
    policy_id, _ = _seed(container)
    with container.uow() as uow:
        assert uow.fraud.blacklist_for(ID_NUMBER) == []
        assert uow.tracking.calendar_days() == []
        uow.policies.get(policy_id)
        uow.commit()  # the same unit of work goes on in a new transaction
        with container.uow() as other:
            other.fraud.add_blacklist_entry(_entry("骗保"))
            other.tracking.add_calendar_day(CalendarDay(date(2026, 10, 1), "holiday", "国庆"))
            other.management.set_premium(policy_id, Decimal("123.00"))
            other.commit()
        assert [e.reason for e in uow.fraud.blacklist_for(ID_NUMBER)] == ["骗保"]
        assert [d.day for d in uow.tracking.calendar_days()] == [date(2026, 10, 1)]
        assert uow.policies.get(policy_id).premium == Decimal("123.00")


def test_a_savepoint_rolled_back_forgets_what_was_read_under_it(container: Container) -> None:
    _seed(container)
    with container.uow() as uow:
        savepoint = uow.session.begin_nested()
        uow.fraud.add_blacklist_entry(_entry("骗保"))
        assert [e.reason for e in uow.fraud.blacklist_for(ID_NUMBER)] == ["骗保"]
        savepoint.rollback()
        assert uow.fraud.blacklist_for(ID_NUMBER) == []
