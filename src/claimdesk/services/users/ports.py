"""What the users slice needs from storage beyond services/ports.py: the sign-in throttle."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class ThrottleState:
    failures: int
    locked_until: datetime | None


class SignInThrottle(Protocol):
    def get(self, key: str) -> ThrottleState | None: ...
    def save(self, key: str, state: ThrottleState, at: datetime) -> None: ...
    def clear(self, key: str) -> None: ...
