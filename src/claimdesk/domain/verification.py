"""审核录入: a specialist corrects a visit or a bill line against the receipts.

The claim's visits and lines hold the verified values (what adjudication reads); every change
is kept as a `Correction` with the value it replaced, so the submitted value stays visible
("submitted → verified") and each change says who, when and why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from claimdesk.domain.claim import BillLine, Visit
from claimdesk.domain.errors import ErrorCode, InvalidInput
from claimdesk.domain.labels import both
from claimdesk.domain.refusals import Refused

VISIT_FIELDS = ("kind", "date", "discharge_date", "hospital_name", "diagnosis")
MONEY_FIELDS = ("amount", "fund_paid", "category_self_pay", "self_funded", "self_pay")
COUNT_FIELDS = ("days_supply", "sessions")
LINE_FIELDS = ("type", "name", *MONEY_FIELDS, *COUNT_FIELDS)
REQUIRED_TEXT = ("kind", "hospital_name", "diagnosis", "type")


@dataclass(frozen=True)
class Correction:
    """One field changed: `submitted` is the value it replaced, `verified` the new one (text;
    "" for none). `line_ref` is "" when the visit itself was corrected."""

    claim_id: int
    visit_ref: str
    line_ref: str
    field: str
    submitted: str
    verified: str
    reason: str
    by_user: str
    at: dt.datetime
    id: int | None = None


@dataclass(frozen=True)
class FieldHistory:
    """A field's first submitted value, its verified value now and the corrections between."""

    visit_ref: str
    line_ref: str
    field: str
    submitted: str
    verified: str
    corrections: tuple[Correction, ...]


def as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def corrected_visit(visit: Visit, changes: Mapping[str, Any], reported_on: dt.date) -> Visit:
    """The visit with `changes` applied, checked like a submission (dates in order)."""
    _known(changes, VISIT_FIELDS, f"visits.{visit.visit_ref}")
    _texts_given(changes, f"visits.{visit.visit_ref}")
    updated = replace(visit, **changes)
    check_visit_dates(updated, reported_on)
    return updated


def corrected_line(line: BillLine, changes: Mapping[str, Any]) -> BillLine:
    """The line with `changes` applied; BillLine refuses parts that do not add up."""
    _known(changes, LINE_FIELDS, f"lines.{line.line_ref}")
    _texts_given(changes, f"lines.{line.line_ref}")
    for name in (*MONEY_FIELDS, *COUNT_FIELDS):
        value = changes.get(name)
        if value is not None and value < 0:
            raise InvalidInput(
                f"{both('verified_field', name)[0]}不能为负数",
                f"{both('verified_field', name)[1]} cannot be negative",
                field=f"lines.{line.line_ref}.{name}",
            )
    return replace(line, **changes)


def check_visit_dates(visit: Visit, reported_on: dt.date) -> None:
    """The visit is not after the report, the discharge not before the admission."""
    if visit.date > reported_on:
        raise _order("date", visit.date, "reported_on", reported_on, visit.visit_ref)
    if visit.discharge_date is not None and visit.discharge_date < visit.date:
        raise _order("discharge_date", visit.discharge_date, "date", visit.date, visit.visit_ref)


def _order(later: str, later_day: dt.date, earlier: str, earlier_day: dt.date, ref: str) -> Refused:
    names = {"reported_on": ("报案日期", "report date")}
    later_zh, later_en = names.get(later) or both("verified_field", later)
    earlier_zh, earlier_en = names.get(earlier) or both("verified_field", earlier)
    return Refused(
        ErrorCode.VISIT_DATES_OUT_OF_ORDER,
        field=f"visits.{ref}.{later}",
        later_zh=later_zh,
        later_en=later_en.lower(),
        later=later_day.isoformat(),
        earlier_zh=earlier_zh,
        earlier_en=earlier_en.lower(),
        earlier=earlier_day.isoformat(),
    )


def changed_fields(
    before: object, after: object, fields: Iterable[str]
) -> list[tuple[str, str, str]]:
    """(field, old text, new text) for each field whose value changed."""
    changed = []
    for name in fields:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            changed.append((name, as_text(old), as_text(new)))
    return changed


def field_histories(corrections: Iterable[Correction]) -> dict[tuple[str, str, str], FieldHistory]:
    """Per (visit, line, field): the value first submitted and the value verified now."""
    grouped: dict[tuple[str, str, str], list[Correction]] = {}
    for correction in sorted(corrections, key=lambda c: (c.at, c.id or 0)):
        key = (correction.visit_ref, correction.line_ref, correction.field)
        grouped.setdefault(key, []).append(correction)
    return {
        key: FieldHistory(*key, items[0].submitted, items[-1].verified, tuple(items))
        for key, items in grouped.items()
    }


def _known(changes: Mapping[str, Any], allowed: tuple[str, ...], prefix: str) -> None:
    for name in changes:
        if name not in allowed:
            raise InvalidInput(
                f"不能更正此项：{name}", f"this field cannot be corrected: {name}",
                field=f"{prefix}.{name}",
            )  # fmt: skip


def _texts_given(changes: Mapping[str, Any], prefix: str) -> None:
    for name in REQUIRED_TEXT:
        if name in changes and not str(changes[name] or "").strip():
            zh, en = both("verified_field", name)
            raise InvalidInput(f"请填写{zh}", f"enter the {en.lower()}", field=f"{prefix}.{name}")
