"""预赔 estimates: store and read one claim's interval; the closed claims the model learns from."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import cache
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.util import identity_key

from claimdesk.adapters.db.models import ClaimRow, VisitRow
from claimdesk.adapters.db.models_estimates import ClaimEstimateHistoryRow, ClaimEstimateRow
from claimdesk.adapters.db.models_materials import ClaimDeadlineRow
from claimdesk.domain.estimates import (
    ClaimEstimate,
    ClosedClaimFacts,
    EstimateMethod,
    EstimateTrigger,
    NewClaimFacts,
)

# Settled with an amount paid or agreed; a denied claim finally paid nothing.
PAID = ("paid", "closed", "archived")
DENIED = "denied"
PREPAYMENT_ESTIMATE = "prepayment_estimate"
_INSERT_HISTORY = insert(cast(Table, ClaimEstimateHistoryRow.__table__))


@cache
def latest_estimate_upsert(dialect: str) -> Any:
    """The claim's latest estimate written over the one shown, built once per dialect."""
    table = cast(Table, ClaimEstimateRow.__table__)
    statement = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
    changed = {c.name: statement.excluded[c.name] for c in table.columns if c.name != "claim_id"}
    return statement.on_conflict_do_update(index_elements=["claim_id"], set_=changed)


class SqlEstimates:
    def __init__(self, session: Session) -> None:
        self.session = session

    def save(self, estimate: ClaimEstimate) -> None:
        """The claim's latest estimate (replacing the one shown) and a row of its history."""
        fields = {
            "claim_id": estimate.claim_id, "low": estimate.low, "median": estimate.median,
            "high": estimate.high, "method": str(estimate.method), "basis_zh": estimate.basis_zh,
            "basis_en": estimate.basis_en, "estimated_at": estimate.estimated_at,
            "revision": estimate.revision, "trigger_code": str(estimate.trigger),
        }  # fmt: skip
        # Pending rows go first, as they did; then one upsert, not the ORM's merge (a SELECT,
        # then a flush of its own: issue 17); a held row is expired so `for_claim` reads it.
        self.session.flush()
        dialect = self.session.get_bind().dialect.name
        self.session.execute(latest_estimate_upsert(dialect), fields)
        held = self.session.identity_map.get(identity_key(ClaimEstimateRow, estimate.claim_id))
        if held is not None:
            self.session.expire(held)
        self.session.execute(_INSERT_HISTORY, fields)  # never read back from the identity map

    def for_claim(self, claim_id: int) -> ClaimEstimate | None:
        """The latest estimate (the one shown)."""
        row = self.session.get(ClaimEstimateRow, claim_id)
        return None if row is None else _estimate(row)

    def history(self, claim_id: int) -> list[ClaimEstimate]:
        """Every estimate of the claim, the first one first."""
        query = (
            select(ClaimEstimateHistoryRow)
            .where(ClaimEstimateHistoryRow.claim_id == claim_id)
            .order_by(ClaimEstimateHistoryRow.revision)
        )
        return [_estimate(row) for row in self.session.scalars(query)]

    def closed_facts(self) -> list[ClosedClaimFacts]:
        """Every settled claim (paid: the approved amount; denied: nothing), oldest first."""
        payable = func.coalesce(ClaimRow.approved_amount, Decimal("0.00"))
        query = (
            _facts_query(ClaimRow.updated_at, payable)
            .where(
                (ClaimRow.status.in_(PAID) & ClaimRow.approved_amount.is_not(None))
                | (ClaimRow.status == DENIED)
            )
            .order_by(ClaimRow.updated_at, ClaimRow.id)
        )
        return [
            ClosedClaimFacts(at, product, diagnosis or lob, level, prior, claimed, paid)
            for at, product, lob, diagnosis, level, prior, claimed, paid in self.session.execute(
                query
            )
        ]

    def new_facts(self, claim_ids: Sequence[int]) -> list[NewClaimFacts]:
        rows = self.session.execute(_new_facts_query(), {"claim_ids": list(claim_ids)})
        return [
            NewClaimFacts(claim_id, product, diagnosis or lob, level, prior, claimed)
            for claim_id, product, lob, diagnosis, level, prior, claimed, _ in rows
        ]

    def unestimated(self, statuses: Sequence[str]) -> list[int]:
        """Claims in these states with an amount, no estimate and no estimate limit: loaded
        rather than reported live (the demo), never seen by the report-time estimate."""
        limit_started = select(ClaimDeadlineRow.claim_id).where(
            ClaimDeadlineRow.code == PREPAYMENT_ESTIMATE
        )
        query = (
            select(ClaimRow.id)
            .outerjoin(ClaimEstimateRow, ClaimEstimateRow.claim_id == ClaimRow.id)
            .where(
                ClaimRow.status.in_(list(statuses)),
                ClaimRow.claimed_amount > 0,
                ClaimEstimateRow.claim_id.is_(None),
                ClaimRow.id.not_in(limit_started),
            )
            .order_by(ClaimRow.id)
        )
        return list(self.session.scalars(query))

    def awaiting(self, limit: int = 500) -> list[int]:
        """Claims whose 2-hour estimate limit is open and that have no estimate yet."""
        query = (
            select(ClaimDeadlineRow.claim_id)
            .outerjoin(ClaimEstimateRow, ClaimEstimateRow.claim_id == ClaimDeadlineRow.claim_id)
            .where(
                and_(
                    ClaimDeadlineRow.code == PREPAYMENT_ESTIMATE,
                    ClaimDeadlineRow.done_at.is_(None),
                    ClaimDeadlineRow.cancelled_at.is_(None),
                    ClaimEstimateRow.claim_id.is_(None),
                )
            )
            .order_by(ClaimDeadlineRow.claim_id)
            .limit(limit)
        )
        return list(self.session.scalars(query))


def _estimate(row: ClaimEstimateRow | ClaimEstimateHistoryRow) -> ClaimEstimate:
    return ClaimEstimate(
        row.claim_id, row.low, row.median, row.high, EstimateMethod(row.method), row.basis_zh,
        row.basis_en, row.estimated_at, row.revision, EstimateTrigger(row.trigger_code),
    )  # fmt: skip


@cache
def _new_facts_query() -> Any:
    """Built once: every report runs it, and building its subqueries was most of its cost."""
    claim_ids: Any = bindparam("claim_ids", expanding=True)
    return (
        _facts_query(ClaimRow.id, ClaimRow.id)
        .where(ClaimRow.id.in_(claim_ids))
        .order_by(ClaimRow.id)
    )


def _facts_query(first: Any, last: Any) -> Any:
    earlier = aliased(ClaimRow)
    prior = select(func.count(earlier.id)).where(
        earlier.insured_person_id == ClaimRow.insured_person_id,
        earlier.id < ClaimRow.id,
        earlier.status != "withdrawn",
    )
    of_claim = VisitRow.claim_id == ClaimRow.id
    diagnosis = select(VisitRow.diagnosis).where(of_claim).order_by(VisitRow.position).limit(1)
    level = select(func.coalesce(func.max(VisitRow.hospital_level), 0)).where(of_claim)
    return select(
        first, ClaimRow.product_code, ClaimRow.line_of_business,
        diagnosis.scalar_subquery(), level.scalar_subquery(), prior.scalar_subquery(),
        ClaimRow.claimed_amount, last,
    )  # fmt: skip
