"""Survey lines against the price agreements, and the repair shop a survey names.

Called by services/auto/surveys.py inside its transaction: recording prices each line by
the agreement valid on the survey date (a part without an agreement is not price-checked); the
customer's sign-off waits until each line above its agreed price has a reason.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from claimdesk.domain.auto_claim import SurveyRecord
from claimdesk.domain.errors import ErrorCode, NotFound
from claimdesk.domain.partners import PartnerKind
from claimdesk.domain.refusals import Refused
from claimdesk.services.ports import UnitOfWork
from claimdesk.workflow.agreed_prices import (
    over_price_without_reason,
    price_lines,
)
from claimdesk.workflow.deadlines import SHANGHAI


def priced_record(
    uow: UnitOfWork, vehicle_model: str, record: SurveyRecord, at: datetime
) -> SurveyRecord:
    """The record with agreed prices on its lines and the registry's repair shop name."""
    # Unknown part codes are refused before (services/auto/survey_lines.check_part_codes).
    coded = [item for item in record.items if item.part_code]
    agreements = [a for code in {i.part_code for i in coded} for a in uow.partners.agreements(code)]
    items = price_lines(record.items, agreements, vehicle_model, at.astimezone(SHANGHAI).date())
    return replace(record, items=items, repair_shop=_shop_name(uow, record))


def check_agreed_prices(record: SurveyRecord) -> None:
    """Before the customer signs: every line above its agreed price states why."""
    findings = over_price_without_reason(record.items)
    if findings:
        first = findings[0]
        raise Refused(
            ErrorCode.OVER_AGREED_PRICE,
            field=f"items.{first.index}.over_price_reason",
            part_code=first.part_code,
            amount=first.amount,
            agreed_price=first.agreed_price,
        )


def _shop_name(uow: UnitOfWork, record: SurveyRecord) -> str:
    if record.repair_shop_id is None:
        return record.repair_shop
    try:
        shop = uow.partners.get_partner(record.repair_shop_id)
    except NotFound:
        shop = None
    if shop is None or shop.kind is not PartnerKind.REPAIR_SHOP or not shop.active:
        raise Refused(ErrorCode.PARTNER_UNKNOWN, field="repair_shop_id",
                      partner=record.repair_shop_id)  # fmt: skip
    return shop.name
