"""The dashboard as a formatted Excel workbook (openpyxl): one sheet per figure, each with the
"截至 / as of" moment on its first row, a bold frozen header row, fitted column widths and
number formats (¥ amounts, percentages, counts, hours) so the figures read as on the page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from claimdesk.analytics.dashboard import Dashboard
from claimdesk.analytics.sla_report import SlaReport
from claimdesk.web.ui import i18n
from claimdesk.web.ui.views import helpers

if TYPE_CHECKING:
    # openpyxl (~0.2 s of CPU, some 370 modules) loads on the first download, not at every
    # server start.
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

YUAN = '"¥"#,##0.00'
PERCENT = "0.0%"
CHANGE = "+0.0%;-0.0%;0.0%"
COUNT = "#,##0"
HOURS = "#,##0.0"
TEXT = "@"
HEADER_ROW = 2  # row 1 holds the "as of" moment


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: Sequence[tuple[str, str]]  # (header, number format)
    rows: Sequence[Sequence[Any]]


def workbook(figures: Dashboard, sla: SlaReport, lang: str) -> Workbook:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    as_of = _as_of(figures.at, lang)
    for sheet in sheets(figures, sla, lang):
        _write(book.create_sheet(sheet.title), sheet, as_of)
    return book


def sheets(figures: Dashboard, sla: SlaReport, lang: str) -> list[Sheet]:
    text = helpers(lang)
    _, pgettext, name, pick = text["_"], text["pgettext"], text["name"], text["pick"]
    return [
        Sheet(_("Cases and paid"),
              ((pgettext("险种", "Line"), TEXT), (_("Month"), TEXT), (_("Cases"), COUNT),
               (pgettext("赔款", "Paid"), YUAN), (_("Cases change"), CHANGE),
               (_("Paid change"), CHANGE)),
              [[name("line", r.line), r.month, r.cases, r.paid, r.cases_change, r.paid_change]
               for r in figures.volume]),
        Sheet(_("Stage durations"),
              ((_("Stage"), TEXT), (pgettext("赔案数", "Claims"), COUNT),
               (_("Average hours"), HOURS)),
              [[name("status", r.status), r.claims, r.average_hours] for r in figures.stages]),
        Sheet(pgettext("时效达成", "SLA"),
              ((_("Team"), TEXT), (pgettext("已完成", "Closed"), COUNT), (_("On time"), COUNT),
               (pick("超时完成", "Completed late"), COUNT), (_("Rate"), PERCENT),
               (_("At risk"), COUNT), (_("Breached"), COUNT)),
              [[name("role", r.key), r.closed, r.met, r.late, r.compliance, r.open_at_risk,
                r.open_breached] for r in sla.by_team]),
        Sheet(_("Open-claim aging"),
              ((_("Age (days)"), TEXT), (pgettext("案件数", "Claims"), COUNT),
               (_("Claimed"), YUAN), (_("Reserve"), YUAN)),
              [[r.bucket, r.claims, r.claimed, r.reserve] for r in figures.aging]),
        Sheet(_("Workload"),
              ((_("User"), TEXT), (_("Role"), TEXT), (_("Open tasks"), COUNT)),
              [[r.display_name, name("role", r.role), r.open_tasks] for r in figures.workload]),
    ]  # fmt: skip


def _as_of(at: datetime, lang: str) -> str:
    return f"截至 / as of {i18n.moment(at, lang)}（北京时间 / Beijing time）"


def _write(sheet: Worksheet, spec: Sheet, as_of: str) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet.append([as_of])
    sheet.append([header for header, _ in spec.columns])
    for row in spec.rows:
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
    for index, (header, number_format) in enumerate(spec.columns, start=1):
        for (cell,) in sheet.iter_rows(min_row=HEADER_ROW + 1, min_col=index, max_col=index):
            cell.number_format = number_format
        width = max([_width(header), *(_width(row[index - 1]) for row in spec.rows)])
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 4, 40)
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)


def _width(value: Any) -> int:
    """Display width: a CJK character takes two columns."""
    text = f"{value:,.2f}" if isinstance(value, Decimal) else str(value or "")
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)
