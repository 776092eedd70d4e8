"""What the users slice needs from storage beyond services/ports.py: the sign-in throttle and
the staff's second factor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class ThrottleState:
    failures: int
    locked_until: datetime | None


@dataclass(frozen=True)
class SecondFactor:
    """A user's TOTP secret; confirmed once a first code matched. `last_step` (the 30-second
    step of the last accepted code) stops a code from being used twice; recovery codes are kept
    as SHA-256 digests and each works once."""

    user_id: int
    secret: str
    confirmed_at: datetime | None
    last_step: int
    recovery_digests: tuple[str, ...]


class SecondFactors(Protocol):
    def get(self, user_id: int) -> SecondFactor | None: ...
    def save(self, factor: SecondFactor) -> None: ...
    def remove(self, user_id: int) -> None: ...


class SignInThrottle(Protocol):
    def get(self, key: str) -> ThrottleState | None: ...
    def save(self, key: str, state: ThrottleState, at: datetime) -> None: ...
    def clear(self, key: str) -> None: ...
