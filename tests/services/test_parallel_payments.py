"""Parallel advance payments on one claim never exceed what may be paid (both databases)."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest

from claimdesk.bootstrap import Container
from claimdesk.domain.claim import Claim
from claimdesk.domain.errors import ErrorCode
from claimdesk.domain.payment import Payee, PaymentStatus, committed_total
from claimdesk.domain.refusals import Refused
from claimdesk.rules.benefit_ledger import LineOverride
from claimdesk.services.adjudication.use_cases import override_line
from claimdesk.services.payments import use_cases as payment_flow
from tests.builders import World, a_world
from tests.services.test_payments import (
    S,
    _approved,
    _batch_and_result,
    _move,
    _payments,
    _reviewed,
)

# PostgreSQL too: see tests/conftest.py (what differs between databases).
pytestmark = pytest.mark.postgres

RACERS = 8


def test_parallel_advances_stay_within_the_ceiling(container: Container) -> None:
    world = a_world(container)
    # Reviewed for 1000.00 of which 280.00 is payable: at most two advances of 100.00 fit.
    claim = _move(world, "specialist2", _reviewed(world, "1000.00"), S.ADJUDICATED)
    c = world.container
    start = threading.Barrier(RACERS)
    outcomes: list[str] = []

    def advance() -> None:
        start.wait()
        try:
            payment_flow.advance_payment(
                c.context(),
                actor=world.users["approver"],
                claim_id=claim.id or 0,
                amount=Decimal("100.00"),
                reason="先予",
            )
            outcomes.append("paid")
        except Refused as refused:
            outcomes.append(str(refused.code))

    threads = [threading.Thread(target=advance) for _ in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    committed = [i.amount for i in _payments(world, claim) if i.status != PaymentStatus.REVERSED]
    assert sum(committed, Decimal("0.00")) <= Decimal("280.00")
    assert outcomes.count("paid") == 2 and len(committed) == 2
    assert outcomes.count(str(ErrorCode.PAYMENT_OVER_APPROVED)) == RACERS - 2


def _override(world: World, claim: Claim, payable: str) -> Decimal:
    c = world.container
    with c.uow() as uow:
        version = uow.claims.get(claim.id or 0).version
    record = override_line(
        c.context(),
        actor=world.users["specialist"],
        claim_id=claim.id or 0,
        change=LineOverride("V1", "L1", Decimal(payable), "复核发票"),
        expected_version=version,
    )
    return record.payable


def _advance(world: World, claim: Claim, amount: str) -> None:
    payment_flow.advance_payment(
        world.container.context(),
        actor=world.users["approver"],
        claim_id=claim.id or 0,
        amount=Decimal(amount),
        reason="先予",
    )


def test_an_override_cannot_lower_the_payable_below_the_advances(container: Container) -> None:
    world = a_world(container)
    claim = _move(world, "specialist2", _reviewed(world, "1000.00"), S.ADJUDICATED)
    _advance(world, claim, "200.00")
    with pytest.raises(Refused) as refused:
        _override(world, claim, "100.00")
    assert refused.value.code == ErrorCode.OVERRIDE_BELOW_COMMITTED
    assert _override(world, claim, "200.00") == Decimal("200.00")  # down to what was advanced


def test_parallel_overrides_and_advances_never_commit_more_than_the_payable(
    container: Container,
) -> None:
    world = a_world(container)
    claim = _move(world, "specialist2", _reviewed(world, "1000.00"), S.ADJUDICATED)
    start = threading.Barrier(RACERS)
    outcomes: list[str] = []

    def race(n: int) -> None:
        start.wait()
        try:
            if n == 0:
                _override(world, claim, "100.00")
            else:
                _advance(world, claim, "100.00")
            outcomes.append("done")
        except Refused as refused:
            outcomes.append(str(refused.code))

    threads = [threading.Thread(target=race, args=(n,)) for n in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with container.uow() as uow:
        stored = uow.adjudications.active_for(claim.id or 0)
        assert stored is not None
        committed = committed_total(uow.payments.for_claim(claim.id or 0))
    assert committed <= stored.payable and len(outcomes) == RACERS


def test_parallel_new_payees_instruct_what_remains_once(container: Container) -> None:
    world = a_world(container)
    claim = _approved(world)
    assert _batch_and_result(world, claim, False, "账户已销户")["failed"] == 1
    start = threading.Barrier(RACERS)
    outcomes: list[str] = []

    def new_payee() -> None:
        start.wait()
        try:
            payment_flow.new_payee(
                container.context(),
                actor=world.users["finance"],
                claim_id=claim.id or 0,
                payee=Payee("张三", "11010519491231002X", "6222020200112233446", "建行"),
                documented_reason="被保险人书面申请",
            )
            outcomes.append("instructed")
        except Refused as refused:
            outcomes.append(str(refused.code))

    threads = [threading.Thread(target=new_payee) for _ in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    open_amounts = [
        i.amount for i in _payments(world, claim) if i.status == PaymentStatus.PENDING_RELEASE
    ]
    assert open_amounts == [Decimal("280.00")] and outcomes.count("instructed") == 1
    # Under the lock the later requests see nothing left to pay (not a 500, not a second 280).
    assert outcomes.count(str(ErrorCode.PAYMENT_AMOUNT_NOT_POSITIVE)) == RACERS - 1
