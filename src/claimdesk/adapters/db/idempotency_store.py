"""Idempotency records in their own short transactions (web/idempotency.py decides)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from claimdesk.adapters.db.models_security import IdempotencyRow

ABANDONED_AFTER = timedelta(minutes=2)  # a pending record of a killed process is taken over


@dataclass(frozen=True)
class Kept:
    """What the store holds for a scope: still pending, or the answer to replay."""

    fingerprint: str
    pending: bool
    status_code: int = 0
    content_type: str = ""
    body: bytes = b""


class SqlIdempotencyStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def begin(self, scope: str, fingerprint: str, now: datetime) -> Kept | None:
        """None: this request goes ahead (the record is now pending). Else what is kept."""
        row = {"scope": scope, "fingerprint": fingerprint, "state": "pending",
               "content_type": "", "created_at": now}  # fmt: skip
        try:
            with self.engine.begin() as connection:
                connection.execute(insert(IdempotencyRow).values(**row))
            return None
        except IntegrityError:
            pass
        with self.engine.begin() as connection:
            taken = connection.execute(
                update(IdempotencyRow)
                .where(IdempotencyRow.scope == scope, IdempotencyRow.state == "pending",
                       IdempotencyRow.created_at < now - ABANDONED_AFTER)
                .values(created_at=now, fingerprint=fingerprint)
            ).rowcount  # fmt: skip
            if taken:
                return None
            r = IdempotencyRow
            kept = connection.execute(
                select(r.fingerprint, r.state, r.status_code, r.content_type, r.body).where(
                    r.scope == scope
                )
            ).one_or_none()
        if kept is None:  # finished and released in between: go ahead on the next try
            return Kept(fingerprint, pending=True)
        return Kept(kept.fingerprint, kept.state == "pending", kept.status_code or 0,
                    kept.content_type, kept.body or b"")  # fmt: skip

    def finish(self, scope: str, status_code: int, content_type: str, body: bytes) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                update(IdempotencyRow)
                .where(IdempotencyRow.scope == scope)
                .values(state="done", status_code=status_code, content_type=content_type,
                        body=body)
            )  # fmt: skip

    def release(self, scope: str) -> None:
        """A failed attempt (5xx) keeps nothing: the retry runs again."""
        with self.engine.begin() as connection:
            connection.execute(delete(IdempotencyRow).where(IdempotencyRow.scope == scope))
