"""Payments: approval instructs, finance releases once, bank results settle or reopen,
advance and supplementary payments, reversal, vouchers in Chinese."""

from __future__ import annotations

import io
import threading
from copy import deepcopy
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from claimdesk.bootstrap import Container
from claimdesk.domain.claim import Claim, ClaimStatus
from claimdesk.domain.errors import ErrorCode, Forbidden, MakerChecker
from claimdesk.domain.payment import Payee, PaymentStatus
from claimdesk.domain.pii import mask_bank_account
from claimdesk.domain.refusals import Refused
from claimdesk.domain.users import Role
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.claims.use_cases import get_claim, report_claim
from claimdesk.services.payments import use_cases as payment_flow
from tests.builders import (
    World,
    _user,
    a_lab_line,
    a_report,
    a_world,
    token_for,
    with_all_materials,
)
from tests.world_snapshots import put_files, snapshotted, stored_files

# PostgreSQL too: see tests/conftest.py (what differs between databases).
pytestmark = pytest.mark.postgres

S = ClaimStatus
P = PaymentStatus


def _move(world: World, who: str, claim: Claim, target: ClaimStatus) -> Claim:
    c = world.container
    return move_claim(
        c.context(),
        actor=world.users[who],
        claim_id=claim.id or 0,
        target=target,
        reason="",
        expected_version=claim.version,
    )


def _reviewed(world: World, amount: str) -> Claim:
    c = world.container
    claim, _ = report_claim(
        c.context(),
        actor=world.users["agent"],
        report=a_report(lines=(a_lab_line("L1", amount),)),
        idempotency_key=None,
    )
    with_all_materials(c, world.users["agent"], claim.id or 0)
    claim = _move(world, "specialist", claim, S.ACCEPTED)
    claim = get_claim(c.context(), actor=world.users["agent"], claim_id=claim.id or 0)
    return (
        claim
        if claim.status == S.UNDER_REVIEW
        else _move(world, "specialist", claim, S.UNDER_REVIEW)
    )


def _approved(world: World, amount: str = "1000.00") -> Claim:
    claim = _move(world, "specialist2", _reviewed(world, amount), S.ADJUDICATED)
    return _move(world, "approver", claim, S.APPROVED)


def _approved_world(container: Container) -> tuple[World, Claim]:
    """`a_world` and `_approved(world)`: run by the use cases once per database and process
    (eight tests, both databases), then from their snapshot (tests/world_snapshots.py), the
    uploaded materials' files put back in this test's file store."""
    return snapshotted(
        container.engine,
        ("approved-1000", container.clock.now().isoformat()),
        lambda: _built(container),
        keep=lambda built: (
            (built[0].policy, built[0].insured, built[0].users),
            built[1],
            stored_files(container.files.root),
        ),
        rebuild=lambda kept: _put_back(container, deepcopy(kept)),
    )


def _built(container: Container) -> tuple[World, Claim]:
    world = a_world(container)
    return world, _approved(world)


def _put_back(container: Container, kept: Any) -> tuple[World, Claim]:
    world, claim, files = kept
    put_files(container.files, files)
    return World(container, *world), claim


def _payments(world: World, claim: Claim):  # type: ignore[no-untyped-def]
    return payment_flow.claim_payments(
        world.container.context(), actor=world.users["finance"], claim_id=claim.id or 0
    )


def _release(world: World, who: str, instruction_id: int):  # type: ignore[no-untyped-def]
    c = world.container
    return payment_flow.release_payment(
        c.context(), actor=world.users[who], instruction_id=instruction_id
    )


def test_approval_instructs_the_approved_amount_to_the_insureds_account(
    container: Container,
) -> None:
    world, claim = _approved_world(container)
    (instruction,) = _payments(world, claim)
    assert instruction.amount == Decimal("280.00") and instruction.status == P.PENDING_RELEASE
    assert instruction.payee.name == "张三" and instruction.kind == "full"


def test_release_is_maker_checked_and_happens_once(container: Container) -> None:
    world, claim = _approved_world(container)
    (instruction,) = _payments(world, claim)
    with pytest.raises(Forbidden):
        _release(world, "approver", instruction.id)
    first = _release(world, "finance", instruction.id)
    again = _release(world, "finance", instruction.id)
    assert first.status == again.status == P.RELEASED
    assert (
        get_claim(container.context(), actor=world.users["finance"], claim_id=claim.id or 0).status
        == S.PAYMENT_PENDING
    )
    with container.uow() as uow:
        releases = [
            r
            for r in uow.audit.for_entity("claim", str(claim.id))
            if r.entry.action == "payment_released"
        ]
    assert len(releases) == 1


