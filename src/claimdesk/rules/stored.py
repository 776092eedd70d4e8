"""A stored adjudication of a claim: the engine's typed request and result, and overrides.

The database adapter turns `request` and `result` into the contract's JSON for the stored
columns and back; nothing inside the process reads them as dicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from claimdesk.rules.model import ClaimRequest
from claimdesk.rules.reasons import Decision
from claimdesk.rules.result import AdjudicationResult


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
    decision: Decision
    engine_payable: Decimal
    payable: Decimal
    request: ClaimRequest
    result: AdjudicationResult
    active: bool = True
    overrides: tuple[StoredOverride, ...] = field(default_factory=tuple)
