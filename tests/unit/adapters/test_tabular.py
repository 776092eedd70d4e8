"""Uploaded tables: the row limit counts every row read, so a row bomb stops at the limit."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from claimdesk.adapters import tabular
from claimdesk.domain.errors import InvalidInput


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_blank_rows_count_towards_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular, "MAX_ROWS", 50)
    bomb = _xlsx([["instruction_id", "result"], [1, "success"], *([[None, None]] * 500)])
    with pytest.raises(InvalidInput) as refused:
        tabular.read_rows(bomb)
    assert refused.value.field == "file" and "50" in refused.value.message_en


def test_rows_within_the_limit_are_read_without_the_blank_ones() -> None:
    content = _xlsx([["instruction_id", "result"], [1, "success"], [None, None], [2, "failed"]])
    assert tabular.read_rows(content) == [
        {"instruction_id": "1", "result": "success"},
        {"instruction_id": "2", "result": "failed"},
    ]


def test_csv_in_gbk_is_read_too() -> None:
    content = "instruction_id,reason\n7,账户已冻结\n".encode("gb18030")
    assert tabular.read_rows(content) == [{"instruction_id": "7", "reason": "账户已冻结"}]
