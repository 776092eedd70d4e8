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


def _pages(site: Site) -> dict[str, tuple[str, ...]]:
    """Every room's main pages; the claim page also with the panel (疑难案件) on it."""
    claim, difficult = f"/claims/{_claim(site)}", _claim(site)
    panel.mark_difficult(site.container.context(), actor=site.seed.users["manager"],
                         claim_id=difficult, reason="伤残等级有争议")  # fmt: skip
    _investigator(site)
    approver = site.seed.users["approver"].id
    return {
        "customer": ("/portal", "/portal/report", claim),
        "agent": ("/workbench", claim, "/complaints", "/service-desk"),
        "specialist": ("/workbench", claim, "/claims", "/account/second-factor"),
        "approver": ("/workbench", claim, f"/claims/{difficult}"),
        "finance": ("/finance", "/finance/results", claim),
        "manager": ("/dashboard", "/reports", "/management", "/archive", claim),
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


def test_no_serious_accessibility_violations(browser: Any, new_page: Any, site: Site) -> None:
    found: dict[str, list[str]] = {}
    anonymous = browser.new_context(locale="zh-CN")
    try:
        page = anonymous.new_page()
        page.goto(f"{site.base}/login")
        found["/login"] = serious(page)
        # The check itself can fail: a field without a label is a critical violation.
        page.evaluate("document.body.append(document.createElement('input'))")
        assert any(v.startswith("label (critical)") for v in serious(page))
    finally:
        anonymous.close()
    for who, paths in _pages(site).items():
        page = new_page(who)
        for path in paths:
            response = page.goto(f"{site.base}{path}")
            assert response is not None and response.status == 200, (who, path)
            found[f"{who} {path}"] = serious(page)
        phone = new_page(who, mobile=True)  # the 390-px layout too
        phone.goto(f"{site.base}{paths[0]}")
        found[f"{who} {paths[0]} (phone)"] = serious(phone)
    assert {where: v for where, v in found.items() if v} == {}
