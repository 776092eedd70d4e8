"""The fakes answer as the SQL adapters do: the same scenario on both units of work."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from claimdesk.bootstrap import Container
from claimdesk.domain.audit import AuditEntry, verify_chain
from claimdesk.domain.claim import Approval, Claim, ClaimStatus, Denial, LineOfBusiness, Visit
from claimdesk.domain.errors import Duplicate, NotFound, StaleVersion
from claimdesk.domain.payment import Payee, PaymentInstruction, PaymentKind, PaymentStatus
from claimdesk.domain.policy import InsuredPerson, Policy
from claimdesk.services.claims.use_cases import report_claim
from claimdesk.services.ports import ClaimFilter, UnitOfWork
from tests.builders import a_bill_line, a_report, a_world
from tests.fakes import FakeDatabase

# PostgreSQL too: see tests/conftest.py (what differs between databases).
pytestmark = pytest.mark.postgres

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


# The claims repository, claim numbers and idempotency keys (tests/fakes.py FakeClaims …).
S = ClaimStatus
UowFactory = Callable[[], UnitOfWork]


def _claim(policy_id: int, insured_id: int, user_id: int, claim_no: str, **fields: object) -> Claim:
    visit = Visit("V1", "outpatient", date(2026, 5, 20), "SH-0001", "中山医院", "急性支气管炎",
                  lines=(a_bill_line(),))  # fmt: skip
    claim = Claim(None, claim_no, policy_id, insured_id, "tianan-group-medical",
                  LineOfBusiness.HEALTH, S.REPORTED, NOW, user_id, date(2026, 5, 20),
                  "门诊", Decimal("300.00"), (visit,), updated_at=NOW)  # fmt: skip
    return replace(claim, **fields)  # type: ignore[arg-type]


def _people(new_uow: UowFactory) -> tuple[int, int, int]:
    """A policy of its own with two insured persons (张三 and 李四)."""
    with new_uow() as uow:
        policy = uow.policies.add(
            Policy(None, "P-FAKES", "tianan-group-medical", "天安", date(2026, 1, 1),
                   date(2026, 12, 31)), NOW)  # fmt: skip
        first, second = (
            uow.policies.add_insured(InsuredPerson(None, policy.id or 0, no, name, id_no, phone))
            for no, name, id_no, phone in [
                ("F1", "张三丰", "110105194912310021", "13800000001"),
                ("F2", "李四", "110105194912310048", "13800000002"),
            ]
        )
        uow.commit()
    return policy.id or 0, first.id or 0, second.id or 0


def claims_read_back_page_newest_first_and_filter(new_uow: UowFactory, user_id: int) -> None:
    policy_id, zhang, li = _people(new_uow)
    with new_uow() as uow:
        added = [
            uow.claims.add(_claim(policy_id, zhang, user_id, "LP20260601900001")),
            uow.claims.add(_claim(policy_id, li, user_id, "LP20260601900002", status=S.ACCEPTED)),
            uow.claims.add(_claim(policy_id, zhang, user_id, "LP20260601900003")),
        ]
        uow.commit()
    ids = [c.id or 0 for c in added]
    with new_uow() as uow:
        assert [uow.claims.get(i) for i in ids] == added
        assert uow.claims.get_by_number("LP20260601900002") == added[1]
        mine = ClaimFilter(policy_id=policy_id)
        assert [c.id for c in uow.claims.page(mine, after_id=None, limit=2)] == ids[::-1][:2]
        assert [c.id for c in uow.claims.page(mine, after_id=ids[1], limit=2)] == [ids[0]]
        for wanted, expected in [
            (ClaimFilter(policy_id=policy_id, status=S.ACCEPTED), [ids[1]]),
            (ClaimFilter(policy_id=policy_id, insured_person_id=zhang), [ids[2], ids[0]]),
            (ClaimFilter(policy_id=policy_id, search="三丰"), [ids[2], ids[0]]),
            (ClaimFilter(policy_id=policy_id, search=" 13800000002 "), [ids[1]]),
            (ClaimFilter(policy_id=policy_id, search="110105194912310021"), [ids[2], ids[0]]),
            (ClaimFilter(search="LP20260601900003"), [ids[2]]),
            (ClaimFilter(policy_id=policy_id, search="%"), []),  # % is a character, not a wildcard
            (ClaimFilter(policy_id=policy_id, product_code="other"), []),
        ]:
            assert [c.id for c in uow.claims.page(wanted, after_id=None, limit=10)] == expected
            assert uow.claims.count(wanted) == len(expected)
        by_status = uow.claims.count_by_status()
        assert (by_status[S.REPORTED], by_status[S.ACCEPTED]) == (2, 1)
        for lookup, key in [(uow.claims.get, 999_999), (uow.claims.get_by_number, "LP0")]:
            with pytest.raises(NotFound) as missing:
                lookup(key)  # type: ignore[operator]
            assert missing.value.message_en == f"Claim not found: {key}"


def a_claim_moves_only_from_the_version_it_is_at(new_uow: UowFactory, user_id: int) -> None:
    policy_id, zhang, _ = _people(new_uow)
    with new_uow() as uow:
        claim = uow.claims.add(_claim(policy_id, zhang, user_id, "LP20260601900011"))
        uow.commit()
    later = NOW + timedelta(hours=1)
    with new_uow() as uow:
        moved = uow.claims.change_status(claim, 1, S.ACCEPTED, "齐全", later)
        assert (moved.status, moved.version, moved.status_reason) == (S.ACCEPTED, 2, "齐全")
        assert moved.updated_at == later and moved.visits == claim.visits
        with pytest.raises(StaleVersion) as stale:
            uow.claims.change_status(claim, 1, S.DENIED, "", later)
        assert (stale.value.message_en, stale.value.field) == (
            "赔案 claim was changed by someone else (version 2, yours 1); reload and retry",
            "version",
        )
        uow.claims.bump_version(moved, 2, later)
        with pytest.raises(StaleVersion):
            uow.claims.bump_version(moved, 2, later)
        uow.commit()
    with new_uow() as uow:
        stored = uow.claims.get(claim.id or 0)
        assert (stored.status, stored.version) == (S.ACCEPTED, 3)


def decisions_on_a_claim_are_kept(new_uow: UowFactory, user_id: int) -> None:
    policy_id, zhang, _ = _people(new_uow)
    with new_uow() as uow:
        claim_id = uow.claims.add(_claim(policy_id, zhang, user_id, "LP20260601900021")).id or 0
        uow.claims.record_adjudicator(claim_id, user_id)
        uow.claims.add_adjuster(claim_id, user_id)
        uow.claims.add_adjuster(claim_id, user_id)  # once, in the order they first adjusted
        uow.claims.mark_difficult(claim_id, "多方责任")
        uow.claims.record_approval(claim_id, Approval(user_id, Decimal("280.00"), NOW))
        uow.claims.record_denial(claim_id, Denial(("EXCLUDED",), "第七条"))
        hospital = Visit("V1", "outpatient", date(2026, 5, 20), "SH-0002", "华山医院", "",
                         designated=False, hospital_level=2, region="beijing")  # fmt: skip
        uow.claims.set_visit_hospital(claim_id, hospital)
        uow.commit()
    with new_uow() as uow:
        stored = uow.claims.get(claim_id)
    assert (stored.adjudicated_by, stored.adjusted_by) == (user_id, (user_id,))
    assert (stored.difficult, stored.difficult_reason) == (True, "多方责任")
    assert stored.approval == Approval(user_id, Decimal("280.00"), NOW)
    assert stored.denial == Denial(("EXCLUDED",), "第七条")
    (visit,) = stored.visits
    assert (visit.hospital_code, visit.hospital_name, visit.designated) == (
        "SH-0002",
        "华山医院",
        False,
    )
    assert (visit.hospital_level, visit.region, visit.diagnosis) == (2, "beijing", "急性支气管炎")
    assert visit.lines == (a_bill_line(),)


def numbers_count_up_per_day_and_a_key_is_remembered_once(
    new_uow: UowFactory, user_id: int
) -> None:
    policy_id, zhang, _ = _people(new_uow)
    day = date(2031, 1, 2)  # a day no other scenario numbers claims on
    with new_uow() as uow:
        assert [uow.claim_numbers.next_sequence(day) for _ in range(3)] == [1, 2, 3]
        assert uow.claim_numbers.next_sequence(day + timedelta(days=1)) == 1
        claim_id = uow.claims.add(_claim(policy_id, zhang, user_id, "LP20260601900031")).id or 0
        assert uow.idempotency.find(user_id, "k-1") is None
        uow.idempotency.remember(user_id, "k-1", "hash-1", claim_id, NOW)
        uow.commit()
    with new_uow() as uow:
        assert uow.claim_numbers.next_sequence(day) == 4
        assert uow.idempotency.find(user_id, "k-1") == ("hash-1", claim_id)
        with pytest.raises(Duplicate):
            uow.idempotency.remember(user_id, "k-1", "hash-2", claim_id, NOW)


ClaimScenario = Callable[[UowFactory, int], None]
CLAIM_SCENARIOS: list[ClaimScenario] = [
    claims_read_back_page_newest_first_and_filter,
    a_claim_moves_only_from_the_version_it_is_at,
    decisions_on_a_claim_are_kept,
    numbers_count_up_per_day_and_a_key_is_remembered_once,
]
CLAIM_IDS = [scenario.__name__ for scenario in CLAIM_SCENARIOS]


@pytest.mark.parametrize("scenario", CLAIM_SCENARIOS, ids=CLAIM_IDS)
def test_claims_on_the_fakes(scenario: ClaimScenario) -> None:
    scenario(FakeDatabase().uow, 1)  # type: ignore[arg-type]


@pytest.mark.parametrize("scenario", CLAIM_SCENARIOS, ids=CLAIM_IDS)
def test_claims_on_the_sql_unit_of_work(scenario: ClaimScenario, container: Container) -> None:
    world = a_world(container)  # claim rows reference a user in SQL
    scenario(container.uow, world.users["agent"].id)
