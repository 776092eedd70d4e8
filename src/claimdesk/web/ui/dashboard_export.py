"""The dashboard's figures as chart series (for ECharts) and as an Excel workbook (openpyxl)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openpyxl import Workbook

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
                "rates": [_pct(row.compliance) for row in sla.by_team]},
        "aging": {"labels": [row.bucket for row in figures.aging],
                  "claims": [row.claims for row in figures.aging],
                  "reserve": [float(row.reserve) for row in figures.aging]},
        "workload": {"labels": [row.display_name for row in figures.workload],
                     "tasks": [row.open_tasks for row in figures.workload]},
    }  # fmt: skip


def _pct(rate: Decimal | None) -> float | None:
    return None if rate is None else float(rate * 100)


def workbook(figures: Dashboard, sla: SlaReport, lang: str) -> Workbook:
    text = helpers(lang)
    _, pgettext, name = text["_"], text["pgettext"], text["name"]
    book = Workbook()
    sheets: list[tuple[str, list[str], list[list[Any]]]] = [
        (_("Cases and paid"),
         [pgettext("险种", "Line"), _("Month"), _("Cases"), pgettext("赔款", "Paid"),
          _("Cases change"), _("Paid change")],
         [[name("line", r.line), r.month, r.cases, r.paid, r.cases_change, r.paid_change]
          for r in figures.volume]),
        (_("Stage durations"),
         [_("Stage"), pgettext("赔案数", "Claims"), _("Average hours")],
         [[name("status", r.status), r.claims, r.average_hours] for r in figures.stages]),
        (pgettext("时效达成", "SLA"),
         [_("Team"), pgettext("已完成", "Closed"), _("On time"), _("Rate"),
          _("At risk"), _("Breached")],
         [[name("role", r.key), r.closed, r.met, r.compliance, r.open_at_risk, r.open_breached]
          for r in sla.by_team]),
        (_("Open-claim aging"),
         [_("Age (days)"), pgettext("案件数", "Claims"), _("Claimed"),
          _("Reserve")],
         [[r.bucket, r.claims, r.claimed, r.reserve] for r in figures.aging]),
        (_("Workload"),
         [_("User"), _("Role"), _("Open tasks")],
         [[r.display_name, name("role", r.role), r.open_tasks] for r in figures.workload]),
    ]  # fmt: skip
    book.remove(book.active)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append(header)
        for row in rows:
            sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
    return book
