"""The finance room in the browser (issue 12): release with maker-checker, bank batch out, bank
results in with a per-line report, failures re-paid to a new account, reversal with
confirmation, vouchers; refused to other roles; payee accounts masked without VIEW_PII."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from claimdesk.bootstrap import Container
from claimdesk.domain.claim import Claim, ClaimStatus
from claimdesk.domain.payment import PaymentInstruction, PaymentStatus
from claimdesk.domain.users import Role
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.claims.use_cases import get_claim, report_claim
from tests.builders import World, _user, a_lab_line, a_report, a_world, with_all_materials
from tests.integration.test_web_pages import sign_in

S = ClaimStatus
P = PaymentStatus
ACCOUNT = "6222020200112233446"  # the insured's, on file
NEW_ACCOUNT = "6217001234567890122"


def _move(world: World, who: str, claim: Claim, target: ClaimStatus) -> Claim:
    return move_claim(world.container.context(), actor=world.users[who], claim_id=claim.id or 0,
                      target=target, reason="", expected_version=claim.version)  # fmt: skip


def approved_claim(world: World, amount: str = "1000.00", until: ClaimStatus = S.APPROVED) -> Claim:
    """Reported, accepted, adjudicated, approved: one instruction awaits release."""
    c = world.container
    claim, _ = report_claim(c.context(), actor=world.users["agent"],
                            report=a_report(lines=(a_lab_line("L1", amount),)),
                            idempotency_key=None)  # fmt: skip
    with_all_materials(c, world.users["agent"], claim.id or 0)
    claim = _move(world, "specialist", claim, S.ACCEPTED)
    claim = get_claim(c.context(), actor=world.users["agent"], claim_id=claim.id or 0)
    if claim.status != S.UNDER_REVIEW:
        claim = _move(world, "specialist", claim, S.UNDER_REVIEW)
    claim = _move(world, "specialist2", claim, S.ADJUDICATED)
    return claim if until == S.ADJUDICATED else _move(world, "approver", claim, S.APPROVED)


def instructions(container: Container, claim: Claim) -> list[PaymentInstruction]:
    with container.uow() as uow:
        return uow.payments.for_claim(claim.id or 0)


def csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def post(client: TestClient, path: str, data: dict[str, str] | None = None, **kw: object):  # type: ignore[no-untyped-def]
    token = csrf(client.get("/finance").text)
    return client.post(path, data={"csrf_token": token, **(data or {})},
                       follow_redirects=False, **kw)  # type: ignore[arg-type]  # fmt: skip


def result_file(*lines: str) -> bytes:
    return ("instruction_id,result,bank_reference,reason\n" + "\n".join(lines) + "\n").encode()


def upload(client: TestClient, content: bytes):  # type: ignore[no-untyped-def]
    token = csrf(client.get("/finance/results").text)
    return client.post("/finance/results", data={"csrf_token": token},
                       files={"file": ("回盘.csv", content, "text/csv")})  # fmt: skip


def released_and_sent(client: TestClient, *ids: int) -> int:
    for instruction_id in ids:
        assert post(client, f"/finance/instructions/{instruction_id}/release").status_code == 303
    made = post(client, "/finance/batches")
    assert made.status_code == 303
    return int(made.headers["location"].rsplit("/", 1)[1])


def test_finance_releases_exports_imports_and_sees_each_line(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    good, bad = approved_claim(world), approved_claim(world)
    (paid,) = instructions(container, good)
    (failed,) = instructions(container, bad)
    sign_in(client, "finance")

    room = client.get("/finance")
    assert room.status_code == 200
    assert good.claim_no in room.text and "待复核放款" in room.text
    assert ACCOUNT in room.text  # finance holds VIEW_PII: the full account
    assert "¥280.00" in room.text  # payable (approved), not the 1,000 claimed
    assert "¥1,000.00" not in room.text

    released = post(client, f"/finance/instructions/{paid.id}/release")
    assert released.headers["location"] == "/finance?tab=released"
    shown = client.get(released.headers["location"])
    assert f"已放款：支付指令 #{paid.id}（赔案 {good.claim_no}" in shown.text  # flash, once
    assert "已放款：支付指令" not in client.get("/finance?tab=released").text

    batch_id = released_and_sent(client, failed.id or 0)
    batch = client.get(f"/finance/batches/{batch_id}")
    total = f"¥{paid.amount + failed.amount:,.2f}"
    assert f"已生成银行批次 #{batch_id}：2 笔，合计 {total}" in batch.text
    bank_file = client.get(f"/finance/batches/{batch_id}/file.csv")
    assert bank_file.status_code == 200 and "attachment" in bank_file.headers["content-disposition"]
    assert bank_file.content.decode("utf-8-sig").count(ACCOUNT) == 2
    assert client.get(f"/finance/batches/{batch_id}/file.xlsx").content.startswith(b"PK")

    report = upload(client, result_file(f"{paid.id},success,BANK-001,",
                                        f"{failed.id},failed,,账户已销户",
                                        f"{paid.id},success,BANK-001,"))  # fmt: skip
    assert report.status_code == 200, report.text
    assert "已导入银行回盘 回盘.csv：3 行，到账 1，退票 1，未变更 1" in report.text
    outcomes = re.findall(r'id="line-(\d+)" data-outcome="(\w+)"', report.text)
    assert outcomes == [("2", "paid"), ("3", "failed"), ("4", "ignored")]
    assert "账户已销户" in report.text and "本文件前面已有同一指令" in report.text
    assert get_claim(container.context(), actor=world.users["finance"],
                     claim_id=good.id or 0).status == S.PAID  # fmt: skip

    queue = client.get("/finance?tab=failed")
    assert bad.claim_no in queue.text and "改付新账户" in queue.text
    assert client.get(f"/payments/{paid.id}/voucher.pdf").content.startswith(b"%PDF")


def test_failed_payment_is_repaid_and_released_by_another_officer(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    _user(container, "finance2", Role.FINANCE)
    claim = approved_claim(world)
    (first,) = instructions(container, claim)
    sign_in(client, "finance")
    released_and_sent(client, first.id or 0)
    upload(client, result_file(f"{first.id},failed,,户名不符"))

    repaid = post(client, f"/finance/claims/{claim.id}/repay",
                  {"name": "张三", "id_number": world.insured[0].id_number,
                   "bank_account": NEW_ACCOUNT, "bank_name": "建设银行",
                   "documented_reason": "客户来电并书面提供新账户"})  # fmt: skip
    assert repaid.status_code == 303
    old, new = instructions(container, claim)
    assert (old.status, new.status, new.payee.bank_account) == (
        P.FAILED, P.PENDING_RELEASE, NEW_ACCOUNT)  # fmt: skip
    pending = client.get(repaid.headers["location"])
    assert f"已重新发起支付：支付指令 #{new.id}" in pending.text
    assert "须由另一位财务人员放款" in pending.text  # the maker sees no release button
    assert "已重新发起支付" in client.get("/finance?tab=failed").text

    own = post(client, f"/finance/instructions/{new.id}/release")  # the service refuses
    assert own.status_code == 403 and "不能放款" in own.text
    assert instructions(container, claim)[1].status == P.PENDING_RELEASE

    sign_in(client, "finance2")
    assert post(client, f"/finance/instructions/{new.id}/release").status_code == 303
    assert instructions(container, claim)[1].status == P.RELEASED


def test_bad_result_file_changes_nothing_and_says_which_row(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    claim = approved_claim(world)
    (instruction,) = instructions(container, claim)
    sign_in(client, "finance")
    released_and_sent(client, instruction.id or 0)
    unknown = upload(client, result_file(f"{instruction.id},success,B1,", "999999,success,B2,"))
    assert unknown.status_code == 422 and "第 3 行" in unknown.text
    silent = upload(client, result_file(f"{instruction.id},failed,,"))
    assert silent.status_code == 422 and "退票原因" in silent.text
    malformed = upload(client, result_file("abc,success,,"))
    assert malformed.status_code == 422 and "第 2 行" in malformed.text
    assert instructions(container, claim)[0].status == P.SENT


def test_reversal_needs_a_reason_and_a_confirmation(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    claim = approved_claim(world)
    (instruction,) = instructions(container, claim)
    sign_in(client, "finance")
    released_and_sent(client, instruction.id or 0)
    upload(client, result_file(f"{instruction.id},成功,B9,"))
    path = f"/finance/instructions/{instruction.id}/reverse"
    unconfirmed = post(client, path, {"reason": "客户退回"})
    assert unconfirmed.status_code == 422 and "请勾选确认冲正" in unconfirmed.text
    assert instructions(container, claim)[0].status == P.PAID
    done = post(client, path, {"reason": "客户退回", "confirm": "yes"})
    assert done.status_code == 303
    assert f"已冲正：支付指令 #{instruction.id}" in client.get(done.headers["location"]).text
    assert instructions(container, claim)[0].status == P.REVERSED


def test_other_roles_are_refused_and_see_masked_accounts(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    claim = approved_claim(world)
    (instruction,) = instructions(container, claim)
    sign_in(client, "agent")
    assert "/finance" not in client.get("/claims").text  # no navigation link
    for path in ("/finance", "/finance/results", "/finance/batches/1/file.csv"):
        assert client.get(path).status_code == 403, path
    token = csrf(client.get("/claims").text)
    refused = client.post(f"/finance/instructions/{instruction.id}/release",
                          data={"csrf_token": token}, follow_redirects=False)  # fmt: skip
    assert refused.status_code == 403
    assert instructions(container, claim)[0].status == P.PENDING_RELEASE
    page = client.get(f"/claims/{claim.id}")  # the agent (no VIEW_PII) sees the claim's payments
    assert "6222***********3446" in page.text and ACCOUNT not in page.text
    sign_in(client, "approver")
    assert ACCOUNT in client.get(f"/claims/{claim.id}").text  # VIEW_PII: in full


def test_finance_signs_in_to_the_room_and_reads_it_in_english(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    approved_claim(world)
    sign_in(client, "finance")
    assert client.get("/", follow_redirects=False).headers["location"] == "/finance"
    page = client.get("/finance?lang=en")
    assert "Awaiting release" in page.text and "Release payment" in page.text
    assert 'href="/finance"' in page.text  # the navigation link


def test_customer_gets_the_decision_letter_and_voucher_once_decided(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    claim = approved_claim(world)
    (instruction,) = instructions(container, claim)
    draft, _ = report_claim(container.context(), actor=world.users["agent"],
                            report=a_report(), idempotency_key=None)  # fmt: skip
    sign_in(client, "finance")
    released_and_sent(client, instruction.id or 0)
    upload(client, result_file(f"{instruction.id},success,B7,"))

    sign_in(client, "customer")
    page = client.get(f"/claims/{claim.id}")
    assert f"/payments/{instruction.id}/voucher.pdf" in page.text
    assert "6222***********3446" in page.text and ACCOUNT not in page.text
    letter = client.get(f"/claims/{claim.id}/decision-letter.pdf")
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")
    assert client.get(f"/payments/{instruction.id}/voucher.pdf").content.startswith(b"%PDF")
    assert client.get(f"/claims/{draft.id}/decision-letter.pdf").status_code == 404
    sign_in(client, "other_customer")
    assert client.get(f"/payments/{instruction.id}/voucher.pdf").status_code == 404


def test_an_approver_decides_an_advance_that_finance_then_releases(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    claim = approved_claim(world, until=S.ADJUDICATED)
    sign_in(client, "approver")
    page = client.get(f"/claims/{claim.id}")
    assert "发起先予支付" in page.text
    token = csrf(page.text)
    path = f"/claims/{claim.id}/advance-payment"
    form = {"csrf_token": token, "reason": "住院押金"}
    over = client.post(path, data={**form, "amount": "5000.00"})
    assert over.status_code == 422 and instructions(container, claim) == []
    made = client.post(path, data={**form, "amount": "100.00"}, follow_redirects=False)
    assert made.status_code == 303
    (advance,) = instructions(container, claim)
    assert f"已发起先予支付：支付指令 #{advance.id}" in client.get(made.headers["location"]).text
    sign_in(client, "finance")
    advances = client.get("/finance?kind=advance")
    assert f'id="instruction-{advance.id}"' in advances.text and "先予支付" in advances.text
    assert f'id="instruction-{advance.id}"' not in client.get("/finance?kind=full").text
    assert post(client, f"/finance/instructions/{advance.id}/release").status_code == 303
