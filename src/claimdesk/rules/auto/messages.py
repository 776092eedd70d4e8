"""Turning an auto reason code into an `AutoReason` with the product's message and clause."""

from __future__ import annotations

from claimdesk.rules.auto.reasons import AutoReasonCode
from claimdesk.rules.auto.result import AutoReason
from claimdesk.rules.auto.terms import AutoProduct


def reason_of(product: AutoProduct, code: AutoReasonCode) -> AutoReason:
    message = product.messages.get(str(code))
    if message is None:  # the loader refuses such a product; kept total for safety
        return AutoReason(code, str(code), str(code), "")
    return AutoReason(code, message.zh, message.en, message.clause)
