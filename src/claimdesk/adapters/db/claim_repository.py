"""Claims: rows ⇄ domain dataclasses, optimistic versioning, keyset pagination."""

from __future__ import annotations

from collections import defaultdict, namedtuple
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Select, Table, bindparam, func, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from claimdesk.adapters.db.mapping import (
    approval_columns,
    claim_from_row,
    claim_to_row,
    denial_columns,
)
from claimdesk.adapters.db.models import (
    BillLineRow,
    ClaimAdjusterRow,
    ClaimRow,
    InsuredPersonRow,
    VisitRow,
)
from claimdesk.adapters.db.raw_reads import RawSelect
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
        return self._one(_CLAIM, {"id": claim_id}, claim_id)

    def get_by_number(self, claim_no: str) -> Claim:
        return self._one(_CLAIM_BY_NUMBER, {"claim_no": claim_no}, claim_no)

    def _one(self, query: RawSelect, key: dict[str, Any], shown: int | str) -> Claim:
        self.session.flush()  # what this unit changed is read back, as the ORM's get did
        rows = query.rows(self.session, **key)
        if not rows:
            raise NotFound("赔案 claim", shown)
        return _read_claims(self.session, rows)[0]

    def change_status(
        self, claim: Claim, expected_version: int, status: ClaimStatus, reason: str, at: datetime
    ) -> Claim:
        """Compare-and-set on the version: a stale update is refused, never a lost write."""
        # A table UPDATE built once: the ORM's bulk UPDATE (built and evaluated against the
        # session per move) cost more than the statement. Pending rows are flushed first, as
        # the ORM did.
        self.session.flush()
        given = {"claim": claim.id, "expected": expected_version, "new_status": status}
        result = self.session.execute(_CHANGE_STATUS, {**given, "reason": reason, "at": at})
        if result.rowcount == 0:  # type: ignore[attr-defined]
            raise StaleVersion("赔案 claim", expected_version, self._current_version(claim))
        # A row this unit already holds is stale only in the columns the UPDATE touched.
        held = self.session.identity_map.get(identity_key(ClaimRow, _id(claim)))
        if held is not None:
            self.session.expire(held, ["status", "status_reason", "version", "updated_at"])
        # The claim as stored, read as `get` reads it (issue 10: the ORM's get with its
        # select-in loaders and the refresh of the expired columns were five ORM statements
        # per move, most of a move's claim handling).
        return self.get(_id(claim))

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
        self.session.flush()
        if claim_filter.search:  # searches are rarer: the statement is built for each
            # Table columns only: an ORM attribute anywhere makes it an ORM statement, slower.
            query = _filtered(select(_CLAIMS), claim_filter).order_by(_CLAIMS.c.id.desc())
            if after_id is not None:
                query = query.where(_CLAIMS.c.id < after_id)
            return _read_claims(self.session, self.session.execute(query.limit(limit)).all())
        given = page_given(claim_filter, after_id)
        rows = page_select(frozenset(given)).rows(self.session, limit=limit, **given)
        return _read_claims(self.session, rows)

    def count(self, claim_filter: ClaimFilter) -> int:
        query = _filtered(select(func.count(ClaimRow.id)), claim_filter)
        return int(self.session.execute(query).scalar_one())

    def count_by_status(self) -> dict[str, int]:
        query = select(ClaimRow.status, func.count(ClaimRow.id)).group_by(ClaimRow.status)
        return {status: count for status, count in self.session.execute(query)}


def _id(claim: Claim) -> int:
    assert claim.id is not None
    return claim.id


_CLAIMS = ClaimRow.__table__
_VISITS = VisitRow.__table__
_LINES = BillLineRow.__table__
_ADJUSTERS = ClaimAdjusterRow.__table__
_INSURED = InsuredPersonRow.__table__
# Built once and run on the driver's cursor (issue 17): constructing a statement per request
# cost as much as running it, and SQLAlchemy's execution around a small read as much again.
_CLAIM = RawSelect(select(_CLAIMS).where(_CLAIMS.c.id == bindparam("id")))
_CHANGE_STATUS = (
    update(cast(Table, _CLAIMS))
    .where(_CLAIMS.c.id == bindparam("claim"), _CLAIMS.c.version == bindparam("expected"))
    .values(
        status=bindparam("new_status", type_=_CLAIMS.c.status.type),
        status_reason=bindparam("reason", type_=_CLAIMS.c.status_reason.type),
        version=_CLAIMS.c.version + 1,
        updated_at=bindparam("at", type_=_CLAIMS.c.updated_at.type),
    )
)
_CLAIM_BY_NUMBER = RawSelect(select(_CLAIMS).where(_CLAIMS.c.claim_no == bindparam("claim_no")))
_VISITS_OF = RawSelect(
    select(_VISITS)
    .where(_VISITS.c.claim_id.in_(bindparam("ids", expanding=True)))
    .order_by(_VISITS.c.position)
)
_LINES_OF = RawSelect(
    select(_LINES)
    .where(_LINES.c.visit_id.in_(bindparam("ids", expanding=True)))
    .order_by(_LINES.c.position)
)
_ADJUSTERS_OF = RawSelect(
    select(_ADJUSTERS)
    .where(_ADJUSTERS.c.claim_id.in_(bindparam("ids", expanding=True)))
    .order_by(_ADJUSTERS.c.position)
)


