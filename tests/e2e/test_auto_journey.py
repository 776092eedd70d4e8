"""The auto claim journey in a real browser (issues 12 + 14): an auto claim reported at 36,000
is dispatched; the surveyor calls, photographs and assesses it on a phone (390×844) at 31,000;
the customer signs on their phone; the dispatch desk assigns the re-survey, a second surveyor
assesses 30,900 and takes three quotes from registry shops (the 4S dealer's lowest is not
compliant: 30,800 wins); specialist and approver decide, finance releases, batches and imports
the bank's success — and the amount paid is the auto engine's, not the reported estimate."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from claimdesk.domain.auto_claim import AutoIncident, Driver, Vehicle
from claimdesk.domain.claim import ClaimStatus
from claimdesk.domain.policy import InsuredPerson, Policy
from claimdesk.domain.users import Role, User
from claimdesk.services.approval import large_claims
from claimdesk.services.auto import settlement
from claimdesk.services.auto import use_cases as auto_claims
from claimdesk.services.claims.use_cases import get_claim
from claimdesk.services.payments import use_cases as payment_flow
from claimdesk.services.policies import use_cases as policy_service
from claimdesk.workflow.deadlines import SHANGHAI
from tests.builders import AUTO_POLICY_FIGURES, repair_shops
from tests.e2e.conftest import Site, retire_surveyors, shot
from tests.e2e.seed import _user
from tests.e2e.test_finance_journey import _batch_and_result, _flash
from tests.e2e.test_journey import _move
from tests.services.test_auto_settlement import FIRST, RESURVEY

pytestmark = pytest.mark.e2e
S = ClaimStatus
POLICY_NO = "TA-AUTO-E2E-001"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
SHOPS = {"湘江合作修理厂": "cooperating", "长沙星沙4S店": "4s", "岳麓汽修": "cooperating"}
BIDS = (("长沙星沙4S店", "30000.00"), ("湘江合作修理厂", "30800.00"), ("岳麓汽修", "31500.00"))


def _auto_world(site: Site) -> dict[str, User]:
    """Its own policy, insured customer, two surveyors and three registry shops."""
    container, admin = site.container, site.seed.users["admin"]
    today = container.clock.now().date()
    start, end = today - timedelta(days=60), today + timedelta(days=300)
    policy = policy_service.create_policy(
        container.context(), actor=admin,
        policy=Policy(None, POLICY_NO, "auto-commercial", "测试物流公司", start, end, "auto",
                      parameters=dict(AUTO_POLICY_FIGURES)),
    )  # fmt: skip
    assert policy.id is not None
    person = InsuredPerson(None, policy.id, "A1", "王五", "11010519491231002X", "13912345678",
                           "6222020200112233446", "工商银行")  # fmt: skip
    policy_service.add_insured_persons(
        container.context(), actor=admin, policy_id=policy.id, persons=[person]
    )
    with container.uow() as uow:
        (insured,) = uow.policies.insured_of_policy(policy.id, after_id=None, limit=10)
    users = {
        "driver": _user(container, "auto_driver", Role.CUSTOMER, insured.id, "王五"),
        "first": _user(container, "surveyor_li", Role.SURVEYOR, None, "李查勘"),
        "second": _user(container, "surveyor_zhou", Role.SURVEYOR, None, "周复勘"),
    }
    site.seed.users.update(users)
    return users


def _reported(site: Site) -> int:
    incident = AutoIncident(
        accident_at=datetime.now(UTC) - timedelta(days=1), place="长沙市岳麓区麓山南路",
        cause="collision", vehicle=Vehicle("湘A12345", "奥迪A4L"), driver=Driver("王五"),
        estimated_loss=Decimal("36000.00"), handled_by_traffic_police=True,
        suspicions=("夜间单方事故",),  # a first-scene survey rule: dispatched at once
    )  # fmt: skip
    report = auto_claims.AutoClaimReport(POLICY_NO, "A1", incident)
    view = auto_claims.report_auto_claim(
        site.container.context(), actor=site.seed.users["agent"], report=report
    )
    return view.claim.id or 0


def _open(new_page: Any, username: str, *, mobile: bool = False, at: str | None = None) -> Any:
    """A page with room for the shared machine: the staff claim page is the slowest here."""
    page = new_page(username, mobile=mobile, at=at)
    page.set_default_timeout(30_000)
    return page


def _survey_on_the_phone(page: Any, site: Site, claim_id: int, lines: Any, name: str) -> None:
    page.click("#nav-survey")
    page.click(f"#dispatch-{claim_id} a.button")
    soon = datetime.now(SHANGHAI) + timedelta(hours=1)
    page.fill("#appointment", soon.strftime("%Y-%m-%dT%H:%M"))
    page.click("#log-contact")
    assert _flash(page) == "已记录联系客户"
    page.set_input_files("#photos", [{"name": "车头.png", "mimeType": "image/png",
                                      "buffer": PNG + name.encode()}])  # fmt: skip
    page.click("#upload-photos")
    assert _flash(page) == "已上传查勘照片 1 张"
    for n, (part, code, action, amount, labour, reason) in enumerate(lines):
        if n >= 3:
            page.click("#add-line")
        row = page.locator(f"#edit-line-{n}")
        row.locator(f'[name="part_{n}"]').fill(part)
        row.locator(f'[name="part_code_{n}"]').fill(code)
        row.locator(f'[name="action_{n}"]').select_option(action)
        row.locator(f'[name="amount_{n}"]').fill(amount)
        row.locator(f'[name="labour_{n}"]').fill(labour)
        row.locator(f'[name="reason_{n}"]').fill(reason)
    page.click("#save-survey")
    assert _flash(page).startswith("定损已保存"), page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    shot(page, f"auto-{name}")


def _customer_signs(new_page: Any, site: Site, claim_id: int, name: str) -> None:
    customer = _open(new_page, "auto_driver", mobile=True)
    customer.goto(f"{site.base}/claims/{claim_id}")
    customer.click("#sign-survey")
    assert _flash(customer) == "定损单已签字确认"
    shot(customer, f"auto-{name}")


@pytest.fixture(autouse=True)
def _own_surveyors_retire(site: Site) -> Iterator[None]:
    yield
    retire_surveyors(site, ("surveyor_li", "surveyor_zhou"))


def test_auto_claim_pays_the_engines_amount(new_page: Any, site: Site) -> None:
    _auto_world(site)
    shops = repair_shops(site.container, site.seed.users["admin"], SHOPS)
    claim_id = _reported(site)
    claim_url = f"{site.base}/claims/{claim_id}"

    first = _open(new_page, "surveyor_li", mobile=True)
    first.goto(f"{site.base}/survey")
    card = first.locator(f"#dispatch-{claim_id}")
    assert "湘A12345" in card.inner_text() and "139****5678" in card.inner_text()
    shot(first, "auto-survey-room-phone")
    _survey_on_the_phone(first, site, claim_id, FIRST, "survey-phone")
    assert "31,000.00" in first.inner_text("#assessed-loss")
    _customer_signs(new_page, site, claim_id, "customer-signs")

    desk = _open(new_page, "specialist")
    desk.goto(claim_url)
    desk.click("#assign-resurvey")
    assert _flash(desk) == "已指派复勘"

    second = _open(new_page, "surveyor_zhou", mobile=True, at="/")  # from the nav
    _survey_on_the_phone(second, site, claim_id, RESURVEY, "resurvey-phone")
    assert "-¥100.00" in second.inner_text("#deviation")  # 30,900 against 31,000
    _customer_signs(new_page, site, claim_id, "customer-signs-resurvey")

    second.goto(f"{site.base}/survey/{claim_id}")
    for n, (shop, amount) in enumerate(BIDS):
        second.select_option(f"#shop-{n}", str(shops[shop]))
        second.fill(f"#quote-{n}", amount)
    second.click("#save-quotes")
    assert _flash(second) == "已录入招标报价"
    winner = second.inner_text("#quotes .winner")
    assert "湘江合作修理厂" in winner and "30,800.00" in winner
    assert second.evaluate("document.documentElement.scrollWidth") <= 390
    shot(second, "auto-tender-phone")

    for target in ("accepted", "under_review", "adjudicated"):
        _move(desk, site.base, claim_url, target)
    context, staff = site.container.context, site.seed.users
    agree = large_claims.Opinion.AGREE
    large_claims.record_review(context(), actor=staff["manager"], claim_id=claim_id,
                               opinion=agree, reason="定损与招标合规")  # fmt: skip
    approver = _open(new_page, "approver")
    _move(approver, site.base, claim_url, "approved")
    approver.goto(claim_url)
    shot(approver, "auto-staff-claim")
    section = approver.inner_text("#auto-survey")
    assert "最低合规报价" in section and "复勘偏差" in section

    finance = _open(new_page, "finance")
    (instruction,) = payment_flow.claim_payments(context(), actor=staff["finance"],
                                                 claim_id=claim_id)  # fmt: skip
    finance.goto(f"{site.base}/finance")
    finance.click(f'button[data-release="{instruction.id}"]')
    assert _flash(finance).startswith(f"已放款：支付指令 #{instruction.id}")
    _batch_and_result(finance, site, instruction.id or 0, "成功,E2E-AUTO-1,", "auto")
    assert finance.locator("#line-2").get_attribute("data-outcome") == "paid"

    paid = get_claim(context(), actor=staff["finance"], claim_id=claim_id)
    assert paid.status == S.PAID
    final = settlement.settlement_of(context(), actor=staff["manager"], claim_id=claim_id)
    (own,) = final.result.assessments
    assert own.assessed == Decimal("30800.00")  # the lowest compliant quote, not the 4S dealer's
    assert instruction.amount == final.payable != Decimal("36000.00")  # the engine's amount
