"""Issue 12: the demo's month has complaints and callbacks (投诉, 回访) on the desks.

Issue 10: loading the demo faster must load the same demo. What main's loader stored for this
load (computed with the loader before the per-claim transactions) is kept below as counts
and the audit chain's head: the head's hash covers every audited change in order (who, when,
what, why, before and after), so a load that differs in any audited fact changes it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from claimdesk.adapters.db.models_base import Base
from claimdesk.bootstrap import Container
from claimdesk.demo.desk import OPEN_COMPLAINTS
from claimdesk.demo.health import PATHS, load_demo_data

TODAY = datetime(2026, 12, 2, 6, 0, tzinfo=UTC)
ROWS = {
    "audit_head": 1, "audit_records": 830, "claim_month_totals": 8, "claim_number_sequences": 30,
    "hospitals": 14, "loss_month_totals": 9, "paid_triangle_totals": 9, "policies": 1,
    "sla_month_totals": 72, "hospital_aliases": 17, "hospital_designations": 9,
    "insured_persons": 50, "users": 10, "approver_profiles": 2, "claims": 42,
    "payment_batches": 18, "adjudications": 25, "archive_records": 5, "callbacks": 2,
    "claim_assessments": 42, "claim_deadlines": 283, "claim_flags": 30, "claim_milestones": 42,
    "investigations": 2, "materials": 199, "notices": 8, "payment_instructions": 21,
    "reserves": 92, "tasks": 193, "visits": 42, "archive_items": 15, "benefit_ledger": 25,
    "bill_lines": 135, "complaint_cases": 6, "outbox": 218,
}  # fmt: skip
STATUSES = {
    "adjudicated": 2, "approved": 2, "archived": 5, "closed": 9, "denied": 4, "investigation": 2,
    "materials_pending": 4, "paid": 4, "payment_pending": 1, "reopened": 2, "reported": 2,
    "under_review": 2, "withdrawn": 3,
}  # fmt: skip
AUDIT_PER_CLAIM = [
    3, 8, 8, 12, 11, 13, 14, 14, 19, 21, 23, 13, 12, 22, 20, 23, 19, 20, 13, 21, 23,
    20, 12, 14, 19, 23, 20, 13, 3, 8, 8, 12, 11, 12, 14, 16, 19, 20, 22, 13, 13, 22,
]  # fmt: skip
AUDIT_HEAD = (830, "67afcd03200b21d6822c8b427914a58ac8b9aeafd4b607e1c7b58355634dcb34")


# SQLite only, as the other demo tests: `claimdesk demo` runs on SQLite.
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_demo_month_has_complaints_and_callbacks(container: Container) -> None:
    load_demo_data(container.uow, container.hasher, container.products,
                   files=container.files, claim_count=3 * len(PATHS), today=TODAY)  # fmt: skip
    with container.uow() as uow:
        cases = uow.complaints.page(status=None, insured_person_id=None, after_id=None, limit=50)
        due = uow.service_desk.due_callbacks(limit=50)
        made = uow.service_desk.recent_callbacks(limit=50)
    received = sorted(case.received_at for case in cases)
    assert len(cases) >= 4 and received[0] >= TODAY - timedelta(days=29)
    assert received[-1] - received[0] > timedelta(days=14)  # spread over the month
    assert sum(case.answered_at is None for case in cases) == OPEN_COMPLAINTS
    assert made and all(item.claim_id not in {m.callback.claim_id for m in made} for item in due)
    # The same demo as main's loader (one load serves both checks: the suite stays fast).
    assert _what_was_loaded(container) == (ROWS, STATUSES, AUDIT_PER_CLAIM, AUDIT_HEAD)


def _what_was_loaded(
    container: Container,
) -> tuple[dict[str, int], dict[str, int], list[int], tuple[int, str]]:
    with container.engine.connect() as connection:
        counted = {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in Base.metadata.sorted_tables
            if table.name != "revision_clock"  # SQLite's revision source, not loaded data
        }
        statuses = connection.execute(text("SELECT status, count(*) FROM claims GROUP BY status"))
        per_claim = connection.execute(text(
            "SELECT count(*) FROM audit_records WHERE entity_type = 'claim'"
            " GROUP BY entity_id ORDER BY CAST(entity_id AS INTEGER)"
        ))  # fmt: skip
        seq, digest = connection.execute(text("SELECT seq, hash FROM audit_head")).one()
        return (
            {name: rows for name, rows in counted.items() if rows},
            {str(status): int(rows) for status, rows in statuses},
            [int(rows) for (rows,) in per_claim],
            (int(seq), str(digest)),
        )