def _read_claims(session: Session, rows: Sequence[Any]) -> list[Claim]:
    """Claims with their visits, lines and adjusters from plain rows: one query per table for
    the whole page, no ORM objects (issue 17: the ORM's get with its select-in loaders was most
    of a claim read). Same order as the relationships: visits and lines by position."""
    if not rows:
        return []
    ids = [row.id for row in rows]
    visits = _VISITS_OF.rows(session, ids=ids)
    lines: defaultdict[int, list[Any]] = defaultdict(list)
    if visits:
        for line in _LINES_OF.rows(session, ids=[visit.id for visit in visits]):
            lines[line.visit_id].append(line)
    by_claim: defaultdict[int, list[Any]] = defaultdict(list)
    for visit in visits:
        by_claim[visit.claim_id].append(_VISIT_WITH_LINES._make((*visit, lines[visit.id])))
    adjusters: defaultdict[int, list[Any]] = defaultdict(list)
    for adjuster in _ADJUSTERS_OF.rows(session, ids=ids):
        adjusters[adjuster.claim_id].append(adjuster)
    whole = (
        _CLAIM_WITH_CHILDREN._make((*row, by_claim[row.id], adjusters[row.id])) for row in rows
    )
    return [claim_from_row(cast(ClaimRow, claim)) for claim in whole]


# The row with its children as the mapping reads them (`row.visits`, `visit.lines`): a named
# tuple with two more fields costs less than copying each row into a namespace.
_VISIT_WITH_LINES = namedtuple("_VISIT_WITH_LINES", [*_VISITS_OF.row._fields, "lines"])  # type: ignore[misc]
_CLAIM_WITH_CHILDREN = namedtuple(  # type: ignore[misc]
    "_CLAIM_WITH_CHILDREN", [*_CLAIM.row._fields, "visits", "adjusters"]
)


_KEYS = ("status", "product_code", "insured_person_id", "policy_id")
_PAGES: dict[frozenset[str], RawSelect] = {}
_PAGE_REVISIONS: dict[frozenset[str], RawSelect] = {}


def page_select(given: frozenset[str], revisions: bool = False) -> RawSelect:
    """A page of claims for the filters given (one statement per combination, built once);
    with `revisions`, the same page as (id, revision) pairs only."""
    found = _PAGES.get(given) if not revisions else _PAGE_REVISIONS.get(given)
    if found is None:
        columns = (_CLAIMS.c.id, _CLAIMS.c.revision) if revisions else (_CLAIMS,)
        query = select(*columns).where(
            *(_CLAIMS.c[name] == bindparam(name) for name in _KEYS if name in given)
        )
        if "after_id" in given:
            query = query.where(_CLAIMS.c.id < bindparam("after_id"))
        limited = query.order_by(_CLAIMS.c.id.desc()).limit(bindparam("limit"))
        found = RawSelect(limited)
        (_PAGE_REVISIONS if revisions else _PAGES)[given] = found
    return found


def page_given(claim_filter: ClaimFilter, after_id: int | None) -> dict[str, Any]:
    """The page statement's parameters for a filter without a search."""
    given = {"after_id": after_id, **{name: getattr(claim_filter, name) for name in _KEYS}}
    return {name: value for name, value in given.items() if value is not None and value != ""}


def _filtered(query: Select[Any], claim_filter: ClaimFilter) -> Select[Any]:
    conditions = []
    if claim_filter.status is not None:
        conditions.append(_CLAIMS.c.status == claim_filter.status)
    if claim_filter.product_code:
        conditions.append(_CLAIMS.c.product_code == claim_filter.product_code)
    if claim_filter.insured_person_id is not None:
        conditions.append(_CLAIMS.c.insured_person_id == claim_filter.insured_person_id)
    if claim_filter.policy_id is not None:
        conditions.append(_CLAIMS.c.policy_id == claim_filter.policy_id)
    if claim_filter.search:
        conditions.append(_search_condition(claim_filter.search))
    return query.where(*conditions) if conditions else query


def _search_condition(text: str) -> Any:
    """Claim number, insured name, ID number or phone (数据检索)."""
    term = text.strip()
    insured = select(_INSURED.c.id).where(
        or_(
            _INSURED.c.name.contains(term, autoescape=True),  # % and _ are literal
            _INSURED.c.id_number == term,
            _INSURED.c.phone == term,
        )
    )
    return or_(_CLAIMS.c.claim_no == term, _CLAIMS.c.insured_person_id.in_(insured))
