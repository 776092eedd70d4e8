"""Deadlines stored on the claim (时效), the pause while awaiting materials, the SLA sweep and
the SLA report — on a claim reported the day before National Day 2026."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from claimdesk.adapters.clock import FixedClock
from claimdesk.analytics.sla_report import sla_report
from claimdesk.bootstrap import Container
from claimdesk.domain.claim import Claim, ClaimStatus, Visit
from claimdesk.services.approval.use_cases import Denial
from claimdesk.services.claims.materials import submit_materials
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.claims.use_cases import report_claim
from claimdesk.services.materials.use_cases import list_notices
from claimdesk.services.ports import TrackedDeadline
from claimdesk.services.tasks.deadlines import claim_deadlines
from claimdesk.services.tasks.sla import sweep
from tests.builders import (
    World,
    a_bill_line,
    a_report,
    a_world,
    token_for,
    with_all_materials,
    with_materials,
)
from tests.fakes import ctx

# PostgreSQL too: see tests/conftest.py (what differs between databases).
pytestmark = pytest.mark.postgres

S = ClaimStatus
BEIJING = ZoneInfo("Asia/Shanghai")
REPORTED = datetime(2026, 9, 30, 10, 0, tzinfo=BEIJING)  # Wednesday before 国庆


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(REPORTED.astimezone(UTC))


def _end_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 23, 59, 59, 999999, tzinfo=BEIJING)


def _move(world: World, who: str, claim: Claim, target: ClaimStatus, reason: str = "") -> Claim:
    container = world.container
    return move_claim(
        container.context(),
        actor=world.users[who],
        claim_id=claim.id or 0,
        target=target,
        reason=reason,
        expected_version=claim.version,
    )


def _complete_claim(world: World) -> Claim:
    """Reported by the agent with every material, accepted at once: under review."""
    container = world.container
    claim, _ = report_claim(
        container.context(), actor=world.users["agent"], report=a_report(), idempotency_key=None
    )
    with_all_materials(container, world.users["agent"], claim.id or 0)
    return _move(world, "specialist", claim, S.ACCEPTED)


def _deadlines(world: World, claim: Claim) -> dict[str, tuple[TrackedDeadline, str]]:
    container = world.container
    rows = claim_deadlines(container.uow(), container.clock, world.users["manager"], claim.id or 0)
    return {deadline.code: (deadline, status) for deadline, status in rows}


def test_complete_materials_open_the_decision_and_payment_deadlines(container: Container) -> None:
    world = a_world(container)

    deadlines = _deadlines(world, _complete_claim(world))

    assert deadlines["first_feedback"][1] == "met"
    assert deadlines["missing_materials_notice"][1] == "met"
    assert deadlines["decision_after_materials"][0].due_at == _end_of(date(2026, 10, 30))
    assert deadlines["decision_without_dispute"][0].due_at == _end_of(date(2026, 10, 15))
    assert deadlines["advance_payment"][0].due_at == _end_of(date(2026, 11, 29))
    assert "inpatient_payment" not in deadlines  # outpatient claim


def test_inpatient_claim_must_be_paid_within_10_working_days(container: Container) -> None:
    world = a_world(container)
    stay = Visit(
        "V1",
        "inpatient",
        date(2026, 9, 20),
        "SH-0001",
        "中山医院",
        "胆囊结石",
        (a_bill_line("L1", "3000.00"),),
        discharge_date=date(2026, 9, 25),
    )
    report = replace(a_report(), visits=(stay,), claimed_amount=Decimal("3000.00"))
    claim, _ = report_claim(
        container.context(), actor=world.users["agent"], report=report, idempotency_key=None
    )
    for code in (
        "id_copy",
        "original_receipts",
        "bank_book_copy",
        "discharge_summary_copy",
        "itemized_inpatient_list",
        "local_relief_list",
    ):
        with_materials(container, world.users["agent"], claim.id or 0, (code,))

    claim = _move(world, "specialist", claim, S.ACCEPTED)

    assert claim.status == S.UNDER_REVIEW
    assert _deadlines(world, claim)["inpatient_payment"][0].due_at == _end_of(date(2026, 10, 20))


def test_days_awaiting_materials_are_added_to_the_30_day_decision(
    container: Container, clock: FixedClock
) -> None:
    world = a_world(container)
    claim = _complete_claim(world)
    clock.moment = datetime(2026, 10, 10, 2, 0, tzinfo=UTC)
    claim = _move(world, "specialist", claim, S.MATERIALS_PENDING)
    paused = _deadlines(world, claim)["decision_after_materials"][0]
    clock.moment = datetime(2026, 10, 15, 2, 0, tzinfo=UTC)

    swept = {event.code for event in sweep(ctx(container, clock)).events}
    checked = submit_materials(
        ctx(container, clock), actor=world.users["customer"], claim_id=claim.id or 0
    )

    resumed = _deadlines(world, claim)["decision_after_materials"][0]
    assert paused.paused_since is not None and checked.claim.status == S.UNDER_REVIEW
    assert swept == {"decision_without_dispute"}  # the paused decision was not escalated
    assert resumed.paused_days == 5 and resumed.paused_since is None
    assert resumed.due_at == _end_of(date(2026, 11, 4))  # 30 days + 10/10…10/14
    # 7 working days without dispute is not a legal limit with a pause: unchanged.
    assert _deadlines(world, claim)["decision_without_dispute"][0].due_at == _end_of(
        date(2026, 10, 15)
    )


def test_sweep_escalates_once_and_records_a_breach_once(
    container: Container, clock: FixedClock
) -> None:
    world = a_world(container)
    claim = _complete_claim(world)
    target = _deadlines(world, claim)["decision_without_dispute"][0]
    clock.moment = target.at_risk_at

    first = sweep(ctx(container, clock))
    second = sweep(ctx(container, clock))
    clock.moment = target.due_at + timedelta(minutes=1)
    breach = sweep(ctx(container, clock))
    again = sweep(ctx(container, clock))

    # (the claim is on the fast track too: its own 3-day limit is swept beside, issue 11)
    assert [(e.code, e.kind) for e in first.events if e.code == target.code] == [
        ("decision_without_dispute", "escalated_at_risk")
    ]
    assert second.events == () and again.events == ()
    assert [(e.code, e.kind) for e in breach.events if e.code == target.code] == [
        ("decision_without_dispute", "breach_recorded")
    ]
    stored, status = _deadlines(world, claim)["decision_without_dispute"]
    assert stored.breached_at == clock.moment and status == "breached"


def test_sla_report_counts_on_time_over_closed_per_limit_and_team(
    container: Container, client: TestClient, clock: FixedClock
) -> None:
    world = a_world(container)
    claim = _complete_claim(world)
    clock.moment = datetime(2026, 10, 20, 2, 0, tzinfo=UTC)  # after the 7 working days
    claim = _move(world, "specialist2", claim, S.ADJUDICATED)
    approved = _move(world, "approver", claim, S.APPROVED)

    response = client.get("/api/reports/sla", headers=token_for(client, "manager"))

    assert response.status_code == 200, response.text
    report = response.json()
    codes = {row["key"]: row for row in report["by_code"]}
    teams = {row["key"]: row for row in report["by_team"]}
    assert codes["decision_without_dispute"] | {} == {
        "key": "decision_without_dispute",
        "closed": 1,
        "met": 0,
        "compliance": "0.0000",
        "meets_target": False,
        "open_at_risk": 0,
        "open_breached": 0,
    }
    assert codes["decision_after_materials"]["compliance"] == "1.0000"
    # 零赔付结案: approved at 0.00 the claim is closed; no payment limit runs or is counted.
    assert approved.status == S.CLOSED and "payment_after_agreement" not in codes
    assert (teams["specialist"]["closed"], teams["specialist"]["met"]) == (2, 1)
    assert teams["agent"]["compliance"] == "1.0000"
    assert report["open_at_risk"] == 0 and report["open_breached"] == 0
    assert any("2027" in warning for warning in report["warnings"])
    customer = client.get("/api/reports/sla", headers=token_for(client, "customer"))
    assert customer.status_code == 403


def test_report_counts_open_at_risk_and_breached() -> None:
    started = REPORTED.astimezone(UTC)
    due = started + timedelta(days=10)
    deadline = TrackedDeadline(None, 1, "decision_without_dispute", started, due, due)
    deadlines = [
        replace(deadline, due_at=due, at_risk_at=due - timedelta(days=2)),  # at risk
        replace(deadline, due_at=started + timedelta(hours=1)),  # breached
        replace(deadline, code="first_feedback", done_at=started),  # met
        replace(deadline, paused_since=started, due_at=started),  # paused: not counted
        replace(deadline, cancelled_at=started),  # no longer applies: not counted
    ]

    report = sla_report(deadlines, due - timedelta(days=1))

    assert (report.open_at_risk, report.open_breached) == (1, 1)
    rows = {row.key: row for row in report.by_team}
    assert (rows["agent"].closed, rows["agent"].met, rows["agent"].compliance) == (1, 1, 1)
    assert rows["specialist"].compliance is None and rows["specialist"].meets_target is None


def test_report_on_september_30_and_an_admin_holiday_for_later_reports(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    body = {"day": "2026-10-08", "kind": "holiday", "note": "台风停工"}
    agent = world.users["agent"]
    before, _ = report_claim(
        container.context(), actor=agent, report=a_report(), idempotency_key=None
    )

    refused = client.post(
        "/api/calendar/overrides", json=body, headers=token_for(client, "manager")
    )
    admin = token_for(client, "admin")
    added = client.post("/api/calendar/overrides", json=body, headers=admin)
    twice = client.post("/api/calendar/overrides", json=body, headers=admin)
    after, _ = report_claim(
        container.context(), actor=agent, report=a_report(), idempotency_key=None
    )

    deadlines = _deadlines(world, before)
    notice, status = deadlines["missing_materials_notice"]
    assert notice.due_at == _end_of(date(2026, 10, 8))  # 10/1–10/7 off
    assert status == "on_track" and notice.uncertain_years == ()
    assert deadlines["first_feedback"][0].due_at == REPORTED + timedelta(hours=24)
    assert (refused.status_code, added.status_code, twice.status_code) == (403, 201, 409)
    assert client.get("/api/calendar/overrides", headers=admin).json() == [body]
    later = _deadlines(world, after)["missing_materials_notice"][0]
    assert later.due_at == _end_of(date(2026, 10, 9))  # stored deadlines are not moved


def test_denial_records_the_refusal_notice_with_its_reasons(
    container: Container, clock: FixedClock
) -> None:
    world = a_world(container)
    claim = _complete_claim(world)
    clock.moment = datetime(2026, 10, 12, 2, 0, tzinfo=UTC)

    claim = move_claim(
        ctx(container, clock),
        actor=world.users["specialist"],
        claim_id=claim.id or 0,
        target=S.DENIED,
        reason="牙科治疗不在保障范围",
        expected_version=claim.version,
        denial=Denial(("EXCLUDED_SERVICE",), "第四部分 二.11"),
    )

    notices = list_notices(
        container.context(), actor=world.users["customer"], claim_id=claim.id or 0
    )
    assert [(n.kind, n.created_at) for n in notices] == [("refusal", clock.moment)]
    assert notices[0].items == (
        {"reason": "牙科治疗不在保障范围", "reason_codes": ["EXCLUDED_SERVICE"],
         "clause": "第四部分 二.11"},
    )  # fmt: skip
    statuses = {code: status for code, (_, status) in _deadlines(world, claim).items()}
    assert statuses["refusal_notice"] == "met"
    assert statuses["decision_after_materials"] == "met"
    assert statuses["advance_payment"] == "cancelled"  # nothing to pay: not counted


def test_two_overlapping_sweeps_record_a_breach_once_and_keep_a_closing_move(
    container: Container, clock: FixedClock
) -> None:
    """Two processes' sweeps overlap (a slow sweep still running when the next period's
    starts): both read the deadline as not yet breached; the breach is recorded once, and a
    deadline a move closed meanwhile is not written back."""
    world = a_world(container)
    claim = _complete_claim(world)
    deadlines = _deadlines(world, claim)
    target = deadlines["decision_without_dispute"][0]
    still_open = (d for d, _ in deadlines.values() if d.done_at is None and d.cancelled_at is None)
    closed = next(d for d in still_open if d.code != target.code)
    assert target.id is not None and closed.id is not None
    clock.moment = max(target.due_at, closed.due_at) + timedelta(minutes=1)

    with container.uow() as late:
        stale = {d.id: d for d in late.tracking.open_deadlines()}
        assert stale[target.id].breached_at is None and stale[closed.id].done_at is None
        with container.uow() as move:  # a move closes one deadline meanwhile
            move.tracking.save_deadline(replace(closed, done_at=clock.moment))
            move.commit()
        first = sweep(ctx(container, clock))  # the other process's sweep, committed first
        assert not late.tracking.record_breach(target.id, clock.moment)
        assert not late.tracking.record_breach(closed.id, clock.moment)
        late.commit()

    assert [e.kind for e in first.events if e.deadline_id == target.id].count(
        "breach_recorded"
    ) == 1
    with container.uow() as uow:
        stored = {d.id: d for d in uow.tracking.all_deadlines()}
    assert stored[target.id].breached_at == clock.moment
    assert stored[closed.id].done_at == clock.moment and stored[closed.id].breached_at is None
