"""死亡伤残 items and 车上人员责任险 on a stored auto claim: the items recorded with their basis
flow through the engine (交强险 death/disability section, with clauses) into the stored
settlement; an injured driver is paid by 车上人员责任险 when the policy bought it. Bad input is
refused in zh and en, nothing stored."""

from __future__ import annotations

from decimal import Decimal

import pytest

from claimdesk.bootstrap import Container
from claimdesk.domain.auto_injury import InjuredRole
from claimdesk.domain.errors import DomainError
from claimdesk.services.auto import settlement
from claimdesk.services.auto.injuries import items as injury_items
from claimdesk.services.auto.injuries import use_cases as injuries
from tests.builders import an_auto_world
from tests.services.test_auto_injuries import _hospital, _injured_claim
from tests.services.test_auto_settlement import FIRST, a_survey, reported, survey_and_sign

ON_BOARD = {"on_board_cover": True, "on_board_driver_limit": Decimal("20000.00"),
            "on_board_passenger_limit": Decimal("10000.00"),
            "on_board_passenger_seats": Decimal("4")}  # fmt: skip


def _items(container: Container, claim_id: int) -> int:
    with container.uow() as uow:
        return sum(len(found.death_disability) for found in uow.injuries.files_for(claim_id))


def test_death_disability_items_flow_through_compulsory_into_the_settlement(
    container: Container,
) -> None:
    auto = an_auto_world(container)
    _hospital(container)
    claim_id, person_id = _injured_claim(container, auto)
    specialist = auto.users["specialist"]
    for kind, basis, standard, quantity, ratio in (
        ("disability_compensation", "2025年人均可支配收入；伤残十级", "46000.00", "20", "0.10"),
        ("nursing", "护工 120.00元/日，30日", "120.00", "30", "1"),
    ):  # fmt: skip
        injury_items.add_death_disability_item(
            container.context(), actor=specialist, person_id=person_id, kind=kind, basis=basis,
            standard=Decimal(standard), quantity=Decimal(quantity), ratio=Decimal(ratio),
        )  # fmt: skip
    record = settlement.settle_auto_claim(container.context(), actor=specialist, claim_id=claim_id)
    (review,) = record.result.injuries
    assert [item.amount for item in review.items] == [Decimal("92000.00"), Decimal("3600.00")]
    assert review.items[0].working == "46000.00 × 20 × 10% = 92000.00"
    section = next(i for i in record.result.settlement if i.section == "death_disability")
    assert (section.loss, section.payable) == (Decimal("95600.00"), Decimal("95600.00"))
    assert "INJURY_DEATH_DISABILITY_ITEMS" in [str(r.code) for r in section.reasons]
    assert all(r.clause for r in section.reasons)
    # Read back from the database: the stored request and result are what the engine used.
    stored = settlement.settlement_of(container.context(), actor=specialist, claim_id=claim_id)
    assert stored.result == record.result and stored.request == record.request
    with container.uow() as uow:
        actions = [e.entry.action for e in uow.audit.for_entity("claim", str(claim_id))]
    assert actions.count("add_injury_death_disability_item") == 2


def test_an_injured_driver_is_paid_by_on_board_liability_when_bought(
    container: Container,
) -> None:
    auto = an_auto_world(container, ON_BOARD)
    claim_id = reported(container, auto, "4000.00", injury=True)
    survey_and_sign(container, auto, claim_id, a_survey((FIRST[0],)))
    specialist = auto.users["specialist"]
    driver = injuries.add_injured(container.context(), actor=specialist, claim_id=claim_id,
                                  name="王五", role=InjuredRole.DRIVER)  # fmt: skip
    assert driver.id is not None
    injuries.add_bill_line(container.context(), actor=specialist, person_id=driver.id,
                           line_type="surgery", amount=Decimal("6000.00"))  # fmt: skip
    injury_items.add_death_disability_item(
        container.context(), actor=specialist, person_id=driver.id, kind="lost_earnings",
        basis="误工 30日 × 300.00元", standard=Decimal("300.00"), quantity=Decimal("30"),
    )  # fmt: skip
    record = settlement.settle_auto_claim(container.context(), actor=specialist, claim_id=claim_id)
    (on_board,) = [i for i in record.result.settlement if i.cover == "on_board_liability"]
    assert (on_board.section, on_board.loss, on_board.limit, on_board.payable) == (
        "driver", Decimal("15000.00"), Decimal("20000.00"), Decimal("15000.00"),
    )  # fmt: skip
    assert "ON_BOARD_LIABILITY" in [str(r.code) for r in on_board.reasons]
    assert not [i for i in record.result.settlement if i.cover == "compulsory" and i.payable]


BAD = [
    ("kind", {"kind": "luck"}, "kind"),
    ("basis", {"basis": "  "}, "basis"),
    ("standard", {"standard": Decimal("-1.00")}, "standard"),
    ("quantity", {"quantity": Decimal("0")}, "quantity"),
    ("quantity-decimals", {"quantity": Decimal("1.005")}, "quantity"),
    ("ratio", {"ratio": Decimal("1.5")}, "ratio"),
]


@pytest.mark.parametrize(("fields", "field"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_items_are_refused_in_zh_and_en_and_nothing_is_stored(
    container: Container, fields: dict[str, object], field: str
) -> None:
    auto = an_auto_world(container)
    _hospital(container)
    claim_id, person_id = _injured_claim(container, auto)
    good: dict[str, object] = {"kind": "nursing", "basis": "护工", "standard": Decimal("100"),
                               "quantity": Decimal("3"), "ratio": Decimal("1")}  # fmt: skip
    with pytest.raises(DomainError) as refused:
        injury_items.add_death_disability_item(
            container.context(),
            actor=auto.users["specialist"],
            person_id=person_id,
            **(good | fields),  # type: ignore[arg-type]
        )
    assert refused.value.field == field
    assert refused.value.message_zh and refused.value.message_en
    assert _items(container, claim_id) == 0
