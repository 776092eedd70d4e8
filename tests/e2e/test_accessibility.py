"""Accessibility (issue 12): axe-core, run in Chromium over every main page of each room, finds
no serious or critical violation. axe.min.js comes from the pinned `axe-playwright-python`
package (no network). The test makes its own claim, so it runs alone or with the journeys."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from claimdesk.domain.users import Role
from claimdesk.services.approval import panel
from claimdesk.services.claims.use_cases import report_claim
from claimdesk.services.users import use_cases as user_service
from tests.builders import a_report
from tests.e2e.conftest import Site
from tests.e2e.seed import PASSWORD, POLICY_NO

pytestmark = pytest.mark.e2e

SERIOUS = {"serious", "critical"}


def _claim(site: Site) -> int:
    day = site.container.clock.now().date() - timedelta(days=3)
    report = a_report()
    visit = replace(report.visits[0], date=day)
    report = replace(report, policy_no=POLICY_NO, incident_date=day, visits=(visit,))
    claim, _ = report_claim(site.container.context(), actor=site.seed.users["agent"],
                            report=report, idempotency_key=None)  # fmt: skip
    return claim.id or 0


def _investigator(site: Site) -> None:
    with site.container.uow() as uow:
        if uow.users.exists("investigator"):
            return
    c = site.container
    user_service.add_user(c.context(), hasher=c.hasher, username="investigator",
                          password=PASSWORD, role=Role.INVESTIGATOR)  # fmt: skip


ROLES = ("customer", "agent", "specialist", "approver", "finance", "manager", "investigator",
         "admin")  # fmt: skip


@pytest.fixture(scope="module")
def claims(site: Site) -> tuple[int, int]:
    """A claim and a difficult one (疑难案件, the panel on its page), made once per worker."""
    claim, difficult = _claim(site), _claim(site)
    panel.mark_difficult(site.container.context(), actor=site.seed.users["manager"],
                         claim_id=difficult, reason="伤残等级有争议")  # fmt: skip
    _investigator(site)
    return claim, difficult


def _pages(site: Site, claims: tuple[int, int]) -> dict[str, tuple[str, ...]]:
    """Every room's main pages, each page shape once. The claim page has two templates
    (portal_claim.html for the customer, claim_detail.html for staff); staff see it with their
    own action panel: the specialist's verification forms, finance's payment panel and the
    approver's on the difficult claim (panel on it). The agent's and manager's claim page is
    that same template with fewer actions, so it is not checked again for them."""
    claim, difficult = f"/claims/{claims[0]}", f"/claims/{claims[1]}"
    approver = site.seed.users["approver"].id
    return {
        "customer": ("/portal", "/portal/report", claim),
        "agent": ("/workbench", "/complaints", "/service-desk"),
        "specialist": ("/workbench", claim, "/claims", "/account/second-factor"),
        "approver": ("/workbench", difficult),
        "finance": ("/finance", "/finance/results", claim),
        "manager": ("/dashboard", "/reports", "/management", "/archive"),
        "investigator": ("/fraud", "/fraud/investigations", "/fraud/rings", "/fraud/blacklist"),
        "admin": ("/admin/users", f"/admin/users/{approver}", "/admin/products",
                  "/admin/products/tianan-group-medical", "/admin/products/auto-commercial",
                  "/admin/holidays", "/admin/hospitals", "/admin/partners"),
    }  # fmt: skip


def serious(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page).response
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]} {v['help']}"
        for v in results["violations"]
        if v["impact"] in SERIOUS
    ]


def test_the_login_page_has_no_serious_violation_and_the_check_can_fail(
    browser: Any, site: Site
) -> None:
    anonymous = browser.new_context(locale="zh-CN")
    try:
        page = anonymous.new_page()
        page.goto(f"{site.base}/login")
        assert serious(page) == []
        # The check itself can fail: a field without a label is a critical violation.
        page.evaluate("document.body.append(document.createElement('input'))")
        assert any(v.startswith("label (critical)") for v in serious(page))
    finally:
        anonymous.close()


# One case per role (not one test over every room) so that xdist spreads them over workers.
@pytest.mark.parametrize("who", ROLES)
def test_no_serious_accessibility_violations(
    who: str, new_page: Any, site: Site, claims: tuple[int, int]
) -> None:
    found: dict[str, list[str]] = {}
    paths = _pages(site, claims)[who]
    page = new_page(who, at=None)
    for path in paths:
        response = page.goto(f"{site.base}{path}")
        assert response is not None and response.status == 200, (who, path)
        found[f"{who} {path}"] = serious(page)
    # The 390-px layout too (new_page's phone size; the same signed-in pages, narrowed): the
    # role's first page and its claim page, whose wide tables scroll sideways on a phone.
    page.set_viewport_size({"width": 390, "height": 844})
    for path in (paths[0], *(path for path in paths if path.startswith("/claims/"))):
        page.goto(f"{site.base}{path}")
        found[f"{who} {path} (phone)"] = serious(page)
    assert {where: v for where, v in found.items() if v} == {}
