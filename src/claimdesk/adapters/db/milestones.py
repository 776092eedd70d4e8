"""Keeps `claim_milestones` in step with the audit trail, inside the audit append's transaction.

Every audit record about a claim refreshes that claim's row: the facts (status, amounts,
handler) are read from the write-side tables as they stand in this transaction, and the
record's action stamps its milestone (domain/milestones.py). A projection that is written
with the trail cannot drift from it, and reports never replay the trail.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from claimdesk.adapters.db.models import ClaimRow, UserRow
from claimdesk.adapters.db.models_payments import PaymentInstructionRow
from claimdesk.adapters.db.models_read_side import INSTANTS, ClaimMilestoneRow
from claimdesk.adapters.db.models_reserves import ReserveRow
from claimdesk.adapters.db.models_tasks import TaskRow
from claimdesk.adapters.db.raw_reads import RawSelect
from claimdesk.adapters.db.read_totals import (
    apply_milestone_changes,
    instant_us,
    milestone_contributions,
)
from claimdesk.adapters.db.transaction_memo import MILESTONES, TransactionMemo
from claimdesk.adapters.db.types import Money
from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.milestones import Milestones, stamp
from claimdesk.domain.months import month_of

MILESTONE_FIELDS = tuple(Milestones.__dataclass_fields__)
SET_REASON, CLEAR_REASON = "set_open_reason", "clear_open_reason"
SYSTEM_ACTORS = frozenset({"system", ""})


def record_milestone(session: Session, entry: AuditEntry, at: datetime) -> None:
    """Refresh the claim's milestone row for this audit record (no-op for other entities)."""
    if entry.entity_type != "claim" or not entry.entity_id.isdigit():
        return
    session.flush()  # the facts as this transaction wrote them, as the ORM's read did
    found = _FACTS.rows(session, claim_id=int(entry.entity_id))
    if not found:
        return
    claim = found[0]
    existing = _held_row(session, claim.id)
    before = milestone_contributions(existing)
    row = existing or _new_row(session, claim)
    _copy_facts(row, claim, at)
    _stamp(row, entry, at)
    row.paid_amount = Decimal(claim.paid)
    row.booked_reserve = claim.reserve
    row.handler = claim.handler or _staff(entry.actor) or row.handler
    for name in INSTANTS:
        setattr(row, f"{name}_us", instant_us(getattr(row, name)))
    apply_milestone_changes(session, before, milestone_contributions(row))


_CLAIMS = ClaimRow.__table__
_PAYMENTS = PaymentInstructionRow.__table__
_RESERVES = ReserveRow.__table__
_TASKS = TaskRow.__table__
_USERS = UserRow.__table__


def _paid_query(claim_id: Any) -> Any:
    return select(func.coalesce(func.sum(_PAYMENTS.c.amount), 0, type_=Money())).where(
        _PAYMENTS.c.claim_id == claim_id, _PAYMENTS.c.status == "paid"
    )


def _reserve_query(claim_id: Any) -> Any:
    return (
        select(_RESERVES.c.amount)
        .where(_RESERVES.c.claim_id == claim_id)
        .order_by(_RESERVES.c.id.desc())
        .limit(1)
    )


def _handler_query(claim_id: Any) -> Any:
    return (
        select(_USERS.c.username)
        .join(_TASKS, _TASKS.c.assignee_id == _USERS.c.id)
        .where(_TASKS.c.claim_id == claim_id, _TASKS.c.status == "open")
        .order_by(_TASKS.c.id.desc())
        .limit(1)
    )


# The claim's facts, paid amount, newest reserve and handler in one statement built once (a
# milestone is refreshed on every audit record of a claim: four statements were most of it),
# of table columns run on the driver's cursor (issue 10: the ORM's execution around it cost
# more than the read).
_FACTS = RawSelect(select(
    _CLAIMS.c.id, _CLAIMS.c.claim_no, _CLAIMS.c.product_code, _CLAIMS.c.line_of_business,
    _CLAIMS.c.status, _CLAIMS.c.reported_at, _CLAIMS.c.claimed_amount, _CLAIMS.c.incident_date,
    _paid_query(_CLAIMS.c.id).scalar_subquery().label("paid"),
    _reserve_query(_CLAIMS.c.id).scalar_subquery().label("reserve"),
    _handler_query(_CLAIMS.c.id).scalar_subquery().label("handler"),
).where(_CLAIMS.c.id == bindparam("claim_id")))  # fmt: skip


def _held_row(session: Session, claim_id: int) -> ClaimMilestoneRow | None:
    """The claim's row, kept for the rest of the transaction: the session's identity map holds
    rows weakly, so each later record of the claim read it again (issue 10: one SELECT a record).
    Only ORM writes touch these rows in a transaction, so the kept row is the row."""
    memo: TransactionMemo[int, ClaimMilestoneRow] = TransactionMemo(session, MILESTONES)
    row = memo.get(claim_id) or session.get(ClaimMilestoneRow, claim_id)
    return None if row is None else memo.put(claim_id, row)


def _new_row(session: Session, claim: Any) -> ClaimMilestoneRow:
    row = ClaimMilestoneRow(claim_id=claim.id, open_reason_note="", paid_amount=Decimal("0.00"))
    session.add(row)
    return TransactionMemo[int, ClaimMilestoneRow](session, MILESTONES).put(claim.id, row)


def _copy_facts(row: ClaimMilestoneRow, claim: Any, at: datetime) -> None:
    row.claim_no, row.product_code = claim.claim_no, claim.product_code
    row.line_of_business, row.status = claim.line_of_business, claim.status
    row.reported_at, row.claimed_amount = claim.reported_at, claim.claimed_amount
    row.reported_month = str(month_of(claim.reported_at))
    row.accident_month = None if claim.incident_date is None else claim.incident_date.strftime(
        "%Y-%m")  # fmt: skip
    row.updated_at = at


def _stamp(row: ClaimMilestoneRow, entry: AuditEntry, at: datetime) -> None:
    current = Milestones(**{name: getattr(row, name) for name in MILESTONE_FIELDS})
    for name, value in vars(stamp(current, entry.action, at, row.status)).items():
        setattr(row, name, value)
    row.closed_month = None if row.closed_at is None else str(month_of(row.closed_at))
    if entry.action == SET_REASON and entry.after:
        row.open_reason = str(entry.after.get("code", "")) or None
        row.open_reason_note = str(entry.after.get("note", ""))[:200]
    elif entry.action == CLEAR_REASON or entry.action.startswith("move:"):
        row.open_reason, row.open_reason_note = None, ""  # the reason was for the old state


def _staff(actor: str) -> str | None:
    return None if actor in SYSTEM_ACTORS else actor
