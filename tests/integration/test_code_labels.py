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
from claimdesk.domain.channels import Channel
from claimdesk.domain.claim import Claim, ClaimStatus
from claimdesk.domain.complaints import RootCause, Severity
from claimdesk.domain.service_desk import Consultation
from claimdesk.domain.tasks import ApproverLimits
from claimdesk.services.approval.panel import mark_difficult
from claimdesk.services.approval.use_cases import AuthorityRefused
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.claims.use_cases import get_claim, report_claim
from claimdesk.services.complaints import use_cases as complaints
from claimdesk.services.notices.use_cases import relay_notices
from claimdesk.services.payments import documents
from claimdesk.services.service_desk.consultations import log_consultation
from claimdesk.services.service_desk.feedback import file_complaint
from claimdesk.services.verification.use_cases import correct_line
from tests.builders import (
    OUTPATIENT_MATERIALS,
    World,
    a_lab_line,
    a_report,
    a_world,
    token_for,
    with_materials,
)
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
        with_materials(container, world.users["agent"], claim.id or 0, (code,), f"照片{n}.pdf")
    claim = get_claim(container.context(), actor=world.users["specialist"], claim_id=claim.id or 0)
    claim = _move(world, "specialist", claim, S.UNDER_REVIEW)
    # 审核录入: the line's type corrected, shown on the staff page as submitted → verified
    claim = correct_line(container.context(), actor=world.users["specialist"],
                         claim_id=claim.id or 0, visit_ref="V1", line_ref="L1",
                         changes={"type": "exam_basic"}, reason="按发票原件",
                         expected_version=claim.version)  # fmt: skip
    claim = _move(world, "specialist2", claim, S.ADJUDICATED)
    with pytest.raises(AuthorityRefused):
        _move(world, "approver2", claim, S.APPROVED)
    client.post(f"/api/claims/{claim.id}/investigations", headers=token_for(client, "specialist"),
                json={"reason": "核实就诊"})  # fmt: skip
    return world, claim


def _desk_work(world: World, claim: Claim) -> int:
    """A portal complaint on the claim, classified and answered; a consultation; a callback."""
    c, agent = world.container, world.users["agent"]
    file_complaint(
        c.context(), actor=world.users["customer"], claim_id=claim.id or 0, text="赔款太慢"
    )
    (case,) = complaints.list_cases(c.context(), actor=agent, status=None, after_id=None, limit=10)
    complaints.classify(
        c.context(),
        actor=agent,
        case_id=case.id or 0,
        severity=Severity.MAJOR,
        root_cause=RootCause.SLOW_PAYMENT,
    )
    complaints.investigate(c.context(), actor=agent, case_id=case.id or 0, note="核实支付进度")
    complaints.answer(c.context(), actor=agent, case_id=case.id or 0, text="已加急处理")
    asked = Consultation(None, None, Channel.COUNTER, "多久到账",
                         "核赔后3日内", "payment-time", c.clock.now(), agent.id)  # fmt: skip
    log_consultation(c.context(), actor=agent, wanted=asked)
    return case.id or 0


