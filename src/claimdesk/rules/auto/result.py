"""The auto settlement result as plain frozen dataclasses, and its JSON form."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from claimdesk.domain.money import format_amount
from claimdesk.rules.auto.reasons import AutoReasonCode


@dataclass(frozen=True, slots=True)
class AutoReason:
    """A reason with its bilingual message and the clause it rests on (as `rules.result.Reason`)."""

    code: AutoReasonCode
    message_zh: str
    message_en: str
    clause: str


@dataclass(frozen=True, slots=True)
class LineAssessment:
    line_id: str
    part_code: str
    action: str
    parts: Decimal
    labour: Decimal
    amount: Decimal
    agreed_price: Decimal | None
    reasons: tuple[AutoReasonCode, ...]


@dataclass(frozen=True, slots=True)
class AssessedLoss:
    """What one damaged vehicle is assessed at, and on what basis (never the estimate)."""

    subject: str  # own_vehicle | third_party:<party_id>
    basis: str  # survey | resurvey | tender | pending
    reported_estimate: Decimal | None
    surveyed: Decimal
    resurveyed: Decimal | None
    tender: Decimal | None
    assessed: Decimal
    salvage: Decimal
    salvage_deducted: bool
    total_loss_declared: bool
    lines: tuple[LineAssessment, ...]
    reasons: tuple[AutoReason, ...]

    @property
    def pending(self) -> bool:
        return self.basis == "pending"

    @property
    def net(self) -> Decimal:
        """The repair cost less salvage left with the owner."""
        return max(self.assessed - (self.salvage if self.salvage_deducted else 0), Decimal(0))

    @property
    def resurvey_deviation(self) -> Decimal | None:
        return None if self.resurveyed is None else self.resurveyed - self.surveyed


@dataclass(frozen=True, slots=True)
class SettlementItem:
    """One amount of the settlement: which cover and section, the loss, limit, working, clause."""

    cover: str  # compulsory | vehicle_damage | third_party_liability
    section: str
    payee: str  # insured | third_parties
    loss: Decimal
    limit: Decimal | None
    payable: Decimal
    working: str
    reasons: tuple[AutoReason, ...]


@dataclass(frozen=True, slots=True)
class ReviewedLine:
    """One medical line of an injured party, reviewed with the health lines' rules."""

    line_id: str
    type: str
    amount: Decimal
    eligible: Decimal
    reasons: tuple[AutoReasonCode, ...]


@dataclass(frozen=True, slots=True)
class ReviewedItem:
    """One 死亡伤残 item of an injured party as the engine computed it from its basis."""

    item_id: str
    kind: str
    basis: str
    amount: Decimal
    working: str


@dataclass(frozen=True, slots=True)
class InjuryReview:
    """人伤: what one injured party's losses come to for the 交强险 medical and death/disability
    sections (a one-off settlement's amount split between them), or why they are not ours."""

    party_id: str
    role: str  # driver | passenger | third_party
    covered: bool  # a third party (not 本车人员)
    billed: Decimal
    medical: Decimal  # reviewed medical costs (医疗费用 section)
    death_disability: Decimal  # 死亡伤残 section
    settlement: Decimal | None  # 一次性了断 amount
    lines: tuple[ReviewedLine, ...]
    reasons: tuple[AutoReason, ...]
    items: tuple[ReviewedItem, ...] = ()  # 死亡伤残 items with their working


@dataclass(frozen=True, slots=True)
class IncurredFigures:
    paid: Decimal
    reserve: Decimal
    recoveries: Decimal
    net_incurred: Decimal


@dataclass(frozen=True, slots=True)
class AutoResult:
    claim_id: str
    product: str
    decision: str  # approved | denied | pending_assessment
    payable: Decimal
    currency: str
    reasons: tuple[AutoReason, ...]
    assessments: tuple[AssessedLoss, ...]
    settlement: tuple[SettlementItem, ...]
    incurred: IncurredFigures
    injuries: tuple[InjuryReview, ...] = ()


def money(value: Decimal | None) -> str | None:
    return None if value is None else format_amount(value)


def reason_to_json(reason: AutoReason) -> dict[str, str]:
    return {
        "code": str(reason.code),
        "message_zh": reason.message_zh,
        "message_en": reason.message_en,
        "clause": reason.clause,
    }


def line_to_json(line: LineAssessment) -> dict[str, Any]:
    return {
        "line_id": line.line_id, "part_code": line.part_code, "action": line.action,
        "parts": money(line.parts), "labour": money(line.labour), "amount": money(line.amount),
        "agreed_price": money(line.agreed_price), "reasons": [str(code) for code in line.reasons],
    }  # fmt: skip


def assessment_to_json(loss: AssessedLoss) -> dict[str, Any]:
    return {
        "subject": loss.subject, "basis": loss.basis,
        "reported_estimate": money(loss.reported_estimate), "surveyed": money(loss.surveyed),
        "resurveyed": money(loss.resurveyed),
        "resurvey_deviation": money(loss.resurvey_deviation), "tender": money(loss.tender),
        "assessed": money(loss.assessed), "salvage": money(loss.salvage),
        "salvage_deducted": loss.salvage_deducted,
        "lines": [line_to_json(line) for line in loss.lines],
        "reasons": [reason_to_json(reason) for reason in loss.reasons],
    }  # fmt: skip


def item_to_json(item: SettlementItem) -> dict[str, Any]:
    return {
        "cover": item.cover, "section": item.section, "payee": item.payee,
        "loss": money(item.loss), "limit": money(item.limit), "payable": money(item.payable),
        "working": item.working, "reasons": [reason_to_json(reason) for reason in item.reasons],
    }  # fmt: skip


def injury_to_json(injury: InjuryReview) -> dict[str, Any]:
    found: dict[str, Any] = {
        "party_id": injury.party_id, "role": injury.role, "covered": injury.covered,
        "billed": money(injury.billed), "medical": money(injury.medical),
        "death_disability": money(injury.death_disability),
        "settlement": money(injury.settlement),
        "lines": [
            {"line_id": line.line_id, "type": line.type, "amount": money(line.amount),
             "eligible": money(line.eligible), "reasons": [str(code) for code in line.reasons]}
            for line in injury.lines
        ],
        "reasons": [reason_to_json(reason) for reason in injury.reasons],
    }  # fmt: skip
    if injury.items:  # only itemised 死亡伤残: the older results read the same
        found["death_disability_items"] = [
            {"item_id": item.item_id, "kind": item.kind, "basis": item.basis,
             "amount": money(item.amount), "working": item.working}
            for item in injury.items
        ]  # fmt: skip
    return found


def auto_result_to_json(result: AutoResult) -> dict[str, Any]:
    incurred = result.incurred
    found: dict[str, Any] = {
        "claim_id": result.claim_id,
        "product": result.product,
        "line_of_business": "auto",
        "decision": result.decision,
        "payable": format_amount(result.payable),
        "currency": result.currency,
        "reasons": [reason_to_json(reason) for reason in result.reasons],
        "assessments": [assessment_to_json(loss) for loss in result.assessments],
        "settlement": [item_to_json(item) for item in result.settlement],
        "incurred": {
            "paid": format_amount(incurred.paid),
            "reserve": format_amount(incurred.reserve),
            "recoveries": format_amount(incurred.recoveries),
            "net_incurred": format_amount(incurred.net_incurred),
        },
    }
    if result.injuries:  # only auto claims with 人伤: the older results read the same
        found["injuries"] = [injury_to_json(injury) for injury in result.injuries]
    return found
