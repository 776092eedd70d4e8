"""Tender quotes (招标定损) against the partner registry (internal step of use_cases.py).

Each quote names a repair shop of the registry — by id (the pages and the API), or by its
exact registered name (older callers); the shop's name and its compliance at this moment
(domain/partners.py `quote_compliance`) are stored with the quote, so the engine takes the
lowest compliant quote. A name the registry does not know is refused: no free-text shops.
"""

from __future__ import annotations

from dataclasses import replace

from claimdesk.domain.auto_claim import TenderQuote
from claimdesk.domain.errors import ErrorCode, NotFound
from claimdesk.domain.partners import Partner, PartnerKind, quote_compliance
from claimdesk.domain.refusals import Refused
from claimdesk.services.ports import UnitOfWork


def registry_quotes(uow: UnitOfWork, quotes: tuple[TenderQuote, ...]) -> tuple[TenderQuote, ...]:
    return tuple(_resolved(uow, index, quote) for index, quote in enumerate(quotes))


def _resolved(uow: UnitOfWork, index: int, quote: TenderQuote) -> TenderQuote:
    shop = _shop(uow, quote)
    if shop is None or shop.kind is not PartnerKind.REPAIR_SHOP:
        partner = quote.repair_shop_id if quote.repair_shop_id is not None else quote.repair_shop
        raise Refused(ErrorCode.PARTNER_UNKNOWN, field=f"quotes.{index}.repair_shop_id",
                      partner=partner)  # fmt: skip
    return replace(
        quote, repair_shop=shop.name, repair_shop_id=shop.id, compliance=quote_compliance(shop)
    )


def _shop(uow: UnitOfWork, quote: TenderQuote) -> Partner | None:
    if quote.repair_shop_id is None:
        return uow.partners.find_partner(PartnerKind.REPAIR_SHOP, quote.repair_shop.strip())
    try:
        return uow.partners.get_partner(quote.repair_shop_id)
    except NotFound:
        return None
