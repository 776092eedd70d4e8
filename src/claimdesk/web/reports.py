"""The monitoring report's composition, shared by the API, the pages, the sweep and the CLI:
figures from the read side, stored by the reports slice, rendered to a file."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from claimdesk.adapters.report_files import FORMATS, render
from claimdesk.analytics.monitoring_labels import label
from claimdesk.analytics.monitoring_queries import compute_figures
from claimdesk.analytics.monitoring_sheets import sheets
from claimdesk.domain.months import Month
from claimdesk.services.ports import UnitOfWork
from claimdesk.services.reports.ports import StoredReport


def figure_source(uow: UnitOfWork, month: Month, now: datetime) -> dict[str, Any]:
    return compute_figures(uow.portal, month, now)


def report_file(report: StoredReport, kind: str, lang: str) -> tuple[bytes, str, str]:
    """The file's bytes, media type and download name (理赔时效监测表-2026-11.xlsx)."""
    title = f"{label('title', lang)} {report.month}"
    content = render(kind, title, sheets(report.figures, lang))
    name = f"claimdesk-monitoring-{report.month}.{kind}"
    return content, FORMATS[kind], name
