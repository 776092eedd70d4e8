"""A specialist's day in the browser (issue 12): filter the workbench, open the claim, send it
back for materials through the confirmation step, and read the flash. Brings its own claim."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from claimdesk.domain.claim import ClaimStatus as S
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.claims.use_cases import ClaimReport, report_claim
from tests.builders import with_all_materials
from tests.e2e.conftest import Site, shot, submit
from tests.e2e.seed import POLICY_NO

pytestmark = pytest.mark.e2e


def _claim_under_review(site: Site) -> Any:
    container, users = site.container, site.seed.users
    day = container.clock.now().date() - timedelta(days=2)
    claim, _ = report_claim(container.context(), actor=users["customer"],
                            report=ClaimReport(POLICY_NO, "E1", day, "门诊，工作台测试"),
                            idempotency_key=None)  # fmt: skip
    with_all_materials(container, users["agent"], claim.id or 0)
    claim = move_claim(container.context(), actor=users["specialist"], claim_id=claim.id or 0,
                       target=S.ACCEPTED, reason="", expected_version=claim.version)  # fmt: skip
    if claim.status != S.UNDER_REVIEW:  # the checklist still short: review it anyway
        claim = move_claim(container.context(), actor=users["specialist"],
                           claim_id=claim.id or 0, target=S.UNDER_REVIEW, reason="",
                           expected_version=claim.version)  # fmt: skip
    return claim


def test_a_specialist_filters_opens_and_sends_back_for_materials(new_page: Any, site: Site) -> None:
    claim = _claim_under_review(site)
    page = new_page("specialist", at=None)
    page.goto(f"{site.base}/workbench")
    page.fill("#q", claim.claim_no[-6:])  # a part of the claim number
    page.select_option("#f-status", "under_review")
    submit(page, "#apply-filters")
    rows = page.locator("#work-table tbody tr[data-claim]")
    assert rows.count() == 1 and rows.first.get_attribute("data-claim") == claim.claim_no
    assert page.inner_text("#total-count") == "1"
    shot(page, "workbench-filtered")
    page.click(f'#work-table a:text("{claim.claim_no}")')
    page.wait_for_url(f"**/claims/{claim.id}")
    assert "等待理算" in page.inner_text("#waiting-for")
    assert page.locator('[data-action="request_materials"]').is_visible()
    assert "→" not in page.inner_text("#actions")  # no raw status buttons
    page.click('[data-action="request_materials"]')
    page.wait_for_url(f"**/claims/{claim.id}/actions/request_materials")
    assert "时效暂停" in page.inner_text("#consequence")
    page.fill("#reason", "请补充银行卡复印件（原件模糊）")
    shot(page, "confirm-request-materials")
    page.click("#confirm-button")
    page.wait_for_url(f"**/claims/{claim.id}")
    flash = page.inner_text("#flash")
    assert "已退回补充材料" in flash and claim.claim_no in flash
    assert "资料" in page.inner_text("#claim-status") or "材料" in page.inner_text("#claim-status")
    assert "等待客户补充" in page.inner_text("#waiting-for")
    shot(page, "claim-sent-back")
