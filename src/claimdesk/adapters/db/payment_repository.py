"""Payment instructions: compare-and-set status changes make a release happen exactly once."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from claimdesk.adapters.db.models import ClaimRow
from claimdesk.adapters.db.models_payments import PaymentBatchRow, PaymentInstructionRow
from claimdesk.adapters.db.read_totals import (
    Contribution,
    apply_triangle_change,
    triangle_contribution,
)
from claimdesk.domain.errors import NotFound
from claimdesk.domain.payment import Payee, PaymentInstruction, PaymentKind, PaymentStatus

Row = PaymentInstructionRow


# Built once, values as parameters: read on every move (issue 10: building a statement and
# its cache key cost more than running it).
_FOR_CLAIM = (
    select(Row)
    .where(Row.claim_id == bindparam("claim_id"))
    .order_by(Row.id)
    .execution_options(populate_existing=True)  # after lock_claim: what others committed
)
_TRIANGLE = (
    select(ClaimRow.line_of_business, ClaimRow.reported_at, Row.released_at,
           Row.created_at, Row.amount, Row.status)
    .join(ClaimRow, ClaimRow.id == Row.claim_id)
    .where(Row.id == bindparam("id"))
)  # fmt: skip


class SqlPayments:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, instruction: PaymentInstruction) -> PaymentInstruction:
        payee = instruction.payee
        row = Row(
            claim_id=instruction.claim_id,
            kind=instruction.kind,
            amount=instruction.amount,
            payee_name=payee.name,
            payee_id_number=payee.id_number,
            bank_account=payee.bank_account,
            bank_name=payee.bank_name,
            authorised_reason=payee.authorised_reason,
            status=instruction.status,
            created_by=instruction.created_by,
            created_at=instruction.created_at,
        )
        self.session.add(row)
        self.session.flush()
        if row.status == PaymentStatus.PAID:
            apply_triangle_change(self.session, None, self._triangle(row.id))
        return _instruction(row)

    def get(self, instruction_id: int) -> PaymentInstruction:
        row = self.session.get(Row, instruction_id, populate_existing=True)
        if row is None:
            raise NotFound("支付指令 payment instruction", instruction_id)
        return _instruction(row)

    def lock_claim(self, claim_id: int) -> None:
        """Serialise money decisions on one claim until this unit of work ends.

        PostgreSQL: a row lock on the claim (SELECT … FOR UPDATE). SQLite has no row locks: a
        no-op UPDATE takes the database write lock now, as BEGIN IMMEDIATE would, so a racing
        writer queues (busy_timeout) and then reads what this one committed.
        """
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(
                select(ClaimRow.id).where(ClaimRow.id == claim_id).with_for_update()
            )
        else:
            self.session.execute(
                update(ClaimRow).where(ClaimRow.id == claim_id).values(version=ClaimRow.version)
            )

    def for_claim(self, claim_id: int) -> list[PaymentInstruction]:
        rows = self.session.execute(_FOR_CLAIM, {"claim_id": claim_id}).scalars()
        return [_instruction(row) for row in rows]

    def move(
        self, instruction_id: int, frm: PaymentStatus, to: PaymentStatus, **values: object
    ) -> bool:
        """UPDATE … WHERE status = frm: of two racing requests exactly one sees True. A move
        into or out of `paid` moves paid_triangle_totals in the same transaction."""
        kept = PaymentStatus.PAID in (frm, to)
        before = self._triangle(instruction_id) if kept else None
        result = self.session.execute(
            update(Row)
            .where(Row.id == instruction_id, Row.status == frm)
            .values(status=to, **values)
        )
        moved = bool(result.rowcount)  # type: ignore[attr-defined]
        if moved and kept:
            apply_triangle_change(self.session, before, self._triangle(instruction_id))
        return moved

    def _triangle(self, instruction_id: int) -> Contribution:
        """The instruction's contribution to paid_triangle_totals as it stands now."""
        found = self.session.execute(_TRIANGLE, {"id": instruction_id}).one_or_none()
        if found is None:
            return None
        line, reported_at, released_at, created_at, amount, status = found
        return triangle_contribution(line, reported_at, released_at or created_at, amount, status)

    def released_unbatched(self) -> list[PaymentInstruction]:
        query = select(Row).where(Row.status == PaymentStatus.RELEASED, Row.batch_id.is_(None))
        return [_instruction(row) for row in self.session.execute(query.order_by(Row.id)).scalars()]

    def add_batch(self, at: datetime, by: int, count: int, total: Decimal) -> int:
        row = PaymentBatchRow(created_at=at, created_by=by, count=count, total=total)
        self.session.add(row)
        self.session.flush()
        return row.id


def _instruction(row: Row) -> PaymentInstruction:
    payee = Payee(
        row.payee_name, row.payee_id_number, row.bank_account, row.bank_name, row.authorised_reason
    )
    return PaymentInstruction(
        row.id,
        row.claim_id,
        PaymentKind(row.kind),
        row.amount,
        payee,
        PaymentStatus(row.status),
        row.created_by,
        row.created_at,
        row.released_by,
        row.released_at,
        row.batch_id,
        row.bank_reference,
        row.failure_reason,
    )
