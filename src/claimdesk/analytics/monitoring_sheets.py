"""The 理赔时效监测表 as JSON-able figures (what is stored and served) and as labelled sheets
(what the Excel, CSV and PDF files and the page show)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from claimdesk.analytics.monitoring import MonitoringTable
from claimdesk.analytics.monitoring_labels import header, label
from claimdesk.domain.months import BEIJING

SHEETS = ("summary", "stages", "compliance", "open", "breached", "loss_ratio")
Sheet = tuple[str, list[str], list[list[Any]]]


def as_figures(table: MonitoringTable) -> dict[str, Any]:
    """Plain JSON: Decimals as strings, instants as ISO 8601."""
    figures = _plain(table)
    figures["compliance"] = [
        {**row, "meets_target": c.meets_target}
        for row, c in zip(figures["compliance"], table.compliance, strict=True)
    ]
    return dict(figures)


def sheets(figures: dict[str, Any], lang: str) -> list[Sheet]:
    return [(label(name, lang), header(name, lang), _ROWS[name](figures, lang)) for name in SHEETS]


def _summary(figures: dict[str, Any], lang: str) -> list[list[Any]]:
    rows = []
    for line in figures["lines"]:
        whole = next(d for d in line["durations"] if d["stage"] == "report_to_close")
        rows.append([
            label(line["line"], lang), line["reported"], line["registered"], line["closed"],
            line["closed_paid"], line["closed_denied"], line["closed_withdrawn"],
            _number(line["closing_ratio"]), _number(line["paid_amount"]), line["open_at_end"],
            *(_number(whole[key]) for key in _STATS),
        ])  # fmt: skip
    return rows


_STATS = ("average_days", "p90_days", "average_working_days", "p90_working_days")


def _stages(figures: dict[str, Any], lang: str) -> list[list[Any]]:
    return [
        [label(line["line"], lang), label(d["stage"], lang), d["claims"],
         *(_number(d[key]) for key in _STATS)]
        for line in figures["lines"]
        for d in line["durations"]
    ]  # fmt: skip


def _compliance(figures: dict[str, Any], lang: str) -> list[list[Any]]:
    return [
        [label(c["line"], lang), label(c["limit"], lang), c["counted"], c["met"],
         _number(c["rate"]), "" if c["meets_target"] is None else
         label("yes" if c["meets_target"] else "no", lang)]
        for c in figures["compliance"]
    ]  # fmt: skip


def _open(figures: dict[str, Any], lang: str) -> list[list[Any]]:
    by_age = [[label(c["line"], lang), label("age", lang), c["key"], c["claims"]]
              for c in figures["open_by_age"]]  # fmt: skip
    by_reason = [[label(c["line"], lang), label("reason", lang), label(c["key"], lang),
                  c["claims"]] for c in figures["open_by_reason"]]  # fmt: skip
    return by_age + by_reason


def _breached(figures: dict[str, Any], lang: str) -> list[list[Any]]:
    return [
        [b["claim_no"], label(b["line"], lang), label(b["status"], lang), _local(b["reported_at"]),
         b["days_open"], "、".join(label(code, lang) for code in b["limits"]), b["handler"],
         label(b["reason"], lang), b["note"]]
        for b in figures["breached"]
    ]  # fmt: skip


def _loss_ratio(figures: dict[str, Any], lang: str) -> list[list[Any]]:
    """Reports stored before the loss ratio was added have none: an empty sheet."""
    return [
        [label(r["line"], lang), _number(r["earned_premium"]), _number(r["paid"]),
         _number(r["reserve"]), _number(r["incurred"]), _number(r["loss_ratio"]), r["claims"],
         "" if r["in_band"] is None else label("yes" if r["in_band"] else "no", lang)]
        for r in figures.get("loss_ratio", [])
    ]  # fmt: skip


_ROWS = {
    "summary": _summary,
    "stages": _stages,
    "compliance": _compliance,
    "open": _open,
    "breached": _breached,
    "loss_ratio": _loss_ratio,
}


def _number(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _local(value: str) -> str:
    return datetime.fromisoformat(value).astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def _plain(value: Any) -> Any:
    if hasattr(value, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value
