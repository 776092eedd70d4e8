"""Loss ratio, reserves + IBNR and dashboard aging read totals the writes keep (issues 13 + 17).

After real journeys (paid, paid then reversed, denied then reopened, registered and left open,
a reserve changed by staff, a recovery received) the kept columns and totals equal what they
are computed from (the newest reserve row, a GROUP BY over the rows), and every report equals
the computation it replaced (SQLite and PostgreSQL through the `container` fixture)."""

from __future__ import annotations

from copy import deepcopy
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import String, cast, func, select, text

from claimdesk.adapters.db.models_read_side import INSTANTS, ClaimMilestoneRow
from claimdesk.adapters.db.read_totals import instant_us, instant_us_statements, rebuild_statements
from claimdesk.analytics import management_queries as mq
from claimdesk.analytics.dashboard_queries import aging_query, aging_reference_query
from claimdesk.analytics.management import (
    month_loss_ratios,
    month_loss_ratios_reference,
    month_of,
    month_window,
    reserve_report,
    reserve_report_reference,
)
from claimdesk.analytics.management_people import staff_report
from claimdesk.analytics.monitoring import monitoring_table
from claimdesk.analytics.monitoring_queries import facts
from claimdesk.analytics.monitoring_rows import month_rows_query
from claimdesk.analytics.monitoring_sql import monitoring_table_sql
from claimdesk.analytics.read_side import adjudications, audit
from claimdesk.bootstrap import Container
from claimdesk.domain.claim import ClaimStatus
from claimdesk.domain.months import Month
from claimdesk.services.approval.use_cases import Denial
from claimdesk.services.claims.use_cases import get_claim
from claimdesk.services.partners import recoveries
from claimdesk.services.payments import use_cases as payment_flow
from claimdesk.services.reserves.use_cases import change_reserve, reserve_history
from tests.builders import World, a_world
from tests.integration.test_claim_milestones import _later, _move, _reviewed
from tests.world_snapshots import put_files, snapshotted, stored_files

# PostgreSQL too: see tests/conftest.py (what differs between databases).
pytestmark = pytest.mark.postgres

S = ClaimStatus
TOTALS = {
    "claim_month_totals": "SELECT * FROM claim_month_totals WHERE claims <> 0 ORDER BY 1, 2",
    "loss_month_totals": "SELECT * FROM loss_month_totals WHERE claims <> 0 ORDER BY 1, 2, 3",
    "paid_triangle_totals": "SELECT * FROM paid_triangle_totals WHERE payments <> 0 "
    "ORDER BY 1, 2, 3",
}


def _paid_claim(world: World, reverse: bool) -> int:
    c, finance = world.container, world.users["finance"]
    claim = _move(world, "approver", _move(world, "specialist2", _reviewed(world),
                  S.ADJUDICATED), S.APPROVED)  # fmt: skip
    (instruction,) = payment_flow.claim_payments(c.context(), actor=finance, claim_id=claim.id or 0)
    payment_flow.release_payment(c.context(), actor=finance, instruction_id=instruction.id or 0)
    payment_flow.export_batch(c.context(), actor=finance)
    _later(world, 30 if reverse else 24 * 15)  # the first is paid after its 10-day limit
    results = [payment_flow.BankResult(instruction.id or 0, True)]
    payment_flow.import_results(c.context(), actor=finance, results=results)
    if reverse:
        payment_flow.reverse_payment(
            c.context(), actor=finance, instruction_id=instruction.id or 0, reason="重复支付"
        )
    return claim.id or 0


def _journeys(world: World) -> dict[str, int]:
    c = world.container
    paid, reversed_ = _paid_claim(world, False), _paid_claim(world, True)
    specialist = world.users["specialist"]
    case = recoveries.open_recovery(
        c.context(), actor=specialist, claim_id=paid, against="第三者 李四",
        amount_claimed=Decimal("300.00"),
    )  # fmt: skip
    recoveries.record_receipt(c.context(), actor=specialist, recovery_id=case.id or 0,
                              amount=Decimal("120.50"), received_on=date(2026, 11, 20))  # fmt: skip
    denied = _move(world, "specialist", _reviewed(world), S.DENIED, reason="不属于保险责任",
                   denial=Denial(("not_covered",), "第五条"))  # fmt: skip
    _move(world, "manager", denied, S.REOPENED, reason="客户补充证据")
    changed = _reviewed(world).id or 0
    _reviewed(world)  # registered, reserve as booked
    _later(world, 2)
    change_reserve(c.context(), actor=world.users["specialist"], claim_id=changed,
                   amount=Decimal("777.70"), reason="补充材料后估损上调")  # fmt: skip
    return {"paid": paid, "reversed": reversed_, "changed": changed}


