"""The read side's fast paths equal their reference computations on real claim journeys.

claim_month_totals and sla_month_totals are kept by the writes (adapters/db/read_totals.py):
after paid, reversed, denied and reopened claims they equal a GROUP BY over their rows, and the
dashboard, the SLA report and the reserve report computed from aggregates equal the same
figures computed row by row (the code they replaced)."""

from __future__ import annotations

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from sqlalchemy import select, text

from claimdesk.adapters.db.models_read_side import ClaimMilestoneRow as M
from claimdesk.adapters.db.read_totals import rebuild_statements
from claimdesk.analytics.dashboard import MONTHS, _month_start, manager_dashboard, month_of
from claimdesk.analytics.dashboard_queries import STAGES
from claimdesk.analytics.management import reserve_report, reserve_report_reference
from claimdesk.analytics.sla_queries import sla_report_for
from claimdesk.analytics.sla_report import sla_report
from claimdesk.bootstrap import Container
from claimdesk.domain.claim import ClaimStatus
from claimdesk.services.approval.use_cases import Denial
from claimdesk.services.payments import use_cases as payment_flow
from claimdesk.services.tasks import sla as sla_service
from tests.builders import World, a_world
from tests.integration.test_claim_milestones import _later, _move, _reviewed

# PostgreSQL too: see tests/conftest.py (what differs between databases).
pytestmark = pytest.mark.postgres

S = ClaimStatus
MICROSECOND = timedelta(microseconds=1)


def _journeys(world: World) -> None:
    """One claim of each shape: paid, paid then reversed, denied then reopened, left open."""
    c, finance = world.container, world.users["finance"]
    for reverse in (False, True):
        claim = _move(world, "approver", _move(world, "specialist2", _reviewed(world),
                      S.ADJUDICATED), S.APPROVED)  # fmt: skip
        (instruction,) = payment_flow.claim_payments(
            c.context(), actor=finance, claim_id=claim.id or 0
        )
        payment_flow.release_payment(c.context(), actor=finance, instruction_id=instruction.id or 0)
        payment_flow.export_batch(c.context(), actor=finance)
        _later(world, 30)
        results = [payment_flow.BankResult(instruction.id or 0, True)]
        payment_flow.import_results(c.context(), actor=finance, results=results)
        if reverse:
            reference = instruction.id or 0
            payment_flow.reverse_payment(
                c.context(), actor=finance, instruction_id=reference, reason="重复支付"
            )
    denied = _move(world, "specialist", _reviewed(world), S.DENIED, reason="不属于保险责任",
                   denial=Denial(("not_covered",), "第五条"))  # fmt: skip
    _move(world, "manager", denied, S.REOPENED, reason="客户补充证据")
    _reviewed(world)


def _rows(container: Container, sql: str) -> list[tuple[Any, ...]]:
    with container.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


def _rebuilt(container: Container) -> tuple[list[Any], list[Any]]:
    """The totals as the rebuild computes them from the rows (in a transaction rolled back)."""
    with container.engine.connect() as connection:
        transaction = connection.begin()
        for statement in rebuild_statements(container.engine.dialect.name):
            connection.execute(text(statement))
        claims = [tuple(r) for r in connection.execute(text(_CLAIM_TOTALS))]
        sla = [tuple(r) for r in connection.execute(text(_SLA_TOTALS))]
        transaction.rollback()
    return claims, sla


_CLAIM_TOTALS = "SELECT * FROM claim_month_totals WHERE claims <> 0 ORDER BY 1, 2"
_SLA_TOTALS = "SELECT * FROM sla_month_totals WHERE closed <> 0 ORDER BY 1, 2"


def test_the_totals_kept_by_the_writes_equal_a_group_by_over_their_rows(
    container: Container,
) -> None:
    _journeys(a_world(container))
    claims, sla = _rebuilt(container)
    assert claims and sla
    assert _rows(container, _CLAIM_TOTALS) == claims
    assert _rows(container, _SLA_TOTALS) == sla


def test_dashboard_sla_and_reserves_from_aggregates_equal_the_row_by_row_figures(
    container: Container,
) -> None:
    world = a_world(container)
    _journeys(world)
    manager, now = world.users["manager"], container.clock.now()
    dashboard = manager_dashboard(container.uow(), manager, now)
    since = month_of(_month_start(now, MONTHS))
    volume, stages = _reference_dashboard(container, since)
    assert [(r.line, r.month, r.cases, r.paid) for r in dashboard.volume] == volume
    assert [(r.status, r.claims, r.average_hours) for r in dashboard.stages] == stages
    assert dashboard.stages and dashboard.volume
    with container.uow() as uow:
        every_deadline = uow.tracking.all_deadlines()
    assert sla_report_for(container.uow(), manager, now) == sla_report(every_deadline, now)
    assert sla_service.sla_deadlines(
        container.context(), actor=manager
    )  # the reference saw deadlines
    fast = reserve_report(container.uow(), manager, now, None)
    assert fast == reserve_report_reference(container.uow(), manager, now, None)
    assert fast.by_line


def _reference_dashboard(container: Container, since: str) -> tuple[list[Any], list[Any]]:
    """Volumes and average hours per stage, recomputed in Python from every milestone row."""
    with container.uow() as uow:
        rows = uow.session.execute(select(*M.__table__.columns)).all()  # type: ignore[attr-defined]
    counted = [row for row in rows if row.reported_month >= since]
    volume: dict[tuple[str, str], list[Any]] = {}
    for row in counted:
        slot = volume.setdefault((row.line_of_business, row.reported_month), [0, Decimal("0")])
        slot[0] += 1
        slot[1] += row.paid_amount
    stages = []
    for status, start, end in STAGES:
        pairs = [(getattr(r, start.key), getattr(r, end.key)) for r in counted]
        spans = [b - a for a, b in pairs if a is not None and b is not None]
        if spans:
            total_us = Decimal(sum(span // MICROSECOND for span in spans)) / len(spans)
            average = (total_us / Decimal(3_600_000_000)).quantize(Decimal("0.1"), ROUND_HALF_UP)
            stages.append((status, len(spans), average))
    return [(line, month, n, paid) for (line, month), (n, paid) in sorted(volume.items())], stages
