"""审核录入 over JSON: correct a visit or a bill line (each with a reason), list corrections."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from claimdesk.domain.errors import InvalidInput
from claimdesk.domain.verification import Correction, field_histories
from claimdesk.services.claims import moves as claim_moves
from claimdesk.services.claims import use_cases as claim_service
from claimdesk.services.verification import use_cases as verification
from claimdesk.web.api.schemas import ClaimOut, claim_out
from claimdesk.web.deps import ApiUser, Context
from claimdesk.web.params import Id

router = APIRouter(prefix="/api/claims", tags=["verification"])

Ref = Annotated[str, StringConstraints(min_length=1, max_length=40)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
MoneyIn = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]
NULLABLE = frozenset({"discharge_date", "days_supply", "sessions"})


class _CorrectionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Annotated[str, StringConstraints(max_length=1000)] = ""
    version: Annotated[int, Field(ge=1)]

    def changes(self, prefix: str) -> dict[str, Any]:
        """Only the fields the request names; null only where a value may be absent."""
        given = {
            name: getattr(self, name)
            for name in self.model_fields_set
            if name not in ("reason", "version")
        }
        for name, value in given.items():
            if value is None and name not in NULLABLE:
                raise InvalidInput(
                    "此项不能为空", "this field cannot be empty", field=f"{prefix}.{name}"
                )
        return given


class VisitCorrectionIn(_CorrectionIn):
    kind: Annotated[str, StringConstraints(max_length=20)] | None = None
    date: dt.date | None = None
    discharge_date: dt.date | None = None
    hospital_name: Text | None = None
    diagnosis: Text | None = None


class LineCorrectionIn(_CorrectionIn):
    type: Annotated[str, StringConstraints(max_length=40)] | None = None
    name: Text | None = None
    amount: MoneyIn | None = None
    fund_paid: MoneyIn | None = None
    category_self_pay: MoneyIn | None = None
    self_funded: MoneyIn | None = None
    self_pay: MoneyIn | None = None
    days_supply: Annotated[int, Field(ge=0, le=3650)] | None = None
    sessions: Annotated[int, Field(ge=0, le=1000)] | None = None


@router.post("/{claim_id}/visits/{visit_ref}/correction", response_model=ClaimOut)
def correct_visit(
    claim_id: Id, visit_ref: Ref, body: VisitCorrectionIn, user: ApiUser, context: Context
) -> ClaimOut:
    claim = verification.correct_visit(
        context,
        actor=user,
        claim_id=claim_id,
        visit_ref=visit_ref,
        changes=body.changes(f"visits.{visit_ref}"),
        reason=body.reason,
        expected_version=body.version,
    )
    names = claim_service.insured_names(context, claims=[claim])
    return claim_out(claim, claim_moves.moves_for(user, claim), names.get(claim.insured_person_id))


@router.post("/{claim_id}/visits/{visit_ref}/lines/{line_ref}/correction", response_model=ClaimOut)
def correct_line(
    claim_id: Id,
    visit_ref: Ref,
    line_ref: Ref,
    body: LineCorrectionIn,
    user: ApiUser,
    context: Context,
) -> ClaimOut:
    claim = verification.correct_line(
        context,
        actor=user,
        claim_id=claim_id,
        visit_ref=visit_ref,
        line_ref=line_ref,
        changes=body.changes(f"lines.{line_ref}"),
        reason=body.reason,
        expected_version=body.version,
    )
    names = claim_service.insured_names(context, claims=[claim])
    return claim_out(claim, claim_moves.moves_for(user, claim), names.get(claim.insured_person_id))


@router.get("/{claim_id}/corrections")
def list_corrections(claim_id: Id, user: ApiUser, context: Context) -> dict[str, Any]:
    """Each correction, and per field its submitted and verified values."""
    corrections = verification.list_corrections(context, actor=user, claim_id=claim_id)
    return {
        "corrections": [_correction_out(c) for c in corrections],
        "fields": [
            {
                "visit_id": h.visit_ref,
                "line_id": h.line_ref or None,
                "field": h.field,
                "submitted": h.submitted,
                "verified": h.verified,
            }
            for h in field_histories(corrections).values()
        ],
    }


def _correction_out(correction: Correction) -> dict[str, Any]:
    return {
        "visit_id": correction.visit_ref,
        "line_id": correction.line_ref or None,
        "field": correction.field,
        "submitted": correction.submitted,
        "verified": correction.verified,
        "reason": correction.reason,
        "by": correction.by_user,
        "at": correction.at.isoformat(),
    }
