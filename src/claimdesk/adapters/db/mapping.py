"""Explicit translation between SQLAlchemy rows and domain dataclasses (three model families)."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from claimdesk.adapters.db.models import (
    BillLineRow,
    ClaimAdjusterRow,
    ClaimRow,
    InsuredPersonRow,
    PolicyRow,
    UserRow,
    VisitRow,
)
from claimdesk.domain.claim import (
    AccidentFacts,
    AccidentOutcome,
    Approval,
    BillLine,
    Claim,
    ClaimStatus,
    Denial,
    LineOfBusiness,
    Visit,
)
from claimdesk.domain.policy import InsuredPerson, Policy
from claimdesk.domain.users import Role, User

T = TypeVar("T")


def user_from_row(row: UserRow) -> User:
    return User(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        role=Role(row.role),
        insured_person_id=row.insured_person_id,
        language=row.language,
        active=row.active,
        lines_of_business=tuple(row.lines_of_business) if row.lines_of_business else None,
        phone=row.phone or "",
        email=row.email or "",
    )


def policy_from_row(row: PolicyRow) -> Policy:
    return Policy(
        id=row.id,
        policy_no=row.policy_no,
        product_code=row.product_code,
        policyholder=row.policyholder,
        period_start=row.period_start,
        period_end=row.period_end,
        line_of_business=row.line_of_business,
        premium=row.premium if row.premium is not None else Decimal("0.00"),
        parameters={k: _parameter(v) for k, v in (row.parameters or {}).items()},
    )


def insured_from_row(row: InsuredPersonRow) -> InsuredPerson:
    return InsuredPerson(
        id=row.id,
        policy_id=row.policy_id,
        member_no=row.member_no,
        name=row.name,
        id_number=row.id_number,
        phone=row.phone,
        bank_account=row.bank_account,
        bank_name=row.bank_name,
        social_insurance=row.social_insurance,
        conditions=tuple(row.conditions or ()),
    )


def insured_to_row(person: InsuredPerson) -> InsuredPersonRow:
    return InsuredPersonRow(
        policy_id=person.policy_id,
        member_no=person.member_no,
        name=person.name,
        id_number=person.id_number,
        phone=person.phone,
        bank_account=person.bank_account,
        bank_name=person.bank_name,
        social_insurance=person.social_insurance,
        conditions=list(person.conditions),
    )


def _parameter(stored: Any) -> Any:
    """A stored schedule parameter: flags and counts as they are, amounts from their text."""
    if isinstance(stored, bool | int):
        return stored
    if isinstance(stored, dict):
        return {str(k): _parameter(v) for k, v in stored.items()}
    return Decimal(str(stored))


def parameter_to_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): parameter_to_json(v) for k, v in value.items()}
    return str(value) if isinstance(value, Decimal) else value


def claim_from_row(row: ClaimRow) -> Claim:
    return stored(
        Claim,
        id=row.id,
        claim_no=row.claim_no,
        policy_id=row.policy_id,
        insured_person_id=row.insured_person_id,
        product_code=row.product_code,
        line_of_business=LineOfBusiness(row.line_of_business),
        status=ClaimStatus(row.status),
        reported_at=row.reported_at,
        reported_by=row.reported_by,
        incident_date=row.incident_date,
        incident_description=row.incident_description,
        claimed_amount=row.claimed_amount,
        visits=tuple(_visit_from_row(visit) for visit in row.visits),
        version=row.version,
        status_reason=row.status_reason,
        updated_at=row.updated_at,
        fast_track=row.fast_track,
        adjudicated_by=row.adjudicated_by,
        adjusted_by=tuple(adjuster.user_id for adjuster in row.adjusters),
        difficult=row.difficult,
        difficult_reason=row.difficult_reason,
        approval=_approval_from_row(row),
        denial=_denial_from_row(row),
        accident=accident_from_json(row.accident),
        outcome=outcome_from_json(row.accident_outcome),
    )


def accident_to_json(accident: AccidentFacts | None) -> dict[str, Any] | None:
    if accident is None:
        return None
    return {"date": accident.date.isoformat(), "place": accident.place,
            "cause": accident.cause, "description": accident.description}  # fmt: skip


def accident_from_json(data: dict[str, Any] | None) -> AccidentFacts | None:
    if data is None:
        return None
    return AccidentFacts(date.fromisoformat(data["date"]), data["place"], data["cause"],
                         data["description"])  # fmt: skip


def outcome_to_json(outcome: AccidentOutcome | None) -> dict[str, Any] | None:
    if outcome is None:
        return None
    return {"kind": outcome.kind, "date": outcome.date.isoformat(),
            "disability_grades": list(outcome.disability_grades),
            "prior_disability_grade": outcome.prior_disability_grade}  # fmt: skip


def outcome_from_json(data: dict[str, Any] | None) -> AccidentOutcome | None:
    if data is None:
        return None
    grades = tuple(data["disability_grades"])
    on = date.fromisoformat(data["date"])
    return AccidentOutcome(data["kind"], on, grades, data["prior_disability_grade"])


def _approval_from_row(row: ClaimRow) -> Approval | None:
    if row.approved_by is None or row.approved_amount is None or row.approved_at is None:
        return None
    return Approval(row.approved_by, row.approved_amount, row.approved_at)


def approval_columns(approval: Approval | None) -> dict[str, Any]:
    if approval is None:
        return {"approved_by": None, "approved_amount": None, "approved_at": None}
    return {"approved_by": approval.approved_by, "approved_amount": approval.amount,
            "approved_at": approval.at}  # fmt: skip


def denial_columns(denial: Denial | None) -> dict[str, Any]:
    if denial is None:
        return {"denial_reason_codes": None, "denial_clause": None}
    return {"denial_reason_codes": list(denial.reason_codes), "denial_clause": denial.clause}


def _denial_from_row(row: ClaimRow) -> Denial | None:
    if row.denial_clause is None:
        return None
    return Denial(tuple(row.denial_reason_codes or ()), row.denial_clause)


def claim_to_row(claim: Claim) -> ClaimRow:
    return ClaimRow(
        claim_no=claim.claim_no,
        policy_id=claim.policy_id,
        insured_person_id=claim.insured_person_id,
        product_code=claim.product_code,
        line_of_business=claim.line_of_business,
        status=claim.status,
        status_reason=claim.status_reason,
        reported_at=claim.reported_at,
        reported_by=claim.reported_by,
        incident_date=claim.incident_date,
        incident_description=claim.incident_description,
        claimed_amount=claim.claimed_amount,
        version=claim.version,
        updated_at=claim.updated_at or claim.reported_at,
        fast_track=claim.fast_track,
        difficult=claim.difficult,
        difficult_reason=claim.difficult_reason,
        adjudicated_by=claim.adjudicated_by,
        adjusters=[
            ClaimAdjusterRow(user_id=user, position=n) for n, user in enumerate(claim.adjusted_by)
        ],
        **approval_columns(claim.approval),
        **denial_columns(claim.denial),
        accident=accident_to_json(claim.accident),
        accident_outcome=outcome_to_json(claim.outcome),
        visits=[_visit_to_row(visit, position) for position, visit in enumerate(claim.visits)],
    )


_VISIT_FIELDS = [
    "visit_ref",
    "kind",
    "date",
    "discharge_date",
    "hospital_code",
    "hospital_name",
    "designated",
    "hospital_level",
    "ward",
    "region",
    "diagnosis",
    "service",
    "rescue",
    "other_payer_paid",
    "receipt_number",
    "receipt_original",
    "receipt_handwritten",
]
_LINE_FIELDS = [
    "line_ref",
    "type",
    "name",
    "amount",
    "fund_paid",
    "category_self_pay",
    "self_funded",
    "self_pay",
    "auxiliary",
    "days_supply",
    "sessions",
]


def _visit_from_row(row: VisitRow) -> Visit:
    lines = tuple(
        stored(BillLine, **{name: getattr(line, name) for name in _LINE_FIELDS})
        for line in row.lines
    )
    values = {name: getattr(row, name) for name in _VISIT_FIELDS}
    return stored(Visit, **{name: lines if name == "lines" else values[name] for name in _VISIT})


_VISIT = [field.name for field in fields(Visit)]  # declared order, `lines` among them


def stored(kind: type[T], /, **values: Any) -> T:
    """A domain object from a stored row, every field given, without running `__init__`:
    the row passed the object's checks when it was written, and a frozen dataclass's
    `__init__` sets each field through `object.__setattr__` — ≈ 7 µs a claim, most of
    building a list page (issue 17). Equal to the object `__init__` builds
    (`test_mapping_stored.py`)."""
    made = object.__new__(kind)
    vars(made).update(values)
    return made


def _visit_to_row(visit: Visit, position: int) -> VisitRow:
    values = {name: getattr(visit, name) for name in _VISIT_FIELDS}
    lines = [
        BillLineRow(position=index, **{name: getattr(line, name) for name in _LINE_FIELDS})
        for index, line in enumerate(visit.lines)
    ]
    return VisitRow(position=position, lines=lines, **values)
