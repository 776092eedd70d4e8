"""Resolving auto term figures: fixed by the product, or read from the policy schedule."""

from __future__ import annotations

from decimal import Decimal

from claimdesk.rules.auto.model import AutoRequest
from claimdesk.rules.errors import InvalidRequest
from claimdesk.rules.terms import Figure


def figure(value: Figure, request: AutoRequest) -> Decimal:
    if isinstance(value, Decimal):
        return value
    raw = request.policy.parameters.get(value.name)
    if raw is None:
        raise InvalidRequest(
            f"policy.parameters.{value.name}",
            "required by the product's terms",
            "产品条款要求保单提供此参数",
            "MISSING_PARAMETER",
        )
    if isinstance(raw, bool) or not isinstance(raw, Decimal | int):
        raise InvalidRequest(f"policy.parameters.{value.name}", "must be an amount", "必须为金额")
    return Decimal(raw)


def cover_bought(value: Figure | bool, request: AutoRequest, cover: str) -> bool:
    """A cover is fixed by the product or chosen on the policy (`{policy: <flag>}`)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return value != 0
    raw = request.policy.parameters.get(value.name)
    if not isinstance(raw, bool):
        raise InvalidRequest(
            f"policy.parameters.{value.name}",
            f"must say (true/false) whether the policy includes {cover}",
            "须说明保单是否投保该险别(true/false)",
            "MISSING_PARAMETER",
        )
    return raw
