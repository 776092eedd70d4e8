"""The insured's accumulators during adjudication: opened from `history`, closed into
`history_after` (money in Decimal yuan, counts as int), so claims can be chained."""

from __future__ import annotations

from decimal import Decimal

from claimdesk.rules.model import Accumulators
from claimdesk.rules.terms import Product

Ledger = tuple[dict[str, Decimal], dict[str, int]]


def open_ledger(history: Accumulators, product: Product) -> Ledger:
    money: dict[str, Decimal] = {}
    counts: dict[str, int] = {}
    for name, kind in product.accumulators.items():
        value = history.get(name, 0)
        if kind == "count":
            counts[name] = int(value)
        else:
            money[name] = Decimal(value)
    return money, counts


def close_ledger(ledger: Ledger, product: Product) -> dict[str, Decimal | int]:
    money, counts = ledger
    return {name: money[name] if name in money else counts[name] for name in product.accumulators}
