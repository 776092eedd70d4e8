"""Reading uploaded tables (CSV in UTF-8 or GBK, Excel .xlsx) into rows of strings."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from itertools import islice

from claimdesk.domain.errors import InvalidInput

MAX_ROWS = 50_000
_XLSX_MAGIC = b"PK\x03\x04"


def read_rows(content: bytes) -> list[dict[str, str]]:
    """Detect the format by content, never by the file name. Rows are read lazily and the
    limit counts every row read, blank ones too: a tiny file declaring a million rows stops
    at the limit instead of being parsed whole."""
    rows = _read_xlsx(content) if content.startswith(_XLSX_MAGIC) else _read_csv(content)
    kept = list(islice(rows, MAX_ROWS + 1))
    if len(kept) > MAX_ROWS:
        raise InvalidInput(
            f"文件超过 {MAX_ROWS} 行", f"file has more than {MAX_ROWS} rows", field="file"
        )
    return [row for row in kept if any(row.values())]


def _read_csv(content: bytes) -> Iterator[dict[str, str]]:
    text = _decode(content)
    for row in csv.DictReader(io.StringIO(text)):
        yield {(k or "").strip(): (v or "").strip() for k, v in row.items()}


def _decode(content: bytes) -> str:
    # Excel on Chinese Windows saves CSV as GBK; everything else is UTF-8 (maybe with a BOM).
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidInput(
        "无法识别文件编码（需 UTF-8 或 GBK）", "file is neither UTF-8 nor GBK", field="file"
    )


def _read_xlsx(content: bytes) -> Iterator[dict[str, str]]:
    # Here, not at the top: openpyxl (~0.2 s of CPU, some 370 modules) loads on the first
    # spreadsheet, not at every server start.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:
        raise InvalidInput(
            "Excel 文件无法读取", f"unreadable Excel file: {error}", field="file"
        ) from error
    sheet = workbook.worksheets[0]
    values: Iterable[tuple[object, ...]] = sheet.iter_rows(values_only=True)
    rows = iter(values)
    header = [str(cell or "").strip() for cell in next(rows, ())]
    for row in rows:
        yield {
            name: "" if cell is None else str(cell).strip()
            for name, cell in zip(header, row, strict=False)
        }
