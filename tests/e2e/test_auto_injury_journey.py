"""人伤 on the auto claim page in a real browser (issue 14): the specialist adds an injured
pedestrian and a passenger of the insured vehicle, enters the pedestrian's bills and a
死亡伤残 item with its basis, logs a follow-up visit at a registry hospital and signs a one-off
settlement with the passenger; at 理算 the page shows each bill line as the engine reviewed it,
the item's working, and the settlement with 交强险 (death/disability, medical), 车损险 and
车上人员责任险 rows with their clauses — and the payable is the engine's, figured by hand."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from claimdesk.domain.auto_claim import AssessmentItem, AutoIncident, Driver, SurveyRecord, Vehicle
from claimdesk.domain.policy import InsuredPerson, Policy
from claimdesk.domain.users import Role
from claimdesk.services.auto import settlement, surveys
from claimdesk.services.auto import use_cases as auto_claims
from claimdesk.services.policies import use_cases as policy_service
from claimdesk.workflow.deadlines import SHANGHAI
from tests.builders import AUTO_POLICY_FIGURES
from tests.e2e.conftest import Site, retire_surveyors, shot, submit
from tests.e2e.seed import _user
from tests.e2e.test_journey import _move

pytestmark = pytest.mark.e2e
POLICY_NO = "TA-AUTO-E2E-INJ"
ON_BOARD = {"on_board_cover": True, "on_board_driver_limit": Decimal("20000.00"),
            "on_board_passenger_limit": Decimal("10000.00"),
            "on_board_passenger_seats": Decimal("4")}  # fmt: skip
BILLS = (  # fee type, item, amount, self-funded → reviewed
    ("exam_basic", "CT 检查", "1000.00", "0.00"),  # 1,000.00
    ("drug_western", "西药", "800.00", "100.00"),  # 700.00 (self-funded part not counted)
    ("tonic_paste", "营养品", "200.00", "0.00"),  # 0.00 (not a necessary, reasonable cost)
)


def _claim_surveyed(site: Site) -> int:
    """An injury accident on its own policy (车上人员险 bought), surveyed at 3,600.00, signed."""
    container, admin = site.container, site.seed.users["admin"]
    today = container.clock.now().date()
    policy = policy_service.create_policy(
        container.context(), actor=admin,
        policy=Policy(None, POLICY_NO, "auto-commercial", "湘江客运公司",
                      today - timedelta(days=60), today + timedelta(days=300), "auto",
                      parameters=dict(AUTO_POLICY_FIGURES) | ON_BOARD),
    )  # fmt: skip
    assert policy.id is not None
    person = InsuredPerson(None, policy.id, "B1", "赵司机", "11010519491231002X", "13912345678",
                           "6222020200112233446", "工商银行")  # fmt: skip
    policy_service.add_insured_persons(
        container.context(), actor=admin, policy_id=policy.id, persons=[person]
    )
    site.seed.users.setdefault(
        "surveyor_inj", _user(container, "surveyor_inj", Role.SURVEYOR, None, "吴查勘")
    )
    incident = AutoIncident(
        accident_at=datetime.now(UTC) - timedelta(days=1), place="长沙市芙蓉区五一大道",
        cause="collision", vehicle=Vehicle("湘A67890", "宇通客车"), driver=Driver("赵司机"),
        estimated_loss=Decimal("20000.00"), injury=True, handled_by_traffic_police=True,
    )  # fmt: skip
    view = auto_claims.report_auto_claim(
        container.context(), actor=site.seed.users["agent"],
        report=auto_claims.AutoClaimReport(POLICY_NO, "B1", incident),
    )  # fmt: skip
    claim_id = view.claim.id or 0
    with container.uow() as uow:
        surveyor_id = uow.auto.surveys_for(claim_id)[-1].surveyor_id
    surveyor = next(user for user in site.seed.users.values() if user.id == surveyor_id)
    surveys.record_contact(container.context(), actor=surveyor, claim_id=claim_id)
    item = AssessmentItem("前保险杠", "replace", Decimal("3600.00"), "破裂", "front_bumper",
                          Decimal("600.00"))  # fmt: skip
    record = SurveyRecord("撞倒行人，前部受损", (), (item,), Decimal("3600.00"))
    surveys.record_survey(container.context(), actor=surveyor, claim_id=claim_id, record=record,
                          products=container.auto_products)  # fmt: skip
    surveys.sign_survey(container.context(), actor=site.seed.users["agent"], claim_id=claim_id)
    return claim_id


def _add_injured(page: Any, name: str, role: str, id_number: str = "") -> int:
    page.locator("details:has(#injured-name) summary").click()
    page.fill("#injured-name", name)
    page.select_option("#injured-role", role)
    page.fill("#injured-id", id_number)
    submit(page, page.locator("form:has(#injured-name) button"))
    heading = page.locator("#injuries h3", has_text=name)
    return int((heading.get_attribute("id") or "").removeprefix("injured-"))


def _open_form(page: Any, person: int, field: str) -> None:
    """Opens the <details> holding the field of this person's form."""
    page.locator(f"details:has(#{field}-{person}) summary").click()


@pytest.fixture(autouse=True)
def _own_surveyors_retire(site: Site) -> Iterator[None]:
    yield
    retire_surveyors(site, ("surveyor_inj",))


