"""The hospital registry (医院目录) in SQL: hospitals with their aliases and designations."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, or_, select
from sqlalchemy.orm import Session, selectinload

from claimdesk.adapters.db.models_hospitals import (
    HospitalAliasRow,
    HospitalDesignationRow,
    HospitalRow,
)
from claimdesk.adapters.db.transaction_memo import HOSPITALS, TransactionMemo, forget_in
from claimdesk.domain.hospitals import Designation, Hospital

_LOAD = (selectinload(HospitalRow.aliases), selectinload(HospitalRow.designations))


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class SqlHospitals:
    def __init__(self, session: Session) -> None:
        self.session = session
        # Hospitals read by code in this transaction (empty: not in the registry). A report
        # reads its visits' hospitals twice (resolving them, then the 预赔 engine); only this
        # repository writes the registry, and a save forgets them.
        self._by_code: TransactionMemo[str, tuple[Hospital, ...]] = TransactionMemo(
            session, HOSPITALS
        )

    def get(self, code: str) -> Hospital | None:
        return self.by_codes([code]).get(code)

    def by_codes(self, codes: Collection[str]) -> dict[str, Hospital]:
        wanted = list(dict.fromkeys(c for c in codes if c))
        missing = [c for c in wanted if self._by_code.get(c) is None]
        if missing:
            found = {h.code: h for h in self._read_by_codes(missing)}
            for code in missing:
                self._by_code.put(code, (found[code],) if code in found else ())
        known = {code: self._by_code.get(code) or () for code in wanted}
        return {code: hospitals[0] for code, hospitals in known.items() if hospitals}

    def _read_by_codes(self, codes: list[str]) -> list[Hospital]:
        """Table statements built once (the ORM's select-in loading cost more than the rows)."""
        rows = self.session.execute(_HOSPITALS, {"codes": codes}).all()
        if not rows:
            return []
        ids = {"ids": [row.id for row in rows]}
        aliases: dict[int, list[str]] = {row.id: [] for row in rows}
        for hospital_id, alias in self.session.execute(_ALIASES, ids):
            aliases[hospital_id].append(alias)
        designations: dict[int, list[Designation]] = {row.id: [] for row in rows}
        for hospital_id, product_code, policy_no in self.session.execute(_DESIGNATIONS, ids):
            designations[hospital_id].append(Designation(product_code, policy_no))
        return [
            Hospital(code=row.code, name=row.name, level=row.level, grade=row.grade,
                     region=row.region, public=row.public, aliases=tuple(aliases[row.id]),
                     active=row.active, designations=tuple(designations[row.id]), id=row.id)
            for row in rows
        ]  # fmt: skip

    def search(self, text: str, *, limit: int, active_only: bool = True) -> list[Hospital]:
        pattern = f"%{_escape(text.strip())}%"
        aliased = select(HospitalAliasRow.hospital_id).where(
            HospitalAliasRow.alias.like(pattern, escape="\\")
        )
        query = (
            select(HospitalRow)
            .where(
                or_(
                    HospitalRow.name.like(pattern, escape="\\"),
                    HospitalRow.code.like(pattern, escape="\\"),
                    HospitalRow.id.in_(aliased),
                )
            )
            .order_by(HospitalRow.level.desc(), HospitalRow.name, HospitalRow.id)
            .limit(limit)
            .options(*_LOAD)
        )
        if active_only:
            query = query.where(HospitalRow.active.is_(True))
        return [_from_row(row) for row in self.session.execute(query).scalars()]

    def named(self, name: str) -> list[Hospital]:
        aliased = select(HospitalAliasRow.hospital_id).where(HospitalAliasRow.alias == name)
        query = (
            select(HospitalRow)
            .where(or_(HospitalRow.name == name, HospitalRow.id.in_(aliased)))
            .options(*_LOAD)
        )
        return [_from_row(row) for row in self.session.execute(query).scalars()]

    def page(self, *, after_code: str | None, limit: int) -> list[Hospital]:
        query = select(HospitalRow).order_by(HospitalRow.code).limit(limit).options(*_LOAD)
        if after_code is not None:
            query = query.where(HospitalRow.code > after_code)
        return [_from_row(row) for row in self.session.execute(query).scalars()]

    def save(self, hospital: Hospital, at: datetime) -> Hospital:
        forget_in(self.session, HOSPITALS)
        query = select(HospitalRow).where(HospitalRow.code == hospital.code).options(*_LOAD)
        row = self.session.execute(query).scalar_one_or_none()
        if row is None:
            row = HospitalRow(code=hospital.code)
            self.session.add(row)
        row.name, row.level, row.grade = hospital.name, hospital.level, hospital.grade
        row.region, row.public, row.active = hospital.region, hospital.public, hospital.active
        row.updated_at = at
        row.aliases, row.designations = [], []
        self.session.flush()  # the old aliases and designations go before the new ones come
        row.aliases = [
            HospitalAliasRow(position=i, alias=alias) for i, alias in enumerate(hospital.aliases)
        ]
        row.designations = [
            HospitalDesignationRow(product_code=d.product_code, policy_no=d.policy_no)
            for d in hospital.designations
        ]
        self.session.flush()
        return _from_row(row)


_H = cast(Table, HospitalRow.__table__)
_A = cast(Table, HospitalAliasRow.__table__)
_D = cast(Table, HospitalDesignationRow.__table__)
_HOSPITALS = select(
    _H.c.id, _H.c.code, _H.c.name, _H.c.level, _H.c.grade, _H.c.region, _H.c.public,
    _H.c.active,
).where(_H.c.code.in_(bindparam("codes", expanding=True)))  # fmt: skip
# In the relationships' order (models_hospitals.py): aliases by position, designations by id.
_ALIASES = (
    select(_A.c.hospital_id, _A.c.alias)
    .where(_A.c.hospital_id.in_(bindparam("ids", expanding=True)))
    .order_by(_A.c.hospital_id, _A.c.position)
)
_DESIGNATIONS = (
    select(_D.c.hospital_id, _D.c.product_code, _D.c.policy_no)
    .where(_D.c.hospital_id.in_(bindparam("ids", expanding=True)))
    .order_by(_D.c.id)
)


def _from_row(row: HospitalRow) -> Hospital:
    return Hospital(
        code=row.code,
        name=row.name,
        level=row.level,
        grade=row.grade,
        region=row.region,
        public=row.public,
        aliases=tuple(a.alias for a in row.aliases),
        active=row.active,
        designations=tuple(Designation(d.product_code, d.policy_no) for d in row.designations),
        id=row.id,
    )
