"""Reasons in words: a column's push on the score, said the way a claims specialist speaks.

"近12个月理赔 3 次（同类平均 0.4 次）" rather than "prior_claims=3": each column gets a name in
Chinese and English (known claim fields by dictionary, others from their own words), and the
claim's value is set beside what is typical in the training rows — the average for a number,
the fraud rate of the group for a category.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import polars as pl

from claimdesk.fraud.encoding import Encoder, FeatureKind

# Column names of the stored-claims table and of common public claim files.
COLUMN_WORDS: dict[str, tuple[str, str]] = {
    "amount": ("理赔金额", "amount claimed"),
    "days_since_policy_start": ("保单生效后出险天数", "days from policy start to incident"),
    "report_delay_days": ("出险后报案天数", "days from incident to report"),
    "night": ("夜间出险", "night-time incident"),
    "prior_claims": ("本保单年度既往理赔次数", "earlier claims this policy year"),
    "visits_count": ("就诊次数", "medical visits"),
    "hospital_level": ("最高医院等级", "highest hospital level"),
    "line_of_business": ("险种", "line of business"),
    "product": ("产品", "product"),
    "Fault": ("责任方", "party at fault"),
    "BasePolicy": ("基本险别", "base cover"),
    "PolicyType": ("保单类型", "policy type"),
    "VehicleCategory": ("车辆类别", "vehicle category"),
    "VehiclePrice": ("车辆价格", "vehicle price"),
    "AgeOfVehicle": ("车龄", "vehicle age"),
    "AgeOfPolicyHolder": ("投保人年龄段", "policyholder age band"),
    "Age": ("年龄", "age"),
    "PastNumberOfClaims": ("既往理赔次数", "past claims"),
    "Deductible": ("免赔额", "deductible"),
    "AddressChange_Claim": ("出险前地址变更", "address change before the claim"),
    "NumberOfSuppliments": ("补充材料次数", "supplements"),
    "PoliceReportFiled": ("已报警", "police report filed"),
    "WitnessPresent": ("有目击者", "witness present"),
    "AgentType": ("代理类型", "agent type"),
    "Days_Policy_Accident": ("投保至出险天数", "days from policy to accident"),
    "Days_Policy_Claim": ("投保至索赔天数", "days from policy to claim"),
    "Month": ("出险月份", "accident month"),
    "MonthClaimed": ("索赔月份", "month claimed"),
    "Make": ("车辆品牌", "vehicle make"),
    "Sex": ("性别", "sex"),
    "MaritalStatus": ("婚姻状况", "marital status"),
    "DriverRating": ("驾驶员评级", "driver rating"),
    "AccidentArea": ("出险地区", "accident area"),
    "Year": ("出险年份及月份", "accident year and month"),
    "RepNumber": ("经办人编号", "handling representative"),
    "NumberOfCars": ("名下车辆数", "cars owned"),
}
MISSING = ("未填写", "not given")


def column_words(name: str) -> tuple[str, str]:
    """The column's name in Chinese and English; unknown columns are split into words."""
    if name in COLUMN_WORDS:
        return COLUMN_WORDS[name]
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|[_\-.]+", " ", name).strip().lower()
    return words or name, words or name


def column_profile(table: pl.DataFrame, encoder: Encoder, y: np.ndarray) -> dict[str, Any]:
    """Training averages of plain numeric columns and fraud rates of each category."""
    profile: dict[str, Any] = {"base_rate": float(y.mean()) if len(y) else 0.0, "columns": {}}
    for spec in encoder.specs:
        column = table[spec.source]
        if spec.kind is FeatureKind.NUMERIC:
            mean = column.cast(pl.Float64, strict=False).mean()
            profile["columns"][spec.name] = {"mean": mean}
        elif spec.kind is FeatureKind.CATEGORY:
            frame = pl.DataFrame({"v": column.cast(pl.String), "y": y}).drop_nulls("v")
            rates = frame.group_by("v").agg(pl.col("y").mean())
            profile["columns"][spec.name] = {
                "rates": dict(zip(rates["v"], rates["y"], strict=True))
            }
    return profile


def sentences(
    column: str, value: str, contribution: float, profile: dict[str, Any]
) -> tuple[str, str]:
    """One reason in Chinese and English, e.g. 既往理赔次数为 3（同类平均 0.4）— 推高风险."""
    zh_name, en_name = column_words(column)
    up = contribution > 0
    zh_tail, en_tail = ("推高风险", "raises risk") if up else ("降低风险", "lowers risk")
    if value in ("None", "", "null"):
        return f"{zh_name}{MISSING[0]} — {zh_tail}", f"{en_name} {MISSING[1]} — {en_tail}"
    known = profile.get("columns", {}).get(column, {})
    zh_ctx, en_ctx = _context(value, known, float(profile.get("base_rate", 0.0)))
    return (
        f"{zh_name}为 {value}{zh_ctx} — {zh_tail}",
        f"{en_name} {value}{en_ctx} — {en_tail}",
    )


def _context(value: str, known: dict[str, Any], base_rate: float) -> tuple[str, str]:
    if known.get("mean") is not None:
        mean = float(known["mean"])
        return f"（同类平均 {mean:,.1f}）", f" (typical {mean:,.1f})"
    rate = known.get("rates", {}).get(value)
    if rate is None:
        return "", ""
    return (
        f"（此类欺诈率 {rate:.1%}，总体 {base_rate:.1%}）",
        f" (fraud rate {rate:.1%} in this group, {base_rate:.1%} overall)",
    )
