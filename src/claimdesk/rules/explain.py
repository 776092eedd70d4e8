"""A readable explanation of a result (zh-CN or en): plain rows the CLI renders as a table."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from claimdesk.rules.reasons import ReasonCode
from claimdesk.rules.terms import Product

LABELS = {
    "zh": {
        "title": "理算结果", "claim": "赔案", "decision": "结论", "payable": "赔付金额",
        "visit": "就诊", "line": "明细", "submitted": "申报", "eligible": "可赔基数",
        "deductible": "免赔额", "reasons": "原因", "missing": "缺少材料", "benefit": "给付项目",
        "approved": "全额赔付", "partially_approved": "部分赔付", "denied": "拒赔",
        "pending_materials": "待补材料",
    },
    "en": {
        "title": "Adjudication", "claim": "Claim", "decision": "Decision", "payable": "Payable",
        "visit": "Visit", "line": "Line", "submitted": "Submitted", "eligible": "Eligible",
        "deductible": "Deductible", "reasons": "Reasons", "missing": "Missing materials",
        "benefit": "Benefit", "approved": "approved", "partially_approved": "partially approved",
        "denied": "denied", "pending_materials": "pending materials",
    },
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Explanation:
    title: str
    summary: tuple[tuple[str, str], ...]
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def describe(code: str, product: Product | None, lang: str) -> str:
    message = product.messages.get(ReasonCode(code)) if product else None
    if message is None:
        return code
    text = message.zh if lang == "zh" else message.en
    return f"{text} ({message.clause})"


def explain(result: Mapping[str, Any], product: Product | None, lang: str = "zh") -> Explanation:
    labels = LABELS[lang]
    claim_reasons = [describe(r["code"], product, lang) for r in result["reasons"]]
    summary = [
        (labels["claim"], str(result["claim_id"])),
        (labels["decision"], labels.get(result["decision"], result["decision"])),
        (labels["payable"], f"{result['payable']} {result['currency']}"),
    ]
    if claim_reasons:
        summary.append((labels["reasons"], "; ".join(claim_reasons)))
    if result["missing_materials"]:
        summary.append((labels["missing"], ", ".join(result["missing_materials"])))
    columns = tuple(
        labels[key]
        for key in ("visit", "line", "submitted", "eligible", "deductible", "payable", "reasons")
    )
    return Explanation(labels["title"], tuple(summary), columns, line_rows(result, product, lang))


def line_rows(
    result: Mapping[str, Any], product: Product | None, lang: str
) -> tuple[tuple[str, ...], ...]:
    rows = []
    for visit in result["visits"]:
        for line in visit["lines"]:
            reasons = "; ".join(describe(code, product, lang) for code in line["reasons"])
            amounts = (line["submitted"], line["eligible"], line["deductible"], line["payable"])
            rows.append((visit["visit_id"], line["line_id"], *amounts, reasons))
    for benefit in result.get("benefits", []):
        reasons = "; ".join(describe(r["code"], product, lang) for r in benefit["reasons"])
        where = (benefit["visit_id"], benefit["benefit"]) if "visit_id" in benefit else (
            benefit["benefit"], "")  # fmt: skip
        rows.append((*where, "", "", "", benefit["payable"], reasons))
    return tuple(rows)
