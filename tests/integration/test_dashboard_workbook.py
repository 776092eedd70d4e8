"""The dashboard's Excel download reads like the page (issue 12): "截至 / as of" on top, bold
frozen headers, ¥ amounts, percentages, counts and column widths that fit."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from claimdesk.analytics.dashboard import AgingRow, Dashboard, StageRow, VolumeRow, WorkloadRow
from claimdesk.analytics.sla_report import ComplianceRow, SlaReport
from claimdesk.bootstrap import Container
from claimdesk.services.claims.use_cases import report_claim
from claimdesk.web.ui.dashboard_workbook import workbook
from tests.builders import a_report, a_world
from tests.integration.test_web_pages import sign_in

# PostgreSQL too: see tests/conftest.py (what differs between databases).
pytestmark = pytest.mark.postgres

AT = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # 10:00 in Beijing


def _figures() -> tuple[Dashboard, SlaReport]:
    figures = Dashboard(
        at=AT,
        volume=(VolumeRow("health", "2026-11", 12, Decimal("3925.98"), Decimal("-0.3684"),
                          Decimal("2.5400")),),
        stages=(StageRow("reported", 192, Decimal("27.7")),),
        aging=(AgingRow("0–7", 6, Decimal("25646.82"), Decimal("13837.43")),),
        workload=(WorkloadRow("specialist", "李理赔", "specialist", 14),),
    )  # fmt: skip
    team = ComplianceRow("approver", closed=132, met=124, open_at_risk=3, open_breached=1)
    return figures, SlaReport(AT, (), (team,), 3, 1, ())


def _column(sheet: Worksheet, header: str) -> int:
    return next(c.column for c in sheet[2] if c.value == header)


def test_every_figure_has_its_number_format_and_the_sheet_its_as_of_line() -> None:
    book = workbook(*_figures(), "zh")
    volume, sla = book["案件与赔款"], book.worksheets[2]
    assert volume["A1"].value.startswith("截至 / as of 2026-11-30 10:00")
    assert [c.value for c in volume[2]][:4] == ["险种", "月份", "案件数", "赔款"]
    assert all(cell.font.bold for cell in volume[2])
    assert volume.freeze_panes == "A3"
    assert (volume["C3"].value, volume["C3"].number_format) == (12, "#,##0")
    assert (volume["D3"].value, volume["D3"].number_format) == (3925.98, '"¥"#,##0.00')
    assert volume["E3"].number_format == "+0.0%;-0.0%;0.0%"
    rate = sla.cell(3, _column(sla, "达成率"))
    late = sla.cell(3, _column(sla, "超时完成"))
    assert (rate.value, rate.number_format) == (0.9394, "0.0%")
    assert late.value == 8 and late.column == rate.column - 1  # the rate beside its breaches
    aging = book.worksheets[3]
    assert aging["C3"].number_format == aging["D3"].number_format == '"¥"#,##0.00'
    assert volume.column_dimensions["A"].width >= 8 and aging.column_dimensions["C"].width >= 13


def test_the_english_workbook_has_english_headers() -> None:
    book = workbook(*_figures(), "en")
    sheet = book.worksheets[2]
    assert "Completed late" in [c.value for c in sheet[2]]
    assert sheet["A1"].value.startswith("截至 / as of")


def test_the_download_is_the_formatted_workbook(container: Container, client: TestClient) -> None:
    world = a_world(container)
    report_claim(
        container.context(), actor=world.users["agent"], report=a_report(), idempotency_key=None
    )
    sign_in(client, "manager")
    response = client.get("/dashboard.xlsx")
    book = load_workbook(BytesIO(response.content))
    sheet = book["案件与赔款"]
    assert sheet["A1"].value.startswith("截至 / as of")
    assert (sheet["C3"].value, sheet["C3"].number_format) == (1, "#,##0")
    assert sheet["D3"].number_format == '"¥"#,##0.00' and sheet.freeze_panes == "A3"
