"""A fast reader for requests in the standard form (issue 17): a plain walk over the decoded
dict that builds `rules.model.ClaimRequest` directly, without pydantic.

It only ever *accepts*: every field must have exactly the type the JSON decoder gives for the
standard form (`str`, `bool`, `int`, `None`, `list`, `dict`), amounts in the canonical form
(`12.30`), dates as `YYYY-MM-DD`. Anything else — a missing or unknown field, an empty id, an
amount written `12.3` or as a number, lines whose parts do not add up, policy parameters, an
accident or outcome — returns None and the request goes to the pydantic schemas
(`schemas.RequestIn`), which give the value or the refusal (message, field). So the refusals
are pydantic's by construction, and `tests/unit/contract/test_fast_request.py` checks that the
accepted values equal pydantic's on generated and spoiled requests.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from claimdesk.contract.field_types import CANONICAL_AMOUNT, FIRST_DATE, LAST_DATE
from claimdesk.rules import model

DATE_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
WARDS = frozenset({"general", "joint_ward", "family_bed"})
ZERO = Decimal("0.00")

REQUEST_KEYS = frozenset(
    {"product", "claim_id", "submitted_on", "policy", "insured", "history", "materials"}
    | {"visits", "accident", "outcome"}
)
POLICY_KEYS = frozenset({"policy_no", "period_start", "period_end", "parameters"})
INSURED_KEYS = frozenset(
    {"insured_id", "blacklisted", "conditions", "social_insurance", "minor"}
)
VISIT_KEYS = frozenset(
    {"visit_id", "kind", "date", "discharge_date", "hospital", "diagnosis", "service"}
    | {"rescue", "social_security_card", "other_payer_paid", "receipt", "lines"}
)
HOSPITAL_KEYS = frozenset({"code", "name", "designated", "level", "ward", "region", "public"})
RECEIPT_KEYS = frozenset({"number", "original", "handwritten"})
LINE_KEYS = frozenset(
    {"line_id", "type", "name", "auxiliary", "days_supply", "sessions", "amount"}
    | {"fund_paid", "category_self_pay", "self_funded", "self_pay"}
)


class Unusual(Exception):
    """Not the standard form: let pydantic read it."""


def fast_request(payload: Any) -> model.ClaimRequest | None:
    """The request as `to_domain(RequestIn.model_validate(payload))` gives it, or None when
    the payload is not in the standard form (pydantic decides then)."""
    try:
        return request_of(payload)
    except Unusual:
        return None


def keys(value: Any, allowed: frozenset[str]) -> dict[str, Any]:
    if type(value) is not dict or not allowed.issuperset(value):
        raise Unusual
    return value


def text(value: Any, *, filled: bool = False) -> str:
    if type(value) is not str or (filled and not value):
        raise Unusual
    if not value.isascii():
        encodable(value)
    return value


def encodable(value: str) -> None:
    """pydantic refuses a lone surrogate (`"\\ud800"` is valid JSON for Python's reader)."""
    try:
        value.encode()
    except UnicodeEncodeError:
        raise Unusual from None


def flag(value: Any) -> bool:
    if type(value) is not bool:
        raise Unusual
    return value


def count(value: Any, low: int, high: int) -> int:
    if type(value) is not int or not low <= value <= high:
        raise Unusual
    return value


def optional_count(value: Any, high: int) -> int | None:
    return None if value is None else count(value, 0, high)


def amount(value: Any) -> Decimal:
    if type(value) is not str or not CANONICAL_AMOUNT.fullmatch(value):
        raise Unusual
    return Decimal(value)


def day(value: Any) -> date:
    if type(value) is not str or not DATE_TEXT.fullmatch(value):
        raise Unusual
    try:
        result = date.fromisoformat(value)
    except ValueError:
        raise Unusual from None
    if not FIRST_DATE <= result <= LAST_DATE:
        raise Unusual
    return result


def texts(value: Any) -> list[str]:
    if type(value) is not list:
        raise Unusual
    return [text(item) for item in value]


def request_of(payload: Any) -> model.ClaimRequest:
    body = keys(payload, REQUEST_KEYS)
    if body.get("accident") is not None or body.get("outcome") is not None:
        raise Unusual  # accident products: rare, pydantic reads them
    visits = body.get("visits", [])
    if type(visits) is not list:
        raise Unusual
    return model.ClaimRequest(
        product=text(required(body, "product"), filled=True),
        claim_id=text(required(body, "claim_id"), filled=True),
        submitted_on=day(required(body, "submitted_on")),
        policy=policy_of(required(body, "policy")),
        insured=insured_of(required(body, "insured")),
        history=history_of(body.get("history", {})),
        materials=frozenset(texts(body.get("materials", []))),
        visits=tuple(visit_of(visit) for visit in visits),
    )


def required(body: dict[str, Any], name: str) -> Any:
    if name not in body:
        raise Unusual
    return body[name]


def policy_of(value: Any) -> model.Policy:
    body = keys(value, POLICY_KEYS)
    if body.get("parameters", {}) != {} or type(body.get("parameters", {})) is not dict:
        raise Unusual  # policy-parameter figures (student products): pydantic reads them
    return model.Policy(
        text(required(body, "policy_no")),
        day(required(body, "period_start")),
        day(required(body, "period_end")),
        {},
    )


def insured_of(value: Any) -> model.Insured:
    body = keys(value, INSURED_KEYS)
    return model.Insured(
        text(required(body, "insured_id")),
        flag(body.get("blacklisted", False)),
        frozenset(texts(body.get("conditions", []))),
        flag(body.get("social_insurance", True)),
        flag(body.get("minor", False)),
    )


def history_of(value: Any) -> dict[str, Decimal | int]:
    if type(value) is not dict:
        raise Unusual
    history: dict[str, Decimal | int] = {}
    for name, figure in value.items():
        history[text(name)] = count(figure, 0, 1 << 62) if type(figure) is int else amount(figure)
    return history


def visit_of(value: Any) -> model.Visit:
    body = keys(value, VISIT_KEYS)
    lines = required(body, "lines")
    if type(lines) is not list:
        raise Unusual
    discharge, service = body.get("discharge_date"), body.get("service")
    return model.Visit(
        visit_id=text(required(body, "visit_id"), filled=True),
        kind=text(required(body, "kind")),
        date=day(required(body, "date")),
        hospital=hospital_of(required(body, "hospital")),
        lines=tuple(line_of(line) for line in lines),
        receipt=receipt_of(required(body, "receipt")),
        diagnosis=text(body.get("diagnosis", "")),
        service=None if service is None else text(service),
        rescue=flag(body.get("rescue", False)),
        other_payer_paid=amount(body["other_payer_paid"]) if "other_payer_paid" in body else ZERO,
        discharge_date=None if discharge is None else day(discharge),
        social_security_card=flag(body.get("social_security_card", True)),
    )


def hospital_of(value: Any) -> model.Hospital:
    body = keys(value, HOSPITAL_KEYS)
    ward = text(body.get("ward", "general"))
    if ward not in WARDS:
        raise Unusual
    return model.Hospital(
        text(required(body, "code")),
        text(body.get("name", "")),
        flag(required(body, "designated")),
        count(required(body, "level"), 0, 3),
        ward,
        text(required(body, "region")),
        flag(body.get("public", True)),
    )


def receipt_of(value: Any) -> model.Receipt | None:
    if value is None:
        return None
    body = keys(value, RECEIPT_KEYS)
    return model.Receipt(
        text(required(body, "number")),
        flag(required(body, "original")),
        flag(required(body, "handwritten")),
    )


def line_of(value: Any) -> model.Line:
    body = keys(value, LINE_KEYS)
    get = body.get
    total = amount(required(body, "amount"))
    fund, category = amount(get("fund_paid", "0.00")), amount(get("category_self_pay", "0.00"))
    funded, self_pay = amount(get("self_funded", "0.00")), amount(get("self_pay", "0.00"))
    if fund + category + funded + self_pay != total:
        raise Unusual  # pydantic refuses it (parts_do_not_add_up)
    return model.Line(
        line_id=text(required(body, "line_id"), filled=True),
        type=text(required(body, "type"), filled=True),
        amount=total,
        fund_paid=fund,
        category_self_pay=category,
        self_funded=funded,
        self_pay=self_pay,
        name=text(get("name", "")),
        auxiliary=flag(get("auxiliary", False)),
        days_supply=optional_count(get("days_supply"), 3650),
        sessions=optional_count(get("sessions"), 1000),
    )