def _journeys_once(container: Container) -> tuple[World, dict[str, int]]:
    """`a_world` and `_journeys`, run by the use cases once per database and process (four
    tests, both databases), then from their snapshot (tests/world_snapshots.py): the rows, the
    uploaded materials' files put back in this test's file store, the clock where the
    journeys left it."""
    clock = container.clock
    world, ids = snapshotted(
        container.engine,
        ("loss-reserve-journeys", clock.now().isoformat()),
        lambda: _built(container),
        keep=lambda built: (
            (built[0].policy, built[0].insured, built[0].users),
            built[1],
            stored_files(container.files.root),
            clock.now(),
        ),
        rebuild=lambda kept: _put_back_at(container, deepcopy(kept)),
    )
    return world, ids


def _built(container: Container) -> tuple[World, dict[str, int]]:
    world = a_world(container)
    return world, _journeys(world)


def _put_back_at(container: Container, kept: Any) -> tuple[World, dict[str, int]]:
    world, ids, files, moment = kept
    put_files(container.files, files)
    container.clock.moment = moment  # type: ignore[attr-defined]
    return World(container, *world), ids


def _rows(container: Container, sql: str) -> list[tuple[Any, ...]]:
    with container.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


def _rebuilt(container: Container) -> dict[str, list[Any]]:
    with container.engine.connect() as connection:
        transaction = connection.begin()
        for statement in rebuild_statements(container.engine.dialect.name):
            connection.execute(text(statement))
        rebuilt = {name: [tuple(r) for r in connection.execute(text(sql))]
                   for name, sql in TOTALS.items()}  # fmt: skip
        transaction.rollback()
    return rebuilt


def test_kept_reserve_loss_and_triangle_totals_equal_their_rows(container: Container) -> None:
    world, ids = _journeys_once(container)
    rebuilt = _rebuilt(container)
    for name, sql in TOTALS.items():
        assert rebuilt[name], name
        assert _rows(container, sql) == rebuilt[name], name
    # The milestone row keeps the newest reserve row and the claim's accident month.
    kept = _rows(container, "SELECT m.claim_id, m.booked_reserve, m.accident_month, "
                 "c.incident_date FROM claim_milestones m JOIN claims c ON c.id = m.claim_id "
                 "ORDER BY 1")  # fmt: skip
    manager = world.users["manager"]
    for claim_id, booked, accident_month, incident in kept:
        history = reserve_history(container.context(), actor=manager, claim_id=claim_id)
        expected = None if not history else int(history[-1].amount * 100)
        assert booked == expected, claim_id
        assert accident_month == str(incident)[:7]
    assert dict((r[0], r[1]) for r in kept)[ids["changed"]] == 77770
    # One payment counted (the reversed one left the triangle).
    assert [r[3] for r in _rows(container, TOTALS["paid_triangle_totals"])] == [1]


def test_reports_from_kept_totals_equal_the_computations_they_replaced(
    container: Container,
) -> None:
    world, _ = _journeys_once(container)
    manager, now = world.users["manager"], container.clock.now()
    with container.uow() as uow:
        fast = uow.portal.rows(aging_query(now))
        slow = uow.portal.rows(aging_reference_query(now))
        assert sorted(map(tuple, fast)) == sorted(map(tuple, slow))
        assert any(row[3] for row in fast)
        months = {r[0] for r in uow.portal.rows(text(
            "SELECT DISTINCT accident_month FROM claim_milestones"))}  # fmt: skip
        assert months
        for month in sorted(months):
            ratios = month_loss_ratios(uow.portal.rows, month)
            assert ratios == month_loss_ratios_reference(uow.portal.rows, month)
            assert any(row.recoveries for row in ratios) or month != min(months)
    report = reserve_report(container.uow(), manager, now, None)
    assert report == reserve_report_reference(container.uow(), manager, now, None)
    assert report.by_line and report.ladder
    line = report.by_line[0].line
    assert reserve_report(container.uow(), manager, now, line) == reserve_report_reference(
        container.uow(), manager, now, line
    )


