"""JSON of the auto settlement (车险理算): liability in, settlement out, every code with its
zh/en label beside it (domain/labels.py) and each amount with the clause it rests on."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from claimdesk.domain.auto_settlement import Liability
from claimdesk.domain.labels import both
from claimdesk.rules.auto.result import (
    AssessedLoss,
    AutoReason,
    InjuryReview,
    LineAssessment,
    SettlementItem,
)
from claimdesk.rules.auto.stored import StoredSettlement
from claimdesk.web.api.schemas import Strict

HUNDRED = Decimal(100)


class LiabilityIn(Strict):
    # Percent; the range (0–100) is the domain's refusal, named and worded in zh/en.
    liability_share: Annotated[Decimal, Field(max_digits=7, decimal_places=4)]
    compulsory_handling: Literal["normal", "substitution", "mutual_collision"] = "normal"
    decision_no: Annotated[str, StringConstraints(strip_whitespace=True, max_length=60)] = ""


class LabelOut(BaseModel):
    code: str
    zh: str
    en: str


class LiabilityOut(BaseModel):
    liability_share: str  # percent
    compulsory_handling: LabelOut
    decision_no: str
    recorded_by: str
    recorded_at: dt.datetime | None


class ReasonOut(BaseModel):
    code: str
    message_zh: str
    message_en: str
    clause: str


class AssessedLineOut(BaseModel):
    part_code: str
    action: LabelOut
    parts: str
    labour: str
    amount: str


class AssessmentOut(BaseModel):
    basis: LabelOut
    reported_estimate: str | None
    surveyed: str
    resurveyed: str | None
    resurvey_deviation: str | None
    tender: str | None
    assessed: str
    salvage: str
    salvage_deducted: bool
    lines: list[AssessedLineOut]
    reasons: list[ReasonOut]


class SettlementItemOut(BaseModel):
    cover: LabelOut
    section: LabelOut
    loss: str
    limit: str | None
    payable: str
    working: str
    reasons: list[ReasonOut]


class InjuryLineOut(BaseModel):
    line_id: str
    type: LabelOut
    amount: str
    eligible: str
    reasons: list[str]


class DeathDisabilityItemOut(BaseModel):
    """One 死亡伤残 item as the engine computed it: standard × quantity × ratio."""

    item_id: str
    kind: LabelOut
    basis: str
    amount: str
    working: str


class InjuryReviewOut(BaseModel):
    """人伤: one injured party's reviewed bills and what counts in each 交强险 section."""

    party_id: str
    role: LabelOut
    covered: bool
    billed: str
    medical: str
    death_disability: str
    settlement: str | None
    lines: list[InjuryLineOut]
    reasons: list[ReasonOut]
    death_disability_items: list[DeathDisabilityItemOut] = []


class SettlementOut(BaseModel):
    seq: int
    at: dt.datetime
    by_user: str
    decision: LabelOut
    payable: str
    reasons: list[ReasonOut]
    assessments: list[AssessmentOut]
    settlement: list[SettlementItemOut]
    injuries: list[InjuryReviewOut] = []


def label_out(family: str, code: str) -> LabelOut:
    zh, en = both(family, code)
    return LabelOut(code=code, zh=zh, en=en)


def liability_out(liability: Liability) -> LiabilityOut:
    return LiabilityOut(
        liability_share=f"{(liability.share * HUNDRED).normalize():f}",
        compulsory_handling=label_out("compulsory_handling", str(liability.handling)),
        decision_no=liability.decision_no,
        recorded_by=liability.recorded_by,
        recorded_at=liability.recorded_at,
    )


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _reason(reason: AutoReason) -> ReasonOut:
    return ReasonOut(code=str(reason.code), message_zh=reason.message_zh,
                     message_en=reason.message_en, clause=reason.clause)  # fmt: skip


def _line(line: LineAssessment) -> AssessedLineOut:
    return AssessedLineOut(
        part_code=line.part_code,
        action=label_out("repair_action", line.action),
        parts=f"{line.parts:.2f}",
        labour=f"{line.labour:.2f}",
        amount=f"{line.amount:.2f}",
    )


def _assessment(loss: AssessedLoss) -> AssessmentOut:
    return AssessmentOut(
        basis=label_out("auto_basis", loss.basis),
        reported_estimate=_money(loss.reported_estimate),
        surveyed=f"{loss.surveyed:.2f}",
        resurveyed=_money(loss.resurveyed),
        resurvey_deviation=_money(loss.resurvey_deviation),
        tender=_money(loss.tender),
        assessed=f"{loss.assessed:.2f}",
        salvage=f"{loss.salvage:.2f}",
        salvage_deducted=loss.salvage_deducted,
        lines=[_line(line) for line in loss.lines],
        reasons=[_reason(reason) for reason in loss.reasons],
    )


def _item(item: SettlementItem) -> SettlementItemOut:
    return SettlementItemOut(
        cover=label_out("auto_cover", item.cover),
        section=label_out("auto_section", item.section),
        loss=f"{item.loss:.2f}",
        limit=_money(item.limit),
        payable=f"{item.payable:.2f}",
        working=item.working,
        reasons=[_reason(reason) for reason in item.reasons],
    )


def settlement_out(record: StoredSettlement) -> SettlementOut:
    result = record.result
    return SettlementOut(
        seq=record.seq,
        at=record.at,
        by_user=record.by_user,
        decision=label_out("auto_decision", record.decision),
        payable=f"{record.payable:.2f}",
        reasons=[_reason(reason) for reason in result.reasons],
        assessments=[_assessment(loss) for loss in result.assessments],
        settlement=[_item(item) for item in result.settlement],
        injuries=[_injury(injury) for injury in result.injuries],
    )


def _injury(injury: InjuryReview) -> InjuryReviewOut:
    return InjuryReviewOut(
        party_id=injury.party_id,
        role=label_out("injured_role", injury.role),
        covered=injury.covered,
        billed=f"{injury.billed:.2f}",
        medical=f"{injury.medical:.2f}",
        death_disability=f"{injury.death_disability:.2f}",
        settlement=_money(injury.settlement),
        lines=[
            InjuryLineOut(
                line_id=line.line_id,
                type=label_out("injury_fee_type", line.type),
                amount=f"{line.amount:.2f}",
                eligible=f"{line.eligible:.2f}",
                reasons=[str(code) for code in line.reasons],
            )
            for line in injury.lines
        ],
        reasons=[_reason(reason) for reason in injury.reasons],
        death_disability_items=[
            DeathDisabilityItemOut(
                item_id=item.item_id,
                kind=label_out("death_disability_kind", item.kind),
                basis=item.basis,
                amount=f"{item.amount:.2f}",
                working=item.working,
            )
            for item in injury.items
        ],
    )
