"""Parallel advance payments on one claim never exceed what may be paid (both databases)."""

from __future__ import annotations

import threading
from decimal import Decimal

from claimdesk.bootstrap import Container
from claimdesk.domain.errors import ErrorCode
from claimdesk.domain.payment import PaymentStatus
from claimdesk.domain.refusals import Refused
from claimdesk.services.payments import use_cases as payment_flow
from tests.builders import a_world
from tests.services.test_payments import S, _move, _payments, _reviewed

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
