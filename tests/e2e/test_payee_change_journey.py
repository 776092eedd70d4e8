"""变更收款账户 in a real browser (issue 16): the insured asks on the portal with a copy of the
bank book, finance proposes, the approver approves (another person), finance releases and the
bank pays the new account; the insured is told with the account masked."""

from __future__ import annotations

from typing import Any

import pytest

from claimdesk.domain.claim import ClaimStatus
from claimdesk.domain.payment import PaymentStatus
from claimdesk.domain.pii import mask_bank_account
from claimdesk.services.claims.use_cases import get_claim
from claimdesk.services.payments import use_cases as payment_flow
from tests.e2e.conftest import Site, shot, submit
from tests.e2e.test_finance_journey import _approved_claim, _batch_and_result, _flash

pytestmark = pytest.mark.e2e
NEW_ACCOUNT = "6217001234567890130"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _payments(site: Site, claim_id: int) -> list[Any]:
    return payment_flow.claim_payments(
        site.container.context(), actor=site.seed.users["finance"], claim_id=claim_id
    )


def test_portal_request_then_maker_checker_then_release_pays_the_new_payee(
    new_page: Any, site: Site
) -> None:
    claim = _approved_claim(site)  # 李四's claim: the portal user "other" is 李四
    (old,) = _payments(site, claim.id or 0)

    insured = new_page("other", at=None)
    insured.goto(f"{site.base}/claims/{claim.id}")
    panel = insured.locator("#payee-change")
    panel.locator("summary").click()
    insured.fill("#pc-id", "310101199001011234")
    insured.fill("#pc-account", NEW_ACCOUNT)
    insured.fill("#pc-bank", "建设银行")
    insured.select_option("#pc-kind", "bank_book_copy")
    insured.set_input_files("#pc-file", {"name": "存折.png", "mimeType": "image/png",
                                          "buffer": PNG})  # fmt: skip
    shot(insured, "payee-change-request")
    submit(insured, "#ask-payee-change")
    assert _flash(insured).startswith("已提交收款账户变更申请")
    assert "待财务初审" in insured.inner_text("#payee-change")
    assert [p.id for p in _payments(site, claim.id or 0)] == [old.id]  # nothing moved yet

    finance = new_page("finance")
    submit(finance, "#payee-changes-link")
    row = finance.locator("#payee-changes tbody tr", has_text=claim.claim_no)
    assert NEW_ACCOUNT in row.inner_text() and "银行卡或存折复印件" in row.inner_text()
    request_id = (row.get_attribute("id") or "").removeprefix("payee-change-")
    submit(finance, f'button[data-propose="{request_id}"]')
    assert "须由另一人批准" in finance.inner_text(f"#payee-change-{request_id}")
    assert finance.locator(f'button[data-approve="{request_id}"]').count() == 0

    approver = new_page("approver", at=None)
    approver.goto(f"{site.base}/finance/payee-changes")
    shot(approver, "payee-change-approve")
    submit(approver, f'button[data-approve="{request_id}"]')
    assert _flash(approver).startswith("已批准")

    cancelled, new = _payments(site, claim.id or 0)
    assert cancelled.status == PaymentStatus.CANCELLED and new.payee.bank_account == NEW_ACCOUNT
    finance.goto(f"{site.base}/finance")
    submit(finance, f'button[data-release="{new.id}"]')
    assert _flash(finance).startswith(f"已放款：支付指令 #{new.id}")
    _batch_and_result(finance, site, new.id or 0, "成功,E2E-PAYEE-1,", "payee-change")
    assert finance.locator("#line-2").get_attribute("data-outcome") == "paid"

    (paid,) = [p for p in _payments(site, claim.id or 0) if p.status == PaymentStatus.PAID]
    assert paid.payee.bank_account == NEW_ACCOUNT
    assert get_claim(site.container.context(), actor=site.seed.users["finance"],
                     claim_id=claim.id or 0).status == ClaimStatus.PAID  # fmt: skip
    insured.goto(f"{site.base}/claims/{claim.id}")
    assert "已批准" in insured.inner_text("#payee-change")
    assert mask_bank_account(NEW_ACCOUNT) in insured.inner_text("#payee-change")
    assert NEW_ACCOUNT not in insured.inner_text("#payee-change")
