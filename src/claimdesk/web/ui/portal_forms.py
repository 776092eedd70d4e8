"""The guided claim report form: parsed and validated on the server, errors per field.

Health products ask the visit and its bill lines; accident products (学平险, its medical riders)
ask what their terms need as well: the accident (date, place, cause, description) and, for the
lump-sum cover, its outcome (disability grade or death) — `FormNeeds` says which, per product.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from pydantic import BaseModel, Field

from claimdesk.domain.claim import AccidentFacts, AccidentOutcome, BillLine, Visit
from claimdesk.domain.errors import DomainError, InvalidInput
from claimdesk.rules.terms import Product
from claimdesk.services.claims.use_cases import ClaimReport

LINE_ROWS = 4
PARTS = ("fund_paid", "category_self_pay", "self_funded", "self_pay")
KINDS = ("outpatient", "emergency", "inpatient")


@dataclass(frozen=True)
class FormNeeds:  # fields in this order: kinds, visits, accident, accident_kinds, outcome, causes
    """What the insured's product needs on the report (from its terms, never guessed)."""

    kinds: tuple[str, ...] = KINDS
    visits: bool = True  # a medical cover: the visit and its bills
    accident: bool = False  # the accident facts, always (requires_accident)
    accident_kinds: tuple[str, ...] = ()  # ... or for a visit of these kinds (附加险 4)
    outcome: bool = False  # death or disability (the lump-sum accident cover)
    causes: tuple[str, ...] = ()  # the terms' exclusion causes (责任免除), besides "accident"


def needs_of(product: Product | None) -> FormNeeds:
    if product is None:
        return FormNeeds()
    kinds = tuple(sorted(product.visit_kinds, key=_kind_order)) or KINDS
    return FormNeeds(kinds, product.medical is not None, product.requires_accident,
                     tuple(sorted(product.visit_gates.accident_kinds or ())),
                     product.accident is not None,
                     tuple(product.accident_exclusions))  # fmt: skip


def _kind_order(kind: str) -> tuple[int, str]:
    return (KINDS.index(kind) if kind in KINDS else len(KINDS), kind)


@dataclass(frozen=True)
class AccidentInput:
    date: str = ""
    place: str = ""
    cause: str = ""
    description: str = ""
    outcome_kind: str = ""
    outcome_date: str = ""
    disability_grade: str = ""


@dataclass(frozen=True)
class LineInput:
    type: str = "drug_western"
    name: str = ""
    amount: str = ""
    parts: dict[str, str] = field(default_factory=dict)
    days_supply: str = ""
    sessions: str = ""


@dataclass(frozen=True)
class ReportForm:
    policy_no: str = ""
    member_no: str = ""
    visit_kind: str = "outpatient"
    visit_date: str = ""
    discharge_date: str = ""
    hospital_name: str = ""
    diagnosis: str = ""
    description: str = ""
    lines: tuple[LineInput, ...] = tuple(LineInput() for _ in range(LINE_ROWS))
    accident: AccidentInput = AccidentInput()
    receipt_photo: str = ""  # 拍照识别: the stored photo (SHA-256) to keep as the receipt file


