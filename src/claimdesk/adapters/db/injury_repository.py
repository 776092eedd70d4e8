"""人伤 on auto claims: rows ⇄ domain dataclasses; a claim's files read in one query each."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from claimdesk.adapters.db.models_hospitals import HospitalRow
from claimdesk.adapters.db.models_injuries import (
    DeathDisabilityItemRow,
    FollowUpVisitRow,
    InjuredPersonRow,
    InjuryBillLineRow,
    InjurySettlementRow,
)
from claimdesk.domain.auto_injury import (
    DeathDisabilityEntry,
    DeathDisabilityKind,
    FollowUpVisit,
    InjuredPerson,
    InjuredRole,
    InjuryBillLine,
    InjuryFile,
    InjurySettlement,
)
from claimdesk.domain.errors import NotFound


class SqlInjuries:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_person(self, person: InjuredPerson) -> InjuredPerson:
        row = InjuredPersonRow(
            claim_id=person.claim_id,
            name=person.name,
            role=str(person.role),
            id_number=person.id_number,
            recorded_by=person.recorded_by,
            recorded_at=person.recorded_at,
        )
        self.session.add(row)
        self.session.flush()
        return _person(row)

    def get_person(self, person_id: int) -> InjuredPerson:
        row = self.session.get(InjuredPersonRow, person_id)
        if row is None:
            raise NotFound("伤者 injured person", person_id)
        return _person(row)

    def add_line(self, line: InjuryBillLine) -> InjuryBillLine:
        row = InjuryBillLineRow(
            person_id=line.person_id,
            line_type=line.line_type,
            name=line.name,
            amount=line.amount,
            self_funded=line.self_funded,
            recorded_by=line.recorded_by,
            recorded_at=line.recorded_at,
        )
        self.session.add(row)
        self.session.flush()
        return _line(row)

    def add_visit(self, visit: FollowUpVisit) -> FollowUpVisit:
        row = FollowUpVisitRow(
            person_id=visit.person_id,
            visited_on=visit.visited_on,
            hospital_id=visit.hospital_id,
            note=visit.note,
            recorded_by=visit.recorded_by,
            recorded_at=visit.recorded_at,
        )
        self.session.add(row)
        self.session.flush()
        return replace(visit, id=row.id)

    def add_item(self, item: DeathDisabilityEntry) -> DeathDisabilityEntry:
        row = DeathDisabilityItemRow(
            person_id=item.person_id,
            kind=str(item.kind),
            basis=item.basis,
            standard=item.standard,
            quantity=item.quantity,
            ratio_bp=int((item.ratio * BASIS_POINTS).to_integral_exact()),
            recorded_by=item.recorded_by,
            recorded_at=item.recorded_at,
        )
        self.session.add(row)
        self.session.flush()
        return _item(row)

    def settlement_for(self, person_id: int) -> InjurySettlement | None:
        row = self.session.get(InjurySettlementRow, person_id)
        return None if row is None else _settlement(row)

    def add_settlement(self, settlement: InjurySettlement) -> None:
        self.session.add(
            InjurySettlementRow(
                person_id=settlement.person_id,
                amount=settlement.amount,
                signed_on=settlement.signed_on,
                parties=settlement.parties,
                recorded_by=settlement.recorded_by,
                recorded_at=settlement.recorded_at,
            )
        )
        self.session.flush()

    def files_for(self, claim_id: int) -> list[InjuryFile]:
        """Every injured person of the claim with lines, visits, 死亡伤残 items and settlement
        (5 queries)."""
        persons = self.session.execute(
            select(InjuredPersonRow)
            .where(InjuredPersonRow.claim_id == claim_id)
            .order_by(InjuredPersonRow.id)
        ).scalars().all()  # fmt: skip
        if not persons:
            return []
        ids = [row.id for row in persons]
        lines: dict[int, list[InjuryBillLine]] = defaultdict(list)
        query = select(InjuryBillLineRow).where(InjuryBillLineRow.person_id.in_(ids))
        for row in self.session.execute(query.order_by(InjuryBillLineRow.id)).scalars():
            lines[row.person_id].append(_line(row))
        visits: dict[int, list[FollowUpVisit]] = defaultdict(list)
        joined = (
            select(FollowUpVisitRow, HospitalRow.name)
            .join(HospitalRow, HospitalRow.id == FollowUpVisitRow.hospital_id)
            .where(FollowUpVisitRow.person_id.in_(ids))
            .order_by(FollowUpVisitRow.visited_on, FollowUpVisitRow.id)
        )
        for visit, hospital in self.session.execute(joined).all():
            visits[visit.person_id].append(_visit(visit, hospital))
        items: dict[int, list[DeathDisabilityEntry]] = defaultdict(list)
        query_i = select(DeathDisabilityItemRow).where(DeathDisabilityItemRow.person_id.in_(ids))
        for item in self.session.execute(query_i.order_by(DeathDisabilityItemRow.id)).scalars():
            items[item.person_id].append(_item(item))
        query_s = select(InjurySettlementRow).where(InjurySettlementRow.person_id.in_(ids))
        settlements = {
            row.person_id: _settlement(row) for row in self.session.execute(query_s).scalars()
        }
        return [
            InjuryFile(
                _person(row),
                tuple(lines[row.id]),
                tuple(visits[row.id]),
                settlements.get(row.id),
                tuple(items[row.id]),
            )
            for row in persons
        ]


BASIS_POINTS = Decimal(10000)


def _item(row: DeathDisabilityItemRow) -> DeathDisabilityEntry:
    return DeathDisabilityEntry(
        row.id,
        row.person_id,
        DeathDisabilityKind(row.kind),
        row.basis,
        row.standard,
        row.quantity,
        Decimal(row.ratio_bp) / BASIS_POINTS,
        row.recorded_by,
        row.recorded_at,
    )


def _person(row: InjuredPersonRow) -> InjuredPerson:
    return InjuredPerson(
        row.id,
        row.claim_id,
        row.name,
        InjuredRole(row.role),
        row.id_number,
        row.recorded_by,
        row.recorded_at,
    )


def _line(row: InjuryBillLineRow) -> InjuryBillLine:
    return InjuryBillLine(
        row.id,
        row.person_id,
        row.line_type,
        row.name,
        row.amount,
        row.self_funded,
        row.recorded_by,
        row.recorded_at,
    )


def _visit(row: FollowUpVisitRow, hospital_name: str) -> FollowUpVisit:
    return FollowUpVisit(
        row.id,
        row.person_id,
        row.visited_on,
        row.hospital_id,
        hospital_name,
        row.note,
        row.recorded_by,
        row.recorded_at,
    )


def _settlement(row: InjurySettlementRow) -> InjurySettlement:
    return InjurySettlement(
        row.person_id, row.amount, row.signed_on, row.parties, row.recorded_by, row.recorded_at
    )
