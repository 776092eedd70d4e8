"""The 理赔时效监测表 by aggregates in the database (analytics/monitoring_sql.py) against the
pure computation over the month's rows it replaced, on both databases.

Seeded books of milestone rows aimed at the edges: instants a microsecond either side of a
month's bounds and of the 48-hour limit, day limits ending on the due day's last instant,
working-day limits across the National Day and Spring Festival holidays and their make-up
working days, stamps out of order, staff reasons, claims closed after the month, ties in the
breached list's order, a breached list cut short.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import insert, text

from claimdesk.adapters.db.models import Base
from claimdesk.adapters.db.read_totals import instant_us_statements
from claimdesk.analytics import monitoring, monitoring_sql
from claimdesk.analytics.monitoring import monitoring_table
from claimdesk.analytics.monitoring_queries import compute_figures, compute_figures_by_rows, facts
from claimdesk.analytics.monitoring_rows import month_rows_query
from claimdesk.analytics.monitoring_sql import monitoring_table_sql
from claimdesk.bootstrap import Container
from claimdesk.domain.claim import ClaimStatus
from claimdesk.domain.milestones import OpenReason
from claimdesk.domain.months import BEIJING, Month
from tests.builders import World, a_world

# PostgreSQL too: see tests/conftest.py (what differs between databases).
pytestmark = pytest.mark.postgres

NOW = datetime(2027, 1, 5, 2, 0, tzinfo=UTC)
OPEN_STATUSES = [s.value for s in ClaimStatus if s.value not in {
    "paid", "closed", "archived", "denied", "withdrawn"}]  # fmt: skip
OUTCOME_STATUS = {"paid": ["paid", "closed", "archived"], "denied": ["denied", "closed"],
                  "withdrawn": ["withdrawn", "archived"]}  # fmt: skip
STEPS = ("accepted_at", "registered_at", "materials_complete_at", "adjudicated_at",
         "approved_at", "paid_at")  # fmt: skip
US = timedelta(microseconds=1)


def _edge(rng: random.Random, month: Month) -> datetime:
    """An instant near something that matters, or anywhere around the month."""
    bound = rng.choice([month.start, month.end])
    pick = rng.random()
    if pick < 0.15:
        return bound + rng.choice([-US, timedelta(0), US])
    if pick < 0.25:  # a Beijing midnight (a day limit's edge) ± 1 µs
        day = month.start + timedelta(days=rng.randint(-40, 40))
        return day + rng.choice([-US, timedelta(0), US])
    seconds = rng.randint(-150 * 86400, 20 * 86400)
    return month.start + timedelta(seconds=seconds, microseconds=rng.choice([0, rng.randint(
        0, 999_999)]))  # fmt: skip


def _after(rng: random.Random, start: datetime) -> datetime:
    """A later stamp: often right on a limit's edge (48 hours, a due day's end)."""
    pick = rng.random()
    if pick < 0.2:
        return start + timedelta(hours=48) + rng.choice([-US, timedelta(0), US])
    if pick < 0.35:  # the last instant of a day n days on, or the next day's first
        day = start.astimezone(BEIJING).date() + timedelta(days=rng.choice([7, 9, 10, 11, 30]))
        end = datetime.combine(day + timedelta(days=1), datetime.min.time(), BEIJING)
        return (end + rng.choice([-US, timedelta(0)])).astimezone(UTC)
    if pick < 0.4:
        return start - timedelta(hours=rng.randint(1, 100))  # out of order
    return start + timedelta(seconds=rng.randint(0, 25 * 86400), microseconds=rng.randint(
        0, 999_999))  # fmt: skip


def _book(world: World, month: Month, seed: int, count: int) -> None:
    rng = random.Random(seed)
    claims, milestones = [], []
    shared = _edge(rng, month)
    for index in range(1, count + 1):
        reported = shared if index % 25 == 0 else _edge(rng, month)  # ties in the list's order
        stamps: dict[str, Any] = {}
        previous = reported
        for name in STEPS:
            if rng.random() < 0.3:
                stamps[name] = None
                continue
            previous = stamps[name] = _after(rng, previous)
        outcome = rng.choice([None, None, "paid", "denied", "withdrawn"])
        closed = None if outcome is None else _after(rng, previous)
        status = rng.choice(OUTCOME_STATUS[outcome] if outcome else OPEN_STATUSES)
        if outcome is None and rng.random() < 0.1:  # settled after the month (rows say so)
            status = "paid"
        claim_no = f"CL{rng.randint(0, 999_999):06d}{index:05d}"
        line = rng.choice(["health", "accident", "auto"])
        claims.append({
            "id": index, "claim_no": claim_no, "policy_id": world.policy.id,
            "insured_person_id": world.insured[0].id, "product_code": "tianan-group-medical",
            "line_of_business": line, "status": status, "status_reason": "",
            "reported_at": reported, "reported_by": world.users["agent"].id,
            "incident_date": reported.astimezone(BEIJING).date(), "incident_description": "",
            "claimed_amount": 100_000, "version": 1, "updated_at": reported,
            "fast_track": False, "difficult": False, "difficult_reason": "",
        })  # fmt: skip
        staff = rng.choice([None, None, None, *[r.value for r in OpenReason]])
        milestones.append({
            "claim_id": index, "claim_no": claim_no, "product_code": "tianan-group-medical",
            "line_of_business": line, "status": status, "reported_at": reported,
            "reported_month": _month(reported), **stamps, "closed_at": closed,
            "closed_month": None if closed is None else _month(closed), "outcome": outcome,
            "claimed_amount": 100_000, "paid_amount": rng.randint(0, 5_000_000),
            "handler": rng.choice([None, "specialist", "specialist2"]), "open_reason": staff,
            "open_reason_note": rng.choice(["", "等待交警认定书"]), "updated_at": reported,
        })  # fmt: skip
    _insert(world, claims, milestones)


def _insert(world: World, claims: list[Any], milestones: list[Any]) -> None:
    """The rows as written, then their instants' microseconds by the migration's SQL (the
    writes keep them: tests/integration/test_loss_reserve_totals.py)."""
    tables = Base.metadata.tables
    engine = world.container.engine
    with engine.begin() as connection:
        connection.execute(insert(tables["claims"]), claims)
        connection.execute(insert(tables["claim_milestones"]), milestones)
        for statement in instant_us_statements(engine.dialect.name):
            connection.execute(text(statement))


def _month(moment: datetime) -> str:
    return moment.astimezone(BEIJING).strftime("%Y-%m")


@pytest.mark.parametrize(
    ("month", "seed"), [(Month(2026, 10), 1), (Month(2026, 2), 2), (Month(2026, 11), 3)]
)
def test_the_aggregates_equal_the_row_by_row_table(
    container: Container, month: Month, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = a_world(container)
    _book(world, month, seed, count=600)
    monkeypatch.setattr(monitoring, "BREACHED_LISTED", 40)  # the list is cut: both cut alike
    monkeypatch.setattr(monitoring_sql, "BREACHED_LISTED", 40)
    with container.uow() as uow:
        by_rows = monitoring_table(month, facts(uow.portal.rows(month_rows_query(month))), NOW)
        by_sql = monitoring_table_sql(uow.portal, month, NOW)
    assert by_sql.lines == by_rows.lines
    assert by_sql.compliance == by_rows.compliance
    assert by_sql.open_by_age == by_rows.open_by_age
    assert by_sql.open_by_reason == by_rows.open_by_reason
    assert by_sql.breached == by_rows.breached
    assert by_sql.breached_total == by_rows.breached_total > 40
    assert by_sql == by_rows
    # The book is not trivial: every stage, limit (met and missed) and band has claims.
    total = by_rows.lines[-1]
    assert total.line == "all" and total.closed_paid and total.closed_denied
    assert all(d.claims > 5 for d in total.durations)
    assert all(0 < c.met < c.counted for c in by_rows.compliance if c.line == "all")
    assert {c.key for c in by_rows.open_by_age} == {"0-7", "8-30", "31-60", "61-90", ">90"}


def test_the_stored_figures_are_the_same_either_way(container: Container) -> None:
    world = a_world(container)
    month = Month(2026, 10)
    _book(world, month, 4, count=300)
    with container.uow() as uow:
        assert compute_figures(uow.portal, month, NOW) == compute_figures_by_rows(
            uow.portal, month, NOW
        )


def test_a_month_without_claims(container: Container) -> None:
    a_world(container)
    with container.uow() as uow:
        by_sql = monitoring_table_sql(uow.portal, Month(2026, 11), NOW)
    assert by_sql == monitoring_table(Month(2026, 11), [], NOW)


def _crowded_book(world: World, month: Month, seed: int, count: int) -> None:
    """Every stage lasts one of a few spans at the P90 histogram's hour buckets' edges (the
    last second of an hour, the next one's first), many tied, so the rank falls on a bucket's
    first or last span; distinct spans stay distinct in days to two places."""
    rng = random.Random(seed)
    spans = [timedelta(seconds=s) for s in (0, 2700, 3600, 6299, 7200, 10799, 10800, 21600)]
    claims, milestones = [], []
    for index in range(1, count + 1):
        reported = month.start + timedelta(days=rng.randint(1, 25), seconds=rng.randint(0, 86399))
        stamps, previous = {}, reported
        for name in STEPS:
            previous = stamps[name] = previous + rng.choice(spans[: rng.randint(1, len(spans))])
        closed = previous + rng.choice(spans)
        claim_no = f"CR{index:06d}"
        line = rng.choice(["health", "accident", "auto"])
        claims.append({
            "id": index, "claim_no": claim_no, "policy_id": world.policy.id,
            "insured_person_id": world.insured[0].id, "product_code": "tianan-group-medical",
            "line_of_business": line, "status": "paid", "status_reason": "",
            "reported_at": reported, "reported_by": world.users["agent"].id,
            "incident_date": reported.astimezone(BEIJING).date(), "incident_description": "",
            "claimed_amount": 100_000, "version": 1, "updated_at": reported,
            "fast_track": False, "difficult": False, "difficult_reason": "",
        })  # fmt: skip
        milestones.append({
            "claim_id": index, "claim_no": claim_no, "product_code": "tianan-group-medical",
            "line_of_business": line, "status": "paid", "reported_at": reported,
            "reported_month": _month(reported), **stamps, "closed_at": closed,
            "closed_month": _month(closed), "outcome": "paid", "claimed_amount": 100_000,
            "paid_amount": 100_000, "handler": None, "open_reason": None,
            "open_reason_note": "", "updated_at": reported,
        })  # fmt: skip
    _insert(world, claims, milestones)


@pytest.mark.parametrize(("seed", "count"), [(5, 10), (6, 21), (7, 59), (8, 140)])
def test_p90s_at_the_histograms_bucket_edges(container: Container, seed: int, count: int) -> None:
    world = a_world(container)
    month = Month(2026, 11)
    _crowded_book(world, month, seed, count)
    with container.uow() as uow:
        by_rows = monitoring_table(month, facts(uow.portal.rows(month_rows_query(month))), NOW)
        by_sql = monitoring_table_sql(uow.portal, month, NOW)
    assert by_sql.lines == by_rows.lines
    assert all(d.p90_days is not None for d in by_rows.lines[-1].durations)
