"""Partners (合作机构) of auto claims: repair shops, price agreements, assessors, towing.

Also salvage (残值/损余) handling and recoveries (追偿): what comes back after payment.
Plain frozen dataclasses; checks that need no database are here too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from claimdesk.domain.money import ZERO


class PartnerKind(StrEnum):
    REPAIR_SHOP = "repair_shop"  # 修理厂
    ASSESSOR = "assessor"  # 公估机构
    TOWING = "towing"  # 拖车/救援


class ShopType(StrEnum):
    DEALER_4S = "4s"  # 4S 店
    COOPERATING = "cooperating"  # 合作修理厂


class ShopLevel(StrEnum):
    FIRST = "1"  # 一类
    SECOND = "2"  # 二类
    THIRD = "3"  # 三类


class AgreementKind(StrEnum):
    PARTS = "parts"  # 配件价格协议
    GLASS = "glass"  # 玻璃价格协议


@dataclass(frozen=True)
class Partner:
    """One partner; level and shop type are a repair shop's, the fee an assessor's or tower's."""

    id: int | None
    kind: PartnerKind
    name: str
    region: str = ""
    contact: str = ""
    agreement_no: str = ""
    active: bool = True
    level: ShopLevel | None = None
    shop_type: ShopType | None = None
    fee: Decimal | None = None


class QuoteCompliance(StrEnum):
    """A tender quote's shop standing (招标定损: only agreed, cooperating shops set the price)."""

    COMPLIANT = "compliant"  # active cooperating shop with a repair agreement
    NOT_COOPERATING = "not_cooperating"  # e.g. a 4S dealer outside the cooperation scheme
    NO_AGREEMENT = "no_agreement"
    INACTIVE = "inactive"


def quote_compliance(shop: Partner) -> QuoteCompliance:
    """Inactive first, then the cooperation scheme, then the agreement number."""
    if not shop.active:
        return QuoteCompliance.INACTIVE
    if shop.shop_type is not ShopType.COOPERATING:
        return QuoteCompliance.NOT_COOPERATING
    if not shop.agreement_no.strip():
        return QuoteCompliance.NO_AGREEMENT
    return QuoteCompliance.COMPLIANT


@dataclass(frozen=True)
class PriceAgreement:
    """An agreed price (配件/玻璃价格协议) for a part code on a vehicle model, valid from–to."""

    id: int | None
    kind: AgreementKind
    part_code: str
    part_name: str
    vehicle_model: str
    agreed_price: Decimal
    valid_from: date
    valid_to: date

    def applies(self, part_code: str, vehicle_model: str, on: date) -> bool:
        """Part codes match whatever their case: the catalogue writes `front_bumper`, an
        imported agreement `FRONT_BUMPER`."""
        return (
            self.part_code.upper() == part_code.upper()
            and self.vehicle_model == vehicle_model
            and self.valid_from <= on <= self.valid_to
        )


@dataclass(frozen=True)
class ImportRejection:
    """A rejected row of an import: nothing of it is stored."""

    row: int  # as the spreadsheet numbers it (header is row 1)
    field: str
    message_zh: str
    message_en: str


@dataclass(frozen=True)
class ImportReport:
    kind: str  # partners | agreements
    stored: int
    rejected: tuple[ImportRejection, ...] = ()


class SalvageMethod(StrEnum):
    DEDUCT = "deduct"  # 折价归被保险人，从赔款中扣除
    SELL = "sell"  # 保险人回收变卖，所得计入追偿


class SalvageStatus(StrEnum):
    RECORDED = "recorded"
    SOLD = "sold"
    SIGNED_OFF = "signed_off"


@dataclass(frozen=True)
class SalvageHandling:
    """How a claim's salvage (残值/损余物资) was handled, and who signed the handling off."""

    claim_id: int
    description: str
    value: Decimal
    method: SalvageMethod
    status: SalvageStatus
    recorded_by: str
    recorded_at: datetime
    buyer: str = ""
    sale_price: Decimal | None = None
    sold_on: date | None = None
    recovery_id: int | None = None
    signed_off_by: str | None = None
    signed_off_at: datetime | None = None


class RecoveryKind(StrEnum):
    SUBROGATION = "subrogation"  # 代位求偿
    SALVAGE_SALE = "salvage_sale"  # 残值变卖所得


class RecoveryStatus(StrEnum):
    OPEN = "open"
    PARTLY_RECOVERED = "partly_recovered"
    RECOVERED = "recovered"
    WRITTEN_OFF = "written_off"


@dataclass(frozen=True)
class RecoveryReceipt:
    amount: Decimal
    received_on: date
    recorded_by: str


@dataclass(frozen=True)
class RecoveryCase:
    """追偿: against a liable third party or its insurer, after payment."""

    id: int | None
    claim_id: int
    kind: RecoveryKind
    against: str
    amount_claimed: Decimal
    opened_by: str
    opened_at: datetime
    against_insurer: str = ""
    receipts: tuple[RecoveryReceipt, ...] = field(default_factory=tuple)
    written_off: bool = False
    write_off_reason: str = ""

    @property
    def received(self) -> Decimal:
        return sum((r.amount for r in self.receipts), ZERO)

    @property
    def status(self) -> RecoveryStatus:
        return recovery_status(self.amount_claimed, self.received, self.written_off)


def recovery_status(claimed: Decimal, received: Decimal, written_off: bool) -> RecoveryStatus:
    """Written off wins; else nothing, some, or all of the claimed amount came back."""
    if written_off:
        return RecoveryStatus.WRITTEN_OFF
    if received <= ZERO:
        return RecoveryStatus.OPEN
    if received < claimed:
        return RecoveryStatus.PARTLY_RECOVERED
    return RecoveryStatus.RECOVERED


@dataclass(frozen=True)
class ClaimIncurredFigures:
    """已决 + 未决 − 追回 of one claim (net incurred)."""

    paid: Decimal
    reserve: Decimal
    recoveries: Decimal

    @property
    def net_incurred(self) -> Decimal:
        return self.paid + self.reserve - self.recoveries
