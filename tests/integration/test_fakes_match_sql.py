"""The fakes answer as the SQL adapters do: the same scenario on both units of work."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from claimdesk.bootstrap import Container
from claimdesk.domain.audit import AuditEntry, verify_chain
from claimdesk.domain.errors import NotFound
from claimdesk.domain.payment import Payee, PaymentInstruction, PaymentKind, PaymentStatus
from claimdesk.services.claims.use_cases import report_claim
from claimdesk.services.ports import UnitOfWork
from tests.builders import a_report, a_world
from tests.fakes import FakeDatabase

NOW = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
P = PaymentStatus


def _stored_payment(new_uow: Callable[[], UnitOfWork], claim_id: int, user_id: int) -> int:
    payee = Payee("张三", "11010519491231002X", "6222020200112233446", "工行")
    with new_uow() as uow:
        stored = uow.payments.add(
            PaymentInstruction(
                None,
                claim_id,
                PaymentKind.FULL,
                Decimal("280.00"),
                payee,
                P.PENDING_RELEASE,
                user_id,
                NOW,
            )
        )
        uow.commit()
    return stored.id or 0


def a_payment_moves_only_from_the_status_it_is_in(
    new_uow: Callable[[], UnitOfWork], claim_id: int, user_id: int
) -> None:
    instruction_id = _stored_payment(new_uow, claim_id, user_id)
    with new_uow() as uow:
        assert uow.payments.move(instruction_id, P.PENDING_RELEASE, P.RELEASED, released_by=user_id)
        assert not uow.payments.move(instruction_id, P.PENDING_RELEASE, P.RELEASED)
        uow.commit()
    with new_uow() as uow:
        assert uow.payments.get(instruction_id).status == P.RELEASED
        assert uow.payments.get(instruction_id).released_by == user_id


def what_is_not_committed_is_rolled_back(
    new_uow: Callable[[], UnitOfWork], claim_id: int, user_id: int
) -> None:
    instruction_id = _stored_payment(new_uow, claim_id, user_id)
    with new_uow() as uow:
        uow.payments.move(instruction_id, P.PENDING_RELEASE, P.RELEASED)
    with new_uow() as uow:
        assert uow.payments.get(instruction_id).status == P.PENDING_RELEASE


def missing_rows_are_not_found_with_the_same_names(
    new_uow: Callable[[], UnitOfWork], claim_id: int, user_id: int
) -> None:
    with new_uow() as uow:
        for lookup, name in [
            (uow.payments.get, "支付指令 payment instruction"),
            (uow.policies.get, "保单 policy"),
            (uow.policies.get_insured, "被保险人 insured person"),
            (uow.users.get, "用户 user"),
        ]:
            with pytest.raises(NotFound) as missing:
                lookup(999_999)
            zh, en = name.split(" ", 1)
            assert missing.value.message_zh == f"未找到{zh}：999999"
            assert missing.value.message_en == f"{en.capitalize()} not found: 999999"


def the_audit_chain_verifies(
    new_uow: Callable[[], UnitOfWork], claim_id: int, user_id: int
) -> None:
    with new_uow() as uow:
        first = uow.audit.head()[0] + 1
        for n in range(3):
            uow.audit.append(AuditEntry("agent", "note", "note", "N-1", None, {"n": n}), NOW)
        uow.commit()
    with new_uow() as uow:
        records = uow.audit.all_records()
        assert [r.seq for r in records][-3:] == [first, first + 1, first + 2]
        assert verify_chain(records, *uow.audit.head()) is None
        assert len(uow.audit.for_entity("note", "N-1")) == 3


Scenario = Callable[[Callable[[], UnitOfWork], int, int], None]
SCENARIOS: list[Scenario] = [
    a_payment_moves_only_from_the_status_it_is_in,
    what_is_not_committed_is_rolled_back,
    missing_rows_are_not_found_with_the_same_names,
    the_audit_chain_verifies,
]
IDS = [scenario.__name__ for scenario in SCENARIOS]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=IDS)
def test_on_the_fakes(scenario: Scenario) -> None:
    scenario(FakeDatabase().uow, 7, 1)  # type: ignore[arg-type]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=IDS)
def test_on_the_sql_unit_of_work(scenario: Scenario, container: Container) -> None:
    world = a_world(container)  # payment rows reference a claim in SQL
    claim, _ = report_claim(
        container.context(), actor=world.users["agent"], report=a_report(), idempotency_key=None
    )
    scenario(container.uow, claim.id or 0, world.users["agent"].id)
