"""Claims: rows ⇄ domain dataclasses, optimistic versioning, keyset pagination."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.orm import Session, selectinload

from claimdesk.adapters.db.mapping import (
    approval_columns,
    claim_from_row,
    claim_to_row,
    denial_columns,
)
from claimdesk.adapters.db.models import ClaimAdjusterRow, ClaimRow, InsuredPersonRow, VisitRow
from claimdesk.domain.claim import Approval, Claim, ClaimStatus, Denial, Visit
from claimdesk.domain.errors import NotFound, StaleVersion
from claimdesk.services.ports import ClaimFilter


class SqlClaimRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, claim: Claim) -> Claim:
        row = claim_to_row(claim)
        self.session.add(row)
        self.session.flush()
        return claim_from_row(row)

    def get(self, claim_id: int) -> Claim:
        row = self.session.get(ClaimRow, claim_id, options=_load_visits())
        if row is None:
            raise NotFound("赔案 claim", claim_id)
        return claim_from_row(row)

    def get_by_number(self, claim_no: str) -> Claim:
        query = select(ClaimRow).where(ClaimRow.claim_no == claim_no).options(*_load_visits())
        row = self.session.execute(query).scalar_one_or_none()
        if row is None:
            raise NotFound("赔案 claim", claim_no)
        return claim_from_row(row)

    def change_status(
        self, claim: Claim, expected_version: int, status: ClaimStatus, reason: str, at: datetime
    ) -> Claim:
        """Compare-and-set on the version: a stale update is refused, never a lost write."""
        result = self.session.execute(
            update(ClaimRow)
            .where(ClaimRow.id == claim.id, ClaimRow.version == expected_version)
            .values(
                status=status, status_reason=reason, version=ClaimRow.version + 1, updated_at=at
            )
        )
        if result.rowcount == 0:  # type: ignore[attr-defined]
            raise StaleVersion("赔案 claim", expected_version, self._current_version(claim))
        row = self.session.get(ClaimRow, _id(claim), options=_load_visits())
        if row is None:
            raise NotFound("赔案 claim", claim.id)
        # Only the columns the UPDATE touched are stale; visits and lines stay loaded.
        self.session.expire(row, ["status", "status_reason", "version", "updated_at"])
        return claim_from_row(row)

    def bump_version(self, claim: Claim, expected_version: int, at: datetime) -> None:
        """An edit that is not a status change still claims the version (no lost write)."""
        result = self.session.execute(
            update(ClaimRow)
            .where(ClaimRow.id == claim.id, ClaimRow.version == expected_version)
            .values(version=ClaimRow.version + 1, updated_at=at)
        )
        if result.rowcount == 0:  # type: ignore[attr-defined]
            raise StaleVersion("赔案 claim", expected_version, self._current_version(claim))

    def set_visit_hospital(self, claim_id: int, visit: Visit) -> None:
        """The hospital fields of one visit (医院目录 resolution); lines are untouched."""
        for row in self._row(claim_id).visits:
            if row.visit_ref == visit.visit_ref:
                row.hospital_code, row.hospital_name = visit.hospital_code, visit.hospital_name
                row.designated, row.hospital_level = visit.designated, visit.hospital_level
                row.region = visit.region
        self.session.flush()

    def record_adjudicator(self, claim_id: int, user_id: int) -> None:
        self._row(claim_id).adjudicated_by = user_id
        self.session.flush()

    def add_adjuster(self, claim_id: int, user_id: int) -> None:
        row = self._row(claim_id)
        if all(adjuster.user_id != user_id for adjuster in row.adjusters):
            row.adjusters.append(ClaimAdjusterRow(user_id=user_id, position=len(row.adjusters)))
        self.session.flush()

    def mark_difficult(self, claim_id: int, reason: str) -> None:
        row = self._row(claim_id)
        row.difficult, row.difficult_reason = True, reason
        self.session.flush()

    def record_approval(self, claim_id: int, approval: Approval) -> None:
        self._set(claim_id, approval_columns(approval))

    def record_denial(self, claim_id: int, denial: Denial) -> None:
        self._set(claim_id, denial_columns(denial))

    def _set(self, claim_id: int, columns: dict[str, Any]) -> None:
        row = self._row(claim_id)
        for name, value in columns.items():
            setattr(row, name, value)
        self.session.flush()

    def _row(self, claim_id: int) -> ClaimRow:
        row = self.session.get(ClaimRow, claim_id)
        if row is None:
            raise NotFound("赔案 claim", claim_id)
        return row

    def _current_version(self, claim: Claim) -> int:
        query = select(ClaimRow.version).where(ClaimRow.id == claim.id)
        return int(self.session.execute(query).scalar_one())

    def page(self, claim_filter: ClaimFilter, *, after_id: int | None, limit: int) -> list[Claim]:
        """Newest first; the cursor is the last id seen (keyset: no OFFSET scans)."""
        query = _filtered(select(ClaimRow), claim_filter).order_by(ClaimRow.id.desc())
        if after_id is not None:
            query = query.where(ClaimRow.id < after_id)
        rows = self.session.execute(query.limit(limit).options(*_load_visits())).scalars()
        return [claim_from_row(row) for row in rows]

    def count(self, claim_filter: ClaimFilter) -> int:
        query = _filtered(select(func.count(ClaimRow.id)), claim_filter)
        return int(self.session.execute(query).scalar_one())

    def count_by_status(self) -> dict[str, int]:
        query = select(ClaimRow.status, func.count(ClaimRow.id)).group_by(ClaimRow.status)
        return {status: count for status, count in self.session.execute(query).tuples()}


def _id(claim: Claim) -> int:
    assert claim.id is not None
    return claim.id


def _load_visits() -> list[Any]:
    return [
        selectinload(ClaimRow.visits).selectinload(VisitRow.lines),
        selectinload(ClaimRow.adjusters),
    ]


def _filtered(query: Select[Any], claim_filter: ClaimFilter) -> Select[Any]:
    conditions = []
    if claim_filter.status is not None:
        conditions.append(ClaimRow.status == claim_filter.status)
    if claim_filter.product_code:
        conditions.append(ClaimRow.product_code == claim_filter.product_code)
    if claim_filter.insured_person_id is not None:
        conditions.append(ClaimRow.insured_person_id == claim_filter.insured_person_id)
    if claim_filter.policy_id is not None:
        conditions.append(ClaimRow.policy_id == claim_filter.policy_id)
    if claim_filter.search:
        conditions.append(_search_condition(claim_filter.search))
    return query.where(*conditions) if conditions else query


def _search_condition(text: str) -> Any:
    """Claim number, insured name, ID number or phone (数据检索)."""
    term = text.strip()
    insured = select(InsuredPersonRow.id).where(
        or_(
            InsuredPersonRow.name.contains(term, autoescape=True),  # % and _ are literal
            InsuredPersonRow.id_number == term,
            InsuredPersonRow.phone == term,
        )
    )
    return or_(ClaimRow.claim_no == term, ClaimRow.insured_person_id.in_(insured))
