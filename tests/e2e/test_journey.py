"""The whole health-claim journey in a real browser, and the pages' access rules.

Customer reports and uploads part of the materials → the one-time notice lists the rest →
the customer uploads them → a specialist accepts and adjudicates → an approver approves →
finance pays → the customer sees 已赔付 with the plain-language breakdown.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest

from claimdesk.services.claims.use_cases import report_claim
from claimdesk.services.payments import use_cases as payment_flow
from tests.e2e.conftest import Site, shot, submit
from tests.e2e.seed import POLICY_NO

pytestmark = pytest.mark.e2e
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
FIRST = ("id_copy", "original_receipts")
REST = ("bank_book_copy", "medical_record_copy", "itemized_drug_list")


def _upload(page: Any, code: str) -> None:
    page.select_option("#upload-code", code)
    page.set_input_files("#upload-file", {"name": f"{code}.png", "mimeType": "image/png",
                                          "buffer": PNG + code.encode()})  # fmt: skip
    submit(page, "#upload-button")


def _move(page: Any, base: str, claim_url: str, target: str) -> None:
    page.goto(claim_url)
    submit(page, f'button[data-move="{target}"]')
    assert page.locator("p.error").count() == 0, page.locator("p.error").inner_text()


def _pay_through_the_bank(site: Site, claim_id: int) -> None:
    """Finance releases, exports the bank batch and imports the bank's success (the API's
    payment steps have no pages yet): the system then moves the claim to paid."""
    context, finance = site.container.context, site.seed.users["finance"]
    (instruction,) = payment_flow.claim_payments(context(), actor=finance, claim_id=claim_id)
    payment_flow.release_payment(context(), actor=finance, instruction_id=instruction.id or 0)
    payment_flow.export_batch(context(), actor=finance)
    result = payment_flow.BankResult(instruction.id or 0, True, "E2E-001")
    payment_flow.import_results(context(), actor=finance, results=[result])


def _report_as_customer(page: Any, site: Site) -> str:
    page.goto(f"{site.base}/portal/report")
    assert page.input_value("#policy_no") == POLICY_NO  # prefilled from the insured record
    assert page.input_value("#member_no") == "E1"
    visit = (site.container.clock.now().date() - timedelta(days=3)).isoformat()
    page.fill("#visit_date", visit)
    page.fill("#hospital_name", "复旦大学附属中山医院")
    page.fill("#diagnosis", "急性支气管炎")
    page.fill("#line_name-1", "阿莫西林")
    page.fill("#amount-1", "1500.00")
    page.fill("#self_pay-1", "1500.00")
    submit(page, "#submit-report")  # a drug line without its supply days: asked, not assumed
    assert "用药天数" in page.inner_text("#err-lines-1-days_supply")
    page.fill("#days_supply-1", "5")
    shot(page, "portal-report")
    page.click("#submit-report")
    page.wait_for_url(re.compile(r"/claims/\d+$"))
    return str(page.url)


def _verify_line(page: Any, claim_url: str) -> None:
    """审核录入: the receipt says 1,200.00, not the 1,500.00 typed in the portal."""
    page.goto(claim_url)
    page.click("#verify-v1-l1 summary")
    page.fill("#amount-V1-L1", "1200.00")
    page.fill("#self_pay-V1-L1", "1200.00")
    page.fill("#line-reason-V1-L1", "按发票原件更正金额")
    submit(page, "#verify-v1-l1 button[type=submit]")
    assert page.locator("p.error").count() == 0, page.locator("p.error").inner_text()
    cell = page.inner_text('[data-cell="l1-amount"]')
    assert "1500.00" in cell and "1200.00" in cell  # submitted → verified
    assert "按发票原件更正金额" in page.inner_text("#corrections")
    shot(page, "workbench-verified")


def test_a_health_claim_from_report_to_payment(new_page: Any, site: Site) -> None:
    customer = new_page("customer", mobile=True, at=None)
    claim_url = _report_as_customer(customer, site)
    for code in FIRST:
        _upload(customer, code)
    submit(customer, "#submit-materials")
    notice = customer.locator("#notices")
    assert {notice.locator(f'[data-missing="{code}"]').count() for code in REST} == {1}
    shot(customer, "portal-notice")
    for code in REST:
        _upload(customer, code)
    submit(customer, "#submit-materials")
    assert customer.locator("tr.material-missing").count() == 0

    specialist = new_page("specialist", at=None)
    _move(specialist, site.base, claim_url, "accepted")
    assert "审核中" in specialist.inner_text("#claim-status")  # materials complete: on to review
    _verify_line(specialist, claim_url)
    _move(specialist, site.base, claim_url, "adjudicated")
    assert specialist.inner_text("#payable") == "¥420.00"  # (1200 − 600) × 70%: verified data
    assert specialist.locator('button[data-move="approved"]').count() == 0
    shot(specialist, "workbench-claim")

    approver = new_page("approver", at=None)
    _move(approver, site.base, claim_url, "approved")
    finance = new_page("finance", at=None)
    _move(finance, site.base, claim_url, "payment_pending")
    # 赔款到账 only by the bank's confirmation: no manual "paid" move is offered.
    assert finance.locator('button[data-move="paid"]').count() == 0
    _pay_through_the_bank(site, int(claim_url.rsplit("/", 1)[-1]))

    customer.goto(claim_url)
    assert customer.inner_text("#claim-status") == "赔款已到账"  # customer words, not 已赔付
    decision = customer.inner_text("#decision")
    assert "本次事故无法赔付的部分" in decision and "责任免除" not in decision
    assert customer.inner_text("#payable").startswith("¥") and "¥0.00" not in customer.inner_text(
        "#payable"
    )
    assert customer.inner_text("#payable-words").endswith(("元整", "角", "分"))
    shot(customer, "portal-paid")
    customer.check('input[name="score"][value="5"]')
    submit(customer, "#rate-button")
    assert customer.locator("#rating-done").count() == 1


def test_a_customer_cannot_open_another_customers_claim(new_page: Any, site: Site) -> None:
    container, users = site.container, site.seed.users
    from claimdesk.services.claims.use_cases import ClaimReport

    report = ClaimReport(POLICY_NO, "E1", container.clock.now().date() - timedelta(days=2), "门诊")
    theirs, _ = report_claim(
        container.context(), actor=users["customer"], report=report, idempotency_key=None
    )
    other = new_page("other", at=None)
    response = other.goto(f"{site.base}/claims/{theirs.id}")
    assert response is not None and response.status == 404
    assert theirs.claim_no not in other.content()


def test_the_workbench_shows_the_queue_and_masks_nothing_for_a_specialist(
    new_page: Any, site: Site
) -> None:
    container, users = site.container, site.seed.users
    from claimdesk.services.claims.use_cases import ClaimReport

    report = ClaimReport(POLICY_NO, "E1", container.clock.now().date() - timedelta(days=2), "门诊")
    report_claim(container.context(), actor=users["customer"], report=report, idempotency_key=None)
    page = new_page("specialist", at=None)
    page.goto(f"{site.base}/workbench?q=张三")
    # Whichever of 张三's claims come first: the specialist reads the full ID, the agent never.
    page.locator("#results td.pii").first.wait_for()
    shown = page.locator("#results td.pii").all_inner_texts()
    assert "11010519491231002X" in shown and "110105********002X" not in shown
    shot(page, "workbench")
    agent = new_page("agent", at=None)
    agent.goto(f"{site.base}/workbench?q=张三")
    agent.locator("#results td.pii").first.wait_for()
    masked = agent.locator("#results td.pii").all_inner_texts()
    assert "110105********002X" in masked and "11010519491231002X" not in masked


def test_the_dashboard_draws_its_charts(new_page: Any, site: Site) -> None:
    page = new_page("manager", at=None)
    page.goto(f"{site.base}/dashboard")
    page.wait_for_function("window.claimdeskChartsReady === true")
    assert page.locator("#chart-cases canvas").count() == 1
    initialised = page.evaluate(
        "() => !!window.echarts.getInstanceByDom(document.getElementById('chart-sla'))"
    )
    assert initialised
    shot(page, "dashboard")


def test_admin_pages_render(new_page: Any, site: Site) -> None:
    page = new_page("admin", at=None)
    page.goto(f"{site.base}/admin/users")
    assert page.locator("table.list").count() == 1
    shot(page, "admin-users")
    page.goto(f"{site.base}/admin/products/tianan-group-medical")
    shot(page, "admin-product")
