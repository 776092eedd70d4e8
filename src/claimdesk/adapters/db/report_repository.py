"""Stored monthly 理赔时效监测表 reports: one per month, regenerated until submitted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from claimdesk.adapters.db.models_read_side import MonitoringReportRow
from claimdesk.domain.errors import ErrorCode
from claimdesk.domain.refusals import Refused
from claimdesk.services.reports.ports import StoredReport


class SqlMonitoringReports:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, month: str) -> StoredReport | None:
        row = self._row(month)
        return None if row is None else _report(row)

    def save(self, report: StoredReport) -> StoredReport:
        row = self._row(report.month)
        if row is None:
            row = MonitoringReportRow(month=report.month, version=0)
            self.session.add(row)
        row.generated_at, row.generated_by = report.generated_at, report.generated_by
        row.figures, row.version = report.figures, row.version + 1
        self.session.flush()
        return _report(row)

    def mark_submitted(self, month: str, by: str, at: datetime) -> StoredReport:
        row = self._row(month)
        if row is None:
            raise Refused(ErrorCode.MONITORING_REPORT_MISSING, field="month", month=month)
        if row.submitted_at is None:  # submitted once: a second click keeps the first
            row.submitted_at, row.submitted_by = at, by
            self.session.flush()
        return _report(row)

    def recent(self, limit: int) -> list[StoredReport]:
        query = select(MonitoringReportRow).order_by(MonitoringReportRow.month.desc()).limit(limit)
        return [_report(row) for row in self.session.execute(query).scalars()]

    def _row(self, month: str) -> MonitoringReportRow | None:
        query = select(MonitoringReportRow).where(MonitoringReportRow.month == month)
        return self.session.execute(query).scalar_one_or_none()


def _report(row: MonitoringReportRow) -> StoredReport:
    return StoredReport(
        row.month, row.generated_at, row.generated_by, dict(row.figures), row.submitted_at,
        row.submitted_by, row.version,
    )  # fmt: skip
