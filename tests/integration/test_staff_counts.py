"""Staff KPIs counted per handler in the database (management_queries.handler_counts_query)
against the computation over every closing it replaced (staff_report_by_rows), on both
databases.

A seeded month of closings aimed at what the counts must get right: claims closed twice by the
same handler (counted once, as the last closing) and by two handlers (counted for each), an
adjudicator who is not the closer (and one recorded as ''), inactive adjudications, handlers
with odd and even numbers of closings (the median of one or two middle cycles), tied cycle
times, cycles differing by a microsecond, closings a microsecond either side of the month's
bounds, breached and cancelled time limits, complaints, claims reopened since the month began
(and one reopened before it).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import insert, text

from claimdesk.adapters.db.models import Base
from claimdesk.analytics.management import month_window
from claimdesk.analytics.management_people import staff_report, staff_report_by_rows
from claimdesk.bootstrap import Container
from claimdesk.domain.months import BEIJING
from tests.builders import World, a_world

# PostgreSQL too: see tests/conftest.py (what differs between databases).
pytestmark = pytest.mark.postgres

MONTH = "2026-11"
US = timedelta(microseconds=1)
CLOSERS = ("specialist", "specialist2", "finance", "approver", "manager")


def _book(world: World, seed: int, count: int) -> None:
    rng = random.Random(seed)
    start, end = month_window(MONTH)
    rows: dict[str, list[dict[str, Any]]] = {
        "claims": [], "audit_records": [], "adjudications": [], "claim_deadlines": [],
        "complaint_cases": [],
    }  # fmt: skip
    user = world.users["agent"].id
    shared = start - timedelta(days=3, microseconds=17)  # ties in the cycle times

    with world.container.engine.connect() as connection:  # after the world's own records
        first = connection.execute(text("SELECT COALESCE(MAX(seq), 0) FROM audit_records"))
        offset = int(first.scalar_one())

    def audit(at: datetime, actor: str, action: str, claim_id: int) -> None:
        seq = offset + len(rows["audit_records"]) + 1
        rows["audit_records"].append({
            "seq": seq, "at": at, "actor": actor, "action": action, "entity_type": "claim",
            "entity_id": str(claim_id), "reason": "", "prev_hash": f"{seq - 1:064d}"[::-1],
            "hash": f"{seq:064d}"[::-1],
        })  # fmt: skip

    events: list[tuple[datetime, str, str, int]] = []
    for claim_id in range(1, count + 1):
        reported = shared if claim_id % 7 == 0 else start - timedelta(
            days=rng.randint(0, 40), seconds=rng.randint(0, 86399),
            microseconds=rng.randint(0, 999_999))  # fmt: skip
        rows["claims"].append({
            "id": claim_id, "claim_no": f"SK{claim_id:06d}", "policy_id": world.policy.id,
            "insured_person_id": world.insured[0].id, "product_code": "tianan-group-medical",
            "line_of_business": "health", "status": "closed", "status_reason": "",
            "reported_at": reported, "reported_by": user,
            "incident_date": reported.astimezone(BEIJING).date(), "incident_description": "",
            "claimed_amount": 100_000, "version": 1, "updated_at": reported,
            "fast_track": False, "difficult": False, "difficult_reason": "",
        })  # fmt: skip
        pick = rng.random()
        if pick < 0.1:
            closed = rng.choice([start - US, start, end - US, end])  # the month's bounds
        elif pick < 0.2:
            closed = shared + timedelta(days=5) + rng.choice([timedelta(0), US])
        else:
            closed = start + timedelta(seconds=rng.randint(0, 29 * 86400),
                                       microseconds=rng.randint(0, 999_999))  # fmt: skip
        closer = rng.choice(CLOSERS)
        events.append((closed, closer, "move:closed", claim_id))
        if rng.random() < 0.15:  # closed again later in the month, by the same or another
            again = rng.choice([closer, rng.choice(CLOSERS)])
            events.append((min(closed + timedelta(hours=rng.randint(1, 48)), end - US), again,
                           "move:closed", claim_id))  # fmt: skip
        if rng.random() < 0.15:  # reopened since the month began, or (not counted) before
            reopened = rng.choice([start + timedelta(days=rng.randint(0, 40)), start, start - US])
            events.append((reopened, "manager", "move:reopened", claim_id))
        if rng.random() < 0.6:
            by = rng.choice(["specialist", "specialist2", "adjudicator3", ""])
            for active in ([True] if rng.random() < 0.8 else [False, True])[: rng.randint(1, 2)]:
                rows["adjudications"].append({
                    "claim_id": claim_id, "seq": len(rows["adjudications"]) + 1, "at": reported,
                    "by_user": by if active else "former", "product_code": "tianan-group-medical",
                    "decision": "approve", "engine_payable": 1, "payable": 1, "request": {},
                    "result": {}, "active": active,
                })  # fmt: skip
        for code in rng.sample(["registration", "decision_after_materials"], rng.randint(0, 2)):
            due = reported + timedelta(days=2)
            rows["claim_deadlines"].append({
                "claim_id": claim_id, "code": code, "started_at": reported, "due_at": due,
                "at_risk_at": due - timedelta(hours=4),
                "done_at": rng.choice([None, due - US, due, due + US]),
                "cancelled_at": rng.choice([None, None, None, due]),
            })  # fmt: skip
        for _ in range(rng.choice([0, 0, 0, 0, 1, 2])):
            rows["complaint_cases"].append({
                "claim_id": claim_id, "channel": "phone", "text": "投诉", "received_at": closed,
                "created_by": user, "severity": "normal", "status": "open",
                "internal_code": f"TS{len(rows['complaint_cases']):05d}",
                "internal_due_at": closed, "internal_at_risk_at": closed,
                "regulator_due_at": closed, "regulator_at_risk_at": closed,
            })  # fmt: skip
    for at, actor, action, claim_id in sorted(events):
        audit(at, actor, action, claim_id)
    tables = Base.metadata.tables
    with world.container.engine.begin() as connection:
        for name, values in rows.items():
            if values:
                connection.execute(insert(tables[name]), values)


@pytest.mark.parametrize(("seed", "count"), [(1, 240), (2, 61), (3, 9)])
def test_counts_per_handler_equal_the_kpis_over_every_closing(
    container: Container, seed: int, count: int
) -> None:
    world = a_world(container)
    _book(world, seed, count)
    manager = world.users["manager"]
    by_rows = staff_report_by_rows(container.uow(), manager, MONTH)
    assert staff_report(container.uow(), manager, MONTH) == by_rows
    assert by_rows
    if count > 100:  # the big book is not trivial
        assert {kpi.closed % 2 for kpi in by_rows} == {0, 1}
        assert any(kpi.reopen_rate for kpi in by_rows) and any(kpi.complaints for kpi in by_rows)
        assert any(0 < kpi.within_limit_rate < 1 for kpi in by_rows)
        assert "adjudicator3" in {kpi.handler for kpi in by_rows}


def test_a_month_without_closings(container: Container) -> None:
    world = a_world(container)
    manager = world.users["manager"]
    assert staff_report(container.uow(), manager, MONTH) == ()
    assert staff_report_by_rows(container.uow(), manager, MONTH) == ()