def test_the_injury_panel_records_and_the_settlement_shows_the_engines_review(
    new_page: Any, site: Site
) -> None:
    claim_id = _claim_surveyed(site)
    claim_url = f"{site.base}/claims/{claim_id}"
    desk = new_page("specialist", at=None)
    desk.set_default_timeout(30_000)
    desk.goto(claim_url)
    assert "本案未登记伤者" in desk.inner_text("#injuries")

    walker = _add_injured(desk, "周建华", "third_party", "11010519491231002X")
    passenger = _add_injured(desk, "李梅", "passenger")
    panel = desk.inner_text("#injuries")
    assert "周建华 · 第三者 · 110105********002X" in panel and "李梅 · 本车乘客" in panel

    for line_type, item, amount, self_funded in BILLS:
        _open_form(desk, walker, "line-type")
        desk.select_option(f"#line-type-{walker}", line_type)
        desk.fill(f"#line-name-{walker}", item)
        desk.fill(f"#line-amount-{walker}", amount)
        desk.fill(f"#line-self-{walker}", self_funded)
        submit(desk, desk.locator(f"form:has(#line-type-{walker}) button"))

    _open_form(desk, walker, "dd-kind")
    desk.select_option(f"#dd-kind-{walker}", "nursing")
    desk.fill(f"#dd-basis-{walker}", "护工 120.00元/日，住院30日（护理证明）")
    desk.fill(f"#dd-standard-{walker}", "120.00")
    desk.fill(f"#dd-quantity-{walker}", "30")
    submit(desk, desk.locator(f"form:has(#dd-kind-{walker}) button"))
    assert "护理费" in desk.inner_text(f"#death-disability-{walker}")

    # Bad input is refused with a zh message naming the problem, nothing stored.
    _open_form(desk, walker, "dd-kind")
    desk.fill(f"#dd-basis-{walker}", "   ")
    desk.fill(f"#dd-standard-{walker}", "100.00")
    desk.fill(f"#dd-quantity-{walker}", "3")
    submit(desk, desk.locator(f"form:has(#dd-kind-{walker}) button"))
    assert "请填写计算依据" in desk.inner_text("p.error")
    assert desk.locator(f"#death-disability-{walker} tbody tr").count() == 1

    today = datetime.now(SHANGHAI).date().isoformat()
    _open_form(desk, walker, "visit-on")
    desk.fill(f"#visit-on-{walker}", today)
    desk.fill(f"#visit-hospital-{walker}", "复旦大学附属中山医院")
    desk.fill(f"#visit-note-{walker}", "伤者左腿骨折，已手术，恢复良好")
    submit(desk, desk.locator(f"form:has(#visit-on-{walker}) button"))
    assert "复旦大学附属中山医院 · 伤者左腿骨折" in desk.inner_text("#injuries")

    _open_form(desk, passenger, "line-type")
    desk.select_option(f"#line-type-{passenger}", "treatment")
    desk.fill(f"#line-amount-{passenger}", "2000.00")
    submit(desk, desk.locator(f"form:has(#line-type-{passenger}) button"))
    _open_form(desk, passenger, "settle-amount")
    desk.fill(f"#settle-amount-{passenger}", "2500.00")
    desk.fill(f"#settle-on-{passenger}", today)
    desk.fill(f"#settle-parties-{passenger}", "李梅（伤者）、被保险人、本公司")
    submit(desk, desk.locator(f"form:has(#settle-amount-{passenger}) button"))
    assert "2,500.00" in desk.inner_text(f"#injury-settlement-{passenger}")
    assert desk.locator(f"#line-type-{passenger}").count() == 0  # nothing added after it

    for target in ("accepted", "under_review", "adjudicated"):
        _move(desk, site.base, claim_url, target)
    desk.goto(claim_url)
    shot(desk, "auto-injury-panel")
    rows = desk.locator(f"#injured-{walker} + table tbody tr")
    assert [rows.nth(n).locator("td").last.inner_text() for n in range(3)] == [
        "¥1,000.00", "¥700.00", "¥0.00",
    ]  # fmt: skip
    items = desk.inner_text(f"#death-disability-{walker}")
    assert "120.00 × 30 × 100% = 3600.00" in items and "¥3,600.00" in items
    table = desk.inner_text("#auto-settlement table")
    assert "车上人员责任险" in table and "本车乘客(按座)" in table
    assert "死亡伤残赔偿项目逐项按其计算标准" in table  # the item's reason with its clause
    assert "机动车交通事故责任强制保险条款 第八条" in table

    record = settlement.settlement_of(
        site.container.context(), actor=site.seed.users["specialist"], claim_id=claim_id
    )
    by_cover = {(item.cover, item.section): item.payable for item in record.result.settlement}
    # 交强险: medical 1,000 + 700 = 1,700; death/disability 3,600 (nursing 120 × 30).
    # 车损险: 3,600 × 100% × (1 − 5%) − 1,000 = 2,420. 车上人员险: passenger 2,500 (one-off).
    assert by_cover == {
        ("compulsory", "medical"): Decimal("1700.00"),
        ("compulsory", "death_disability"): Decimal("3600.00"),
        ("vehicle_damage", "own_vehicle"): Decimal("2420.00"),
        ("on_board_liability", "passenger"): Decimal("2500.00"),
    }
    assert record.payable == Decimal("10220.00")
    assert "10,220.00" in desk.inner_text("#auto-payable")
