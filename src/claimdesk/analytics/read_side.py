"""How the read side reaches the database: a narrow port, and the tables it reads.

Queries are SQLAlchemy Core over light `table()` declarations (no ORM, no adapter import);
`uow.portal.rows(statement)` runs them inside the caller's unit of work. Nothing here writes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import JSON, BigInteger, DateTime, Integer, String, column, table

from claimdesk.domain.errors import Forbidden
from claimdesk.domain.labels import label
from claimdesk.domain.money import FEN
from claimdesk.domain.users import Permission, User


class ReadSide(Protocol):
    def rows(self, statement: Any) -> list[Any]: ...


class ReadUnit(Protocol):
    """What a read-side query needs of the unit of work (satisfied by the SQL one)."""

    @property
    def portal(self) -> ReadSide: ...
    def __enter__(self) -> Any: ...
    def __exit__(self, *args: object) -> None: ...


def _at(name: str) -> Any:
    return column(name, DateTime(timezone=True))


claims = table(
    "claims", column("id", Integer), column("claim_no", String), column("status", String),
    column("line_of_business", String), column("insured_person_id", Integer),
    column("claimed_amount", BigInteger), _at("reported_at"), _at("updated_at"),
)  # fmt: skip
insured = table(
    "insured_persons", column("id", Integer), column("name", String),
    column("id_number", String), column("phone", String),
)  # fmt: skip
tasks = table(
    "tasks", column("id", Integer), column("claim_id", Integer), column("kind", String),
    column("role", String), column("assignee_id", Integer), column("status", String),
    _at("due_at"),
)  # fmt: skip
deadlines = table(
    "claim_deadlines", column("claim_id", Integer), column("code", String), _at("due_at"),
    _at("at_risk_at"), _at("done_at"), _at("cancelled_at"), _at("paused_since"),
)  # fmt: skip
adjudications = table(
    "adjudications", column("claim_id", Integer), column("payable", BigInteger),
    column("active", Integer), column("by_user", String),
)  # fmt: skip
audit = table(
    "audit_records", column("seq", Integer), _at("at"), column("actor", String),
    column("action", String), column("entity_type", String), column("entity_id", String),
    column("after", JSON),
)  # fmt: skip
users = table(
    "users", column("id", Integer), column("username", String),
    column("display_name", String), column("role", String), column("active", Integer),
)  # fmt: skip
reserves = table(
    "reserves", column("id", Integer), column("claim_id", Integer), column("amount", BigInteger)
)


def money(fen: Any) -> Decimal:
    """Money columns hold integer fen (adapters/db/types.py::Money)."""
    return (Decimal(int(fen or 0)) * FEN).quantize(FEN)


def utc(moment: datetime) -> datetime:
    """SQLite hands back naive UTC, PostgreSQL aware: both become aware UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def require(actor: User, permission: Permission) -> None:
    if not actor.can(permission):
        raise Forbidden(
            f"当前岗位（{label('role', actor.role)}）无权查看：{label('permission', permission)}",
            f"{label('role', actor.role, 'en')} may not {label('permission', permission, 'en')}",
        )


approver_profiles = table(
    "approver_profiles", column("user_id", Integer), column("level", Integer),
    column("limits", JSON),
)  # fmt: skip
