"""Sign-in with throttling (登录限制) and the password policy.

Failures are counted per account and per client address. After a few free failures the key is
locked, for a time that doubles with each further failure (capped), so guessing is slow while a
person who mistypes twice is not bothered. The password is verified even for an unknown user,
against a fixed hash, so the answer takes as long either way (no username enumeration).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.errors import ErrorCode, InvalidCredentials, InvalidInput
from claimdesk.domain.refusals import Refused
from claimdesk.domain.users import User
from claimdesk.services.context import ServiceContext
from claimdesk.services.ports import PasswordHasher, UnitOfWork
from claimdesk.services.users import second_factor
from claimdesk.services.users.ports import ThrottleState

MIN_PASSWORD_LENGTH = 8
FREE_FAILURES = {"user": 5, "addr": 20}  # an office behind one address has many people
FIRST_LOCK = timedelta(seconds=30)
LONGEST_LOCK = timedelta(hours=1)
COMMON = Path(__file__).with_name("common_passwords.txt")


class SignInLocked(Exception):
    """Too many failures: try again after `seconds`."""

    def __init__(self, seconds: int) -> None:
        super().__init__(f"sign-in locked for {seconds} s")
        self.seconds = seconds


def after_failure(state: ThrottleState | None, now: datetime, free: int) -> ThrottleState:
    failures = (state.failures if state else 0) + 1
    if failures < free:
        return ThrottleState(failures, None)
    lock = min(FIRST_LOCK * 2 ** min(failures - free, 20), LONGEST_LOCK)
    return ThrottleState(failures, now + lock)


def seconds_locked(state: ThrottleState | None, now: datetime) -> int:
    if state is None or state.locked_until is None or state.locked_until <= now:
        return 0
    return math.ceil((state.locked_until - now).total_seconds())


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().casefold() for line in lines if line and line[0] != "#")


def check_password(password: str, username: str = "") -> None:
    """Length, and not a well-known, repeated-character or username-based password."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Refused(ErrorCode.PASSWORD_TOO_SHORT, field="password")
    folded = password.casefold()
    if (
        folded in common_passwords()
        or len(set(folded)) <= 2
        or (username and username.casefold() in folded)
    ):
        raise InvalidInput(
            "密码过于常见或容易猜到，请换一个（不要用常见密码、重复字符或用户名）",
            "password too common or easy to guess (no common passwords, repeats or username)",
            field="password",
        )


def sign_in(
    context: ServiceContext,
    *,
    hasher: PasswordHasher,
    username: str,
    password: str,
    address: str,
    code: str = "",
) -> User:
    """The user, when the password (and, where the user enrolled one, the second factor) is
    right; wrong passwords and wrong codes alike count towards the lockout."""
    uow, clock = context.uow, context.clock
    keys = {"user": f"user:{username.casefold()}"[:120], "addr": f"addr:{address}"[:120]}
    now = clock.now()
    with uow:
        states = {kind: uow.sign_in_throttle.get(key) for kind, key in keys.items()}
        wait = max(seconds_locked(state, now) for state in states.values())
        if wait:
            _audit(uow, now, username, "sign_in_locked", {"address": address, "seconds": wait})
            uow.commit()
            raise SignInLocked(wait)
        found = uow.users.find_with_hash(username)
        stored = found[1] if found else _unknown_user_hash(hasher)
        if hasher.verify(password, stored) and found is not None and found[0].active:
            user = found[0]
            passed = second_factor.passes(uow, user.id, code, now) if code else "none"
            if passed == "none" and second_factor.is_enabled(uow, user.id):
                _audit(uow, now, username, "sign_in_second_factor_required", {"address": address})
                uow.commit()
                raise Refused(ErrorCode.TOTP_REQUIRED, field="totp_code")
            if passed is not None:
                uow.sign_in_throttle.clear(keys["user"])
                _audit(uow, now, username, "sign_in", {"address": address, "second_factor": passed})
                uow.commit()
                return user
            _count_failure(uow, keys, states, now)
            _audit(uow, now, username, "sign_in_second_factor_failed", {"address": address})
            uow.commit()
            raise Refused(ErrorCode.TOTP_INVALID, field="totp_code")
        _count_failure(uow, keys, states, now)
        _audit(uow, now, username, "sign_in_failed", {"address": address})
        uow.commit()
    raise InvalidCredentials()


def _count_failure(
    uow: UnitOfWork, keys: dict[str, str], states: dict[str, ThrottleState | None], now: datetime
) -> None:
    for kind, key in keys.items():
        uow.sign_in_throttle.save(key, after_failure(states[kind], now, FREE_FAILURES[kind]), now)


_UNKNOWN: dict[int, str] = {}


def _unknown_user_hash(hasher: PasswordHasher) -> str:
    """A real hash of a random-looking text, made once per hasher: verifying against it costs
    what verifying a real user's password costs."""
    if id(hasher) not in _UNKNOWN:
        _UNKNOWN[id(hasher)] = hasher.hash("no such user: timing stays the same")
    return _UNKNOWN[id(hasher)]


def _audit(
    uow: UnitOfWork, at: datetime, username: str, action: str, after: dict[str, object]
) -> None:
    entry = AuditEntry(username[:64] or "-", action, "user", username[:40] or "-", None, after)
    uow.audit.append(entry, at)
