"""The verification slice's port: the claim's corrections and the rows they change."""

from __future__ import annotations

from typing import Protocol

from claimdesk.domain.claim import BillLine, Visit
from claimdesk.domain.verification import Correction


class VerificationStore(Protocol):
    def replace_visit(self, claim_id: int, visit: Visit) -> None:
        """Store the visit's own fields (not its lines) as verified."""
        ...

    def replace_line(self, claim_id: int, visit_ref: str, line: BillLine) -> None: ...
    def add(self, correction: Correction) -> Correction: ...
    def for_claim(self, claim_id: int) -> list[Correction]: ...
