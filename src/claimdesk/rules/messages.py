"""Turning a reason code into a `Reason` with the product's bilingual message and clause."""

from __future__ import annotations

from claimdesk.rules.reasons import ReasonCode
from claimdesk.rules.result import Reason
from claimdesk.rules.terms import Product


def reason_of(product: Product, code: ReasonCode, clause: str | None = None) -> Reason:
    """The product's message for `code`; `clause` overrides where one code has many clauses."""
    message = product.messages.get(code)
    if message is None:
        return Reason(code, str(code), str(code), clause or "")
    return Reason(code, message.zh, message.en, clause or message.clause)
