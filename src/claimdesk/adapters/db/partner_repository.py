"""Partners (合作机构), price agreements, salvage and recoveries: rows ⇄ domain dataclasses."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from claimdesk.adapters.db.models_partners import (
    PartnerRow,
    PriceAgreementRow,
    RecoveryReceiptRow,
    RecoveryRow,
    SalvageHandlingRow,
)
from claimdesk.domain.errors import NotFound
from claimdesk.domain.partners import (
    AgreementKind,
    Partner,
    PartnerKind,
    PriceAgreement,
    RecoveryCase,
    RecoveryKind,
    RecoveryReceipt,
    SalvageHandling,
    SalvageMethod,
    SalvageStatus,
    ShopLevel,
    ShopType,
)

_PARTNER_FIELDS = ("name", "region", "contact", "agreement_no", "active", "fee")
_SALVAGE_FIELDS = (
    "description", "value", "buyer", "sale_price", "sold_on", "recovery_id", "recorded_by",
    "recorded_at", "signed_off_by", "signed_off_at",
)  # fmt: skip


class SqlPartners:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_partner(self, partner: Partner) -> Partner:
        row = PartnerRow()
        _partner_to_row(partner, row)
        self.session.add(row)
        self.session.flush()
        return _partner(row)

    def save_partner(self, partner: Partner) -> Partner:
        row = self.session.get(PartnerRow, partner.id)
        if row is None:
            raise NotFound("合作机构 partner", partner.id)
        _partner_to_row(partner, row)
        self.session.flush()
        return _partner(row)

    def get_partner(self, partner_id: int) -> Partner:
        row = self.session.get(PartnerRow, partner_id)
        if row is None:
            raise NotFound("合作机构 partner", partner_id)
        return _partner(row)

    def find_partner(self, kind: PartnerKind, name: str) -> Partner | None:
        query = select(PartnerRow).where(PartnerRow.kind == kind, PartnerRow.name == name)
        row = self.session.execute(query).scalar_one_or_none()
        return None if row is None else _partner(row)

    def partners(self, kind: PartnerKind | None = None) -> list[Partner]:
        query = select(PartnerRow).order_by(PartnerRow.kind, PartnerRow.name)
        if kind is not None:
            query = query.where(PartnerRow.kind == kind)
        return [_partner(row) for row in self.session.execute(query).scalars()]

    def add_agreement(self, agreement: PriceAgreement) -> PriceAgreement:
        row = PriceAgreementRow(
            kind=agreement.kind,
            part_code=agreement.part_code,
            part_name=agreement.part_name,
            vehicle_model=agreement.vehicle_model,
            agreed_price=agreement.agreed_price,
            valid_from=agreement.valid_from,
            valid_to=agreement.valid_to,
        )
        self.session.add(row)
        self.session.flush()
        return _agreement(row)

    def agreements(self, part_code: str | None = None) -> list[PriceAgreement]:
        query = select(PriceAgreementRow).order_by(
            PriceAgreementRow.part_code, PriceAgreementRow.vehicle_model, PriceAgreementRow.id
        )
        if part_code is not None:  # whatever the case (catalogue front_bumper, FRONT_BUMPER)
            query = query.where(func.upper(PriceAgreementRow.part_code) == part_code.upper())
        return [_agreement(row) for row in self.session.execute(query).scalars()]

    def known_part_codes(self) -> set[str]:
        query = select(PriceAgreementRow.part_code).distinct()
        return set(self.session.execute(query).scalars())

    def salvage_for(self, claim_id: int) -> SalvageHandling | None:
        row = self.session.get(SalvageHandlingRow, claim_id)
        if row is None:
            return None
        values = {name: getattr(row, name) for name in _SALVAGE_FIELDS}
        return SalvageHandling(
            claim_id=row.claim_id,
            method=SalvageMethod(row.method),
            status=SalvageStatus(row.status),
            **values,
        )

    def save_salvage(self, handling: SalvageHandling) -> None:
        row = self.session.get(SalvageHandlingRow, handling.claim_id)
        if row is None:
            row = SalvageHandlingRow(claim_id=handling.claim_id)
            self.session.add(row)
        for name in _SALVAGE_FIELDS:
            setattr(row, name, getattr(handling, name))
        row.method, row.status = handling.method, handling.status
        self.session.flush()

    def add_recovery(self, case: RecoveryCase) -> RecoveryCase:
        row = RecoveryRow(
            claim_id=case.claim_id,
            kind=case.kind,
            against=case.against,
            against_insurer=case.against_insurer,
            amount_claimed=case.amount_claimed,
            written_off=case.written_off,
            write_off_reason=case.write_off_reason,
            opened_by=case.opened_by,
            opened_at=case.opened_at,
        )
        self.session.add(row)
        self.session.flush()
        for receipt in case.receipts:
            self.add_receipt(row.id, receipt)
        return self.get_recovery(row.id)

    def get_recovery(self, recovery_id: int) -> RecoveryCase:
        row = self.session.get(RecoveryRow, recovery_id)
        if row is None:
            raise NotFound("追偿案件 recovery", recovery_id)
        return self._cases([row])[0]

    def add_receipt(self, recovery_id: int, receipt: RecoveryReceipt) -> None:
        self.session.add(
            RecoveryReceiptRow(
                recovery_id=recovery_id,
                amount=receipt.amount,
                received_on=receipt.received_on,
                recorded_by=receipt.recorded_by,
            )
        )
        self.session.flush()

    def write_off(self, recovery_id: int, reason: str) -> None:
        row = self.session.get(RecoveryRow, recovery_id)
        if row is None:
            raise NotFound("追偿案件 recovery", recovery_id)
        row.written_off, row.write_off_reason = True, reason
        self.session.flush()

    def recoveries_for(self, claim_id: int) -> list[RecoveryCase]:
        query = select(RecoveryRow).where(RecoveryRow.claim_id == claim_id).order_by(RecoveryRow.id)
        return self._cases(list(self.session.execute(query).scalars()))

    def _cases(self, rows: list[RecoveryRow]) -> list[RecoveryCase]:
        query = (
            select(RecoveryReceiptRow)
            .where(RecoveryReceiptRow.recovery_id.in_([row.id for row in rows]))
            .order_by(RecoveryReceiptRow.received_on, RecoveryReceiptRow.id)
        )
        receipts: dict[int, list[RecoveryReceipt]] = {}
        for r in self.session.execute(query).scalars():
            receipt = RecoveryReceipt(r.amount, r.received_on, r.recorded_by)
            receipts.setdefault(r.recovery_id, []).append(receipt)
        return [
            RecoveryCase(
                id=row.id,
                claim_id=row.claim_id,
                kind=RecoveryKind(row.kind),
                against=row.against,
                amount_claimed=row.amount_claimed,
                opened_by=row.opened_by,
                opened_at=row.opened_at,
                against_insurer=row.against_insurer,
                receipts=tuple(receipts.get(row.id, ())),
                written_off=row.written_off,
                write_off_reason=row.write_off_reason,
            )
            for row in rows
        ]


def _partner_to_row(partner: Partner, row: PartnerRow) -> None:
    row.kind = partner.kind
    for name in _PARTNER_FIELDS:
        setattr(row, name, getattr(partner, name))
    row.level = None if partner.level is None else str(partner.level)
    row.shop_type = None if partner.shop_type is None else str(partner.shop_type)


def _partner(row: PartnerRow) -> Partner:
    return Partner(
        id=row.id,
        kind=PartnerKind(row.kind),
        level=None if row.level is None else ShopLevel(row.level),
        shop_type=None if row.shop_type is None else ShopType(row.shop_type),
        **{name: getattr(row, name) for name in _PARTNER_FIELDS},
    )


def _agreement(row: PriceAgreementRow) -> PriceAgreement:
    return PriceAgreement(
        row.id,
        AgreementKind(row.kind),
        row.part_code,
        row.part_name,
        row.vehicle_model,
        row.agreed_price,
        row.valid_from,
        row.valid_to,
    )
