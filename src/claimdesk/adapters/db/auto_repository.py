"""Auto claims: rows ⇄ domain dataclasses for reports, surveys, quotes and the open list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from claimdesk.adapters.db.auto_mapping import (
    file_from_row,
    file_to_row,
    open_claim_from_rows,
    survey_from_row,
    survey_to_row,
)
from claimdesk.adapters.db.models import ClaimRow, UserRow
from claimdesk.adapters.db.models_auto import (
    AssessmentLineRow,
    AutoReportRow,
    SurveyRow,
    TenderQuoteRow,
)
from claimdesk.adapters.db.models_reserves import ReserveRow
from claimdesk.domain.auto_claim import (
    AutoFile,
    OpenAutoClaim,
    Survey,
    SurveyRecord,
    SurveyStatus,
    TenderQuote,
)
from claimdesk.domain.errors import NotFound

# 未决赔案: a claim stays open until it is closed; denied and withdrawn claims owe nothing.
SETTLED = ("closed", "archived", "denied", "withdrawn")


class SqlAutoClaims:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_file(self, auto_file: AutoFile) -> None:
        self.session.add(file_to_row(auto_file))
        self.session.flush()

    def find_file(self, claim_id: int) -> AutoFile | None:
        row = self.session.get(AutoReportRow, claim_id)
        return None if row is None else file_from_row(row)

    def save_flags(self, auto_file: AutoFile) -> None:
        row = self.session.get(AutoReportRow, auto_file.claim_id)
        if row is None:
            raise NotFound("车险报案 auto report", auto_file.claim_id)
        row.fast_track = auto_file.fast_track
        row.large_case = auto_file.large_case
        row.resurvey_required = auto_file.resurvey_required
        row.tender_required = auto_file.tender_required
        self.session.flush()

    def count_on_vehicle(self, policy_id: int, plate: str, since: datetime, until: datetime) -> int:
        query = (
            select(func.count(AutoReportRow.claim_id))
            .join(ClaimRow, ClaimRow.id == AutoReportRow.claim_id)
            .where(ClaimRow.policy_id == policy_id, AutoReportRow.vehicle_plate == plate)
            .where(AutoReportRow.accident_at >= since, AutoReportRow.accident_at < until)
        )
        return int(self.session.execute(query).scalar_one())

    def surveyor_loads(self) -> dict[int, int]:
        """Every active surveyor → how many surveys they have open (not yet signed)."""
        open_count = func.count(SurveyRow.id)
        query = (
            select(UserRow.id, open_count)
            .outerjoin(
                SurveyRow,
                (SurveyRow.surveyor_id == UserRow.id) & (SurveyRow.status != SurveyStatus.SIGNED),
            )
            .where(UserRow.role == "surveyor", UserRow.active.is_(True))
            .group_by(UserRow.id)
        )
        return {user_id: int(count) for user_id, count in self.session.execute(query)}

    def add_survey(self, survey: Survey) -> Survey:
        row = SurveyRow(status=survey.status, photo_ids=[])
        survey_to_row(survey, row)
        self.session.add(row)
        self.session.flush()
        return replace(survey, id=row.id)

    def save_survey(self, survey: Survey) -> Survey:
        row = self.session.get(SurveyRow, survey.id)
        if row is None:
            raise NotFound("查勘 survey", survey.id)
        survey_to_row(survey, row)
        self._replace_lines(row.id, survey.record)
        self.session.flush()
        return survey

    def surveys_for(self, claim_id: int) -> list[Survey]:
        query = select(SurveyRow).where(SurveyRow.claim_id == claim_id).order_by(SurveyRow.id)
        rows = list(self.session.execute(query).scalars())
        lines = self._lines_of([row.id for row in rows])
        return [survey_from_row(row, lines.get(row.id, [])) for row in rows]

    def add_quotes(
        self, claim_id: int, quotes: Sequence[TenderQuote], by_user: int, at: datetime
    ) -> None:
        self.session.add_all(
            TenderQuoteRow(
                claim_id=claim_id,
                repair_shop=quote.repair_shop,
                amount=quote.amount,
                note=quote.note,
                repair_shop_id=quote.repair_shop_id,
                compliance=quote.compliance,
                recorded_by=by_user,
                recorded_at=at,
            )
            for quote in quotes
        )
        self.session.flush()

    def quotes_for(self, claim_id: int) -> list[TenderQuote]:
        query = select(TenderQuoteRow).where(TenderQuoteRow.claim_id == claim_id)
        rows = self.session.execute(query.order_by(TenderQuoteRow.id)).scalars()
        return [
            TenderQuote(row.repair_shop, row.amount, row.note, row.repair_shop_id, row.compliance)
            for row in rows
        ]

    def surveys_of(self, surveyor_id: int, *, open_only: bool = True) -> list[Survey]:
        """A surveyor's dispatches (newest first), with their lines, in two queries."""
        query = select(SurveyRow).where(SurveyRow.surveyor_id == surveyor_id)
        if open_only:
            query = query.where(SurveyRow.status != SurveyStatus.SIGNED)
        rows = list(self.session.execute(query.order_by(SurveyRow.id.desc())).scalars())
        lines = self._lines_of([row.id for row in rows])
        return [survey_from_row(row, lines.get(row.id, [])) for row in rows]

    def open_claims(self, *, after_id: int | None, limit: int) -> list[OpenAutoClaim]:
        """Newest first, keyset on the claim id; reserves and surveys in one query each."""
        query = (
            select(ClaimRow, AutoReportRow)
            .join(AutoReportRow, AutoReportRow.claim_id == ClaimRow.id)
            .where(ClaimRow.status.not_in(SETTLED))
            .order_by(ClaimRow.id.desc())
        )
        if after_id is not None:
            query = query.where(ClaimRow.id < after_id)
        pairs = list(self.session.execute(query.limit(limit)))
        ids = [claim.id for claim, _ in pairs]
        reserves = self._newest(ReserveRow, ids)
        surveys = self._newest(SurveyRow, ids)
        return [
            open_claim_from_rows(claim, auto, reserves.get(claim.id), surveys.get(claim.id))
            for claim, auto in pairs
        ]

    def _newest(self, table: Any, claim_ids: list[int]) -> dict[int, Any]:
        query = select(table).where(table.claim_id.in_(claim_ids)).order_by(table.id)
        return {row.claim_id: row for row in self.session.execute(query).scalars()}

    def _lines_of(self, survey_ids: list[int]) -> dict[int, list[AssessmentLineRow]]:
        query = select(AssessmentLineRow).where(AssessmentLineRow.survey_id.in_(survey_ids))
        found: dict[int, list[AssessmentLineRow]] = {}
        for row in self.session.execute(query.order_by(AssessmentLineRow.position)).scalars():
            found.setdefault(row.survey_id, []).append(row)
        return found

    def _replace_lines(self, survey_id: int, record: SurveyRecord | None) -> None:
        query = select(AssessmentLineRow).where(AssessmentLineRow.survey_id == survey_id)
        for old in self.session.execute(query).scalars():
            self.session.delete(old)
        for position, item in enumerate(record.items if record else (), 1):
            self.session.add(
                AssessmentLineRow(
                    survey_id=survey_id,
                    position=position,
                    part=item.part,
                    action=item.action,
                    amount=item.amount,
                    reason=item.reason,
                    part_code=item.part_code,
                    labour=item.labour,
                    agreed_price=item.agreed_price,
                    over_price_reason=item.over_price_reason,
                )
            )
