"""Sign-in throttling (登录限制): failures per account and per address, and the lockout time.

Imported by models.py so Alembic sees it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from claimdesk.adapters.db.models_base import Base
from claimdesk.adapters.db.types import UTCDateTime


class SignInThrottleRow(Base):
    __tablename__ = "sign_in_throttle"
    # "user:<username>" or "addr:<client address>"
    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime())
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SecondFactorRow(Base):
    """A staff member's TOTP (两步验证): secret, confirmation, last step used, recovery codes."""

    __tablename__ = "user_second_factors"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    secret: Mapped[str] = mapped_column(String(64))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_step: Mapped[int] = mapped_column(Integer, default=0)
    recovery_digests: Mapped[list[str]] = mapped_column(JSON)


class IdempotencyRow(Base):
    """One `Idempotency-Key` of one caller on one operation: pending, then the answer kept."""

    __tablename__ = "idempotency_records"
    # sha256 of (credential, method, path, key): the raw key and token are never stored.
    scope: Mapped[str] = mapped_column(String(64), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))  # sha256 of the request body
    state: Mapped[str] = mapped_column(String(10))  # pending | done
    status_code: Mapped[int | None] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(100), default="")
    body: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
