"""The dashboard's figures as chart series for ECharts (the workbook: dashboard_workbook.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from claimdesk.analytics.dashboard import Dashboard
from claimdesk.analytics.sla_report import SlaReport
from claimdesk.web.ui.views import helpers


def chart_data(figures: Dashboard, sla: SlaReport, lang: str) -> dict[str, Any]:
    name = helpers(lang)["name"]
    months = sorted({row.month for row in figures.volume})
    lines = sorted({row.line for row in figures.volume})
    by_key = {(row.line, row.month): row for row in figures.volume}
    return {
        "months": months,
        "volume": [
            {"name": name("line", line),
             "cases": [by_key[(line, m)].cases if (line, m) in by_key else 0 for m in months],
             "paid": [float(by_key[(line, m)].paid) if (line, m) in by_key else 0 for m in months]}
            for line in lines
        ],
        "stages": {"labels": [name("status", row.status) for row in figures.stages],
                   "hours": [float(row.average_hours) for row in figures.stages]},
        "sla": {"labels": [name("role", row.key) for row in sla.by_team],
                "rates": [_pct(row.compliance) for row in sla.by_team],
                "late": [row.late for row in sla.by_team],
                "closed": [row.closed for row in sla.by_team]},
        "aging": {"labels": [row.bucket for row in figures.aging],
                  "claims": [row.claims for row in figures.aging],
                  "reserve": [float(row.reserve) for row in figures.aging]},
        "workload": {"labels": [row.display_name for row in figures.workload],
                     "tasks": [row.open_tasks for row in figures.workload]},
    }  # fmt: skip


def _pct(rate: Decimal | None) -> float | None:
    return None if rate is None else float(rate * 100)
