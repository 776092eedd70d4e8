"""Business behaviour of use cases on the in-memory fakes (tests/fakes.py): no database.

What depends on SQL (compare-and-set under concurrency, migrations, repositories) stays in the
two-database tests; tests/integration/test_fakes_match_sql.py keeps the fakes honest.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from claimdesk.domain.audit import verify_chain
from claimdesk.domain.channels import Channel
from claimdesk.domain.errors import Duplicate, ErrorCode, Forbidden, InvalidInput, ReasonRequired
from claimdesk.domain.payment import Payee, PaymentInstruction, PaymentKind, PaymentStatus
from claimdesk.domain.policy import InsuredPerson, Policy
from claimdesk.domain.refusals import Refused
from claimdesk.domain.service_desk import Consultation
from claimdesk.domain.users import Role, User
from claimdesk.services.payments import use_cases as payment_flow
from claimdesk.services.policies.use_cases import add_insured_persons, create_policy
from claimdesk.services.service_desk import consultations
from claimdesk.services.users.use_cases import add_user, authenticate
from tests.fakes import FakeClock, FakeDatabase, FakeHasher, ctx

NOW = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
ADMIN = User(1, "admin", "管理员", Role.ADMIN)
AGENT = User(2, "agent", "坐席", Role.AGENT)
FINANCE = User(3, "finance", "财务", Role.FINANCE)
CUSTOMER = User(4, "customer", "客户", Role.CUSTOMER, insured_person_id=1)


def a_policy(policy_no: str = "P-1", end: date = date(2026, 12, 31)) -> Policy:
    return Policy(None, policy_no, "tianan-group-medical", "天安公司", date(2026, 1, 1), end)


def test_a_policy_whose_period_ends_before_it_starts_is_refused() -> None:
    database = FakeDatabase()
    with pytest.raises(Refused) as refused:
        create_policy(
            ctx(database, FakeClock(NOW)), actor=ADMIN, policy=a_policy(end=date(2025, 12, 31))
        )
    assert refused.value.code == ErrorCode.POLICY_PERIOD_INVALID
    assert database.state.policies == {} and database.state.audit == []


def test_a_policy_number_is_taken_once_and_each_creation_is_audited() -> None:
    database, clock = FakeDatabase(), FakeClock(NOW)
    created = create_policy(ctx(database, clock), actor=ADMIN, policy=a_policy())
    with pytest.raises(Duplicate):
        create_policy(ctx(database, clock), actor=ADMIN, policy=a_policy())
    assert list(database.state.policies) == [created.id]
    assert [r.entry.action for r in database.state.audit] == ["create_policy"]
    records = database.state.audit
    assert verify_chain(records, records[-1].seq, records[-1].hash) is None


def test_one_bad_insured_row_stores_nothing_of_the_file() -> None:
    database, clock = FakeDatabase(), FakeClock(NOW)
    policy = create_policy(ctx(database, clock), actor=ADMIN, policy=a_policy())
    good = InsuredPerson(None, policy.id or 0, "E1", "张三", "11010519491231002X")
    bad = InsuredPerson(None, policy.id or 0, "E2", "李四", "110105194912310021")
    with pytest.raises(Refused) as refused:
        add_insured_persons(
            ctx(database, clock), actor=ADMIN, policy_id=policy.id or 0, persons=[good, bad]
        )
    assert refused.value.code == ErrorCode.ID_NUMBER_INVALID
    assert database.state.insured == {}


def test_a_new_user_signs_in_and_a_short_password_is_refused() -> None:
    database, clock, hasher = FakeDatabase(), FakeClock(NOW), FakeHasher()
    with pytest.raises(Refused) as refused:
        add_user(
            ctx(database, clock), hasher=hasher, username="wang", password="short", role=Role.AGENT
        )
    assert refused.value.code == ErrorCode.PASSWORD_TOO_SHORT
    added = add_user(
        ctx(database, clock),
        hasher=hasher,
        username="wang",
        password="long-enough",
        role=Role.AGENT,
    )
    assert (
        authenticate(ctx(database, clock), hasher=hasher, username="wang", password="long-enough")
        == added
    )
    with pytest.raises(Duplicate):
        add_user(
            ctx(database, clock),
            hasher=hasher,
            username="wang",
            password="long-enough",
            role=Role.AGENT,
        )


def _payment(database: FakeDatabase, status: PaymentStatus) -> int:
    payee = Payee("张三", "11010519491231002X", "6222020200112233446", "工行")
    instruction = PaymentInstruction(
        None, 7, PaymentKind.FULL, Decimal("280.00"), payee, status, AGENT.id, NOW
    )
    with database.uow() as uow:
        stored = uow.payments.add(instruction)
        uow.commit()
    return stored.id or 0


def test_only_a_paid_payment_can_be_reversed_and_the_reversal_is_audited() -> None:
    database, clock = FakeDatabase(), FakeClock(NOW)
    sent, paid = _payment(database, PaymentStatus.SENT), _payment(database, PaymentStatus.PAID)
    with pytest.raises(Refused) as refused:
        payment_flow.reverse_payment(
            ctx(database, clock), actor=FINANCE, instruction_id=sent, reason="客户退回"
        )
    assert refused.value.code == ErrorCode.PAYMENT_NOT_PAID
    reversed_ = payment_flow.reverse_payment(
        ctx(database, clock), actor=FINANCE, instruction_id=paid, reason="客户退回"
    )
    assert reversed_.status == PaymentStatus.REVERSED
    assert database.state.payments[sent].status == PaymentStatus.SENT
    assert [r.entry.action for r in database.state.audit] == ["payment_reversed"]


def test_a_reversal_needs_its_reason_and_the_pay_right() -> None:
    database, clock = FakeDatabase(), FakeClock(NOW)
    paid = _payment(database, PaymentStatus.PAID)
    with pytest.raises(Forbidden):
        payment_flow.reverse_payment(
            ctx(database, clock), actor=AGENT, instruction_id=paid, reason="客户退回"
        )
    with pytest.raises(ReasonRequired):
        payment_flow.reverse_payment(
            ctx(database, clock), actor=FINANCE, instruction_id=paid, reason="  "
        )
    assert database.state.payments[paid].status == PaymentStatus.PAID


def test_an_agent_logs_a_consultation_on_a_consultation_channel_only() -> None:
    database, clock = FakeDatabase(), FakeClock(NOW)
    asked = Consultation(None, None, Channel.COUNTER, "怎么报案？", "可在线报案", None, NOW, 0)
    logged = consultations.log_consultation(ctx(database, clock), actor=AGENT, wanted=asked)
    assert logged.created_by == AGENT.id and logged.channel == Channel.COUNTER
    with pytest.raises(InvalidInput) as refused:
        consultations.log_consultation(
            ctx(database, clock),
            actor=AGENT,
            wanted=Consultation(None, None, Channel.SMS, "问", "答", None, NOW, 0),
        )
    assert refused.value.field == "channel"
    with pytest.raises(Forbidden):
        consultations.list_consultations(
            ctx(database, clock), actor=CUSTOMER, after_id=None, limit=10
        )
    assert [
        c.id
        for c in consultations.list_consultations(
            ctx(database, clock), actor=AGENT, after_id=None, limit=10
        )
    ] == [logged.id]
