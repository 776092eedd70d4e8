"""The difficult-case panel in a real browser (issue 12): the manager sends an adjudicated
claim to the panel with the reason; three approvers vote with their reasons on the claim page;
the majority approves the claim and the result is shown. Screenshots of each step."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from claimdesk.domain.claim import ClaimStatus
from claimdesk.domain.tasks import ApproverLimits
from claimdesk.domain.users import Role
from claimdesk.services.approval.use_cases import set_approver_limits
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.claims.use_cases import get_claim, report_claim
from claimdesk.services.users import use_cases as user_service
from tests.builders import a_report, with_all_materials
from tests.e2e.conftest import Site, shot
from tests.e2e.seed import PASSWORD, POLICY_NO

pytestmark = pytest.mark.e2e
S = ClaimStatus


def _approvers(site: Site) -> list[str]:
    c, names = site.container, ["approver", "panel-b", "panel-c"]
    for name in names[1:]:
        with c.uow() as uow:
            if uow.users.exists(name):
                continue
        user = user_service.add_user(c.context(), hasher=c.hasher, username=name,
                                     password=PASSWORD, role=Role.APPROVER)  # fmt: skip
        limits = {line: Decimal("50000.00") for line in ("health", "accident", "auto")}
        set_approver_limits(c.context(), actor=site.seed.users["admin"],
                            profile=ApproverLimits(user.id, 2, limits))  # fmt: skip
    return names


def _adjudicated_claim(site: Site) -> int:
    c, users = site.container, site.seed.users
    day = c.clock.now().date() - timedelta(days=3)
    report = a_report()
    report = replace(report, policy_no=POLICY_NO, incident_date=day,
                     visits=(replace(report.visits[0], date=day),))  # fmt: skip
    claim, _ = report_claim(c.context(), actor=users["agent"], report=report,
                            idempotency_key=None)  # fmt: skip
    with_all_materials(c, users["agent"], claim.id or 0)
    for target in (S.ACCEPTED, S.UNDER_REVIEW, S.ADJUDICATED):
        claim = get_claim(c.context(), actor=users["specialist"], claim_id=claim.id or 0)
        if claim.status == target:
            continue
        claim = move_claim(c.context(), actor=users["specialist"], claim_id=claim.id or 0,
                           target=target, reason="", expected_version=claim.version)  # fmt: skip
    return claim.id or 0


def test_the_panel_decides_a_difficult_case(new_page: Any, site: Site) -> None:
    voters = _approvers(site)
    claim_url = f"{site.base}/claims/{_adjudicated_claim(site)}"
    manager = new_page("manager", at=None)
    manager.goto(claim_url)
    manager.fill("#panel-mark-reason", "伤残等级有争议，提交集体讨论")
    manager.click("#panel-mark-button")
    assert "已转疑难案件" in manager.inner_text("#flash")
    assert "伤残等级有争议" in manager.inner_text("#panel-reason")
    shot(manager, "panel-marked")
    for n, (who, vote) in enumerate(zip(voters, ("approve", "reject", "approve"), strict=True)):
        page = new_page(who, at=None)
        page.goto(claim_url)
        page.check(f"#panel-vote-{vote}")
        page.fill(
            "#panel-vote-reason", f"{who} 的意见：材料齐全" if vote == "approve" else "属责任免除"
        )
        if vote == "reject":
            page.fill("#panel-vote-clause", "第四部分 二.11")
        page.click("#panel-vote-button")
        assert "表决已记录" in page.inner_text("#flash")
        assert page.locator("#panel-votes tbody tr").count() == n + 1
        assert page.locator("#panel-vote-form").count() == 0  # one vote each
        shot(page, f"panel-vote-{n + 1}")
    assert page.get_attribute("#panel-result", "data-outcome") == "approved"
    assert "集体讨论通过" in page.inner_text("#panel-result")
