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
    t, name = helpers(lang)["t"], helpers(lang)["name"]
    book = Workbook()
    sheets: list[tuple[str, list[str], list[list[Any]]]] = [
        (t("案件与赔款", "Cases and paid"),
         [t("险种", "Line"), t("月份", "Month"), t("案件数", "Cases"), t("赔款", "Paid"),
          t("案件环比", "Cases change"), t("赔款环比", "Paid change")],
         [[name("line", r.line), r.month, r.cases, r.paid, r.cases_change, r.paid_change]
          for r in figures.volume]),
        (t("环节时长", "Stage durations"),
         [t("环节", "Stage"), t("赔案数", "Claims"), t("平均小时", "Average hours")],
         [[name("status", r.status), r.claims, r.average_hours] for r in figures.stages]),
        (t("时效达成", "SLA"),
         [t("岗位", "Team"), t("已完成", "Closed"), t("按时", "On time"), t("达成率", "Rate"),
          t("临近时限", "At risk"), t("已超时", "Breached")],
         [[name("role", r.key), r.closed, r.met, r.compliance, r.open_at_risk, r.open_breached]
          for r in sla.by_team]),
        (t("未决赔案账龄", "Open-claim aging"),
         [t("账龄（天）", "Age (days)"), t("案件数", "Claims"), t("申请金额", "Claimed"),
          t("准备金", "Reserve")],
         [[r.bucket, r.claims, r.claimed, r.reserve] for r in figures.aging]),
        (t("人员工作量", "Workload"),
         [t("用户", "User"), t("岗位", "Role"), t("待办任务", "Open tasks")],
         [[r.display_name, name("role", r.role), r.open_tasks] for r in figures.workload]),
    ]  # fmt: skip
    book.remove(book.active)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append(header)
        for row in rows:
            sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
    return book
