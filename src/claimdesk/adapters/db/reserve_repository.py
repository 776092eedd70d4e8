"""Case-reserve history (reserves) and the settlements a product's initial reserve follows."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from claimdesk.adapters.db.models_read_side import ClaimMilestoneRow
from claimdesk.adapters.db.models_reserves import ReserveRow
from claimdesk.adapters.db.read_totals import apply_milestone_changes, milestone_contributions
from claimdesk.domain.money import FEN
from claimdesk.domain.reserves import ReserveBasis, ReserveEntry
from claimdesk.workflow.reserve_rules import ClosedAverage

# Built once, values as parameters: read on every move (issue 10: building a statement and
# its cache key cost more than running it).
_HISTORY = (
    select(ReserveRow).where(ReserveRow.claim_id == bindparam("claim_id")).order_by(ReserveRow.id)
)


class SqlReserves:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, entry: ReserveEntry) -> None:
        self.session.add(
            ReserveRow(
                claim_id=entry.claim_id,
                amount=entry.amount,
                basis=str(entry.basis),
                set_at=entry.set_at,
                set_by=entry.set_by,
                reason=entry.reason,
            )
        )
        self.session.flush()
        self._keep_milestone(entry)

    def _keep_milestone(self, entry: ReserveEntry) -> None:
        """The new row is the claim's newest: its amount is the milestone's booked reserve, and
        the totals it feeds move by the difference in this transaction."""
        row = self.session.get(ClaimMilestoneRow, entry.claim_id)
        if row is None:  # the claim's first audit record will read the reserve history
            return
        before = milestone_contributions(row)
        row.booked_reserve = entry.amount
        apply_milestone_changes(self.session, before, milestone_contributions(row))

    def history(self, claim_id: int) -> list[ReserveEntry]:
        rows = self.session.execute(_HISTORY, {"claim_id": claim_id}).scalars()
        return [_entry(row) for row in rows]

    def closed_average(self, product_code: str) -> ClosedAverage:
        """One aggregate over the milestone rows (ix_milestones_product_outcome)."""
        m = ClaimMilestoneRow
        count, total = self.session.execute(
            select(func.count(), func.sum(m.paid_amount)).where(
                m.product_code == product_code, m.outcome == "paid"
            )
        ).one()
        if not count:
            return ClosedAverage(0, Decimal("0.00"))
        average = Decimal(total) / count  # Money: the sum comes back in yuan
        return ClosedAverage(int(count), average.quantize(FEN, ROUND_HALF_UP))


def _entry(row: ReserveRow) -> ReserveEntry:
    return ReserveEntry(
        row.claim_id, row.amount, ReserveBasis(row.basis), row.set_at, row.set_by, row.reason or ""
    )
