"""Customer notices at key steps (受理成功, 材料补充, 定损结果, 核赔结果, 赔款到账, 投诉, 回访).

Each hook runs inside the transaction of the change that causes it and writes outbox rows, one
per channel the customer chose, keyed by the event so one event never makes two messages. The
worker (services/outbox.py) delivers them. Design: docs/notifications.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import timedelta
from decimal import Decimal
from typing import Any

from claimdesk.domain.auto_claim import Survey
from claimdesk.domain.channels import Channel
from claimdesk.domain.claim import Claim, ClaimStatus, LineOfBusiness
from claimdesk.domain.labels import label, line_names
from claimdesk.domain.money import format_amount
from claimdesk.domain.notices import ContactPreference, MessageStatus, OutboxMessage
from claimdesk.domain.payment import PaymentInstruction, PaymentStatus
from claimdesk.domain.pii import mask_bank_account
from claimdesk.domain.policy import InsuredPerson
from claimdesk.rules.explain import describe
from claimdesk.rules.reasons import ReasonCode
from claimdesk.rules.terms import Product
from claimdesk.services.notices.outbox import LEASE, PassResult, run_pass
from claimdesk.services.notices.ports import Sender
from claimdesk.services.notices.templates import render
from claimdesk.services.ports import Clock, UnitOfWork

S = ClaimStatus
MISSING_MATERIALS = "missing_materials"
Context = Callable[[UnitOfWork, Claim], dict[str, Any]]


def default_preference(insured: InsuredPerson) -> ContactPreference:
    """No stated preference: in-app, and SMS to the insured's phone on the policy."""
    return ContactPreference(insured.id or 0, (Channel.IN_APP, Channel.SMS), phone=insured.phone)


def on_move(
    uow: UnitOfWork,
    clock: Clock,
    before: Claim,
    moved: Claim,
    products: Mapping[str, Product] | None = None,
) -> None:
    """Hook in claims.after_move: acceptance, decision, payment and the survey after closing."""
    event = _move_event(before.status, moved.status)
    if event is not None:
        kind, context = event
        key = f"claim:{moved.id}:{kind}:{moved.version}"
        values = _worded(context(uow, moved), (products or {}).get(moved.product_code))
        notify(uow, clock, moved, key, kind, values)


def _worded(values: dict[str, Any], product: Product | None) -> dict[str, Any]:
    """Reason codes in the product's words (as on the claim page): customers read no codes."""
    codes = values.get("reason_codes") or ()
    if codes:
        for lang in ("zh", "en"):
            values[f"reasons_{lang}"] = [_ground(code, product, lang) for code in codes]
    return values


def _ground(code: str, product: Product | None, lang: str) -> str:
    if code in ReasonCode.__members__:
        return describe(code, product, lang)
    return label("denial_ground", code, lang)


def on_survey_signed(uow: UnitOfWork, clock: Clock, survey: Survey) -> None:
    """Hook in surveys.sign_survey: the customer gets the signed assessment (定损结果)."""
    assessed = survey.record.assessed_loss if survey.record else Decimal("0.00")
    claim = uow.claims.get(survey.claim_id)
    key = f"survey:{survey.id}:signed"
    notify(uow, clock, claim, key, "survey_result", {"assessed_loss": assessed})


def on_payments_cancelled(
    uow: UnitOfWork, clock: Clock, claim: Claim, cancelled: list[PaymentInstruction]
) -> None:
    """Money was announced (an instruction existed) and will not be paid: say so."""
    amount = sum((i.amount for i in cancelled), Decimal("0.00"))
    ids = "-".join(str(i.id) for i in cancelled)
    values = {"amount": amount, "reason": claim.status_reason or str(claim.status)}
    notify(uow, clock, claim, f"claim:{claim.id}:payment_cancelled:{ids}", "payment_cancelled",
           values)  # fmt: skip


def on_payee_changed(
    uow: UnitOfWork, clock: Clock, claim: Claim, instruction: PaymentInstruction
) -> None:
    """A payee change is how a payout is redirected: the insured always hears of it, with the
    new account masked, so a change they did not ask for is reported at once."""
    payee = instruction.payee
    values = {"amount": instruction.amount, "bank": payee.bank_name,
              "account": mask_bank_account(payee.bank_account)}  # fmt: skip
    notify(uow, clock, claim, f"payment:{instruction.id}:payee_changed", "payee_changed", values)


def on_estimate(
    uow: UnitOfWork, clock: Clock, claim: Claim, low: Decimal, high: Decimal, revision: int = 1
) -> None:
    """预赔 (issue 15): the customer hears the estimated range once it is stored, and again
    when it is revised (each revision once)."""
    key = f"claim:{claim.id}:estimate" + ("" if revision == 1 else f":{revision}")
    notify(uow, clock, claim, key, "payout_estimate", {"low": low, "high": high})


def on_complaint(uow: UnitOfWork, clock: Clock, claim_id: int, complaint_id: int) -> None:
    """Hook in portal_feedback.file_complaint: the complaint is acknowledged."""
    claim = uow.claims.get(claim_id)
    key = f"complaint:{complaint_id}:received"
    notify(uow, clock, claim, key, "complaint_received", {"complaint_id": complaint_id})


def on_complaint_answered(
    uow: UnitOfWork, clock: Clock, claim_id: int, complaint_id: int, answer: str
) -> None:
    """For the complaint handling use case (a later issue): the answer goes to the customer."""
    claim = uow.claims.get(claim_id)
    context = {"complaint_id": complaint_id, "answer": answer}
    notify(uow, clock, claim, f"complaint:{complaint_id}:answered", "complaint_answered", context)


