"""票据识别 (receipt OCR): the text an OCR engine found on a photo of a 医疗收费票据, read into
the fields of a claim report — hospital (matched against the registry), date, total, items.

Pure: the engine's text boxes and the registry's candidate hospitals come in, a `ReceiptFields`
goes out. The customer confirms or corrects every field; nothing here is ever submitted as is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from difflib import SequenceMatcher
from statistics import median

from claimdesk.domain.errors import InvalidInput
from claimdesk.domain.hospitals import Hospital, normalise

_AMOUNT = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)\s*[.．]\s*(\d{2})(?!\d)")
_DATE = re.compile(r"(20\d{2})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})")
_HOSPITAL = re.compile(r"(医院|卫生院|诊所|卫生服务中心|医疗中心|保健院)")
_LABEL = re.compile(r"^.*?(收款单位|医疗机构|开票单位|医院名称)(名称)?\s*[:：]?\s*")
_TOTAL = ("合计", "总计", "总金额", "小写")
_NOT_ITEMS = ("合计", "总计", "大写", "小写", "日期", "票据", "交款人", "收款", "复核", "医疗机构",
              "项目", "金额", "医院", "编号", "号码", "校验码")  # fmt: skip
_MATCH_RATIO = 0.8  # one or two characters misread in a ten-character name still match

# 医疗收费票据 item headings (财政部 医疗收费票据 收费项目) → the report's line types.
ITEM_TYPES: tuple[tuple[str, str], ...] = (
    ("西药", "drug_western"),
    ("中成药", "drug_patent_chinese"),
    ("中草药", "drug_tcm_decoction"),
    ("挂号", "registration"),
    ("诊察", "consultation_fee"),
    ("诊疗", "consultation_fee"),
    ("特殊检查", "exam_special"),
    ("检查", "exam_basic"),
    ("化验", "lab"),
    ("治疗", "treatment"),
    ("手术", "surgery"),
    ("床位", "bed"),
    ("护理", "nursing"),
    ("材料", "material"),
    ("输液", "iv_infusion"),
    ("理疗", "physiotherapy"),
)


@dataclass(frozen=True)
class TextBox:
    """One piece of text the engine found: its box on the image (pixels) and the slope of its
    baseline (a tilted photo: rise per pixel to the right)."""

    text: str
    left: float
    top: float
    right: float
    bottom: float
    slope: float = 0.0

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2

    @property
    def height(self) -> float:
        """The text's own height, without what the tilt adds to the box."""
        return max(self.bottom - self.top - abs(self.slope) * (self.right - self.left), 1.0)


@dataclass(frozen=True)
class ReceiptItem:
    name: str
    amount: Decimal
    line_type: str


@dataclass(frozen=True)
class ReceiptFields:
    """What was read; a field not found is empty (None / "" / ()), never guessed."""

    hospital_name: str = ""
    hospital_code: str = ""  # the registry's, when the name matched one hospital
    date: date | None = None
    total: Decimal | None = None
    items: tuple[ReceiptItem, ...] = ()

    @property
    def items_total(self) -> Decimal:
        return sum((item.amount for item in self.items), Decimal("0.00"))


def text_lines(boxes: Sequence[TextBox]) -> list[str]:
    """Boxes on one printed row joined left to right, rows top down. A tilted photo is
    straightened first: each box's middle is taken back along the typical baseline slope to
    the image's left edge, and boxes whose straightened middles are within half a text
    height of the row's are one row."""
    skew = median([b.slope for b in boxes]) if boxes else 0.0

    def level(box: TextBox) -> float:
        return box.middle - skew * box.centre

    rows: list[list[TextBox]] = []
    for box in sorted(boxes, key=level):
        if rows and abs(level(box) - sum(map(level, rows[-1])) / len(rows[-1])) <= box.height / 2:
            rows[-1].append(box)
        else:
            rows.append([box])
    return [" ".join(b.text.strip() for b in sorted(row, key=lambda b: b.left)) for row in rows]


def hospital_text(lines: Sequence[str]) -> str:
    """The hospital's name as printed (收款单位 / 医疗机构), without its label; "" if none."""
    for line in lines:
        if _LABEL.match(line) or (_HOSPITAL.search(line) and "票据" not in line):
            name = _LABEL.sub("", line).strip()
            found = _HOSPITAL.search(name)
            if found:
                return name[: found.end()].split()[-1]
    return ""


def match_hospital(text: str, candidates: Sequence[Hospital]) -> Hospital | None:
    """The registry hospital whose name or alias is the text read, allowing a misread
    character or two; None when none or two are as close."""
    wanted = normalise(text)
    if not wanted:
        return None
    scored = sorted(((_likeness(wanted, h), h.code, h) for h in candidates if h.active),
                    key=lambda s: (-s[0], s[1]))  # fmt: skip
    if not scored or scored[0][0] < _MATCH_RATIO:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None  # two hospitals read the same: the customer chooses
    return scored[0][2]


def _likeness(wanted: str, hospital: Hospital) -> float:
    return max(SequenceMatcher(None, wanted, normalise(n)).ratio() for n in hospital.names())


def receipt_date(lines: Sequence[str]) -> date | None:
    """The 开票日期 (or the first valid date printed)."""
    ordered = sorted(lines, key=lambda line: "日期" not in line)
    for line in ordered:
        for year, month, day in _DATE.findall(line):
            try:
                return date(int(year), int(month), int(day))
            except ValueError:
                continue
    return None


def amounts(line: str) -> list[Decimal]:
    return [Decimal(f"{whole.replace(',', '')}.{cents}") for whole, cents in _AMOUNT.findall(line)]


def receipt_total(lines: Sequence[str]) -> Decimal | None:
    """合计（小写）: the amount on the total line (the last such line wins)."""
    found = None
    for line in lines:
        if any(word in line for word in _TOTAL) and (figures := amounts(_no_date(line))):
            found = figures[-1]
    return found


def receipt_items(lines: Sequence[str]) -> tuple[ReceiptItem, ...]:
    """Lines read as `name … amount` (a fee heading and its yuan), header and totals excluded."""
    items = []
    for line in lines:
        if any(word in line for word in _NOT_ITEMS) or _DATE.search(line):
            continue
        figures = amounts(line)
        name = _AMOUNT.sub("", line).strip(" :：¥￥Y元")
        if figures and re.search(r"[\u4e00-\u9fff]", name):
            items.append(ReceiptItem(name.split()[0], figures[-1], line_type_of(name)))
    return tuple(items)


def line_type_of(name: str) -> str:
    """The report's line type for a fee heading (西药费 → drug_western); western drugs if none."""
    return next((code for word, code in ITEM_TYPES if word in name), "drug_western")


def _no_date(line: str) -> str:
    return _DATE.sub("", line)


def read_receipt(boxes: Sequence[TextBox], candidates: Sequence[Hospital]) -> ReceiptFields:
    lines = text_lines(boxes)
    printed = hospital_text(lines)
    hospital = match_hospital(printed, candidates)
    return ReceiptFields(
        hospital_name=hospital.name if hospital else printed,
        hospital_code=hospital.code if hospital else "",
        date=receipt_date(lines),
        total=receipt_total(lines),
        items=receipt_items(lines),
    )


class ReceiptReadingUnavailable(InvalidInput):
    """No OCR engine on this server (the optional `ocr` extra is not installed)."""

    def __init__(self) -> None:
        super().__init__(
            "识别不可用：本系统未安装票据识别组件，请手工填写票据内容",
            "Recognition unavailable: receipt OCR is not installed here; please type the fields",
            field="receipt_photo",
        )
