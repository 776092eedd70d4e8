"""Every code a person reads is shown by its label (issue 12), in Chinese and with ?lang=en.

One claim short of materials, raising red flags, under investigation, adjudicated and escalated
past an approver's limit, then approved and paid-for: its staff page, the workbenches, the
portal page, the fraud pages, the customer's notices and the PDF texts must show no internal
code (snake_case, UPPER_CASE, V1/L1 references, product codes), and must show the labels.
"""

from __future__ import annotations

import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from claimdesk.bootstrap import Container
from claimdesk.domain.claim import Claim, ClaimStatus
from claimdesk.domain.tasks import ApproverLimits
from claimdesk.services.approval.use_cases import AuthorityRefused
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.claims.use_cases import get_claim, report_claim
from claimdesk.services.materials.use_cases import MaterialMetadata, attach_material
from claimdesk.services.notices.use_cases import relay_notices
from claimdesk.services.payments import documents
from tests.builders import OUTPATIENT_MATERIALS, World, a_lab_line, a_report, a_world, token_for
from tests.integration.test_web_pages import sign_in

S = ClaimStatus
CODE = re.compile(
    r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b"  # FREQUENT_CLAIMANT, OVER_LIMIT
    r"|\b[a-z]+_[a-z0-9_]+\b"  # bank_book_copy, prior_claims, pending_release
    r"|\b[VL]\d+\b"  # visit and bill line references
    r"|\b[a-z]+(?:-[a-z]+){2,}\b"  # product codes: tianan-group-medical
)


class _Visible(HTMLParser):
    """The text a person sees: element text and the attributes read aloud or shown."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hidden += tag in ("script", "style")
        self.parts += [v for k, v in attrs if k in ("title", "aria-label", "alt") and v]

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(parser.parts)


def codes_in(text: str) -> set[str]:
    return set(CODE.findall(text))


def _move(world: World, who: str, claim: Claim, target: ClaimStatus) -> Claim:
    return move_claim(world.container.context(), actor=world.users[who], claim_id=claim.id or 0,
                      target=target, reason="", expected_version=claim.version)  # fmt: skip


def _report(world: World, amount: str) -> Claim:
    report = a_report(lines=(a_lab_line("L1", amount),))
    agent = world.users["agent"]
    claim, _ = report_claim(world.container.context(), actor=agent, report=report,
                            idempotency_key=None)  # fmt: skip
    return claim


def _escalated_claim(container: Container, client: TestClient) -> tuple[World, Claim]:
    """Three earlier claims make the fourth a frequent claimant's; 280 payable is over 100."""
    world = a_world(container)
    with container.uow() as uow:
        limits = ApproverLimits(world.users["approver2"].id, 1, {"health": Decimal("100.00")})
        uow.tasks.set_approver_profile(limits)
        uow.commit()
    for _ in range(3):
        _report(world, "200.00")
    claim = _move(world, "specialist", _report(world, "1000.00"), S.ACCEPTED)  # notice sent
    for n, code in enumerate(OUTPATIENT_MATERIALS):  # the customer's own file names
        meta = MaterialMetadata(code, f"照片{n}.jpg", "image/jpeg", 1000, "b" * 64)
        attach_material(container.context(), actor=world.users["agent"],
                        claim_id=claim.id or 0, metadata=meta)  # fmt: skip
    claim = get_claim(container.context(), actor=world.users["specialist"], claim_id=claim.id or 0)
    claim = _move(world, "specialist", claim, S.UNDER_REVIEW)
    claim = _move(world, "specialist2", claim, S.ADJUDICATED)
    with pytest.raises(AuthorityRefused):
        _move(world, "approver2", claim, S.APPROVED)
    client.post(f"/api/claims/{claim.id}/investigations", headers=token_for(client, "specialist"),
                json={"reason": "核实就诊"})  # fmt: skip
    return world, claim


def _pages(client: TestClient, claim_id: int, lang: str) -> dict[str, str]:
    seen: dict[str, str] = {}
    for who, paths in (
        ("specialist", (f"/claims/{claim_id}", "/workbench", "/claims")),
        ("approver", ("/workbench", f"/claims/{claim_id}")),
        ("customer", (f"/claims/{claim_id}", "/portal")),
        ("investigator", ("/fraud", f"/fraud/claims/{claim_id}", "/fraud/rings")),
    ):
        sign_in(client, who)
        for path in paths:
            page = client.get(f"{path}?lang={lang}")
            assert page.status_code == 200, (who, path)
            seen[f"{who} {path}"] = visible(page.text)
    return seen


LABELS = {
    "zh": {
        "specialist /claims/{id}": (
            "银行卡或存折复印件",
            "天安人寿",
            "化验",
            "立案估损（产品规则）",
        ),
        "customer /claims/{id}": ("银行卡或存折复印件",),
        "investigator /fraud/claims/{id}": ("频繁出险", "既往案件数", "调查中"),
    },
    "en": {
        "specialist /claims/{id}": (
            "Copy of the bank card or passbook",
            "Registration (product rule)",
        ),
        "customer /claims/{id}": ("Copy of the bank card or passbook",),
        "investigator /fraud/claims/{id}": ("Frequent claimant", "prior claims", "Open"),
    },
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pages_show_labels_not_codes(container: Container, client: TestClient, lang: str) -> None:
    _world, claim = _escalated_claim(container, client)
    pages = _pages(client, claim.id or 0, lang)
    leaks = {where: codes_in(text) for where, text in pages.items() if codes_in(text)}
    assert leaks == {}
    for where, expected in LABELS[lang].items():
        text = pages[where.replace("{id}", str(claim.id))]
        assert all(label in text for label in expected), (where, expected)


def test_notices_and_documents_show_labels_not_codes(
    container: Container, client: TestClient
) -> None:
    world, claim = _escalated_claim(container, client)
    claim = get_claim(container.context(), actor=world.users["approver"], claim_id=claim.id or 0)
    _move(world, "approver", claim, S.APPROVED)  # the level-2 approver the task went up to
    with container.uow() as uow:
        relay_notices(uow, container.clock)
        uow.commit()
    with container.uow() as uow:
        notices = [m.subject + "\n" + m.body for m in uow.outbox.for_claim(claim.id or 0)]
        (instruction,) = uow.payments.for_claim(claim.id or 0)
    staff = world.users["finance"]
    _, voucher = documents.payment_voucher(container.uow(), staff, instruction.id or 0)
    _, letter = documents.decision_letter(container.uow(), staff, claim.id or 0,
                                          container.products)  # fmt: skip
    texts = [*notices, *(f"{k} {v}" for k, v in (*voucher, *letter))]
    assert {code for text in texts for code in codes_in(text)} == set()
    joined = "\n".join(texts)
    assert "银行卡或存折复印件" in joined and "化验：申请" in joined  # missing list, breakdown
    assert "待复核放款" in joined  # the voucher's payment status
