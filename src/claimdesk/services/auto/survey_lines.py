"""Checks of a survey record before it is stored (internal step): amounts, the parts
catalogue of the claim's auto product, and the assessed loss against its lines."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from claimdesk.domain.auto_claim import SurveyRecord
from claimdesk.domain.errors import ErrorCode
from claimdesk.domain.refusals import Refused
from claimdesk.rules.auto.terms import AutoProduct


def check_amounts(record: SurveyRecord) -> None:
    """Never a negative price; labour is part of the line amount."""
    for index, item in enumerate(record.items):
        if item.amount < 0:
            raise Refused(ErrorCode.AUTO_LINE_AMOUNT_INVALID, field=f"items.{index}.amount")
        if item.labour < 0 or item.labour > item.amount:
            raise Refused(ErrorCode.AUTO_LINE_AMOUNT_INVALID, field=f"items.{index}.labour")
    if record.assessed_loss < 0:
        raise Refused(ErrorCode.AUTO_LINE_AMOUNT_INVALID, field="assessed_loss")
    if record.salvage is not None and record.salvage.value < 0:
        raise Refused(ErrorCode.AUTO_LINE_AMOUNT_INVALID, field="salvage.value")
    total = sum((item.amount for item in record.items), record.assessed_loss * 0)
    if record.items and total != record.assessed_loss:
        raise Refused(
            ErrorCode.AUTO_ASSESSED_LOSS_MISMATCH,
            field="assessed_loss",
            assessed=f"{record.assessed_loss:.2f}",
            total=f"{total:.2f}",
        )


def check_part_codes(
    record: SurveyRecord,
    product_code: str,
    products: Mapping[str, AutoProduct],
    agreement_codes: Collection[str] = frozenset(),
) -> None:
    """Every line names a part of the product's catalogue (配件目录) or of a price agreement
    (配件/玻璃价格协议): one notion of a known part code for the engine and the agreements."""
    product = products.get(product_code)
    if product is None:
        return  # no auto terms for this product: the line is settled by hand
    known = {code.upper() for code in (*product.parts, *agreement_codes)}
    for index, item in enumerate(record.items):
        if item.part_code.upper() not in known:
            raise Refused(
                ErrorCode.AUTO_PART_CODE_UNKNOWN,
                field=f"items.{index}.part_code",
                part_code=item.part_code or "—",
            )
