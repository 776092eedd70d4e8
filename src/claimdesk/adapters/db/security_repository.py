"""Sign-in throttle rows (one per account or address key) and the staff's second factors."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from claimdesk.adapters.db.models_security import SecondFactorRow, SignInThrottleRow
from claimdesk.services.users.ports import SecondFactor, ThrottleState


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


class SqlSecondFactors:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, user_id: int) -> SecondFactor | None:
        row = self.session.get(SecondFactorRow, user_id, with_for_update=True)
        if row is None:
            return None
        return SecondFactor(row.user_id, row.secret, row.confirmed_at, row.last_step,
                            tuple(row.recovery_digests))  # fmt: skip

    def save(self, factor: SecondFactor) -> None:
        row = self.session.get(SecondFactorRow, factor.user_id)
        if row is None:
            row = SecondFactorRow(user_id=factor.user_id)
            self.session.add(row)
        row.secret = factor.secret
        row.confirmed_at = factor.confirmed_at
        row.last_step = factor.last_step
        row.recovery_digests = list(factor.recovery_digests)

    def remove(self, user_id: int) -> None:
        self.session.execute(delete(SecondFactorRow).where(SecondFactorRow.user_id == user_id))
