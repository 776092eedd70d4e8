"""The management reports as labelled tables: one definition serves the page, the JSON API's
Excel download and the page's Excel download (openpyxl), so their numbers cannot differ."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from claimdesk.analytics.management import LossRatioReport, ReserveReport
from claimdesk.analytics.management_people import SampledClaim
from claimdesk.analytics.repair_shops import ShopPerformance
from claimdesk.analytics.staff_kpis import StaffKpi
from claimdesk.web.ui.catalog import N_
from claimdesk.web.ui.views import helpers
from claimdesk.workflow.surveyor_scoring import SurveyorScore

if TYPE_CHECKING:
    # openpyxl (~0.2 s of CPU, some 370 modules) loads on the first download, not at every
    # server start.
    from openpyxl import Workbook

# Column kinds: how a cell is shown on the page and formatted in Excel.
FORMATS = {"money": "#,##0.00", "pct": "0.00%", "int": "#,##0", "num": "0.0", "factor": "0.000000"}

ERROR_TYPE_NAMES = {
    "wrong_amount": N_("Wrong amount"),
    "wrong_liability": N_("Wrong liability"),
    "missing_materials": N_("Closed without materials"),
    "late": N_("Time limit missed"),
    "documentation": N_("Documentation"),
    "other": N_("Other"),
}
SECTION_NAMES = {
    "conduct": N_("Conduct (20)"),
    "quality": N_("Case quality (60)"),
    "timeliness": N_("Timeliness (20)"),
}


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: tuple[tuple[str, str], ...]  # (label, kind)
    rows: tuple[tuple[Any, ...], ...]
    flagged: tuple[bool, ...] = ()  # rows to highlight (e.g. loss ratio over threshold)


def loss_ratio_table(report: LossRatioReport, lang: str) -> Table:
    _, name = helpers(lang)["_"], helpers(lang)["name"]
    cols = ((_("Line of business"), "text"), (_("Product"), "text"), (_("Month"), "text"),
            (_("Earned premium"), "money"), (_("Paid losses"), "money"),
            (_("Case reserve"), "money"), (_("Recoveries"), "money"), (_("Incurred"), "money"),
            (_("Loss ratio"), "pct"), (_("Claims"), "int"))  # fmt: skip
    rows = tuple((name("line", r.line), r.product_code or _("Line total"), r.month,
                  r.earned_premium, r.paid, r.reserve, r.recoveries, r.incurred, r.loss_ratio,
                  r.claims)
                 for r in report.rows)  # fmt: skip
    flagged = tuple(r.over(report.threshold) for r in report.rows)
    return Table("loss-ratio", _("Loss ratio"), cols, rows, flagged)


def reserve_tables(report: ReserveReport, lang: str) -> tuple[Table, Table, Table]:
    _, name = helpers(lang)["_"], helpers(lang)["name"]
    lines = Table("case-reserves", _("Case reserves of open claims"),
                  ((_("Line of business"), "text"), (_("Open claims"), "int"),
                   (_("Case reserve"), "money")),
                  tuple((name("line", r.line), r.open_claims, r.case_reserve)
                        for r in report.by_line))  # fmt: skip
    factors = Table("development-factors", _("Development factors (chain ladder)"),
                    ((_("Development month"), "text"), (_("Factor"), "factor")),
                    tuple((f"{k}→{k + 1}", f)
                          for k, f in enumerate(report.ladder.factors)))  # fmt: skip
    ibnr = Table("ibnr", _("IBNR by report month"),
                 ((_("Report month"), "text"), (_("Months developed"), "int"),
                  (_("Paid to date"), "money"), (_("Ultimate"), "money"),
                  (_("Case reserve"), "money"), (_("IBNR"), "money")),
                 tuple((o.origin, o.age, o.paid, o.ultimate, o.case_reserve, o.ibnr)
                       for o in report.ladder.origins))  # fmt: skip
    return lines, factors, ibnr


def staff_table(kpis: tuple[StaffKpi, ...], lang: str) -> Table:
    _ = helpers(lang)["_"]
    cols = ((_("Handler"), "text"), (_("Claims closed"), "int"),
            (_("Median cycle (days)"), "num"), (_("Within time limits"), "pct"),
            (_("Reopen rate"), "pct"), (_("Complaints"), "int"), (_("Reviews"), "int"),
            (_("Quality score"), "num"), (_("Error rate"), "pct"))  # fmt: skip
    rows = tuple((k.handler, k.closed, k.median_cycle_days, k.within_limit_rate,
                  k.reopen_rate, k.complaints, k.reviews, k.quality_score, k.error_rate)
                 for k in kpis)  # fmt: skip
    return Table("staff", _("Staff KPIs"), cols, rows)


def surveyor_table(scores: tuple[SurveyorScore, ...], lang: str) -> Table:
    _ = helpers(lang)["_"]
    sections = [code for code, _points in scores[0].sections] if scores else list(SECTION_NAMES)
    cols = ((_("Rank"), "int"), (_("Surveyor"), "text"), (_("Surveys"), "int"),
            *((_(SECTION_NAMES[c]), "int") for c in sections), (_("Score"), "int"))  # fmt: skip
    rows = tuple((rank, s.surveyor, s.surveys, *(v for _c, v in s.sections), s.total)
                 for rank, s in enumerate(scores, 1))  # fmt: skip
    return Table("surveyors", _("Surveyor scores"), cols, rows)


def repair_shop_table(shops: tuple[ShopPerformance, ...], lang: str) -> Table:
    _ = helpers(lang)["_"]
    cols = ((_("Repair shop"), "text"), (_("Claims"), "int"), (_("Closed"), "int"),
            (_("Average cycle (days)"), "text"), (_("Re-repairs"), "int"),
            (_("Complaints"), "int"))  # fmt: skip
    rows = tuple((s.shop, s.claims, s.closed, "" if s.average_cycle_days is None
                  else str(s.average_cycle_days), s.re_repairs, s.complaints)
                 for s in shops)  # fmt: skip
    return Table("repair-shops", _("Repair-shop performance"), cols, rows)


def sample_table(sample: tuple[SampledClaim, ...], lang: str) -> Table:
    _ = helpers(lang)["_"]
    cols = ((_("Handler"), "text"), (_("Claim number"), "text"), (_("Quality score"), "int"))
    rows = tuple((s.handler, s.claim_no, s.score) for s in sample)
    return Table("quality-sample", _("Quality sample"), cols, rows)


def workbook(tables: tuple[Table, ...]) -> Workbook:
    """One sheet per table: bold headers, numbers kept as numbers with their format."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.title[:31])
        sheet.append([label for label, _ in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
        for index, (_label, kind) in enumerate(table.columns, 1):
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = FORMATS.get(kind, "General")
    return book
