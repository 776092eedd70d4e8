"""Partner and price-agreement fields (from a form or an imported row) → domain objects.

Pure: the admin form and the CSV/Excel import share these checks, so a row the import
rejects is refused by the form with the same field and the same zh/en message.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from claimdesk.domain.errors import DomainError, ErrorCode, InvalidInput
from claimdesk.domain.labels import IMPORT_FIELDS, label
from claimdesk.domain.money import InvalidAmount, parse_amount
from claimdesk.domain.partners import (
    AgreementKind,
    Partner,
    PartnerKind,
    PriceAgreement,
    ShopLevel,
    ShopType,
)
from claimdesk.domain.refusals import Refused

Fields = Mapping[str, str]
C = TypeVar("C", bound=StrEnum)
_TRUE = {"", "1", "true", "yes", "y", "是", "有效", "启用"}
_FALSE = {"0", "false", "no", "n", "否", "无效", "停用"}
# Header names accepted besides the codes: the zh labels and a few common spellings.
_HEADERS = (
    {zh: code for code, (zh, _en) in IMPORT_FIELDS.items()}
    | {
        "机构类型": "kind",
        "机构名称": "name",
        "修理厂名称": "name",
        "类别": "shop_type",
        "联系人": "contact",
        "区域": "region",
        "价格": "agreed_price",
    }
    | {en.lower(): code for code, (_zh, en) in IMPORT_FIELDS.items()}
)
# Short names people type for a code besides its label.
_ALIASES = {"玻璃": "glass", "配件": "parts", "4s": "4s", "公估": "assessor", "拖车": "towing",
            "救援": "towing", "合作": "cooperating"}  # fmt: skip


def normalise_headers(row: Mapping[str, str]) -> dict[str, str]:
    """Column names to codes: `part_code`, `配件代码` and ` Part_Code ` are one column."""
    found: dict[str, str] = {}
    for name, value in row.items():
        key = name.strip()
        code = _HEADERS.get(key, _HEADERS.get(key.lower(), key.lower().replace(" ", "_")))
        found[code] = value.strip()
    return found


def partner_from_fields(fields: Fields, partner_id: int | None = None) -> Partner:
    kind = _choice(PartnerKind, "partner_kind", fields, "kind")
    name = _required(fields, "name", 200)
    shop = kind is PartnerKind.REPAIR_SHOP
    return Partner(
        id=partner_id,
        kind=kind,
        name=name,
        region=_text(fields, "region", 100),
        contact=_text(fields, "contact", 200),
        agreement_no=_text(fields, "agreement_no", 60),
        active=_flag(fields, "active"),
        level=_choice(ShopLevel, "shop_level", fields, "level") if shop else None,
        shop_type=_choice(ShopType, "shop_type", fields, "shop_type") if shop else None,
        fee=None if shop else _fee(fields),
    )


def agreement_from_fields(fields: Fields) -> PriceAgreement:
    kind = _choice(AgreementKind, "agreement_kind", fields, "kind")
    price = _amount(fields, "agreed_price")
    if price <= 0:
        raise Refused(ErrorCode.AGREED_PRICE_NOT_POSITIVE, field="agreed_price")
    valid_from, valid_to = _date(fields, "valid_from"), _date(fields, "valid_to")
    if valid_to < valid_from:
        raise Refused(ErrorCode.AGREEMENT_PERIOD_INVALID, field="valid_to")
    return PriceAgreement(
        id=None,
        kind=kind,
        part_code=_required(fields, "part_code", 40).upper(),
        part_name=_text(fields, "part_name", 200),
        vehicle_model=_required(fields, "vehicle_model", 100),
        agreed_price=price,
        valid_from=valid_from,
        valid_to=valid_to,
    )


def _required(fields: Fields, name: str, limit: int) -> str:
    value = _text(fields, name, limit)
    if not value:
        zh, en = IMPORT_FIELDS[name]
        raise InvalidInput(f"请填写{zh}", f"{en} is required", field=name)
    return value


def _text(fields: Fields, name: str, limit: int) -> str:
    value = fields.get(name, "").strip()
    if len(value) > limit:
        raise _invalid(name, f"{value[:20]}…（>{limit}）")
    return value


def _choice(kind: type[C], family: str, fields: Fields, name: str) -> C:
    """A code, or its zh/en label, case-insensitive: 一类, 1 and Class 1 are one level."""
    raw = fields.get(name, "").strip()
    raw = _ALIASES.get(raw.lower(), raw)
    for member in kind:
        names = {str(member), label(family, member, "zh"), label(family, member, "en")}
        if raw.lower() in {n.lower() for n in names}:
            return member
    if not raw:
        zh, en = IMPORT_FIELDS[name]
        raise InvalidInput(f"请填写{zh}", f"{en} is required", field=name)
    raise _invalid(name, raw)


def _flag(fields: Fields, name: str) -> bool:
    raw = fields.get(name, "").strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise _invalid(name, raw)


def _fee(fields: Fields) -> Decimal | None:
    if not fields.get("fee", "").strip():
        return None
    fee = _amount(fields, "fee")
    if fee < 0:
        raise _invalid("fee", str(fee))
    return fee


def _amount(fields: Fields, name: str) -> Decimal:
    raw = fields.get(name, "").strip().replace(",", "")
    if not raw:
        zh, en = IMPORT_FIELDS[name]
        raise InvalidInput(f"请填写{zh}", f"{en} is required", field=name)
    try:
        return parse_amount(raw)
    except InvalidAmount:
        raise _invalid(name, raw) from None


def _date(fields: Fields, name: str) -> date:
    raw = fields.get(name, "").strip()
    try:
        return date.fromisoformat(raw[:10] if len(raw) > 10 else raw)  # Excel: "… 00:00:00"
    except ValueError:
        raise _invalid(name, raw or "—") from None


def _invalid(name: str, value: str) -> DomainError:
    zh, en = IMPORT_FIELDS[name]
    return Refused(ErrorCode.PARTNER_FIELD_INVALID, field=name, field_zh=zh, field_en=en,
                   value=value)  # fmt: skip
