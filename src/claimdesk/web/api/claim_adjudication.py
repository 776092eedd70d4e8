"""A stored claim's adjudication: the engine's result, adjusters' overrides, FHIR export."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from claimdesk.contract.request_json import request_to_json
from claimdesk.contract.result_json import result_to_json
from claimdesk.domain.errors import NotFound
from claimdesk.rules.benefit_ledger import LineOverride
from claimdesk.rules.fhir_export import explanation_of_benefit
from claimdesk.services.adjudication import use_cases as adjudication_service
from claimdesk.services.adjudication.records import StoredAdjudication
from claimdesk.web.deps import ApiUser, WiringDep
from claimdesk.web.params import Id

router = APIRouter(prefix="/api/claims", tags=["adjudication"])


class OverrideIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    visit_id: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    line_id: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    payable: Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
    version: Annotated[int, Field(ge=1)]


def adjudication_out(record: StoredAdjudication) -> dict[str, Any]:
    return {
        "seq": record.seq,
        "at": record.at.isoformat(),
        "by": record.by_user,
        "decision": str(record.decision),
        "engine_payable": f"{record.engine_payable:.2f}",
        "payable": f"{record.payable:.2f}",
        "result": result_to_json(record.result),
        "request": request_to_json(record.request),
        "overrides": [
            {
                "visit_id": o.visit_id,
                "line_id": o.line_id,
                "engine_payable": f"{o.engine_payable:.2f}",
                "payable": f"{o.payable:.2f}",
                "reason": o.reason,
                "by": o.by_user,
                "at": o.at.isoformat(),
            }
            for o in record.overrides
        ],
    }


def _active(wiring: WiringDep, user: ApiUser, claim_id: int) -> StoredAdjudication:
    record = adjudication_service.get_adjudication(wiring.context(), actor=user, claim_id=claim_id)
    if record is None:
        raise NotFound("理算结果 adjudication", claim_id)
    return record


@router.get("/{claim_id}/adjudication")
def get_adjudication(claim_id: Id, user: ApiUser, wiring: WiringDep) -> dict[str, Any]:
    return adjudication_out(_active(wiring, user, claim_id))


@router.post("/{claim_id}/adjudication/overrides")
def override_line(
    claim_id: Id, body: OverrideIn, user: ApiUser, wiring: WiringDep
) -> dict[str, Any]:
    change = LineOverride(body.visit_id, body.line_id, body.payable, body.reason)
    record = adjudication_service.override_line(
        wiring.context(),
        actor=user,
        claim_id=claim_id,
        change=change,
        expected_version=body.version,
    )
    return adjudication_out(record)


@router.get("/{claim_id}/adjudication/fhir")
def fhir_explanation_of_benefit(claim_id: Id, user: ApiUser, wiring: WiringDep) -> dict[str, Any]:
    """FHIR R4 ExplanationOfBenefit of the engine's decision (our reason codes on each item)."""
    record = _active(wiring, user, claim_id)
    insured_id, on = record.request.insured.insured_id, record.at.date().isoformat()
    return explanation_of_benefit(record.result, insured_id, on)
