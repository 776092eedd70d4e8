"""A fast reader for requests in the standard form (issue 17): msgspec `Struct`s check types,
required fields, unknown fields, bounds and the written form of amounts and dates in C, then
`rules.model.ClaimRequest` is built directly, without pydantic.

It only ever *accepts*: each field must have the type the standard form gives it (`str`,
`bool`, `int`, `null`, lists, objects), amounts written canonically (`12.30`), dates
`YYYY-MM-DD`. Anything else — a missing or unknown field, an empty id, an amount written
`12.3` or as a number, lines whose parts do not add up, policy parameters, an accident or an
outcome — gives None, and the request goes to the pydantic schemas (`schemas.RequestIn`),
which give the value or the refusal (field, message). So refusals are pydantic's by
construction; `tests/unit/rules/test_standard_form.py` checks that the accepted values equal
pydantic's on generated and spoiled requests.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeVar

import msgspec

from claimdesk.contract.bounds import FIRST_DATE, LAST_DATE
from claimdesk.rules import model

# Amounts are text here; all of a claim's are checked at once to be written canonically (as
# `field_types.CANONICAL_AMOUNT`): one regex over the joined texts, not one call per amount.
Amount = str
AMOUNT = r"(?:0|[1-9][0-9]{0,14})\.[0-9]{2}"
CANONICAL_AMOUNTS = re.compile(rf"(?:{AMOUNT},)*{AMOUNT}")
DATE_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
Day = str
Filled = Annotated[str, msgspec.Meta(min_length=1)]
Count = Annotated[int, msgspec.Meta(ge=0)]
ZERO = "0.00"


class Form(msgspec.Struct, forbid_unknown_fields=True):
    pass


class LineForm(Form):
    line_id: Filled
    type: Filled
    amount: Amount
    name: str = ""
    auxiliary: bool = False
    days_supply: Annotated[int, msgspec.Meta(ge=0, le=3650)] | None = None
    sessions: Annotated[int, msgspec.Meta(ge=0, le=1000)] | None = None
    fund_paid: Amount = ZERO
    category_self_pay: Amount = ZERO
    self_funded: Amount = ZERO
    self_pay: Amount = ZERO


class HospitalForm(Form):
    code: str
    designated: bool
    level: Annotated[int, msgspec.Meta(ge=0, le=3)]
    region: str
    name: str = ""
    ward: Literal["general", "joint_ward", "family_bed"] = "general"
    public: bool = True


class ReceiptForm(Form):
    number: str
    original: bool
    handwritten: bool


class VisitForm(Form):
    visit_id: Filled
    kind: str
    date: Day
    hospital: HospitalForm
    receipt: ReceiptForm | None
    lines: list[LineForm]
    discharge_date: Day | None = None
    diagnosis: str = ""
    service: str | None = None
    rescue: bool = False
    social_security_card: bool = True
    other_payer_paid: Amount = ZERO


class PolicyForm(Form):
    policy_no: str
    period_start: Day
    period_end: Day
    parameters: dict[str, bool] = {}  # only {} is taken (see `to_model`)


class InsuredForm(Form):
    insured_id: str
    blacklisted: bool = False
    conditions: list[str] = []
    social_insurance: bool = True
    minor: bool = False


class RequestForm(Form):
    product: Filled
    claim_id: Filled
    submitted_on: Day
    policy: PolicyForm
    insured: InsuredForm
    history: dict[str, Count | Amount] = {}
    materials: list[str] = []
    visits: list[VisitForm] = []


T = TypeVar("T")
DECODER = msgspec.json.Decoder(RequestForm)  # refuses lone surrogates and invalid UTF-8
ENCODER = msgspec.json.Encoder()
PAYLOAD = msgspec.json.Decoder(float_hook=Decimal)  # as `cli.adjudicate_jsonl.DECODER`


class Unusual(Exception):
    """Not the standard form: pydantic reads it."""


def maker(cls: type[T]) -> Callable[..., T]:
    """`cls(*fields)` for a frozen slotted dataclass, every field given, in half the time: its
    `__init__` stores each field through `object.__setattr__` (≈ 1.2 µs for a bill line's 11,
    20 lines a claim); this stores the same values through the slots' own setters. The
    instance is the same (equal, frozen); a class that checks in `__post_init__` is refused."""
    names = [field.name for field in dataclasses.fields(cls)]  # type: ignore[arg-type]
    if tuple(names) != getattr(cls, "__slots__", ()) or hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: not a plain frozen slotted dataclass")
    scope: dict[str, Any] = {"create": object.__new__, "cls": cls}
    scope.update({f"set_{name}": getattr(cls, name).__set__ for name in names})
    body = "".join(f"\n    set_{name}(made, {name})" for name in names)
    exec(f"def make({', '.join(names)}):\n    made = create(cls){body}\n    return made", scope)
    made: Callable[..., T] = scope["make"]
    return made


def from_payload(payload: Any) -> model.ClaimRequest | None:
    """A decoded request as `to_domain(RequestIn.model_validate(payload))` gives it, or None
    when it is not in the standard form."""
    try:
        form = msgspec.convert(payload, RequestForm)
        ENCODER.encode(form)  # pydantic refuses a lone surrogate (JSON may escape one: \ud800)
        return to_model(form)
    except (msgspec.ValidationError, UnicodeError, Unusual):
        return None


def from_json(raw: bytes) -> model.ClaimRequest | None:
    """The same from a JSON document (one `.jsonl` line), decoded straight into the forms."""
    try:
        return to_model(DECODER.decode(raw))
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeError, Unusual):
        return None


@dataclasses.dataclass(frozen=True, slots=True)
class Read:
    """A `.jsonl` line in the standard form, read without its bill lines: the request with
    lineless visits (`head`; every other field checked and read) and the forms (`form`, whose
    lines the table takes as they are). `raw` is the line, for the full read (`full_request`)
    when the claim does not go through the table."""

    head: model.ClaimRequest
    form: RequestForm
    raw: bytes


def head_from_json(raw: bytes) -> Read | None:
    """`from_json` without `rules.model.Line` objects (≈ 35 µs a claim of 20 lines): lines whose
    amounts are not canonical or do not add up, of a type the product does not know or beyond
    the table's range are found by the table (`batch_json.unfit_claims`), and such a claim is
    read in full then."""
    try:
        form = DECODER.decode(raw)
        return Read(to_model(form, lines=False), form, raw)
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeError, Unusual):
        return None


def full_request(read: Read) -> model.ClaimRequest | None:
    """`from_json` of the line: its head and its bill lines, or None (pydantic reads it)."""
    try:
        return to_model(read.form)
    except Unusual:
        return None


def payload_of(read: Read) -> Any:
    """The line decoded for pydantic, as the `.jsonl` reader decodes a line not in the
    standard form (numbers as exact decimals); it decoded into the forms, so it is JSON."""
    return PAYLOAD.decode(read.raw)


def day(text: str) -> date:
    if not DATE_TEXT.fullmatch(text):
        raise Unusual
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise Unusual from None
    if not FIRST_DATE <= value <= LAST_DATE:
        raise Unusual
    return value


def to_model(form: RequestForm, lines: bool = True) -> model.ClaimRequest:
    """The request; without `lines`, its visits carry none (see `Read`)."""
    policy, insured = form.policy, form.insured
    if policy.parameters:
        raise Unusual  # policy-parameter figures (student products)
    canonical(form, lines)
    return model.ClaimRequest(
        product=form.product,
        claim_id=form.claim_id,
        submitted_on=day(form.submitted_on),
        policy=model.Policy(policy.policy_no, day(policy.period_start), day(policy.period_end), {}),
        insured=model.Insured(
            insured.insured_id,
            insured.blacklisted,
            frozenset(insured.conditions),
            insured.social_insurance,
            insured.minor,
        ),
        history={
            name: value if type(value) is int else Decimal(value)
            for name, value in form.history.items()
        },
        materials=frozenset(form.materials),
        visits=tuple(visit_model(visit, lines) for visit in form.visits),
    )


def canonical(form: RequestForm, lines: bool = True) -> None:
    """Every amount written as `format_amount` writes it (else pydantic reads the request);
    without `lines`, the bill lines' are left to the table (`batch_json.unfit_claims`)."""
    amounts = [value for value in form.history.values() if type(value) is str]
    for visit in form.visits:
        amounts.append(visit.other_payer_paid)
        for line in visit.lines if lines else ():
            amounts += (line.amount, line.fund_paid, line.category_self_pay)
            amounts += (line.self_funded, line.self_pay)
    joined = ",".join(amounts)
    if joined.count(",") != len(amounts) - 1:
        raise Unusual  # a comma inside an amount
    if amounts and not CANONICAL_AMOUNTS.fullmatch(joined):
        raise Unusual