def _pages(client: TestClient, claim_id: int, lang: str, case_id: int = 0) -> dict[str, str]:
    seen: dict[str, str] = {}
    with client.app.state.wiring.uow() as uow:  # type: ignore[attr-defined]
        investigation = uow.fraud.investigations_page(status=None, after_id=None, limit=1)[0]
    for who, paths in (
        ("specialist", (f"/claims/{claim_id}", "/workbench", "/claims")),
        ("approver", ("/workbench", f"/claims/{claim_id}", f"/claims/{claim_id}/actions/deny")),
        ("customer", (f"/claims/{claim_id}", "/portal")),
        ("manager", ("/admin/hospitals", "/management/work", "/workbench", "/archive",
                     f"/claims/{claim_id}")),  # the audit trail: read_audit
        ("admin", ("/admin/products", *(f"/admin/products/{code}" for code in (
            "tianan-group-medical", "tianan-student-accident", "tianan-student-accident-medical",
            "auto-commercial", "auto-compulsory")))),
        ("investigator", ("/fraud", f"/fraud/claims/{claim_id}", "/fraud/rings",
                          "/fraud/investigations", f"/fraud/investigations/{investigation.id}")),
        ("agent", ("/complaints", f"/complaints/{case_id}", "/service-desk",
                   "/service-desk?q=理赔款多久能到账", f"/claims/{claim_id}")),
    ):  # fmt: skip
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
            "指定医院",
            "申报 → 核实",
            "费用类型",
            "检查费",
            "立案估损（产品规则）",
        ),
        "manager /admin/hospitals": ("三级 甲等", "非指定医院", "民营/私立", "天安人寿"),
        "approver /claims/{id}/actions/deny": ("拒赔", "此操作不可撤销", "非我司指定医疗机构就诊"),
        "manager /management/work": ("理赔专员", "在办任务"),
        "manager /claims/{id}": (
            "审计记录",
            "转疑难案件",
            "超权限上报核赔",
            "审核录入：费用明细",
            "报案",
        ),
        "admin /admin/products": ("天安人寿 教职工补充医疗", "健康险", "车险"),
        "admin /admin/products/tianan-group-medical": (
            "门急诊医疗",
            "急诊、门诊",
            "¥600.00",
            "70%",
            "¥4,000.00",
            "体检",
            "银行卡或存折复印件",
        ),
        "admin /admin/products/tianan-student-accident-medical": ("意外住院", "按保单约定"),
        "investigator /fraud/claims/{id}": ("频繁出险", "既往案件数", "调查中"),
        "investigator /fraud/investigations": ("调查中", "风险信号"),
        "agent /complaints": ("客户端", "重大疑难投诉", "已答复，待客户确认"),
        "agent /complaints/{case}": ("赔付慢", "调查核实", "答复客户"),
        "agent /service-desk": ("柜面", "多久到账"),
        "customer /claims/{id}": ("银行卡或存折复印件", "已加急处理", "我接受答复"),
    },
    "en": {
        "specialist /claims/{id}": (
            "Copy of the bank card or passbook",
            "Designated hospital",
            "Submitted → verified",
            "Line type",
            "Examination",
            "Registration (product rule)",
        ),
        "manager /admin/hospitals": ("Level 3 Grade A", "Not a designated hospital", "Private"),
        "approver /claims/{id}/actions/deny": (
            "Deny the claim",
            "cannot be undone",
            "not designated for this kind",
        ),
        "manager /management/work": ("Open tasks",),
        "manager /claims/{id}": (
            "Audit trail",
            "Referred to the difficult-case panel",
            "Approval escalated",
            "Bill line verified",
            "Claim reported",
        ),
        "admin /admin/products/tianan-group-medical": (
            "Outpatient and emergency",
            "70%",
            "Health check-ups",
            "Copy of the bank card or passbook",
        ),
        "admin /admin/products/auto-commercial": ("Auto", "as the policy schedule sets"),
        "investigator /fraud/claims/{id}": ("Frequent claimant", "prior claims", "Open"),
        "investigator /fraud/investigations": ("Open", "Red flags"),
        "agent /complaints": ("Portal", "Major", "Answered, awaiting the customer"),
        "agent /complaints/{case}": ("Slow payment", "Investigated", "Answered"),
        "agent /service-desk": ("Counter",),
        "customer /claims/{id}": ("Copy of the bank card or passbook", "I accept the answer"),
    },
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pages_show_labels_not_codes(container: Container, client: TestClient, lang: str) -> None:
    world, claim = _escalated_claim(container, client)
    case_id = _desk_work(world, claim)
    mark_difficult(
        container.context(),
        actor=world.users["manager"],
        claim_id=claim.id or 0,
        reason="伤残等级有争议",
    )  # the audit trail shows 转疑难案件, not its code
    pages = _pages(client, claim.id or 0, lang, case_id)
    leaks = {where: codes_in(text) for where, text in pages.items() if codes_in(text)}
    assert leaks == {}
    for where, expected in LABELS[lang].items():
        text = pages[where.replace("{id}", str(claim.id)).replace("{case}", str(case_id))]
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


