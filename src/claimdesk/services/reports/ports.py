"""What the reports slice needs from storage: the generated monthly reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class StoredReport:
    month: str
    generated_at: datetime
    generated_by: str
    figures: dict[str, Any]
    submitted_at: datetime | None = None
    submitted_by: str | None = None
    version: int = 1


class MonitoringReportStore(Protocol):
    def get(self, month: str) -> StoredReport | None: ...
    def save(self, report: StoredReport) -> StoredReport: ...
    def mark_submitted(self, month: str, by: str, at: datetime) -> StoredReport: ...
    def recent(self, limit: int) -> list[StoredReport]: ...
