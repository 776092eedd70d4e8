"""Claims and tasks built from stored rows without `__init__` are what `__init__` builds."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, fields
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from claimdesk.adapters.db.mapping import claim_from_row, claim_to_row, stored
from claimdesk.adapters.db.models_tasks import TaskRow
from claimdesk.adapters.db.task_repository import _task
from claimdesk.domain.claim import (
    AccidentFacts,
    AccidentOutcome,
    Approval,
    BillLine,
    Claim,
    ClaimStatus,
    Denial,
    LineOfBusiness,
    Visit,
)
from claimdesk.domain.tasks import Task

AT = datetime(2026, 6, 1, 8, 30, tzinfo=UTC)


def a_claim_with_every_field_set() -> Claim:
    line = BillLine("L1", "drug", "阿莫西林", Decimal("10.00"), Decimal("4.00"), Decimal("1.00"),
                    Decimal("2.00"), Decimal("3.00"), True, 7, 2)  # fmt: skip
    visit = Visit("V1", "inpatient", date(2026, 5, 20), "H001", "市一医院", "骨折", (line,),
                  date(2026, 5, 25), False, 2, "icu", "beijing", "surgery", True,
                  Decimal("5.00"), "R-1", False, True)  # fmt: skip
    return Claim(
        7, "CLM-1", 3, 4, "tianan-student-accident", LineOfBusiness.ACCIDENT,
        ClaimStatus.APPROVED, AT, 2, date(2026, 5, 20), "跌倒", Decimal("10.00"), (visit,), 5,
        "ok", AT, True, 9, (9, 11), True, "疑难", Approval(12, Decimal("8.00"), AT),
        Denial(("R01",), "第二十四条"),
        AccidentFacts(date(2026, 5, 20), "校园", "跌倒", "摔倒"),
        AccidentOutcome("disability", date(2026, 5, 30), (8, 9), 10),
    )  # fmt: skip


def test_a_claim_read_back_is_the_claim_init_built_field_for_field() -> None:
    claim = a_claim_with_every_field_set()
    row = claim_to_row(claim)
    row.id = 7  # given by the database on insert
    read = claim_from_row(row)
    assert read == claim and hash(read) == hash(claim)
    # Every field is set, in the declared order (a field the mapping forgot would be missing).
    assert list(vars(read)) == list(vars(claim)) == [f.name for f in fields(Claim)]
    visit, line = read.visits[0], read.visits[0].lines[0]
    assert list(vars(visit)) == [f.name for f in fields(Visit)]
    assert list(vars(line)) == [f.name for f in fields(BillLine)]


def test_a_task_read_back_is_the_task_init_built() -> None:
    task = Task(5, 7, "adjudicate", "specialist", 3, "open", AT, AT, AT, 2, "请尽快")
    row = TaskRow(**{f.name: getattr(task, f.name) for f in fields(Task)})
    read = _task(row)
    assert read == task and list(vars(read)) == [f.name for f in fields(Task)]


def test_a_stored_object_is_still_frozen_and_equal() -> None:
    values = {"approved_by": 12, "amount": Decimal("8.00"), "at": AT}
    made = stored(Approval, **values)
    assert made == Approval(**values) and repr(made) == repr(Approval(**values))
    with pytest.raises(FrozenInstanceError):
        made.amount = Decimal("1.00")  # type: ignore[misc]
