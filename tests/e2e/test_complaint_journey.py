"""The complaint journey in a real browser: the customer complains on the portal (phone
viewport) → the complaint appears on the agent's complaints desk → classified and answered →
the customer accepts the answer on the claim page and the case is closed."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from claimdesk.domain.complaints import reference
from claimdesk.services.claims.use_cases import report_claim
from claimdesk.services.service_desk import faq_search
from tests.builders import a_report
from tests.e2e.conftest import Site, shot, submit
from tests.e2e.seed import POLICY_NO

pytestmark = pytest.mark.e2e


def _claim_for_the_customer(site: Site) -> int:
    day = site.container.clock.now().date() - timedelta(days=3)
    report = a_report()
    visit = replace(report.visits[0], date=day)
    report = replace(report, policy_no=POLICY_NO, incident_date=day, visits=(visit,))
    claim, _ = report_claim(site.container.context(), actor=site.seed.users["agent"],
                            report=report, idempotency_key=None)  # fmt: skip
    return claim.id or 0


def _shot(page: Any, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    shot(page, name)  # with the other journeys' screenshots (the user guide uses them)


def test_a_complaint_from_the_portal_to_the_desk_and_back(
    new_page: Any, site: Site, tmp_path: Path
) -> None:
    claim_url = f"{site.base}/claims/{_claim_for_the_customer(site)}"
    customer = new_page("customer", mobile=True, at=None)
    customer.goto(claim_url)
    customer.fill("#complaint-text", "理赔进度太慢，一直没有人联系我")
    submit(customer, "#complaint-button")
    _shot(customer, tmp_path, "complaint-filed")

    agent = new_page("agent", at=None)
    agent.goto(f"{site.base}/")
    agent.click('nav a[href="/complaints"]')
    row = agent.locator("tr[data-complaint]").filter(has_text="客户端").first
    case_id = int(row.get_attribute("data-complaint"))
    ref = reference(case_id)
    _shot(agent, tmp_path, "complaints-desk")
    row.locator(f'a[href="/complaints/{case_id}"]').click()
    agent.select_option("#severity", "major")
    agent.select_option("#root_cause", "slow_payment")
    agent.click("#classify-button")
    assert ref in agent.inner_text("#flash")
    agent.fill("#note", "核实：材料已于前日补齐，已转理算")
    agent.click("#investigate-button")
    agent.fill("#answer", "您好，您的案件已加急处理，预计三个工作日内完成理算。")
    agent.click("#answer-button")
    assert ref in agent.inner_text("#flash") and "已答复客户" in agent.inner_text("#flash")
    assert "已答复，待客户确认" in agent.inner_text("#complaint-status")
    _shot(agent, tmp_path, "complaint-answered")

    customer.goto(claim_url)
    assert "已加急处理" in customer.inner_text("#complaints")
    customer.click(f"#accept-answer-{case_id}")
    customer.wait_for_url(re.compile(r"/claims/\d+"))
    assert "已办结" in customer.inner_text("#flash")
    _shot(customer, tmp_path, "complaint-confirmed")

    agent.goto(f"{site.base}/complaints/{case_id}")
    assert "已办结" in agent.inner_text("#complaint-status")
    assert {p.name for p in tmp_path.glob("*.png")} == {
        "complaint-filed.png", "complaints-desk.png", "complaint-answered.png",
        "complaint-confirmed.png",
    }  # fmt: skip


def test_the_service_desk_finds_an_answer_and_logs_the_consultation(
    new_page: Any, site: Site
) -> None:
    """客服: the agent searches the FAQ from the navigation and logs the consultation."""
    # The server's first search loads jieba's dictionary and indexes the FAQ (1–12 s on the
    # busy machine, in this process: the server runs in a thread here); the page's click then
    # timed out at 10 s. Built first, the click times the search itself.
    faq_search.default_index()
    agent = new_page("agent", at=None)
    agent.goto(f"{site.base}/service-desk")
    agent.fill("#q", "理赔款多久能到账")
    agent.click("#faq-search")
    assert "到账" in agent.inner_text("#faq")
    agent.fill("#question", "理赔款多久能到账")
    agent.fill("#consult-answer", "核赔通过后一般3个工作日内到账")
    agent.click("#log-consultation")
    assert "核赔通过后一般3个工作日内到账" in agent.inner_text("#consultations")
    shot(agent, "service-desk")
