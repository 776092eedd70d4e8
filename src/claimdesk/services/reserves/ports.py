"""What the reserves slice needs from storage: the reserve history and similar settlements."""

from __future__ import annotations

from typing import Protocol

from claimdesk.domain.reserves import ReserveEntry
from claimdesk.workflow.reserve_rules import ClosedAverage


class ReserveStore(Protocol):
    def add(self, entry: ReserveEntry) -> None: ...
    def history(self, claim_id: int) -> list[ReserveEntry]: ...
    def closed_average(self, product_code: str) -> ClosedAverage:
        """The product's claims settled as paid: their count and average paid amount."""
        ...
