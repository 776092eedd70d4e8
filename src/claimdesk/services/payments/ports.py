"""What the payments slice needs from storage beyond instructions: payee-change requests
(adapters/db/payee_change_repository.py)."""

from __future__ import annotations

from typing import Protocol

from claimdesk.domain.payee_change import PayeeChangeRequest, PayeeChangeStatus


class PayeeChangeStore(Protocol):
    def add(self, request: PayeeChangeRequest) -> PayeeChangeRequest: ...
    def get(self, request_id: int) -> PayeeChangeRequest: ...
    def for_claim(self, claim_id: int) -> list[PayeeChangeRequest]: ...
    def open_requests(self) -> list[PayeeChangeRequest]: ...
    def move(
        self, request_id: int, frm: PayeeChangeStatus, to: PayeeChangeStatus, **values: object
    ) -> bool: ...