class ReportFields(BaseModel):
    """The form as posted; everything optional here so that the checks below name the field."""

    csrf_token: str = ""
    idempotency_key: str = Field("", max_length=64)
    policy_no: str = Field("", max_length=40)
    member_no: str = Field("", max_length=40)
    visit_kind: str = Field("outpatient", max_length=20)
    visit_date: str = Field("", max_length=20)
    discharge_date: str = Field("", max_length=20)
    hospital_name: str = Field("", max_length=200)
    diagnosis: str = Field("", max_length=200)
    description: str = Field("", max_length=2000)
    line_type: list[str] = Field(default_factory=list, max_length=LINE_ROWS)
    line_name: list[str] = Field(default_factory=list, max_length=LINE_ROWS)
    amount: list[str] = Field(default_factory=list, max_length=LINE_ROWS)
    fund_paid: list[str] = Field(default_factory=list, max_length=LINE_ROWS)
    category_self_pay: list[str] = Field(default_factory=list, max_length=LINE_ROWS)
    self_funded: list[str] = Field(default_factory=list, max_length=LINE_ROWS)
    self_pay: list[str] = Field(default_factory=list, max_length=LINE_ROWS)
    days_supply: list[str] = Field(default_factory=list, max_length=LINE_ROWS)
    sessions: list[str] = Field(default_factory=list, max_length=LINE_ROWS)
    accident_date: str = Field("", max_length=20)
    accident_place: str = Field("", max_length=200)
    accident_cause: str = Field("", max_length=60)
    accident_description: str = Field("", max_length=2000)
    outcome_kind: str = Field("", max_length=20)
    outcome_date: str = Field("", max_length=20)
    disability_grade: str = Field("", max_length=4)
    receipt_photo: str = Field("", max_length=64)

    def as_form(self) -> ReportForm:
        lines = tuple(self._line(i) for i in range(len(self.amount)))
        accident = AccidentInput(self.accident_date, self.accident_place, self.accident_cause,
                                 self.accident_description, self.outcome_kind,
                                 self.outcome_date, self.disability_grade)  # fmt: skip
        return ReportForm(self.policy_no, self.member_no, self.visit_kind, self.visit_date,
                          self.discharge_date, self.hospital_name, self.diagnosis,
                          self.description, lines or ReportForm().lines, accident,
                          self.receipt_photo)  # fmt: skip

    def _line(self, i: int) -> LineInput:
        def at(values: list[str]) -> str:
            return values[i] if i < len(values) else ""

        parts = {part: at(getattr(self, part)) for part in PARTS}
        counts = at(self.days_supply), at(self.sessions)
        return LineInput(at(self.line_type) or "drug_western", at(self.line_name),
                         at(self.amount), parts, *counts)  # fmt: skip


class FormErrors(dict[str, DomainError]):
    def need(self, name: str, zh: str, en: str) -> None:
        self.setdefault(name, InvalidInput(zh, en, field=name))


def to_report(
    form: ReportForm, today: date, needs: FormNeeds = FormNeeds()
) -> tuple[ClaimReport | None, FormErrors]:
    errors = FormErrors()
    asked = (("policy_no", "请填写保单号", "Enter the policy number"),
             ("member_no", "请填写被保险人编号", "Enter the member number"))  # fmt: skip
    for name, zh, en in asked:
        if not getattr(form, name).strip():
            errors.need(name, zh, en)
    wanted = needs.accident or form.visit_kind in needs.accident_kinds
    accident = _accident(form.accident, today, needs, errors) if wanted else None
    outcome = _outcome(form.accident, today, errors) if needs.outcome else None
    wants_visit = needs.visits or bool(form.hospital_name.strip() or form.visit_date.strip())
    visit = _visit(form, today, needs, errors) if wants_visit else None
    if errors:
        return None, errors
    incident = accident.date if accident else (visit.date if visit else today)
    description = form.description.strip() or (accident.description if accident else "")
    report = ClaimReport(form.policy_no.strip(), form.member_no.strip(), incident, description,
                         visits=(visit,) if visit else (), accident=accident,
                         outcome=outcome)  # fmt: skip
    return report, errors


def _visit(form: ReportForm, today: date, needs: FormNeeds, errors: FormErrors) -> Visit | None:
    for name, zh, en in (("hospital_name", "请填写就诊医院", "Enter the hospital"),
                         ("diagnosis", "请填写诊断", "Enter the diagnosis")):  # fmt: skip
        if not getattr(form, name).strip():
            errors.need(name, zh, en)
    if form.visit_kind not in needs.kinds:
        errors.need("visit_kind", "请选择就诊类型", "Choose the kind of visit")
    visit_date = _day(form.visit_date, "visit_date", today, errors)
    discharge = _day(form.discharge_date, "discharge_date", today, errors, required=False)
    lines = _lines(form.lines, errors)
    if errors or visit_date is None:
        return None
    return Visit("V1", form.visit_kind, visit_date, "", form.hospital_name.strip(),
                 form.diagnosis.strip(), tuple(lines), discharge_date=discharge)  # fmt: skip


