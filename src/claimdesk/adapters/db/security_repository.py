"""Sign-in throttle rows (one per account or address key)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from claimdesk.adapters.db.models_security import SignInThrottleRow
from claimdesk.services.users.ports import ThrottleState


class SqlSignInThrottle:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, key: str) -> ThrottleState | None:
        row = self.session.get(SignInThrottleRow, key, with_for_update=True)
        return None if row is None else ThrottleState(row.failures, row.locked_until)

    def save(self, key: str, state: ThrottleState, at: datetime) -> None:
        row = self.session.get(SignInThrottleRow, key)
        if row is None:
            row = SignInThrottleRow(key=key)
            self.session.add(row)
        row.failures = state.failures
        row.locked_until = state.locked_until
        row.last_failure_at = at

    def clear(self, key: str) -> None:
        self.session.execute(delete(SignInThrottleRow).where(SignInThrottleRow.key == key))
