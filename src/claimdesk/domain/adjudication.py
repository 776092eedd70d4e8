"""A stored adjudication of a claim: the engine's request and result, and adjusters' overrides."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class StoredOverride:
    id: int | None
    visit_id: str
    line_id: str
    engine_payable: Decimal
    payable: Decimal
    reason: str
    by_user: str
    at: datetime


@dataclass(frozen=True)
class StoredAdjudication:
    id: int | None
    claim_id: int
    seq: int
    at: datetime
    by_user: str
    product_code: str
    decision: str
    engine_payable: Decimal
    payable: Decimal
    request: dict[str, Any]
    result: dict[str, Any]
    active: bool = True
    overrides: tuple[StoredOverride, ...] = field(default_factory=tuple)