claims = mq.claims


def _old_closings_query(start: Any, end: Any) -> Any:
    """closings_query as it was: the trail joined on CAST(claims.id AS TEXT), adjudicators
    grouped over every adjudication."""
    adjudicator = (select(adjudications.c.claim_id, func.max(adjudications.c.by_user)
                          .label("by_user")).where(adjudications.c.active.is_(True))
                   .group_by(adjudications.c.claim_id).subquery())  # fmt: skip
    return (
        select(claims.c.id, claims.c.reported_at, audit.c.at, audit.c.actor,
               adjudicator.c.by_user)
        .select_from(audit.join(claims, cast(claims.c.id, String) == audit.c.entity_id)
                     .outerjoin(adjudicator, adjudicator.c.claim_id == claims.c.id))
        .where(audit.c.entity_type == "claim", audit.c.action == "move:closed",
               audit.c.at >= start, audit.c.at < end)
        .order_by(audit.c.seq)
    )  # fmt: skip


def test_staff_kpis_by_index_equal_the_old_queries(container: Container) -> None:
    world, ids = _journeys_once(container)
    agent = world.users["agent"]
    paid = get_claim(container.context(), actor=agent, claim_id=ids["paid"])
    _move(world, "finance", paid, S.CLOSED)
    month = month_of(container.clock.now())
    start, end = month_window(month)
    with container.uow() as uow:
        old = uow.portal.rows(_old_closings_query(start, end))
        listed = [r[0] for r in old]
        late = dict(uow.portal.rows(mq.breaches_query(listed)))
        complained = dict(uow.portal.rows(mq.complaints_query(listed)))
        numbers = dict(uow.portal.rows(select(claims.c.id, claims.c.claim_no)))
        new = uow.portal.rows(mq.closings_query(start, end))
    assert old and any(r[4] for r in old)  # an adjudicator found
    assert any(late.values())  # a breached time limit counted
    assert [tuple(r) for r in new] == [
        (*r, numbers[r[0]], int(late.get(r[0]) or 0), int(complained.get(r[0]) or 0)) for r in old
    ]
    assert staff_report(container.uow(), world.users["manager"], month)


def test_kept_instant_microseconds_equal_the_instants(container: Container) -> None:
    """The audit append keeps `<instant>_us` = the instant in µs (as the migration's SQL would
    set it), and the monitoring table reading them equals the one over the instants."""
    _journeys_once(container)
    m = ClaimMilestoneRow.__table__.c
    query = select(m.claim_id, *(m[f"{name}{suffix}"] for name in INSTANTS
                                 for suffix in ("", "_us"))).order_by(m.claim_id)  # fmt: skip
    with container.engine.connect() as connection:
        rows = connection.execute(query).all()
    kept = {row[0]: list(row[2::2]) for row in rows}
    assert kept and all(value is not None for value in kept.values() for value in value[:2])
    for row in rows:
        assert kept[row[0]] == [instant_us(at) for at in row[1::2]]
    with container.engine.connect() as connection:
        transaction = connection.begin()
        for statement in instant_us_statements(container.engine.dialect.name):
            connection.execute(text(statement))
        backfilled = connection.execute(query).all()
        transaction.rollback()
    assert {row[0]: list(row[2::2]) for row in backfilled} == kept
    assert sum(value is not None for value in kept.values() for value in value) > 2 * len(kept)
    now, paid = container.clock.now(), 0
    with container.uow() as uow:
        months = {r[0] for r in uow.portal.rows(text(
            "SELECT reported_month FROM claim_milestones UNION SELECT closed_month "
            "FROM claim_milestones WHERE closed_month IS NOT NULL"))}  # fmt: skip
        for text_month in sorted(months):
            month = Month(int(text_month[:4]), int(text_month[5:]))
            rows = facts(uow.portal.rows(month_rows_query(month)))
            by_rows = monitoring_table(month, rows, now)
            assert monitoring_table_sql(uow.portal, month, now) == by_rows, text_month
            paid += by_rows.lines[-1].closed_paid
    assert paid
