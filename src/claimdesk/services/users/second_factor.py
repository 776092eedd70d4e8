"""Optional second factor for staff (两步验证, TOTP per RFC 6238 via pyotp).

Enrolment shows the secret, its otpauth:// address (for a QR code) and ten recovery codes once;
the first matching code confirms it. From then on signing in (page or API token) needs a current
code or one unused recovery code; a code already accepted is not accepted again. An
administrator resets a lost device. Every step is audited; wrong codes count as sign-in failures
in the throttle (services/users/sign_in.py), so six digits cannot be guessed by trying.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, replace
from datetime import datetime

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.errors import ErrorCode
from claimdesk.domain.refusals import Refused
from claimdesk.domain.users import Permission, Role, User
from claimdesk.services.access import require
from claimdesk.services.context import ServiceContext
from claimdesk.services.ports import UnitOfWork
from claimdesk.services.users.ports import SecondFactor

ISSUER = "ClaimDesk"
STEP_SECONDS = 30
RECOVERY_CODES = 10
# One step either side: a phone clock 30 s off still works.
VALID_WINDOW = 1


@dataclass(frozen=True)
class Enrolment:
    """Shown once: the secret, the address an authenticator app scans, the recovery codes."""

    secret: str
    provisioning_uri: str
    recovery_codes: tuple[str, ...]


def _digest(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


def _new_recovery_code() -> str:
    raw = secrets.token_hex(5).upper()
    return f"{raw[:5]}-{raw[5:]}"


def matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step whose code `code` is (within the window), or None."""
    import pyotp  # small, but only sign-in needs it

    totp = pyotp.TOTP(secret, interval=STEP_SECONDS)
    step = int(now.timestamp()) // STEP_SECONDS
    for candidate in range(step - VALID_WINDOW, step + VALID_WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(candidate), code.strip()):
            return candidate
    return None


def begin_enrolment(context: ServiceContext, *, actor: User) -> Enrolment:
    import pyotp

    if actor.role == Role.CUSTOMER:
        raise Refused(ErrorCode.TOTP_STAFF_ONLY)
    uow = context.uow
    with uow:
        existing = uow.second_factors.get(actor.id)
        if existing is not None and existing.confirmed_at is not None:
            raise Refused(ErrorCode.TOTP_ALREADY_ENABLED)
        secret = pyotp.random_base32()
        codes = tuple(_new_recovery_code() for _ in range(RECOVERY_CODES))
        uow.second_factors.save(
            SecondFactor(actor.id, secret, None, 0, tuple(_digest(c) for c in codes))
        )
        _audit(uow, context.clock.now(), actor.username, "second_factor_enrolment_started",
               actor.username)  # fmt: skip
        uow.commit()
    uri = pyotp.TOTP(secret, interval=STEP_SECONDS).provisioning_uri(
        name=actor.username, issuer_name=ISSUER
    )
    return Enrolment(secret, uri, codes)


def confirm_enrolment(context: ServiceContext, *, actor: User, code: str) -> None:
    uow, now = context.uow, context.clock.now()
    with uow:
        factor = uow.second_factors.get(actor.id)
        if factor is None or factor.confirmed_at is not None:
            raise Refused(ErrorCode.TOTP_NOT_PENDING)
        step = matching_step(factor.secret, code, now)
        if step is None:
            _audit(uow, now, actor.username, "second_factor_confirm_failed", actor.username)
            uow.commit()
            raise Refused(ErrorCode.TOTP_INVALID, field="code")
        uow.second_factors.save(replace(factor, confirmed_at=now, last_step=step))
        _audit(uow, now, actor.username, "second_factor_enabled", actor.username)
        uow.commit()


def reset(context: ServiceContext, *, actor: User, user_id: int) -> None:
    """An administrator turns a user's second factor off (lost phone); the user enrols again."""
    require(actor, Permission.MANAGE_USERS)
    uow = context.uow
    with uow:
        user = uow.users.get(user_id)
        uow.second_factors.remove(user_id)
        _audit(uow, context.clock.now(), actor.username, "second_factor_reset", user.username)
        uow.commit()


def state(context: ServiceContext, *, actor: User, user_id: int | None = None) -> str:
    """ "on", "pending" (enrolment started, no code confirmed yet) or "off": one's own, or any
    user's for an administrator (the users page offers the reset)."""
    if user_id is None or user_id == actor.id:
        if actor.role == Role.CUSTOMER:
            raise Refused(ErrorCode.TOTP_STAFF_ONLY)
        user_id = actor.id
    else:
        require(actor, Permission.MANAGE_USERS)
    with context.uow as uow:
        factor = uow.second_factors.get(user_id)
    if factor is None:
        return "off"
    return "pending" if factor.confirmed_at is None else "on"


def is_enabled(uow: UnitOfWork, user_id: int) -> bool:
    factor = uow.second_factors.get(user_id)
    return factor is not None and factor.confirmed_at is not None


def passes(uow: UnitOfWork, user_id: int, code: str, now: datetime) -> str | None:
    """Inside the sign-in's unit of work: how `code` passed ("totp" / "recovery"), or None.
    An accepted step or recovery code is used up."""
    factor = uow.second_factors.get(user_id)
    if factor is None or factor.confirmed_at is None:
        return "none"
    step = matching_step(factor.secret, code, now) if code.strip().isdigit() else None
    if step is not None and step > factor.last_step:
        uow.second_factors.save(replace(factor, last_step=step))
        return "totp"
    digest = _digest(code)
    if digest in factor.recovery_digests:
        left = tuple(d for d in factor.recovery_digests if d != digest)
        uow.second_factors.save(replace(factor, recovery_digests=left))
        return "recovery"
    return None


def _audit(uow: UnitOfWork, at: datetime, actor: str, action: str, username: str) -> None:
    uow.audit.append(AuditEntry(actor[:64], action, "user", username[:40]), at)
