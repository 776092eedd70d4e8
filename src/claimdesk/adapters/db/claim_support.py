"""Claim numbers (daily sequence), idempotency keys and material metadata."""

from __future__ import annotations

from datetime import date, datetime
from typing import cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from claimdesk.adapters.db.models import ClaimNumberSequenceRow, IdempotencyKeyRow, MaterialRow
from claimdesk.domain.claim import Material
from claimdesk.domain.errors import Duplicate


class SqlClaimNumbers:
    def __init__(self, session: Session) -> None:
        self.session = session

    def next_sequence(self, day: date) -> int:
        key = {"day_key": f"{day:%Y%m%d}"}
        bumped = self.session.execute(_BUMP_SEQUENCE, key).scalar_one_or_none()
        if bumped is not None:
            return int(bumped)
        try:
            with self.session.begin_nested():
                self.session.add(ClaimNumberSequenceRow(day=key["day_key"], last=1))
            return 1
        except IntegrityError:
            # Another transaction created today's row first: take the next number after it.
            return int(self.session.execute(_BUMP_SEQUENCE, key).scalar_one())


_SEQUENCES = cast(Table, ClaimNumberSequenceRow.__table__)
# One statement built once (was an UPDATE, then a SELECT of the number it set).
_BUMP_SEQUENCE = (
    update(_SEQUENCES)
    .where(_SEQUENCES.c.day == bindparam("day_key"))
    .values(last=_SEQUENCES.c.last + 1)
    .returning(_SEQUENCES.c.last)
)
# Built once, values as parameters: read by every material check (issue 10).
_MATERIALS_FOR = (
    select(MaterialRow)
    .where(MaterialRow.claim_id == bindparam("claim_id"))
    .order_by(MaterialRow.id)
)


class SqlIdempotencyKeys:
    def __init__(self, session: Session) -> None:
        self.session = session

    def find(self, user_id: int, key: str) -> tuple[str, int] | None:
        row = self.session.get(IdempotencyKeyRow, (user_id, key))
        return None if row is None else (row.request_hash, row.claim_id)

    def remember(
        self, user_id: int, key: str, request_hash: str, claim_id: int, at: datetime
    ) -> None:
        self.session.add(
            IdempotencyKeyRow(
                user_id=user_id,
                key=key,
                request_hash=request_hash,
                claim_id=claim_id,
                created_at=at,
            )
        )
        try:
            self.session.flush()
        except IntegrityError as error:
            raise Duplicate(
                "重复的幂等键", "duplicate Idempotency-Key", field="Idempotency-Key"
            ) from error


class SqlMaterials:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, material: Material) -> Material:
        row = MaterialRow(
            claim_id=material.claim_id,
            code=material.code,
            file_name=material.file_name,
            content_type=material.content_type,
            size=material.size,
            sha256=material.sha256,
            uploaded_by=material.uploaded_by,
            uploaded_at=material.uploaded_at,
            status=material.status,
            note=material.note,
        )
        self.session.add(row)
        self.session.flush()
        return _material_from_row(row)

    def for_claim(self, claim_id: int) -> list[Material]:
        rows = self.session.execute(_MATERIALS_FOR, {"claim_id": claim_id}).scalars()
        return [_material_from_row(row) for row in rows]


def _material_from_row(row: MaterialRow) -> Material:
    return Material(
        id=row.id,
        claim_id=row.claim_id,
        code=row.code,
        file_name=row.file_name,
        content_type=row.content_type,
        size=row.size,
        sha256=row.sha256,
        uploaded_by=row.uploaded_by,
        uploaded_at=row.uploaded_at,
        status=row.status,
        note=row.note,
    )
