"""The claim_milestones projection: written with every claim audit record, it agrees with the
write side after each lifecycle move; the migration's backfill rebuilds the same rows."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from alembic import command
from sqlalchemy import select

from claimdesk.adapters.db.migrate import alembic_config
from claimdesk.adapters.db.models import AuditRecordRow, ClaimRow
from claimdesk.adapters.db.models_payments import PaymentInstructionRow
from claimdesk.adapters.db.models_read_side import ClaimMilestoneRow
from claimdesk.bootstrap import Container
from claimdesk.domain.claim import Claim, ClaimStatus
from claimdesk.domain.months import month_of
from claimdesk.services.approval.use_cases import Denial
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.claims.use_cases import get_claim, report_claim
from claimdesk.services.payments import use_cases as payment_flow
from tests.builders import World, a_lab_line, a_report, a_world, with_all_materials

# PostgreSQL too: see tests/conftest.py (what differs between databases).
pytestmark = pytest.mark.postgres

S = ClaimStatus
HOUR = timedelta(hours=1)


def _later(world: World, hours: float = 1) -> None:
    world.container.clock.moment += HOUR * hours  # type: ignore[attr-defined]


def _move(world: World, who: str, claim: Claim, target: ClaimStatus, **extra: Any) -> Claim:
    _later(world)
    c = world.container
    return move_claim(
        c.context(), actor=world.users[who], claim_id=claim.id or 0, target=target,
        reason=extra.pop("reason", ""), expected_version=claim.version, **extra,
    )  # fmt: skip


def _reviewed(world: World) -> Claim:
    c = world.container
    lines = (a_lab_line("L1", "1000.00"),)
    claim, _ = report_claim(c.context(), actor=world.users["agent"], report=a_report(lines=lines))
    with_all_materials(c, world.users["agent"], claim.id or 0)
    _move(world, "specialist", claim, S.ACCEPTED)  # all materials: straight on to review
    return get_claim(c.context(), actor=world.users["agent"], claim_id=claim.id or 0)


def _row(container: Container, claim_id: int) -> ClaimMilestoneRow:
    with container.uow() as uow:
        row = uow.session.get(ClaimMilestoneRow, claim_id)  # type: ignore[attr-defined]
        assert row is not None
        uow.session.expunge(row)  # type: ignore[attr-defined]
        return row


def _independent(container: Container, claim_id: int) -> dict[str, Any]:
    """What the row must say, recomputed from the claim, its payments and its audit trail."""
    with container.uow() as uow:
        session = uow.session  # type: ignore[attr-defined]
        claim = session.get(ClaimRow, claim_id)
        trail = session.execute(
            select(AuditRecordRow.action, AuditRecordRow.at)
            .where(AuditRecordRow.entity_type == "claim",
                   AuditRecordRow.entity_id == str(claim_id))
            .order_by(AuditRecordRow.seq)
        ).all()  # fmt: skip
        paid = session.execute(
            select(PaymentInstructionRow.amount).where(
                PaymentInstructionRow.claim_id == claim_id, PaymentInstructionRow.status == "paid"
            )
        ).scalars()
        first = {action: at for action, at in reversed(trail)}
        last = {action: at for action, at in trail}
        return {
            "status": claim.status,
            "claimed_amount": claim.claimed_amount,
            "reported_month": str(month_of(claim.reported_at)),
            "accepted_at": first.get("move:accepted"),
            "materials_complete_at": first.get("move:under_review"),
            "adjudicated_at": last.get("move:adjudicated"),
            "approved_at": last.get("move:approved"),
            "paid_at": last.get("move:paid"),
            "paid_amount": sum(paid, Decimal("0.00")),
        }


def _assert_consistent(container: Container, claim_id: int) -> ClaimMilestoneRow:
    row = _row(container, claim_id)
    expected = _independent(container, claim_id)
    assert {name: getattr(row, name) for name in expected} == expected
    return row


def test_milestones_follow_a_claim_from_report_to_confirmed_payment(
    container: Container,
) -> None:
    world = a_world(container)
    claim = _reviewed(world)
    row = _assert_consistent(container, claim.id or 0)
    assert row.closed_at is None and row.outcome is None and row.paid_amount == 0
    claim = _move(world, "specialist2", claim, S.ADJUDICATED)
    _assert_consistent(container, claim.id or 0)
    claim = _move(world, "approver", claim, S.APPROVED)
    row = _assert_consistent(container, claim.id or 0)
    assert row.handler == "finance"  # the open payment task is finance's
    (instruction,) = payment_flow.claim_payments(
        container.context(), actor=world.users["finance"], claim_id=claim.id or 0
    )
    _later(world)
    payment_flow.release_payment(
        container.context(), actor=world.users["finance"], instruction_id=instruction.id or 0
    )
    payment_flow.export_batch(container.context(), actor=world.users["finance"])
    row = _assert_consistent(container, claim.id or 0)
    assert row.paid_amount == 0 and row.status == S.PAYMENT_PENDING  # sent is not paid
    _later(world, 24)
    payment_flow.import_results(
        container.context(), actor=world.users["finance"],
        results=[payment_flow.BankResult(instruction.id or 0, True, "B-1")],
    )  # fmt: skip
    row = _assert_consistent(container, claim.id or 0)
    assert row.status == S.PAID and row.paid_amount == instruction.amount > 0
    assert row.closed_at == row.paid_at == container.clock.now() and row.outcome == "paid"
    assert row.closed_month == str(month_of(container.clock.now()))


def test_a_reversed_payment_no_longer_counts_as_paid(container: Container) -> None:
    world = a_world(container)
    claim = _move(world, "approver", _move(world, "specialist2", _reviewed(world), S.ADJUDICATED),
                  S.APPROVED)  # fmt: skip
    (instruction,) = payment_flow.claim_payments(
        container.context(), actor=world.users["finance"], claim_id=claim.id or 0
    )
    c = container
    finance = world.users["finance"]
    payment_flow.release_payment(c.context(), actor=finance, instruction_id=instruction.id or 0)
    payment_flow.export_batch(c.context(), actor=finance)
    results = [payment_flow.BankResult(instruction.id or 0, True)]
    payment_flow.import_results(c.context(), actor=finance, results=results)
    payment_flow.reverse_payment(c.context(), actor=finance, instruction_id=instruction.id or 0,
                                 reason="重复支付")  # fmt: skip
    assert _assert_consistent(c, claim.id or 0).paid_amount == 0


def test_a_denied_claim_is_settled_and_reopening_makes_it_open_again(
    container: Container,
) -> None:
    world = a_world(container)
    denial = Denial(("not_covered",), "第五条 责任免除")
    claim = _move(world, "specialist", _reviewed(world), S.DENIED, reason="不属于保险责任",
                  denial=denial)  # fmt: skip
    row = _assert_consistent(container, claim.id or 0)
    assert row.outcome == "denied" and row.closed_at == container.clock.now()
    claim = _move(world, "manager", claim, S.REOPENED, reason="客户补充证据")
    row = _assert_consistent(container, claim.id or 0)
    assert row.closed_at is None and row.outcome is None and row.closed_month is None
    assert row.accepted_at is not None  # earlier milestones stay


def test_the_migration_backfill_rebuilds_the_rows_the_hook_wrote(
    container: Container, database_url: str
) -> None:
    world = a_world(container)
    paid_path = _move(world, "approver", _move(world, "specialist2", _reviewed(world),
                      S.ADJUDICATED), S.APPROVED)  # fmt: skip
    denied = _move(world, "specialist", _reviewed(world), S.DENIED, reason="不属于保险责任",
                   denial=Denial(("not_covered",), "第五条"))  # fmt: skip
    ids = (paid_path.id or 0, denied.id or 0)
    columns = [c.key for c in ClaimMilestoneRow.__table__.columns if c.key != "updated_at"]
    before = [{name: getattr(_row(container, i), name) for name in columns} for i in ids]
    container.engine.dispose()
    config = alembic_config(database_url)
    command.downgrade(config, "7c1d5e9a2b40")  # the revision before the projection
    command.upgrade(config, "head")
    after = [{name: getattr(_row(container, i), name) for name in columns} for i in ids]
    for old, new in zip(before, after, strict=True):
        assert {k: v for k, v in new.items() if old[k] != v} == {}
