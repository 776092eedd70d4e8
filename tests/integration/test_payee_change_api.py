"""变更收款账户 (issue 16, payout redirection): the insured asks with a copy uploaded by its
content; finance proposes, another person approves; only then is the payout redirected, the
insured told with the account masked, every step audited with the accounts masked."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient

from claimdesk.bootstrap import Container
from claimdesk.domain.payment import PaymentStatus
from claimdesk.domain.pii import mask_bank_account
from tests.builders import ID_NUMBERS, a_world, token_for
from tests.integration.test_finance_pages import ACCOUNT, NEW_ACCOUNT, approved_claim, instructions

P = PaymentStatus
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64  # a copy of the bank book, by its content


def _ask(client: TestClient, who: str, claim_id: int, **overrides: Any) -> Any:
    fields = {"name": "张三", "id_number": ID_NUMBERS[0], "bank_account": NEW_ACCOUNT,
              "bank_name": "建设银行", "document_kind": "bank_book_copy",
              "reason": "原工行卡已注销", **overrides}  # fmt: skip
    content = fields.pop("content", PNG)
    return client.post(f"/api/claims/{claim_id}/payee-change-requests", data=fields,
                       files={"file": ("passbook.png", content, "image/png")},
                       headers=token_for(client, who))  # fmt: skip


def _post(client: TestClient, who: str, path: str, body: Any = None) -> Any:
    return client.post(path, json=body, headers=token_for(client, who))


def test_the_insureds_request_is_maker_checked_before_the_payout_moves(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    claim = approved_claim(world)
    (old,) = instructions(container, claim)
    assert old.payee.bank_account == ACCOUNT and old.status == P.PENDING_RELEASE

    # Only the insured asks (a surveyor or agent cannot); another customer's claim does not exist.
    assert _ask(client, "surveyor", claim.id or 0).status_code == 403
    assert _ask(client, "agent", claim.id or 0).status_code == 403
    assert _ask(client, "other_customer", claim.id or 0).status_code == 404
    not_a_copy = _ask(client, "customer", claim.id or 0, content=b"just some text")
    assert not_a_copy.json()["code"] == "PAYEE_DOCUMENT_INVALID"
    bad_card = _ask(client, "customer", claim.id or 0, bank_account="6217001234567890123")
    assert bad_card.json()["code"] == "BANK_ACCOUNT_INVALID"
    asked = _ask(client, "customer", claim.id or 0)
    assert asked.status_code == 201, asked.text
    request = asked.json()
    assert request["status"] == "requested" and request["bank_account"] == NEW_ACCOUNT
    again = _ask(client, "customer", claim.id or 0)
    assert again.json()["code"] == "PAYEE_CHANGE_ALREADY_OPEN"
    assert instructions(container, claim) == [old]  # nothing changed on a request alone

    # Finance sees it; surveyors do not.
    assert (
        client.get("/api/payee-change-requests", headers=token_for(client, "surveyor")).status_code
        == 403
    )
    queue = client.get("/api/payee-change-requests", headers=token_for(client, "finance")).json()
    assert [r["id"] for r in queue] == [request["id"]]
    base = f"/api/payee-change-requests/{request['id']}"
    document = client.get(f"{base}/document", headers=token_for(client, "finance"))
    assert document.status_code == 200 and document.content == PNG
    assert client.get(f"{base}/document", headers=token_for(client, "surveyor")).status_code == 403

    # Maker-checker: nothing to approve before a proposal; the maker cannot approve.
    assert _post(client, "approver", f"{base}/approve").json()["code"] == "PAYEE_CHANGE_NOT_OPEN"
    assert _post(client, "surveyor", f"{base}/propose").status_code == 403
    assert _post(client, "finance", f"{base}/propose").json()["status"] == "proposed"
    assert _post(client, "finance", f"{base}/approve").json()["code"] == "MAKER_CHECKER"
    assert instructions(container, claim) == [old]
    approved = _post(client, "approver", f"{base}/approve").json()
    assert approved["status"] == "approved"

    cancelled, new = instructions(container, claim)
    assert (cancelled.id, cancelled.status) == (old.id, P.CANCELLED)
    assert (new.id, new.status, new.payee.bank_account) == (
        approved["instruction_id"], P.PENDING_RELEASE, NEW_ACCOUNT)  # fmt: skip
    released = _post(client, "finance", f"/api/payments/{new.id}/release")
    assert released.json()["status"] == "released"

    with container.uow() as uow:
        told = [m for m in uow.outbox.for_claim(claim.id or 0) if m.kind == "payee_changed"]
        trail = uow.audit.for_entity("claim", str(claim.id))
    assert told and all(mask_bank_account(NEW_ACCOUNT) in m.body for m in told)
    assert not any(NEW_ACCOUNT in m.body for m in told)
    actions = [r.entry.action for r in trail]
    for step in ("payee_change_requested", "payee_change_proposed", "payee_changed"):
        assert step in actions
    (changed,) = [r.entry for r in trail if r.entry.action == "payee_changed"]
    assert changed.before == {"account": mask_bank_account(ACCOUNT)}
    assert changed.after["account"] == mask_bank_account(NEW_ACCOUNT)
    written = json.dumps([vars(r.entry) for r in trail], ensure_ascii=False, default=str)
    assert NEW_ACCOUNT not in written and ACCOUNT not in written  # masked in the audit trail


def test_a_request_can_be_rejected_with_a_reason_and_changes_nothing(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    claim = approved_claim(world)
    before = instructions(container, claim)
    request = _ask(client, "customer", claim.id or 0).json()
    base = f"/api/payee-change-requests/{request['id']}"
    assert _post(client, "finance", f"{base}/reject", {"reason": " "}).status_code == 422
    rejected = _post(client, "finance", f"{base}/reject", {"reason": "户名与证件不符"}).json()
    assert rejected["status"] == "rejected" and rejected["decision_reason"] == "户名与证件不符"
    assert _post(client, "approver", f"{base}/approve").json()["code"] == "PAYEE_CHANGE_NOT_OPEN"
    assert instructions(container, claim) == before
    mine = client.get(f"/api/claims/{claim.id}/payee-change-requests",
                      headers=token_for(client, "customer")).json()  # fmt: skip
    assert [r["status"] for r in mine] == ["rejected"]
