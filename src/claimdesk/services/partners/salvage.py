"""Salvage (残值/损余物资): recorded with a value, then deducted from the payment or sold.

The deduction itself is the settlement engine's (rules/auto); here the choice is recorded.
A sale (buyer, price, date) books its proceeds as a recovery, so net incurred falls. The
handling is signed off by an approver; every step is audited.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.claim import LineOfBusiness
from claimdesk.domain.errors import ErrorCode, InvalidInput
from claimdesk.domain.labels import label
from claimdesk.domain.partners import (
    RecoveryCase,
    RecoveryKind,
    RecoveryReceipt,
    SalvageHandling,
    SalvageMethod,
    SalvageStatus,
)
from claimdesk.domain.refusals import Refused
from claimdesk.domain.users import Permission, User
from claimdesk.services.access import require
from claimdesk.services.context import ServiceContext
from claimdesk.services.ports import UnitOfWork


def record_salvage(
    context: ServiceContext, *, actor: User, claim_id: int, method: SalvageMethod,
    description: str | None = None, value: Decimal | None = None,
) -> SalvageHandling:  # fmt: skip
    """The handling chosen; description and value default to the newest survey's salvage."""
    require(actor, Permission.ADJUDICATE)
    with context.uow as uow:
        _auto_claim(uow, claim_id)
        before = uow.partners.salvage_for(claim_id)
        if before is not None and before.status is not SalvageStatus.RECORDED:
            _out_of_order(before.status)
        description, value = _salvage_facts(uow, claim_id, description, value)
        now = context.clock.now()
        handling = SalvageHandling(claim_id, description, value, method, SalvageStatus.RECORDED,
                                   actor.username, now)  # fmt: skip
        uow.partners.save_salvage(handling)
        _audit(uow, context, actor, "record_salvage", before, handling)
        uow.commit()
        return handling


def sell_salvage(
    context: ServiceContext, *, actor: User, claim_id: int, buyer: str, price: Decimal,
    sold_on: date,
) -> SalvageHandling:  # fmt: skip
    """变卖: the proceeds are a recovery received on the day of the sale."""
    require(actor, Permission.ADJUDICATE)
    if not buyer.strip():
        raise InvalidInput("请填写买受人", "the buyer is required", field="buyer")
    if price <= 0:
        raise Refused(ErrorCode.RECOVERY_AMOUNT_NOT_POSITIVE, field="price")
    with context.uow as uow:
        before = _handling(uow, claim_id)
        if before.method is not SalvageMethod.SELL or before.status is not SalvageStatus.RECORDED:
            _out_of_order(before.status, before.method)
        now = context.clock.now()
        case = uow.partners.add_recovery(
            RecoveryCase(None, claim_id, RecoveryKind.SALVAGE_SALE, buyer.strip(), price,
                         actor.username, now,
                         receipts=(RecoveryReceipt(price, sold_on, actor.username),))
        )  # fmt: skip
        sold = replace(before, status=SalvageStatus.SOLD, buyer=buyer.strip(), sale_price=price,
                       sold_on=sold_on, recovery_id=case.id)  # fmt: skip
        uow.partners.save_salvage(sold)
        _audit(uow, context, actor, "sell_salvage", before, sold)
        uow.commit()
        return sold


def sign_off_salvage(context: ServiceContext, *, actor: User, claim_id: int) -> SalvageHandling:
    """An approver signs the handling off: a deduction as recorded, a sale once sold."""
    require(actor, Permission.APPROVE)
    with context.uow as uow:
        before = _handling(uow, claim_id)
        ready = (before.method is SalvageMethod.DEDUCT and before.status is SalvageStatus.RECORDED
                 ) or before.status is SalvageStatus.SOLD  # fmt: skip
        if not ready:
            _out_of_order(before.status, before.method)
        now = context.clock.now()
        signed = replace(before, status=SalvageStatus.SIGNED_OFF, signed_off_by=actor.username,
                         signed_off_at=now)  # fmt: skip
        uow.partners.save_salvage(signed)
        _audit(uow, context, actor, "sign_off_salvage", before, signed)
        uow.commit()
        return signed


def _salvage_facts(
    uow: UnitOfWork, claim_id: int, description: str | None, value: Decimal | None
) -> tuple[str, Decimal]:
    surveyed = next((s.record.salvage for s in reversed(uow.auto.surveys_for(claim_id))
                     if s.record is not None and s.record.salvage is not None), None)  # fmt: skip
    text = (description or "").strip() or (surveyed.description if surveyed else "")
    amount = value if value is not None else (surveyed.value if surveyed else None)
    if not text or amount is None:
        raise InvalidInput("查勘未记录残值，请填写残值名称和金额",
                           "no salvage was surveyed: give its description and value",
                           field="description")  # fmt: skip
    if amount < 0:
        raise InvalidInput("残值金额不能为负数", "the salvage value cannot be negative",
                           field="value")  # fmt: skip
    return text[:500], amount


def _auto_claim(uow: UnitOfWork, claim_id: int) -> None:
    claim = uow.claims.get(claim_id)
    if claim.line_of_business != LineOfBusiness.AUTO:
        raise Refused(ErrorCode.POLICY_NOT_AUTO, field="claim_id")


def _handling(uow: UnitOfWork, claim_id: int) -> SalvageHandling:
    uow.claims.get(claim_id)
    found = uow.partners.salvage_for(claim_id)
    if found is None:
        raise Refused(ErrorCode.SALVAGE_OUT_OF_ORDER, field="claim_id", state_zh="尚未登记残值",
                      state_en="no salvage recorded")  # fmt: skip
    return found


def _out_of_order(status: SalvageStatus, method: SalvageMethod | None = None) -> None:
    zh = label("salvage_status", status) + (
        f"，{label('salvage_method', method)}" if method else ""
    )
    en = label("salvage_status", status, "en") + (
        f", {label('salvage_method', method, 'en')}" if method else ""
    )
    raise Refused(ErrorCode.SALVAGE_OUT_OF_ORDER, field="claim_id", state_zh=zh, state_en=en)


def _snapshot(handling: SalvageHandling | None) -> dict[str, Any] | None:
    if handling is None:
        return None
    return {key: None if v is None else str(v) for key, v in vars(handling).items()}


def _audit(
    uow: UnitOfWork, context: ServiceContext, actor: User, action: str,
    before: SalvageHandling | None, after: SalvageHandling,
) -> None:  # fmt: skip
    entry = AuditEntry(actor.username, action, "claim", str(after.claim_id), _snapshot(before),
                       _snapshot(after))  # fmt: skip
    uow.audit.append(entry, context.clock.now())
