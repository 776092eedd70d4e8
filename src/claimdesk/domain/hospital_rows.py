"""One row of a hospital import (CSV / Excel) read into a `Hospital`, or the reasons it is not.

Columns (English or Chinese headers): code 医院编码, name 医院名称, level 等级 (三级甲等, 二级,
3, 3a …), region 地区 (shanghai / 上海 …), public 公立 (是/否), aliases 别名 (separated by ; or
、), designated 指定产品 (product codes; `product:policy_no` for one policy only), active 启用.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from claimdesk.domain.hospitals import (
    CODE_PATTERN,
    GRADES,
    REGIONS,
    Designation,
    Hospital,
)

HEADERS: Mapping[str, str] = {
    "医院编码": "code", "编码": "code", "医院名称": "name", "名称": "name", "等级": "level",
    "医院等级": "level", "地区": "region", "公立": "public", "别名": "aliases",
    "指定产品": "designated", "指定": "designated", "启用": "active",
}  # fmt: skip
LEVEL_WORDS = {"一级": 1, "二级": 2, "三级": 3, "未定级": 0, "1": 1, "2": 2, "3": 3, "0": 0}
GRADE_WORDS = {"甲等": "a", "乙等": "b", "丙等": "c", "特等": "special", "甲": "a", "乙": "b",
               "丙": "c", "特": "special", "a": "a", "b": "b", "c": "c", "": ""}  # fmt: skip
REGION_WORDS = {"上海": "shanghai", "上海市": "shanghai", "江苏": "jiangsu", "浙江": "zhejiang",
                "安徽": "anhui", "北京": "beijing", "其他": "other_mainland",
                "港澳台": "hk_macau_taiwan", "境外": "abroad"}  # fmt: skip
YES = {"是", "y", "yes", "true", "1"}
NO = {"否", "n", "no", "false", "0"}
SPLIT = re.compile(r"[;；、|]")


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    message_zh: str
    message_en: str


def parse_row(
    number: int, raw: Mapping[str, str], products: Collection[str]
) -> tuple[Hospital | None, list[RowError]]:
    row = {HEADERS.get(k.strip(), k.strip().lower()): (v or "").strip() for k, v in raw.items()}
    errors: list[RowError] = []

    def bad(field: str, zh: str, en: str) -> None:
        errors.append(RowError(number, field, zh, en))

    code, name = row.get("code", ""), row.get("name", "")
    if not CODE_PATTERN.match(code):
        bad("code", "医院编码为空或格式不对（字母数字，最多 40 位）",
            "code is empty or not letters/digits (at most 40)")  # fmt: skip
    if not name or len(name) > 200:
        bad("name", "医院名称为空或超过 200 字", "name is empty or longer than 200 characters")
    level, grade = _level(row.get("level", ""))
    if level is None:
        bad("level", "等级应为 一级/二级/三级（可加 甲等/乙等/丙等）或 未定级",
            "level must be 1/2/3 (optionally with grade a/b/c) or 0")  # fmt: skip
    region = REGION_WORDS.get(row.get("region", ""), row.get("region", "").lower() or "shanghai")
    if region not in REGIONS:
        bad("region", f"未知地区：{row.get('region')}", f"unknown region: {row.get('region')}")
    public, active = _flag(row.get("public", ""), True), _flag(row.get("active", ""), True)
    if public is None:
        bad("public", "公立 应为 是 或 否", "public must be yes or no")
    if active is None:
        bad("active", "启用 应为 是 或 否", "active must be yes or no")
    designations = _designations(row.get("designated", ""))
    for unknown in sorted({d.product_code for d in designations} - set(products)):
        bad("designated", f"未知产品：{unknown}", f"unknown product: {unknown}")
    if errors or level is None or public is None or active is None:
        return None, errors
    aliases = tuple(dict.fromkeys(a.strip() for a in SPLIT.split(row.get("aliases", ""))
                                  if a.strip() and a.strip() != name))  # fmt: skip
    return Hospital(code, name, level, grade, region, public, aliases, active,
                    designations), []  # fmt: skip


def _level(text: str) -> tuple[int | None, str]:
    text = text.replace(" ", "").lower()
    if not text:
        return 0, ""
    match = re.fullmatch(r"(一级|二级|三级|未定级|[0-3])(.*)", text)
    if match is None or match.group(2) not in GRADE_WORDS:
        return None, ""
    level, grade = LEVEL_WORDS[match.group(1)], GRADE_WORDS[match.group(2)]
    if grade not in GRADES or (level == 0 and grade):
        return None, ""
    return level, grade


def _flag(text: str, default: bool) -> bool | None:
    lowered = text.lower()
    if not lowered:
        return default
    return True if lowered in YES else False if lowered in NO else None


def _designations(text: str) -> tuple[Designation, ...]:
    found = []
    for part in SPLIT.split(text):
        product, _, policy_no = part.strip().partition(":")
        if product.strip():
            found.append(Designation(product.strip(), policy_no.strip()))
    return tuple(dict.fromkeys(found))
