"""Issue 12: the demo's month has complaints and callbacks (投诉, 回访) on the desks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from claimdesk.bootstrap import Container
from claimdesk.demo.desk import OPEN_COMPLAINTS
from claimdesk.demo.health import PATHS, load_demo_data

TODAY = datetime(2026, 12, 2, 6, 0, tzinfo=UTC)


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
