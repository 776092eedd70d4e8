"""Finance failure and re-pay in a real browser (issue 12): finance releases an approved
claim's payment, makes the bank batch and downloads its file, imports the bank's refusal and
reads the per-line report, re-pays to a new account from the failures queue; a second finance
officer releases it (maker-checker), the bank confirms, and the claim is paid."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from claimdesk.domain.claim import Claim, ClaimStatus
from claimdesk.domain.users import Role
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.claims.use_cases import get_claim, report_claim
from claimdesk.services.payments import use_cases as payment_flow
from tests.builders import a_lab_line, a_report, with_all_materials
from tests.e2e.conftest import Site, shot, submit
from tests.e2e.seed import POLICY_NO, _user

pytestmark = pytest.mark.e2e
S = ClaimStatus
NEW_ACCOUNT = "6217001234567890122"


def _approved_claim(site: Site) -> Claim:
    container, users = site.container, site.seed.users
    day = container.clock.now().date() - timedelta(days=3)
    report = a_report(member_no="E2", lines=(a_lab_line("L1", "800.00"),))  # not 张三: his
    # yearly deductible is the health journey's to use, whichever runs first
    visits = tuple(replace(v, date=day) for v in report.visits)
    report = replace(report, policy_no=POLICY_NO, incident_date=day, visits=visits)
    claim, _ = report_claim(container.context(), actor=users["agent"], report=report,
                            idempotency_key=None)  # fmt: skip
    with_all_materials(container, users["agent"], claim.id or 0)
    for who, target in (("specialist", S.ACCEPTED), ("specialist", S.UNDER_REVIEW),
                        ("specialist", S.ADJUDICATED), ("approver", S.APPROVED)):  # fmt: skip
        claim = get_claim(container.context(), actor=users[who], claim_id=claim.id or 0)
        if claim.status != target:
            claim = move_claim(
                container.context(), actor=users[who], claim_id=claim.id or 0,
                target=target, reason="", expected_version=claim.version,
            )  # fmt: skip
    return claim


def _instruction_ids(site: Site, claim: Claim) -> list[int]:
    found = payment_flow.claim_payments(
        site.container.context(), actor=site.seed.users["finance"], claim_id=claim.id or 0
    )
    return [i.id or 0 for i in found]


def _flash(page: Any) -> str:
    return str(page.inner_text("#flash"))


def _batch_and_result(page: Any, site: Site, instruction_id: int, line: str, name: str) -> None:
    """Released tab → bank batch → download its file → import the bank's answer."""
    page.goto(f"{site.base}/finance?tab=released")
    page.click("#export-batch")
    page.wait_for_url(re.compile(r"/finance/batches/\d+$"))
    assert _flash(page).startswith("已生成银行批次 #")
    with page.expect_download() as download:
        page.click("#download-csv")
    bank_file = Path(download.value.path()).read_text("utf-8-sig")
    assert f"\n{instruction_id}," in bank_file
    shot(page, f"finance-{name}-batch")
    page.goto(f"{site.base}/finance/results")
    content = f"instruction_id,result,bank_reference,reason\n{instruction_id},{line}\n"
    page.set_input_files("#file", {"name": "回盘.csv", "mimeType": "text/csv",
                                   "buffer": content.encode()})  # fmt: skip
    submit(page, "#import-results")


def test_finance_failure_and_repay(new_page: Any, site: Site) -> None:
    if "finance2" not in site.seed.users:
        site.seed.users["finance2"] = _user(
            site.container, "finance2", Role.FINANCE, None, "钱出纳"
        )
    claim = _approved_claim(site)
    (first,) = _instruction_ids(site, claim)

    finance = new_page("finance")
    assert finance.url.endswith("/finance")  # finance signs in to the room
    row = finance.locator(f"#instruction-{first}")
    assert claim.claim_no in row.inner_text() and "6222020200112233552" in row.inner_text()
    shot(finance, "finance-pending")
    submit(finance, f'button[data-release="{first}"]')
    assert _flash(finance).startswith(f"已放款：支付指令 #{first}")

    _batch_and_result(finance, site, first, "failed,,账户已销户", "first")
    line = finance.locator("#line-2")
    assert line.get_attribute("data-outcome") == "failed" and "账户已销户" in line.inner_text()
    assert "退票 1" in _flash(finance)
    shot(finance, "finance-import-report")

    finance.goto(f"{site.base}/finance?tab=failed")
    failed_row = finance.locator(f"#instruction-{first}")
    failed_row.locator("summary").click()
    failed_row.locator('input[name="bank_account"]').fill(NEW_ACCOUNT)
    failed_row.locator('input[name="bank_name"]').fill("建设银行")
    failed_row.locator('input[name="documented_reason"]').fill("客户书面提供新账户")
    shot(finance, "finance-failures-repay")
    submit(finance, f'button[data-repay="{first}"]')
    _, second = _instruction_ids(site, claim)
    assert _flash(finance).startswith(f"已重新发起支付：支付指令 #{second}")
    mine = finance.locator(f"#instruction-{second}")
    assert mine.locator("button").count() == 0 and "另一位财务人员" in mine.inner_text()

    checker = new_page("finance2", at=None)
    checker.goto(f"{site.base}/finance")
    submit(checker, f'button[data-release="{second}"]')
    assert _flash(checker).startswith(f"已放款：支付指令 #{second}")
    _batch_and_result(checker, site, second, "成功,E2E-REPAY-1,", "repay")
    assert checker.locator("#line-2").get_attribute("data-outcome") == "paid"
    shot(checker, "finance-repaid")

    checker.goto(f"{site.base}/claims/{claim.id}")
    assert "已到账" in checker.inner_text("#payments")
    assert get_claim(site.container.context(), actor=site.seed.users["finance"],
                     claim_id=claim.id or 0).status == S.PAID  # fmt: skip
