"""人伤 on a stored auto claim: the injured, bills reviewed by the engine, follow-up visits at
registry hospitals, a one-off settlement paid through 交强险 and making a small case simple;
the salvage handling on record decides deduction or recovery. Bad input stores nothing."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from claimdesk.bootstrap import Container
from claimdesk.domain.auto_claim import Vehicle
from claimdesk.domain.auto_injury import InjuredRole
from claimdesk.domain.errors import DomainError, ErrorCode, Forbidden, NotFound
from claimdesk.domain.hospitals import Hospital
from claimdesk.domain.partners import SalvageMethod
from claimdesk.services.auto import settlement
from claimdesk.services.auto.injuries import use_cases as injuries
from claimdesk.services.partners import salvage
from claimdesk.workflow.calendar import WorkingDayCalendar
from claimdesk.workflow.deadlines import TimeLimitCode as T
from claimdesk.workflow.deadlines import deadline_for
from tests.builders import AutoWorld, an_auto_world
from tests.services.test_auto_settlement import FIRST, a_survey, reported, survey_and_sign

OTHER = (Vehicle("湘B54321", "丰田卡罗拉"),)
TODAY = date(2026, 6, 1)


def _hospital(container: Container) -> Hospital:
    with container.uow() as uow:
        saved = uow.hospitals.save(
            Hospital("H-CS-01", "中南大学湘雅医院", 3, "a", "changsha"), container.clock.now()
        )
        uow.commit()
        return saved


def _injured_claim(container: Container, auto: AutoWorld) -> tuple[int, int]:
    """Two cars, a pedestrian hurt (third party); the survey of our car: 3,600.00."""
    claim_id = reported(container, auto, "4000.00", third_party_vehicles=OTHER, injury=True)
    survey_and_sign(container, auto, claim_id, a_survey((FIRST[0],)))
    person = injuries.add_injured(
        container.context(), actor=auto.users["specialist"], claim_id=claim_id, name="李四",
        role=InjuredRole.THIRD_PARTY, id_number="11010519491231002X",
    )  # fmt: skip
    assert person.id is not None
    for line_type, amount, self_funded in (
        ("exam_basic", "1000.00", "0.00"), ("drug_western", "800.00", "100.00"),
        ("tonic_paste", "200.00", "0.00"),
    ):  # fmt: skip
        injuries.add_bill_line(
            container.context(), actor=auto.users["specialist"], person_id=person.id,
            line_type=line_type, amount=Decimal(amount), self_funded=Decimal(self_funded),
        )  # fmt: skip
    settlement.record_liability(
        container.context(), actor=auto.users["specialist"], claim_id=claim_id,
        share_percent=Decimal("100"), decision_no="JJ-2026-100",
    )  # fmt: skip
    return claim_id, person.id


def _fast_track(container: Container, claim_id: int) -> tuple[bool, list[tuple[datetime, ...]]]:
    with container.uow() as uow:
        auto_file = uow.auto.find_file(claim_id)
        assert auto_file is not None
        started = [
            (d.started_at, d.due_at)
            for d in uow.tracking.deadlines_for(claim_id)
            if d.code == T.FAST_TRACK_DOCUMENTS
        ]
        return auto_file.fast_track, started


def test_a_one_off_settlement_is_paid_by_compulsory_and_makes_the_case_simple(
    container: Container,
) -> None:
    auto = an_auto_world(container)
    hospital = _hospital(container)
    claim_id, person_id = _injured_claim(container, auto)
    signed_at = container.clock.now()
    assert _fast_track(container, claim_id) == (False, [])  # injured: not vehicle damage only

    visit = injuries.log_follow_up(
        container.context(), actor=auto.users["surveyor"], person_id=person_id,
        visited_on=TODAY, hospital_code="中南大学湘雅医院", note="左腿骨折，已手术",
    )  # fmt: skip
    assert (visit.hospital_id, visit.hospital_name) == (hospital.id, "中南大学湘雅医院")
    injuries.record_settlement(
        container.context(), actor=auto.users["specialist"], person_id=person_id,
        amount=Decimal("1200.00"), signed_on=TODAY, parties="李四、王五、本公司",
    )  # fmt: skip

    # 3,600.00 + 1,200.00 ≤ 5,000: simple, documents due two working days after the survey.
    fast, (started,) = _fast_track(container, claim_id)
    expected = deadline_for(T.FAST_TRACK_DOCUMENTS, signed_at, WorkingDayCalendar())
    assert fast and started == (signed_at, expected.due_at)

    record = settlement.settle_auto_claim(
        container.context(), actor=auto.users["specialist"], claim_id=claim_id
    )
    (review,) = record.result.injuries
    assert [line.eligible for line in review.lines] == [
        Decimal("1000.00"), Decimal("700.00"), Decimal("0.00"),
    ]  # fmt: skip
    assert (review.billed, review.medical, review.death_disability) == (
        Decimal("2000.00"), Decimal("1200.00"), Decimal("0.00"),
    )  # fmt: skip
    medical = next(i for i in record.result.settlement if i.section == "medical")
    assert medical.payable == Decimal("1200.00")
    assert "INJURY_ONE_OFF_SETTLEMENT" in [str(r.code) for r in medical.reasons]
    (files,) = injuries.injuries_of(container.context(), actor=auto.users["agent"],
                                    claim_id=claim_id)  # fmt: skip
    assert files.person.masked_id == "110105********002X"
    assert len(files.lines) == 3 and len(files.visits) == 1
    with container.uow() as uow:
        actions = [e.entry.action for e in uow.audit.for_entity("claim", str(claim_id))]
    for action in ("add_injured", "add_injury_line", "log_injury_visit",
                   "record_injury_settlement"):  # fmt: skip
        assert action in actions


def _counts(container: Container, claim_id: int) -> tuple[int, int, int, bool]:
    with container.uow() as uow:
        files = uow.injuries.files_for(claim_id)
        lines = sum(len(f.lines) for f in files)
        visits = sum(len(f.visits) for f in files)
        return len(files), lines, visits, any(f.settlement for f in files)


BAD = [
    ("id", "add_injured", {"name": "张三", "role": InjuredRole.DRIVER,
                           "id_number": "110105194912310021"}, "id_number"),
    ("name", "add_injured", {"name": "  ", "role": InjuredRole.DRIVER}, "name"),
    ("fee-type", "add_bill_line", {"line_type": "massage", "amount": Decimal("1")}, "line_type"),
    ("negative", "add_bill_line", {"line_type": "bed", "amount": Decimal("-1")}, "amount"),
    ("self-funded", "add_bill_line", {"line_type": "bed", "amount": Decimal("10"),
                                      "self_funded": Decimal("11")}, "self_funded"),
    ("hospital", "log_follow_up", {"visited_on": TODAY, "hospital_code": "不存在医院",
                                   "note": "x"}, "hospital_code"),
    ("future-visit", "log_follow_up", {"visited_on": date(2026, 6, 5),
                                       "hospital_code": "H-CS-01", "note": "x"}, "visited_on"),
    ("zero", "record_settlement", {"amount": Decimal("0"), "signed_on": TODAY,
                                   "parties": "李四"}, "amount"),
    ("no-parties", "record_settlement", {"amount": Decimal("5"), "signed_on": TODAY,
                                         "parties": " "}, "parties"),
]  # fmt: skip


@pytest.mark.parametrize(("use_case", "fields", "field"), [b[1:] for b in BAD],
                         ids=[b[0] for b in BAD])  # fmt: skip
def test_bad_injury_input_is_refused_in_zh_and_en_and_nothing_is_stored(
    container: Container, use_case: str, fields: dict[str, object], field: str
) -> None:
    auto = an_auto_world(container)
    _hospital(container)
    claim_id, person_id = _injured_claim(container, auto)
    before = _counts(container, claim_id)
    target = {"claim_id": claim_id} if use_case == "add_injured" else {"person_id": person_id}
    with pytest.raises(DomainError) as refused:
        getattr(injuries, use_case)(
            container.context(), actor=auto.users["specialist"], **target, **fields
        )
    assert refused.value.field == field
    assert refused.value.message_zh and refused.value.message_en
    assert _counts(container, claim_id) == before


def test_after_the_settlement_nothing_more_is_added_and_roles_are_enforced(
    container: Container,
) -> None:
    auto = an_auto_world(container)
    claim_id, person_id = _injured_claim(container, auto)
    with pytest.raises(Forbidden):  # a surveyor records facts, does not settle
        injuries.record_settlement(
            container.context(), actor=auto.users["surveyor"], person_id=person_id,
            amount=Decimal("9000.00"), signed_on=TODAY, parties="李四",
        )  # fmt: skip
    injuries.record_settlement(
        container.context(), actor=auto.users["specialist"], person_id=person_id,
        amount=Decimal("9000.00"), signed_on=TODAY, parties="李四",
    )  # fmt: skip
    assert _fast_track(container, claim_id)[0] is False  # 3,600 + 9,000 > 5,000
    for again in (
        lambda: injuries.record_settlement(
            container.context(), actor=auto.users["specialist"], person_id=person_id,
            amount=Decimal("1.00"), signed_on=TODAY, parties="李四",
        ),
        lambda: injuries.add_bill_line(
            container.context(), actor=auto.users["specialist"], person_id=person_id,
            line_type="bed", amount=Decimal("10.00"),
        ),
    ):  # fmt: skip
        with pytest.raises(DomainError) as refused:
            again()
        assert refused.value.code == ErrorCode.INJURY_SETTLEMENT_RECORDED
    with pytest.raises((Forbidden, NotFound)):  # another customer's claim
        injuries.injuries_of(container.context(), actor=auto.users["auto_other"],
                             claim_id=claim_id)  # fmt: skip


@pytest.mark.parametrize(
    ("method", "deducted", "code"),
    [
        (SalvageMethod.DEDUCT, True, "SALVAGE_DEDUCTED"),
        (SalvageMethod.SELL, False, "SALVAGE_TAKEN"),
    ],
)
def test_the_salvage_handling_on_record_decides_deduction_or_recovery(
    container: Container, method: SalvageMethod, deducted: bool, code: str
) -> None:
    auto = an_auto_world(container)
    claim_id = reported(container, auto, "4000.00")
    survey_and_sign(container, auto, claim_id, a_survey((FIRST[0],), salvage="300.00"))
    salvage.record_salvage(
        container.context(), actor=auto.users["specialist"], claim_id=claim_id, method=method,
        value=Decimal("250.00"),
    )  # fmt: skip
    record = settlement.settle_auto_claim(
        container.context(), actor=auto.users["specialist"], claim_id=claim_id
    )
    (own,) = record.result.assessments
    assert (own.salvage, own.salvage_deducted) == (Decimal("250.00"), deducted)
    assert code in [str(r.code) for r in own.reasons]
    # 3,600.00 (− 250.00 when deducted) × 100% × 95% − 1,000.00
    expected = Decimal("2182.50") if deducted else Decimal("2420.00")
    assert record.payable == expected


def test_a_denied_claim_takes_no_new_injury_amounts(container: Container) -> None:
    from claimdesk.domain.claim import ClaimStatus, Denial
    from claimdesk.services.claims.moves import move_claim
    from tests.services.test_auto_settlement import move

    auto = an_auto_world(container)
    claim_id, person_id = _injured_claim(container, auto)
    for who, target in (("agent", ClaimStatus.ACCEPTED), ("specialist", ClaimStatus.UNDER_REVIEW)):
        move(container, auto, who, claim_id, target)
    with container.uow() as uow:
        version = uow.claims.get(claim_id).version
    move_claim(
        container.context(), actor=auto.users["specialist"], claim_id=claim_id,
        target=ClaimStatus.DENIED, reason="非承保车辆", expected_version=version,
        denial=Denial(("NOT_INSURED_VEHICLE",), "工作规范 7.1"),
    )  # fmt: skip
    before = _counts(container, claim_id)
    with pytest.raises(DomainError) as refused:
        injuries.add_bill_line(
            container.context(), actor=auto.users["specialist"], person_id=person_id,
            line_type="bed", amount=Decimal("10.00"),
        )  # fmt: skip
    assert refused.value.code == ErrorCode.AUTO_NOT_SETTLEABLE
    assert _counts(container, claim_id) == before
