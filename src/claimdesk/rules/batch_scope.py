"""What the columnar batch path (rules/batch.py) does not follow, named, so a refused table says
exactly why and where to go instead: the per-claim path (`claimdesk adjudicate`, POST
/api/adjudications, stored claims) adjudicates every product, accident products included.

The columnar path reads one table of bill lines with fixed product figures; the accident
products need what a row cannot carry — the accident (date, cause: the 180-day window and the
exclusions), its outcome (death, disability grade: the lump-sum cover), the policy's own
figures (sum insured, disability cover) and the per-stay daily allowance (住院津贴).
"""

from __future__ import annotations

from decimal import Decimal

from claimdesk.rules.errors import InvalidRequest
from claimdesk.rules.terms import Figure, Product

Reason = tuple[str, str]  # (zh, en)

LUMP_SUM: Reason = (
    "意外身故、伤残定额给付（须事故后果与伤残等级）",
    "lump-sum accident death and disability benefits (need the outcome and grade)",
)
ACCIDENT: Reason = (
    "意外事故信息（出险日期、原因，180日期限与责任免除）",
    "the accident facts (date, cause: the 180-day window and exclusions)",
)
POLICY_FIGURES: Reason = (
    "保单约定的保额等数值（如保险金额、可选伤残责任）",
    "figures the policy supplies (sum insured, optional disability cover)",
)
ALLOWANCE: Reason = ("住院津贴（按住院天数给付）", "the daily inpatient allowance")
NOT_MEDICAL: Reason = ("非医疗费用产品", "a product without medical-expense terms")


def columnar_unsupported(product: Product) -> tuple[Reason, ...]:
    """Every feature of `product` the columnar path does not follow (empty: it follows all)."""
    found: list[Reason] = []
    if product.accident is not None:
        found.append(LUMP_SUM)
    if product.requires_accident or product.visit_gates.accident_window_days is not None:
        found.append(ACCIDENT)
    if _policy_figures(product):
        found.append(POLICY_FIGURES)
    if product.medical is not None and product.medical.allowance is not None:
        found.append(ALLOWANCE)
    if product.medical is None and not found:
        found.append(NOT_MEDICAL)
    return tuple(found)


def refuse_unsupported(product: Product) -> None:
    """Refuse the whole table, naming each unsupported feature and the per-claim path."""
    reasons = columnar_unsupported(product)
    if not reasons:
        return
    zh = "；".join(r[0] for r in reasons)
    en = "; ".join(r[1] for r in reasons)
    raise InvalidRequest(
        "product",
        f"the columnar batch path does not support {product.code}: {en}; "
        "adjudicate these claims one by one on the per-claim path",
        f"列式批量理算不支持产品 {product.name_zh}：{zh}。请逐案理算（单案理算）",
        "COLUMNAR_UNSUPPORTED",
    )


def _policy_figures(product: Product) -> bool:
    figures: list[Figure | bool] = []
    if product.accident is not None:
        figures += [product.accident.sum_insured, product.accident.disability_cover]
    return any(not isinstance(f, (Decimal, bool)) for f in figures)