def test_concurrent_releases_pay_once(container: Container) -> None:
    world, claim = _approved_world(container)
    (instruction,) = _payments(world, claim)
    barrier, errors = threading.Barrier(4), []

    def attempt() -> None:
        barrier.wait()
        try:
            _release(world, "finance", instruction.id)
        except Exception as error:  # a loser may see a lock timeout or a stale claim
            errors.append(error)

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with container.uow() as uow:
        releases = [
            r
            for r in uow.audit.for_entity("claim", str(claim.id))
            if r.entry.action == "payment_released"
        ]
    assert len(releases) == 1
    assert _payments(world, claim)[0].status == P.RELEASED


def _batch_and_result(
    world: World, claim: Claim, success: bool, reason: str = ""
) -> dict[str, int]:
    c = world.container
    (instruction,) = [i for i in _payments(world, claim) if i.status == P.PENDING_RELEASE]
    _release(world, "finance", instruction.id)
    batch_id, sent = payment_flow.export_batch(c.context(), actor=world.users["finance"])
    assert [i.id for i in sent] == [instruction.id] and sent[0].batch_id == batch_id
    result = payment_flow.BankResult(instruction.id or 0, success, "BANK-001", reason)
    return payment_flow.import_results(c.context(), actor=world.users["finance"], results=[result])


def test_bank_success_pays_and_a_second_import_changes_nothing(container: Container) -> None:
    world, claim = _approved_world(container)
    assert _batch_and_result(world, claim, True) == {"paid": 1, "failed": 0, "ignored": 0}
    assert (
        get_claim(container.context(), actor=world.users["finance"], claim_id=claim.id or 0).status
        == S.PAID
    )
    (instruction,) = _payments(world, claim)
    again = payment_flow.import_results(
        container.context(),
        actor=world.users["finance"],
        results=[payment_flow.BankResult(instruction.id or 0, True)],
    )
    assert again == {"paid": 0, "failed": 0, "ignored": 1}


def test_bank_failure_reopens_and_a_new_account_gets_a_new_instruction(
    container: Container,
) -> None:
    world, claim = _approved_world(container)
    assert _batch_and_result(world, claim, False, "账户已销户")["failed"] == 1
    reopened = get_claim(container.context(), actor=world.users["finance"], claim_id=claim.id or 0)
    assert reopened.status == S.APPROVED and "账户已销户" in reopened.status_reason
    c = world.container
    with pytest.raises(Refused) as bad_card:
        payment_flow.new_payee(
            c.context(),
            actor=world.users["approver"],
            claim_id=claim.id or 0,
            payee=Payee("张三", "11010519491231002X", "6222020200112233447", "工行"),
            documented_reason="被保险人书面申请",
        )
    assert bad_card.value.field == "bank_account"
    for role in ("surveyor", "agent", "customer"):  # payout redirection
        with pytest.raises(Forbidden):
            payment_flow.new_payee(
                c.context(), actor=world.users[role], claim_id=claim.id or 0,
                payee=Payee("张三", "11010519491231002X", "6222020200112233446", "建行"),
                documented_reason="被保险人书面申请",
            )  # fmt: skip
    with pytest.raises(Refused) as undocumented:  # a change references a request or a reason
        payment_flow.new_payee(
            c.context(), actor=world.users["finance"], claim_id=claim.id or 0,
            payee=Payee("张三", "11010519491231002X", "6222020200112233446", "建行"),
            documented_reason=" ",
        )  # fmt: skip
    assert undocumented.value.code == ErrorCode.PAYEE_CHANGE_REASON_MISSING
    assert bad_card.value.code == ErrorCode.BANK_ACCOUNT_INVALID
    with pytest.raises(Refused) as stranger:
        payment_flow.new_payee(
            c.context(),
            actor=world.users["approver"],
            claim_id=claim.id or 0,
            payee=Payee("王五", "11010519491231002X", "6222020200112233446", "工行"),
            documented_reason="被保险人书面申请",
        )
    assert stranger.value.field == "authorised_reason"
    assert stranger.value.code == ErrorCode.PAYEE_NOT_AUTHORISED
    fresh = payment_flow.new_payee(
        c.context(),
        actor=world.users["finance"],
        claim_id=claim.id or 0,
        payee=Payee("张三", "11010519491231002X", "6222020200112233446", "建行"),
        documented_reason="被保险人书面申请",
    )
    assert fresh.amount == Decimal("280.00") and fresh.status == P.PENDING_RELEASE
    with c.uow() as uow:  # the insured hears of every payee change, the account masked
        told = [m for m in uow.outbox.for_claim(claim.id or 0) if m.kind == "payee_changed"]
    assert told and all(mask_bank_account("6222020200112233446") in m.body for m in told)
    assert not any("6222020200112233446" in m.body for m in told)
    # Whoever captured the new account may not also release the money to it.
    with pytest.raises(MakerChecker):
        _release(world, "finance", fresh.id)
    world.users["finance2"] = _user(c, "finance2", Role.FINANCE)
    assert _release(world, "finance2", fresh.id).status == P.RELEASED


