"""Accident lump-sum benefits (学生平安意外伤害 1.1): death and disability."""

from __future__ import annotations

from decimal import Decimal

from claimdesk.rules.model import ClaimRequest
from claimdesk.rules.result import AdjudicationResult
from claimdesk.rules.terms import Product


def adjudicate_accident(
    request: ClaimRequest, product: Product, ledger: tuple[dict[str, Decimal], dict[str, int]]
) -> AdjudicationResult:
    raise NotImplementedError
