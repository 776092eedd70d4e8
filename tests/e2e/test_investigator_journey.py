"""The investigator's day in a real browser (issue 12): signs in, finds the open
investigations from the navigation, opens one, records findings and concludes it (not
proven: the claim goes back to review). Screenshots of each step."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from claimdesk.domain.claim import ClaimStatus
from claimdesk.domain.users import Role
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.claims.use_cases import get_claim, report_claim
from claimdesk.services.fraud.cases import refer_claim
from claimdesk.services.users import use_cases as user_service
from tests.builders import a_report, with_all_materials
from tests.e2e.conftest import Site, shot
from tests.e2e.seed import PASSWORD, POLICY_NO

pytestmark = pytest.mark.e2e
S = ClaimStatus


def _investigator(site: Site) -> str:
    c = site.container
    with c.uow() as uow:
        if uow.users.exists("investigator"):
            return "investigator"
    user_service.add_user(c.context(), hasher=c.hasher, username="investigator",
                          password=PASSWORD, role=Role.INVESTIGATOR,
                          display_name="郑调查")  # fmt: skip
    return "investigator"


def _referred_claim(site: Site) -> tuple[int, int]:
    """A claim under review that the specialist refers for investigation (发票疑似重复)."""
    c, users = site.container, site.seed.users
    day = c.clock.now().date() - timedelta(days=4)
    report = a_report()
    report = replace(report, policy_no=POLICY_NO, incident_date=day,
                     visits=(replace(report.visits[0], date=day),))  # fmt: skip
    claim, _ = report_claim(c.context(), actor=users["agent"], report=report,
                            idempotency_key=None)  # fmt: skip
    with_all_materials(c, users["agent"], claim.id or 0)
    for target in (S.ACCEPTED, S.UNDER_REVIEW):
        claim = get_claim(c.context(), actor=users["specialist"], claim_id=claim.id or 0)
        if claim.status == target:
            continue
        claim = move_claim(c.context(), actor=users["specialist"], claim_id=claim.id or 0,
                           target=target, reason="", expected_version=claim.version)  # fmt: skip
    case = refer_claim(c.context(), actor=users["specialist"], claim_id=claim.id or 0,
                       reason="发票疑似重复，转调查核实")  # fmt: skip
    return claim.id or 0, case.id or 0


def test_the_investigator_finds_records_and_concludes_an_investigation(
    new_page: Any, site: Site
) -> None:
    claim_id, case_id = _referred_claim(site)
    page = new_page(_investigator(site))
    page.click('nav a[href="/fraud/investigations"]')
    row = page.locator(f'tr[data-investigation="{case_id}"]')
    assert "发票疑似重复" in row.inner_text() and "调查中" in row.inner_text()
    shot(page, "investigator-list")
    row.locator(f'a[href="/fraud/investigations/{case_id}"]').click()
    assert page.get_attribute("#investigation-status", "data-status") == "open"
    page.fill("#text", "已向医院核实：两张发票为同一次就诊的正本与副本，非重复报销")
    page.click("#note-button")
    assert "调查记录已保存" in page.inner_text("#flash")
    assert "非重复报销" in page.inner_text("#investigation-notes")
    shot(page, "investigator-case")
    page.check("#outcome-not-proven")
    page.fill("#avoided_loss", "0")
    page.fill("#note", "未证实欺诈，退回理算")
    page.click("#outcome-button")
    assert f"调查结论已记录（调查 #{case_id}）" in page.inner_text("#flash")
    assert page.get_attribute("#investigation-status", "data-status") == "closed"
    assert "欺诈不成立" in page.inner_text("#investigation-status")
    assert page.locator("#outcome-button").count() == 0  # concluded: no second outcome
    shot(page, "investigator-concluded")
    claim = get_claim(site.container.context(), actor=site.seed.users["specialist"],
                      claim_id=claim_id)  # fmt: skip
    assert claim.status == S.UNDER_REVIEW  # not proven: back to review