def test_advance_payment_then_approval_pays_only_the_rest(container: Container) -> None:
    world = a_world(container)
    claim = _move(world, "specialist2", _reviewed(world, "1000.00"), S.ADJUDICATED)
    c = world.container
    with pytest.raises(Refused) as over:
        payment_flow.advance_payment(
            c.context(),
            actor=world.users["approver"],
            claim_id=claim.id or 0,
            amount=Decimal("280.01"),
            reason="先予支付确定部分",
        )
    assert over.value.code == ErrorCode.PAYMENT_OVER_APPROVED
    payment_flow.advance_payment(
        c.context(),
        actor=world.users["approver"],
        claim_id=claim.id or 0,
        amount=Decimal("100.00"),
        reason="先予支付确定部分",
    )
    claim = get_claim(c.context(), actor=world.users["approver"], claim_id=claim.id or 0)
    _move(world, "approver", claim, S.APPROVED)
    amounts = sorted((i.kind, i.amount) for i in _payments(world, claim))
    assert amounts == [("advance", Decimal("100.00")), ("supplementary", Decimal("180.00"))]


def test_paid_payment_can_be_reversed_with_a_reason(container: Container) -> None:
    world, claim = _approved_world(container)
    _batch_and_result(world, claim, True)
    (instruction,) = _payments(world, claim)
    c = world.container
    reversed_ = payment_flow.reverse_payment(
        c.context(),
        actor=world.users["finance"],
        instruction_id=instruction.id or 0,
        reason="重复支付冲正",
    )
    assert reversed_.status == P.REVERSED


def test_voucher_and_decision_letter_render_in_chinese(
    container: Container, client: TestClient
) -> None:
    world, claim = _approved_world(container)
    (instruction,) = _payments(world, claim)
    headers = token_for(client, "finance")
    voucher = client.get(f"/api/payments/{instruction.id}/voucher.pdf", headers=headers)
    text = PdfReader(io.BytesIO(voucher.content)).pages[0].extract_text()
    assert "赔款支付凭证" in text and "人民币贰佰捌拾元整" in text
    letter = client.get(
        f"/api/claims/{claim.id}/decision-letter.pdf", headers=token_for(client, "customer")
    )
    letter_text = PdfReader(io.BytesIO(letter.content)).pages[0].extract_text()
    assert "理赔决定通知书" in letter_text and "免赔额" in letter_text


def test_bank_batch_csv_round_trip_over_http(container: Container, client: TestClient) -> None:
    world, claim = _approved_world(container)
    (instruction,) = _payments(world, claim)
    headers = token_for(client, "finance")
    assert (
        client.post(f"/api/payments/{instruction.id}/release", headers=headers).status_code == 200
    )
    batch = client.post("/api/payments/batches?format=csv", headers=headers)
    assert batch.status_code == 200 and "张三" in batch.content.decode("utf-8-sig")
    xlsx = client.post("/api/payments/batches?format=xlsx", headers=headers)
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    results = f"instruction_id,result,bank_reference,reason\n{instruction.id},success,B1,\n"
    imported = client.post(
        "/api/payments/results",
        headers=headers,
        files={"file": ("r.csv", results.encode(), "text/csv")},
    )
    assert imported.json() == {"paid": 1, "failed": 0, "ignored": 0}
    shown = client.get(
        f"/api/claims/{claim.id}/payments", headers=token_for(client, "agent")
    ).json()
    assert shown[0]["status"] == "paid" and shown[0]["bank_account"].startswith("6222*")
