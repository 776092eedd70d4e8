"""A stored auto settlement of a claim: the engine's typed request and result (as
`rules/stored.py::StoredAdjudication` is for health). The database adapter keeps both as JSON
(`rules/auto/round_trip.py`); nothing inside the process reads them as dicts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from claimdesk.rules.auto.model import AutoRequest
from claimdesk.rules.auto.result import AutoResult


@dataclass(frozen=True)
class StoredSettlement:
    id: int | None
    claim_id: int
    seq: int
    at: datetime
    by_user: str
    product_code: str
    decision: str  # approved | denied | pending_assessment
    payable: Decimal
    request: AutoRequest
    result: AutoResult
    active: bool = True

    @property
    def final(self) -> bool:
        """Approval may rest on it: the engine decided (not waiting for the assessment)."""
        return self.decision != "pending_assessment"