def _accident(
    row: AccidentInput, today: date, needs: FormNeeds, errors: FormErrors
) -> AccidentFacts | None:
    """意外事故: date, place and what happened are asked; the cause is an accident or one of
    the terms' exclusion causes (the specialist checks it against the accident certificate)."""
    day = _day(row.date, "accident_date", today, errors)
    if not row.place.strip():
        errors.need("accident_place", "请填写事故发生地点", "Enter where the accident happened")
    if not row.description.strip():
        errors.need("accident_description", "请描述事故经过", "Describe how it happened")
    if row.cause and row.cause not in needs.causes:
        errors.need("accident_cause", "请选择事故原因", "Choose the cause of the accident")
    if day is None or errors:
        return None
    return AccidentFacts(day, row.place.strip(), row.cause or None, row.description.strip())


def _outcome(row: AccidentInput, today: date, errors: FormErrors) -> AccidentOutcome | None:
    """身故 or 伤残 (grade 1–10, JR/T 0083-2013); none: nothing to pay under the lump-sum cover,
    so the terms need one of them."""
    if row.outcome_kind not in ("death", "disability"):
        errors.need("outcome_kind", "请选择身故或伤残", "Choose death or disability")
        return None
    day = _day(row.outcome_date, "outcome_date", today, errors)
    grades: tuple[int, ...] = ()
    if row.outcome_kind == "disability":
        text = row.disability_grade.strip()
        if not (text.isascii() and text.isdigit() and 1 <= int(text) <= 10):
            errors.need("disability_grade", "伤残等级须为1至10级", "The grade is 1 to 10")
            return None
        grades = (int(text),)
    return None if day is None else AccidentOutcome(row.outcome_kind, day, grades)


def _day(
    text: str, name: str, today: date, errors: FormErrors, *, required: bool = True
) -> date | None:
    if not text.strip():
        if required:
            errors.need(name, "请选择日期", "Choose a date")
        return None
    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        errors.need(name, "日期格式应为 年-月-日", "Use the format YYYY-MM-DD")
        return None
    if value > today:
        errors.need(name, "日期不能晚于今天", "The date cannot be in the future")
    return value


def _lines(rows: tuple[LineInput, ...], errors: FormErrors) -> list[BillLine]:
    lines = []
    for number, row in enumerate(rows, start=1):
        if not row.amount.strip():
            continue
        amount = _money(row.amount, f"lines.{number}.amount", errors)
        parts = {p: _money(row.parts.get(p, ""), f"lines.{number}.{p}", errors) for p in PARTS}
        days = _count(row.days_supply, f"lines.{number}.days_supply", errors)
        sessions = _count(row.sessions, f"lines.{number}.sessions", errors)
        if amount is None or None in parts.values() or days is False or sessions is False:
            continue
        if not any(parts.values()):
            parts["self_pay"] = amount  # no split given: all paid by the insured
        try:
            lines.append(BillLine(f"L{number}", row.type, row.name.strip(), amount, **parts,  # type: ignore[arg-type]
                                  days_supply=days, sessions=sessions))  # fmt: skip
        except DomainError:
            errors.need(f"lines.{number}.amount", "各分项之和应等于金额",
                        "The parts must add up to the amount")  # fmt: skip
    if not lines and not errors:
        errors.need("lines.1.amount", "请至少填写一项费用", "Enter at least one bill line")
    return lines


def _count(text: str, name: str, errors: FormErrors) -> int | bool | None:
    """Supply days or sessions: blank is None (the terms may not need it), False when wrong."""
    text = text.strip()
    if not text:
        return None
    if not text.isascii() or not text.isdigit() or int(text) > 3650:
        errors.need(name, "请填写 0 到 3650 之间的整数", "Enter a whole number from 0 to 3650")
        return False
    return int(text)


def _money(text: str, name: str, errors: FormErrors) -> Decimal | None:
    text = text.strip().replace(",", "").replace("，", "") or "0"
    if not text.isascii():  # Decimal("１２０") is 120: never read full-width digits silently
        errors.need(name, "金额请使用半角数字 0-9（不接受全角数字）",
                    "Use the digits 0-9 (full-width digits are not accepted)")  # fmt: skip
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        errors.need(name, "请填写金额，如 120.50", "Enter an amount such as 120.50")
        return None
    if value < 0 or value != value.quantize(Decimal("0.01")) or value > Decimal("10000000"):
        errors.need(name, "金额应为非负数，最多两位小数", "Use a positive amount, two decimals")
        return None
    return value