def relay_notices(uow: UnitOfWork, clock: Clock) -> int:
    """The one-time notice (一次性告知) is written with its check; it is relayed here, once."""
    relayed = 0
    for notice_id, claim_id in uow.outbox.unrelayed_notices(MISSING_MATERIALS):
        notice = next(n for n in uow.tracking.notices_for(claim_id) if n.id == notice_id)
        claim = uow.claims.get(claim_id)
        context = {"items": list(notice.items)}
        key = f"notice:{notice_id}"
        relayed += notify(uow, clock, claim, key, MISSING_MATERIALS, context, notice_id)
    return relayed


def worker_pass(
    uow_factory: Callable[[], UnitOfWork],
    clock: Clock,
    senders: Mapping[Channel, Sender],
    lease: timedelta = LEASE,
) -> PassResult:
    """What `claimdesk worker` and the server do every few seconds."""
    with uow_factory() as uow:
        relay_notices(uow, clock)
        uow.commit()
    return run_pass(uow_factory, clock, senders, lease=lease)


def notify(
    uow: UnitOfWork,
    clock: Clock,
    claim: Claim,
    key: str,
    kind: str,
    context: dict[str, Any],
    notice_id: int | None = None,
) -> int:
    """One outbox row per channel; returns how many were new. In-app is delivered by the write."""
    insured = uow.policies.get_insured(claim.insured_person_id)
    preference = uow.outbox.preference(insured.id or 0) or default_preference(insured)
    values = {"name": insured.name, "claim_no": claim.claim_no, **context}
    text = (preference.language, *render(kind, preference.language, values))
    return uow.outbox.add_new(
        [
            _message(clock, claim, f"{key}:{channel}", kind, (channel, recipient), text, notice_id)
            for channel, recipient in addresses(preference)
        ]
    )


def addresses(preference: ContactPreference) -> list[tuple[Channel, str]]:
    """Where each chosen channel goes; in-app is always kept (the portal's message list)."""
    by_channel = {
        Channel.IN_APP: str(preference.insured_person_id),
        Channel.SMS: preference.phone,
        Channel.EMAIL: preference.email,
    }
    chosen = {Channel.IN_APP, *preference.channels}
    return [(channel, by_channel[channel]) for channel in Channel if channel in chosen
            and by_channel[channel]]  # fmt: skip


def _message(
    clock: Clock,
    claim: Claim,
    key: str,
    kind: str,
    where: tuple[Channel, str],
    text: tuple[str, str, str],
    notice_id: int | None,
) -> OutboxMessage:
    channel, recipient = where
    language, subject, body = text
    now = clock.now()
    in_app = channel is Channel.IN_APP
    return OutboxMessage(
        id=None,
        event_key=key,
        insured_person_id=claim.insured_person_id,
        kind=kind,
        channel=channel,
        recipient=recipient,
        subject=subject,
        body=body,
        language=language,
        status=MessageStatus.SENT if in_app else MessageStatus.PENDING,
        next_attempt_at=now,
        created_at=now,
        claim_id=claim.id,
        notice_id=notice_id,
        sent_at=now if in_app else None,
    )


def _move_event(before: ClaimStatus, after: ClaimStatus) -> tuple[str, Context] | None:
    if after == S.ACCEPTED:
        return "accepted", _nothing
    if after == S.APPROVED and before == S.ADJUDICATED:
        return "approved", _breakdown  # not again when a failed transfer reopens the payment
    if after == S.DENIED:
        return "denied", _refusal
    if after == S.PAID:  # only after confirmed payments, so never "0.00 已到账"
        return "paid", _paid
    if after == S.CLOSED and before == S.PAID:
        return "satisfaction_survey", _nothing
    return None


def _nothing(uow: UnitOfWork, claim: Claim) -> dict[str, Any]:
    return {}


def _breakdown(uow: UnitOfWork, claim: Claim) -> dict[str, Any]:
    """核赔结果: per line what was claimed, the deductible and what is paid, and the total
    (an auto claim: the auto engine's settlement, never the reported estimate)."""
    if claim.line_of_business == LineOfBusiness.AUTO:
        settled = uow.auto_settlements.active_for(claim.id or 0)
        amount = settled.payable if settled is not None else Decimal("0.00")
        return {"claimed": claim.claimed_amount, "payable": amount, "lines": []}
    stored = uow.adjudications.active_for(claim.id or 0)
    payable = stored.payable if stored else Decimal("0.00")
    visits = stored.result.visits if stored else ()
    zh, en = line_names(claim.visits, "zh"), line_names(claim.visits, "en")
    lines = [
        {"line": line.line_id, "submitted": format_amount(line.submitted),
         "name_zh": zh.get((visit.visit_id, line.line_id), line.line_id),
         "name_en": en.get((visit.visit_id, line.line_id), line.line_id),
         "deductible": format_amount(line.deductible), "payable": format_amount(line.payable)}
        for visit in visits for line in visit.lines
    ]  # fmt: skip
    return {"claimed": claim.claimed_amount, "payable": payable, "lines": lines}


def _refusal(uow: UnitOfWork, claim: Claim) -> dict[str, Any]:
    codes = list(claim.denial.reason_codes) if claim.denial else []
    clause = claim.denial.clause if claim.denial else ""
    return {"reason": claim.status_reason, "reason_codes": codes, "clause": clause}


def _paid(uow: UnitOfWork, claim: Claim) -> dict[str, Any]:
    payments = uow.payments.for_claim(claim.id or 0)
    amount = sum((p.amount for p in payments if p.status == PaymentStatus.PAID), Decimal("0.00"))
    return {"amount": amount}
