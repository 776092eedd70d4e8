"""What the hospital registry slice needs from storage (adapters/db/hospital_repository.py)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Protocol

from claimdesk.domain.hospitals import Hospital


class HospitalStore(Protocol):
    def get(self, code: str) -> Hospital | None: ...
    def by_codes(self, codes: Collection[str]) -> dict[str, Hospital]: ...
    def search(self, text: str, *, limit: int, active_only: bool = True) -> list[Hospital]: ...
    def named(self, name: str) -> list[Hospital]:
        """Hospitals whose name or an alias equals `name` exactly (stored spelling)."""
        ...

    def page(self, *, after_code: str | None, limit: int) -> list[Hospital]: ...
    def save(self, hospital: Hospital, at: datetime) -> Hospital:
        """Insert, or replace the hospital with the same code (aliases, designations too)."""
        ...
