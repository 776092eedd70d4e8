"""JSON schemas of the partners API: registry, price agreements, salvage, recoveries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from claimdesk.domain.partners import (
    ImportReport,
    Partner,
    PriceAgreement,
    RecoveryCase,
    SalvageHandling,
    SalvageMethod,
)
from claimdesk.services.partners.recoveries import ClaimRecoveries
from claimdesk.web.api.schemas import MoneyIn, SaneDate, Strict, Text

Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
# Signed on purpose: a negative price reaches the use case, which refuses it by its code.
Amount = Annotated[Decimal, Field(max_digits=14, decimal_places=2)]


class PartnerIn(Strict):
    kind: Short
    name: Short
    region: Short = ""
    contact: Short = ""
    agreement_no: Short = ""
    active: bool = True
    level: Short = ""
    shop_type: Short = ""
    fee: Amount | None = None

    def fields(self) -> dict[str, str]:
        values = self.model_dump()
        values["active"] = "1" if self.active else "0"
        values["fee"] = "" if self.fee is None else str(self.fee)
        return {key: str(value) for key, value in values.items()}


class PartnerOut(BaseModel):
    id: int
    kind: str
    name: str
    region: str
    contact: str
    agreement_no: str
    active: bool
    level: str | None
    shop_type: str | None
    fee: str | None

    @classmethod
    def of(cls, p: Partner) -> PartnerOut:
        assert p.id is not None
        return cls(id=p.id, kind=str(p.kind), name=p.name, region=p.region, contact=p.contact,
                   agreement_no=p.agreement_no, active=p.active,
                   level=None if p.level is None else str(p.level),
                   shop_type=None if p.shop_type is None else str(p.shop_type),
                   fee=None if p.fee is None else str(p.fee))  # fmt: skip


class AgreementIn(Strict):
    kind: Short
    part_code: Short
    part_name: Short = ""
    vehicle_model: Short
    agreed_price: Amount
    valid_from: SaneDate
    valid_to: SaneDate

    def fields(self) -> dict[str, str]:
        return {key: str(value) for key, value in self.model_dump().items()}


class AgreementOut(BaseModel):
    id: int
    kind: str
    part_code: str
    part_name: str
    vehicle_model: str
    agreed_price: str
    valid_from: dt.date
    valid_to: dt.date

    @classmethod
    def of(cls, a: PriceAgreement) -> AgreementOut:
        assert a.id is not None
        return cls(id=a.id, kind=str(a.kind), part_code=a.part_code, part_name=a.part_name,
                   vehicle_model=a.vehicle_model, agreed_price=str(a.agreed_price),
                   valid_from=a.valid_from, valid_to=a.valid_to)  # fmt: skip


class RejectionOut(BaseModel):
    row: int
    field: str
    message_zh: str
    message_en: str


class ImportReportOut(BaseModel):
    stored: int
    rejected: list[RejectionOut]

    @classmethod
    def of(cls, report: ImportReport) -> ImportReportOut:
        return cls(
            stored=report.stored, rejected=[RejectionOut(**vars(r)) for r in report.rejected]
        )


class SalvageIn(Strict):
    method: SalvageMethod
    description: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] = ""
    value: MoneyIn | None = None


class SaleIn(Strict):
    buyer: Short
    price: Amount
    sold_on: SaneDate


class RecoveryIn(Strict):
    against: Short
    against_insurer: Short = ""
    amount_claimed: Amount


class ReceiptIn(Strict):
    amount: Amount
    received_on: SaneDate


class WriteOffIn(Strict):
    reason: Text


class SalvageOut(BaseModel):
    description: str
    value: str
    method: str
    status: str
    buyer: str
    sale_price: str | None
    sold_on: dt.date | None
    recovery_id: int | None
    recorded_by: str
    signed_off_by: str | None
    signed_off_at: dt.datetime | None

    @classmethod
    def of(cls, h: SalvageHandling) -> SalvageOut:
        return cls(description=h.description, value=str(h.value), method=str(h.method),
                   status=str(h.status), buyer=h.buyer,
                   sale_price=None if h.sale_price is None else str(h.sale_price),
                   sold_on=h.sold_on, recovery_id=h.recovery_id, recorded_by=h.recorded_by,
                   signed_off_by=h.signed_off_by, signed_off_at=h.signed_off_at)  # fmt: skip


class ReceiptOut(BaseModel):
    amount: str
    received_on: dt.date


class RecoveryOut(BaseModel):
    id: int
    claim_id: int
    kind: str
    against: str
    against_insurer: str
    amount_claimed: str
    received: str
    status: str
    receipts: list[ReceiptOut]
    write_off_reason: str

    @classmethod
    def of(cls, c: RecoveryCase) -> RecoveryOut:
        assert c.id is not None
        return cls(id=c.id, claim_id=c.claim_id, kind=str(c.kind), against=c.against,
                   against_insurer=c.against_insurer, amount_claimed=str(c.amount_claimed),
                   received=str(c.received), status=str(c.status),
                   receipts=[ReceiptOut(amount=str(r.amount), received_on=r.received_on)
                             for r in c.receipts],
                   write_off_reason=c.write_off_reason)  # fmt: skip


class ClaimRecoveriesOut(BaseModel):
    claim_id: int
    paid: str
    reserve: str
    recoveries: str
    net_incurred: str
    salvage: SalvageOut | None
    cases: list[RecoveryOut]

    @classmethod
    def of(cls, view: ClaimRecoveries) -> ClaimRecoveriesOut:
        f = view.figures
        return cls(claim_id=view.claim_id, paid=str(f.paid), reserve=str(f.reserve),
                   recoveries=str(f.recoveries), net_incurred=str(f.net_incurred),
                   salvage=None if view.salvage is None else SalvageOut.of(view.salvage),
                   cases=[RecoveryOut.of(c) for c in view.recoveries])  # fmt: skip
