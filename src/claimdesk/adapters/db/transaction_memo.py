"""Values read in the session's current transaction, kept for it (issue 17).

A report reads the same policy, insured person, blacklist entries, working calendar and
visits' hospitals for the new claim, the fraud facts, the deadlines and the 预赔 engine
request. Every statement that writes those rows forgets them (`forget_in`); a new
transaction, or a savepoint begun or ended, forgets them too, so a value is never other than
what the transaction would read.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session

K = TypeVar("K")
V = TypeVar("V")

POLICIES, INSURED, BLACKLIST, CALENDAR, HOSPITALS, MILESTONES, DEADLINE_ROWS = (
    "memo:policies",
    "memo:insured",
    "memo:blacklist",
    "memo:calendar",
    "memo:hospitals",
    "memo:milestones",
    "memo:deadline_rows",
)


class TransactionMemo(Generic[K, V]):
    """Kept in `session.info` under `name`, so a writer elsewhere can forget it."""

    def __init__(self, session: Session, name: str) -> None:
        self.session, self.name = session, name

    def get(self, key: K) -> V | None:
        held = self.session.info.get(self.name)
        if held is None or not self._same(held):
            return None
        values: dict[K, V] = held[2]
        return values.get(key)

    def put(self, key: K, value: V) -> V:
        held = self.session.info.get(self.name)
        if held is None or not self._same(held):
            held = self.session.info[self.name] = (
                self.session.get_transaction(), self.session.get_nested_transaction(), {}
            )  # fmt: skip
        values: dict[K, V] = held[2]
        values[key] = value
        return value

    def _same(self, held: tuple[Any, Any, dict[K, V]]) -> bool:
        # The transactions themselves (held, so never an object reused after them).
        return (
            held[0] is self.session.get_transaction()
            and held[1] is self.session.get_nested_transaction()
        )


def forget_in(session: Session, *names: str) -> None:
    """Before a statement that writes rows a memo keeps."""
    for name in names:
        session.info.pop(name, None)