def visit_model(visit: VisitForm, lines: bool = True) -> model.Visit:
    hospital, receipt = visit.hospital, visit.receipt
    return new_visit(
        visit.visit_id,
        visit.kind,
        day(visit.date),
        new_hospital(
            hospital.code,
            hospital.name,
            hospital.designated,
            hospital.level,
            hospital.ward,
            hospital.region,
            hospital.public,
        ),
        tuple(line_model(line) for line in visit.lines) if lines else (),
        None
        if receipt is None
        else model.Receipt(receipt.number, receipt.original, receipt.handwritten),
        visit.diagnosis,
        visit.service,
        visit.rescue,
        Decimal(visit.other_payer_paid),
        None if visit.discharge_date is None else day(visit.discharge_date),
        visit.social_security_card,
    )


def line_model(line: LineForm) -> model.Line:
    amount, fund = Decimal(line.amount), Decimal(line.fund_paid)
    category, funded = Decimal(line.category_self_pay), Decimal(line.self_funded)
    self_pay = Decimal(line.self_pay)
    if fund + category + funded + self_pay != amount:
        raise Unusual  # pydantic refuses it (parts_do_not_add_up)
    return new_line(
        line.line_id,
        line.type,
        amount,
        fund,
        category,
        funded,
        self_pay,
        line.name,
        line.auxiliary,
        line.days_supply,
        line.sessions,
    )


new_line, new_visit = maker(model.Line), maker(model.Visit)
new_hospital = maker(model.Hospital)
