"""Price agreements (配件/玻璃价格协议) against survey lines: pure, no database.

A line naming a part code is priced by the agreement valid on the survey date for that part
code and the vehicle model; a line above the agreed price is flagged and cannot be signed
off without a reason. A part code no agreement knows is refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from claimdesk.domain.auto_claim import AssessmentItem
from claimdesk.domain.partners import PriceAgreement


@dataclass(frozen=True)
class PriceFinding:
    index: int
    part_code: str
    amount: Decimal
    agreed_price: Decimal


def unknown_part_codes(items: Sequence[AssessmentItem], known: Iterable[str]) -> list[int]:
    """Indexes of lines whose part code no agreement has (any model, any period)."""
    codes = set(known)
    return [n for n, item in enumerate(items) if item.part_code and item.part_code not in codes]


def agreed_price(
    agreements: Iterable[PriceAgreement], part_code: str, vehicle_model: str, on: date
) -> Decimal | None:
    """The agreed price valid on `on`; the lowest when agreements overlap."""
    prices = [a.agreed_price for a in agreements if a.applies(part_code, vehicle_model, on)]
    return min(prices) if prices else None


def price_lines(
    items: Sequence[AssessmentItem],
    agreements: Sequence[PriceAgreement],
    vehicle_model: str,
    on: date,
) -> tuple[AssessmentItem, ...]:
    """Each line with the agreed price that applies to it (None when none does)."""
    return tuple(
        replace(item, agreed_price=agreed_price(agreements, item.part_code, vehicle_model, on))
        if item.part_code
        else replace(item, agreed_price=None)
        for item in items
    )


def over_price_without_reason(items: Sequence[AssessmentItem]) -> list[PriceFinding]:
    """Lines above their agreed price with no reason given: these hold the sign-off."""
    return [
        PriceFinding(n, item.part_code, item.amount, item.agreed_price)
        for n, item in enumerate(items)
        if item.over_agreed_price
        and item.agreed_price is not None
        and not item.over_price_reason.strip()
    ]
