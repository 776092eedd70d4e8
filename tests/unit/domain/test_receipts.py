"""票据识别: the text boxes an OCR engine found read into the report's fields (no engine here)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from claimdesk.domain.hospitals import Hospital
from claimdesk.domain.receipts import (
    ReceiptItem,
    TextBox,
    line_type_of,
    match_hospital,
    read_receipt,
    receipt_total,
    text_lines,
)

RUIJIN = Hospital("SH-0002", "上海交通大学医学院附属瑞金医院", aliases=("瑞金医院",))
SIXTH = Hospital("SH-0003", "上海市第六人民医院", aliases=("六院",))
FIRST = Hospital("SH-0004", "上海市第一人民医院")


def row(y: float, *texts: str) -> list[TextBox]:
    """Boxes on one printed row, left to right, a little uneven as an engine finds them."""
    return [
        TextBox(text, 40 + 300 * i, y + i, 40 + 300 * i + 20 * len(text), y + 30 + i)
        for i, text in enumerate(texts)
    ]


def a_receipt(hospital_line: str = "收款单位：上海市第六人民医院") -> list[TextBox]:
    boxes = [
        *row(40, "上海市医疗收费票据（电子）"),
        *row(110, "票据代码：46782118", "票据号码：9597089479"),
        *row(160, "交款人：陈静", "开票日期：2026-07-11"),
        *row(210, hospital_line),
        *row(270, "项目名称", "金额（元）"),
        *row(320, "治疗费", "378.81"),
        *row(366, "床位费", "1,005.44"),
        *row(412, "挂号费", "33.46"),
        *row(470, "合计（大写）：壹仟肆佰壹拾柒元柒角壹分"),
        *row(520, "合计（小写）：￥1417.71"),
        *row(580, "收款人：王芳", "复核人：刘洋"),
    ]
    return list(reversed(boxes))  # the engine's order is not the reading order


def test_boxes_on_one_row_are_read_left_to_right_and_rows_top_down() -> None:
    lines = text_lines(a_receipt())
    assert lines[0] == "上海市医疗收费票据（电子）"
    assert lines[2] == "交款人：陈静 开票日期：2026-07-11"
    assert lines[5] == "治疗费 378.81"


def test_a_tilted_photo_is_straightened_before_rows_are_joined() -> None:
    slope = 0.04  # about 2.3 degrees: the amount sits 24 px lower than its heading
    tilted = [
        TextBox("护理费", 90, 348, 150, 390, slope),
        TextBox("959.51", 670, 370, 760, 404, slope),
        TextBox("挂号费", 90, 397, 150, 434, slope),
        TextBox("924.24", 670, 415, 760, 453, slope),
    ]
    assert text_lines(tilted) == ["护理费 959.51", "挂号费 924.24"]
    assert text_lines([replace(box, slope=0.0) for box in tilted])[:2] == ["护理费", "959.51"]


def test_a_receipt_is_read_into_hospital_date_total_and_items() -> None:
    read = read_receipt(a_receipt(), [RUIJIN, SIXTH, FIRST])
    assert (read.hospital_code, read.hospital_name) == ("SH-0003", "上海市第六人民医院")
    assert read.date == date(2026, 7, 11)
    assert read.total == Decimal("1417.71")
    assert read.items == (
        ReceiptItem("治疗费", Decimal("378.81"), "treatment"),
        ReceiptItem("床位费", Decimal("1005.44"), "bed"),
        ReceiptItem("挂号费", Decimal("33.46"), "registration"),
    )
    assert read.items_total == read.total


def test_a_misread_character_still_finds_the_registry_hospital() -> None:
    read = read_receipt(a_receipt("收款单位：上海交通大学医学院附属端金医院"), [RUIJIN, SIXTH])
    assert (read.hospital_code, read.hospital_name) == ("SH-0002", RUIJIN.name)


def test_a_hospital_not_in_the_registry_keeps_the_printed_name_without_a_code() -> None:
    read = read_receipt(a_receipt("收款单位：江苏省人民医院"), [RUIJIN, SIXTH])
    assert (read.hospital_code, read.hospital_name) == ("", "江苏省人民医院")


def test_two_hospitals_read_alike_are_left_to_the_customer() -> None:
    twin = Hospital("SH-9003", "上海市第六人民医院")
    assert match_hospital("上海市第六人民医院", [SIXTH, twin]) is None
    closed = Hospital("SH-9004", "上海市第六人民医院", active=False)
    assert match_hospital("上海市第六人民医院", [SIXTH, closed]) == SIXTH


def test_a_field_not_on_the_photo_is_left_empty_never_guessed() -> None:
    read = read_receipt(row(100, "模糊不清"), [SIXTH])
    assert (read.hospital_name, read.date, read.total, read.items) == ("", None, None, ())


def test_the_total_is_the_figure_on_the_total_line_not_the_date_or_a_number() -> None:
    lines = ["开票日期：2026-03-14 合计", "合计（小写）：Y 2,035.40", "票据号码：0012345678"]
    assert receipt_total(lines) == Decimal("2035.40")


@pytest.mark.parametrize(
    ("heading", "line_type"),
    [("西药费", "drug_western"), ("中成药费", "drug_patent_chinese"), ("检查费", "exam_basic"),
     ("特殊检查费", "exam_special"), ("化验费", "lab"), ("诊察费", "consultation_fee"),
     ("卫生材料费", "material"), ("其他费", "drug_western")],
    ids=["western", "patent", "exam", "special-exam", "lab", "consultation", "material", "other"],
)  # fmt: skip
def test_each_fee_heading_has_its_line_type(heading: str, line_type: str) -> None:
    assert line_type_of(heading) == line_type