FINANCE_LABELS = {
    "zh": ("待复核放款", "支付失败", "全额赔付", "核定赔付金额", "退票：已进入重新支付队列"),
    "en": (
        "Awaiting release",
        "Failed",
        "Full payment",
        "Approved payable",
        "queued for re-payment",
    ),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_finance_pages_show_labels_not_codes(
    container: Container, client: TestClient, lang: str
) -> None:
    """The finance room's tabs, a bank batch, the per-line import report and the claim's
    payments, after a release, a batch and a bank refusal."""
    from tests.integration import test_finance_pages as finance

    world, claim = _escalated_claim(container, client)
    claim = get_claim(container.context(), actor=world.users["approver"], claim_id=claim.id or 0)
    _move(world, "approver", claim, S.APPROVED)
    finance.approved_claim(world, "300.00")  # a second one stays awaiting release
    (sent,) = finance.instructions(container, claim)
    sign_in(client, "finance")
    client.get(f"/finance?lang={lang}")  # the language, kept in the session
    batch_id = finance.released_and_sent(client, sent.id or 0)
    report = finance.upload(client, finance.result_file(f"{sent.id},failed,,账户已销户"))
    seen = {"finance /finance/results (report)": visible(report.text)}
    paths = [f"/finance?tab={tab}" for tab in ("pending_release", "released", "sent", "failed")]
    for path in (*paths, f"/finance/batches/{batch_id}", "/finance/results", f"/claims/{claim.id}"):
        page = client.get(path)
        assert page.status_code == 200, path
        seen[f"finance {path}"] = visible(page.text)
    sign_in(client, "agent")
    seen["agent claim"] = visible(client.get(f"/claims/{claim.id}?lang={lang}").text)
    leaks = {where: codes_in(text) for where, text in seen.items() if codes_in(text)}
    assert leaks == {}
    joined = "\n".join(seen.values())
    assert all(label in joined for label in FINANCE_LABELS[lang]), FINANCE_LABELS[lang]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", ("人伤", "第三者", "检查费", "营养滋补品", "一次性了断", "中南大学湘雅医院")),
        ("en", ("Bodily injury", "Third party", "Examination", "Tonics and supplements",
                "One-off settlement")),
    ],
)  # fmt: skip
def test_the_injury_panel_shows_labels_not_codes_and_masks_the_id(
    container: Container, client: TestClient, lang: str, expected: tuple[str, ...]
) -> None:
    from datetime import date

    from claimdesk.services.auto import settlement
    from claimdesk.services.auto.injuries import use_cases as injuries
    from tests.builders import an_auto_world
    from tests.services.test_auto_injuries import _hospital, _injured_claim

    auto = an_auto_world(container)
    _hospital(container)
    claim_id, person_id = _injured_claim(container, auto)
    injuries.log_follow_up(
        container.context(), actor=auto.users["surveyor"], person_id=person_id,
        visited_on=date(2026, 6, 1), hospital_code="H-CS-01", note="恢复良好",
    )  # fmt: skip
    injuries.record_settlement(
        container.context(), actor=auto.users["specialist"], person_id=person_id,
        amount=Decimal("1200.00"), signed_on=date(2026, 6, 1), parties="李四、王五",
    )  # fmt: skip
    settlement.settle_auto_claim(container.context(), actor=auto.users["specialist"],
                                 claim_id=claim_id)  # fmt: skip
    sign_in(client, "specialist")
    page = client.get(f"/claims/{claim_id}?lang={lang}")
    assert page.status_code == 200
    text = visible(page.text)
    section = text[text.index(expected[0]) :]
    assert codes_in(section) == set()
    assert all(label in section for label in expected), expected
    assert "110105********002X" in text and "11010519491231002X" not in page.text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_survey_room_shows_labels_not_codes(
    container: Container, client: TestClient, lang: str
) -> None:
    """The surveyor room (issue 12): my dispatches, one dispatch, the survey panel."""
    from tests.integration.test_survey_room import _surveyed  # its module imports this one

    _, claim, _ = _surveyed(client, container)
    pages = {
        "/survey": client.get(f"/survey?lang={lang}").text,
        "/survey/{id}": client.get(f"/survey/{claim['id']}?lang={lang}").text,
    }
    sign_in(client, "specialist")
    staff = client.get(f"/claims/{claim['id']}?lang={lang}").text
    start = staff.index('id="auto-survey"')
    pages["staff #auto-survey"] = staff[start : staff.index("</section>", start)]
    texts = {where: visible(html) for where, html in pages.items()}
    leaks = {where: codes_in(text) for where, text in texts.items() if codes_in(text)}
    assert leaks == {}
    expected = ("首次查勘", "碰撞", "更换", "高于协议价") if lang == "zh" else (
        "First survey", "Collision", "Replace", "Above the agreed price")  # fmt: skip
    assert all(word in texts["/survey/{id}"] for word in expected), texts["/survey/{id}"]
