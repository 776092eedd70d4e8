"""Report files: Excel (openpyxl, formatted numbers), CSV (UTF-8 with BOM, so Excel on Chinese
Windows opens it) and PDF (reportlab, CJK font) from labelled sheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from claimdesk.domain.errors import ErrorCode
from claimdesk.domain.refusals import Refused

Sheet = tuple[str, list[str], list[list[Any]]]
FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}
_RATE_WORDS = ("率", "rate", "ratio")


def render(kind: str, title: str, sheets: Sequence[Sheet]) -> bytes:
    if kind not in FORMATS:
        raise Refused(ErrorCode.REPORT_FORMAT_UNKNOWN, field="format", format=kind)
    return {"xlsx": xlsx, "csv": csv_bytes, "pdf": pdf}[kind](title, sheets)


def xlsx(title: str, sheets: Sequence[Sheet]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for name, header, rows in sheets:
        sheet = book.create_sheet(name[:31])
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
        _number_formats(sheet, header)
        sheet.freeze_panes = "A2"
    book.properties.title = title
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def _number_formats(sheet: Any, header: list[str]) -> None:
    from openpyxl.utils import get_column_letter

    for index, name in enumerate(header, start=1):
        rate = any(word in name.lower() for word in _RATE_WORDS)
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            if isinstance(cell.value, float):
                cell.number_format = "0.0%" if rate else "#,##0.00"
        sheet.column_dimensions[get_column_letter(index)].width = 16


def csv_bytes(title: str, sheets: Sequence[Sheet]) -> bytes:
    """One file: each sheet under its own title line, a blank line between sheets."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow([title])
    for name, header, rows in sheets:
        writer.writerows([[], [name], header])
        writer.writerows([["" if v is None else v for v in row] for row in rows])
    return text.getvalue().encode("utf-8-sig")


def pdf(title: str, sheets: Sequence[Sheet]) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from claimdesk.adapters.documents import cjk_font

    font = cjk_font()
    heading = ParagraphStyle("h", fontName=font, fontSize=14, leading=20)
    cell = ParagraphStyle("c", fontName=font, fontSize=7, leading=9)
    story: list[Any] = [Paragraph(title, heading)]
    style = TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey)])  # fmt: skip
    for name, header, rows in sheets:
        data = [[Paragraph(str(v), cell) for v in header]]
        data += [[Paragraph(_text(v), cell) for v in row] for row in rows]
        story += [Spacer(1, 8), Paragraph(name, heading), Table(data, style=style, repeatRows=1)]
    stream = io.BytesIO()
    SimpleDocTemplate(stream, pagesize=landscape(A4), title=title).build(story)
    return stream.getvalue()


def _text(value: Any) -> str:
    return "" if value is None else str(value)
