"""Notices: templates in both languages, the customer's channels, one message per event."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from claimdesk.bootstrap import Container
from claimdesk.domain.channels import Channel
from claimdesk.domain.claim import Claim, ClaimStatus
from claimdesk.domain.errors import ErrorCode, Forbidden, InvalidInput
from claimdesk.domain.notices import ContactPreference, MessageStatus
from claimdesk.domain.refusals import Refused
from claimdesk.services.approval.use_cases import Denial
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.claims.use_cases import report_claim
from claimdesk.services.notices import preferences
from claimdesk.services.notices.outbox import backoff
from claimdesk.services.notices.templates import kinds, render
from claimdesk.services.service_desk.feedback import file_complaint
from tests.builders import World, a_report, a_world, with_all_materials

S = ClaimStatus
EVERY_KIND_CONTEXT = {
    "name": "张三",
    "claim_no": "LP20260601000001",
    "items": [{"code": "id_copy", "kind": "missing"}],
    "assessed_loss": Decimal("8650.00"),
    "claimed": Decimal("1000.00"),
    "payable": Decimal("280.00"),
    "lines": [
        {
            "line": "L1",
            "name_zh": "化验",
            "name_en": "Laboratory test",
            "submitted": "1000.00",
            "deductible": "0.00",
            "payable": "280.00",
        }
    ],
    "reason": "牙科治疗不在保障范围",
    "reason_codes": ["EXCLUDED_SERVICE"],
    "clause": "第四部分 二.11",
    "amount": Decimal("280.00"),
    "low": Decimal("180.00"),  # 预赔 payout_estimate
    "high": Decimal("320.00"),
    "bank": "建设银行",
    "account": "6222********3446",
    "complaint_id": 7,
    "answer": "已复核",
}


@pytest.mark.parametrize("language", ["zh-CN", "en"])
@pytest.mark.parametrize("kind", kinds())
def test_every_template_renders_in_both_languages(kind: str, language: str) -> None:
    subject, body = render(kind, language, EVERY_KIND_CONTEXT)
    assert "LP20260601000001" in subject + body


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_payment_and_decision_notices_carry_the_amount_in_capitals(language: str) -> None:
    _, paid = render("paid", language, EVERY_KIND_CONTEXT)
    _, approved = render("approved", language, EVERY_KIND_CONTEXT)
    assert "280.00" in paid and "人民币贰佰捌拾元整" in paid
    assert "人民币贰佰捌拾元整" in approved and "L1" not in approved  # the line by its name
    assert ("化验" if language == "zh-CN" else "Laboratory test") in approved


def test_backoff_doubles_from_a_minute_up_to_an_hour() -> None:
    delays = [backoff(attempt) for attempt in range(1, 9)]
    assert delays == [timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 32, 60, 60)]


def _accepted(world: World) -> Claim:
    c = world.container
    claim, _ = report_claim(
        c.context(), actor=world.users["agent"], report=a_report(), idempotency_key=None
    )
    with_all_materials(c, world.users["agent"], claim.id or 0)
    return move_claim(
        c.context(),
        actor=world.users["specialist"],
        claim_id=claim.id or 0,
        target=S.ACCEPTED,
        reason="",
        expected_version=claim.version,
    )


def _channels(container: Container, claim: Claim) -> list[tuple[str, str, str]]:
    with container.uow() as uow:
        return [(m.kind, m.channel, m.recipient) for m in uow.outbox.for_claim(claim.id or 0)]


def test_without_a_preference_the_customer_gets_in_app_and_sms_to_the_policy_phone(
    container: Container,
) -> None:
    world = a_world(container)
    claim = _accepted(world)
    assert _channels(container, claim) == [
        ("accepted", Channel.SMS, "13912345678"),
        ("accepted", Channel.IN_APP, str(world.insured[0].id)),
    ]


def test_the_customers_chosen_channels_are_respected(container: Container) -> None:
    world = a_world(container)
    wanted = ContactPreference(0, (Channel.EMAIL,), "zs@example.cn", "", "en")
    c = world.container
    preferences.set_preference(
        c.context(), actor=world.users["customer"], insured_id=None, wanted=wanted
    )
    claim = _accepted(world)
    assert _channels(container, claim) == [
        ("accepted", Channel.EMAIL, "zs@example.cn"),
        ("accepted", Channel.IN_APP, str(world.insured[0].id)),
    ]
    (in_app,) = preferences.my_messages(c.context(), actor=world.users["customer"])
    assert in_app.status == MessageStatus.SENT and in_app.subject.startswith("Claim accepted")


def test_a_customer_cannot_set_someone_elses_preferences_and_staff_must_name_one(
    container: Container,
) -> None:
    world = a_world(container)
    c = world.container
    wanted = ContactPreference(0, (Channel.SMS,), "", "13800000000")
    other = world.insured[1].id
    with pytest.raises(Forbidden):
        preferences.set_preference(
            c.context(), actor=world.users["customer"], insured_id=other, wanted=wanted
        )
    with pytest.raises(InvalidInput):
        preferences.set_preference(
            c.context(), actor=world.users["agent"], insured_id=None, wanted=wanted
        )
    saved = preferences.set_preference(
        c.context(), actor=world.users["agent"], insured_id=other, wanted=wanted
    )
    assert (
        preferences.get_preference(
            c.context(), actor=world.users["other_customer"], insured_id=None
        )
        == saved
    )


def test_email_without_an_address_is_refused(container: Container) -> None:
    world = a_world(container)
    c = world.container
    wanted = ContactPreference(0, (Channel.EMAIL,))
    with pytest.raises(Refused) as refused:
        preferences.set_preference(
            c.context(), actor=world.users["customer"], insured_id=None, wanted=wanted
        )
    assert refused.value.code == ErrorCode.CONTACT_EMAIL_MISSING


def test_a_denial_tells_the_reasons_and_the_clause(container: Container) -> None:
    world = a_world(container)
    claim = _accepted(world)
    c = world.container
    claim = move_claim(
        c.context(),
        actor=world.users["specialist"],
        claim_id=claim.id or 0,
        target=S.DENIED,
        reason="牙科治疗不在保障范围",
        expected_version=claim.version,
        denial=Denial(("EXCLUDED_SERVICE",), "第四部分 二.11"),
    )
    messages = preferences.my_messages(c.context(), actor=world.users["customer"])
    denied = next(m for m in messages if m.kind == "denied")
    assert "属于责任免除的诊疗项目" in denied.body and "第四部分 二.11" in denied.body
    assert "EXCLUDED_SERVICE" not in denied.body  # issue 12: the product's words, not the code
    assert "本次事故无法赔付的部分" in denied.body


def test_a_complaint_is_acknowledged_once(container: Container) -> None:
    world = a_world(container)
    claim = _accepted(world)
    c = world.container
    file_complaint(
        c.context(), actor=world.users["customer"], claim_id=claim.id or 0, text="太慢了"
    )
    kinds_sent = [kind for kind, channel, _ in _channels(container, claim)]
    assert kinds_sent.count("complaint_received") == 2  # SMS and in-app, each once
