"""审核录入 on the staff claim page: the forms that correct a visit or a bill line.

The form posts every field pre-filled with the verified value; the use case records only
those that changed. Bad input comes back on the claim page with the field named (zh/en).
"""

from __future__ import annotations

from typing import Any, TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from claimdesk.domain.errors import DomainError, Forbidden, InvalidInput
from claimdesk.domain.labels import both
from claimdesk.services.verification import use_cases as verification
from claimdesk.web.api.verification import NULLABLE, LineCorrectionIn, VisitCorrectionIn
from claimdesk.web.deps import SessionUser, WiringDep
from claimdesk.web.params import Id
from claimdesk.web.ui.claim_views import claim_view
from claimdesk.web.ui.views import check_csrf

router = APIRouter(include_in_schema=False)
MAX_FORM_FIELDS = 20
Schema = TypeVar("Schema", VisitCorrectionIn, LineCorrectionIn)


@router.post("/claims/{claim_id}/verify/{visit_ref}")
async def verify_visit(
    claim_id: Id, visit_ref: str, request: Request, user: SessionUser, wiring: WiringDep
) -> Response:
    form = await _form(request)
    try:
        body = _parsed(VisitCorrectionIn, form, f"visits.{visit_ref}")
        verification.correct_visit(
            wiring.context(), actor=user, claim_id=claim_id, visit_ref=visit_ref[:40],
            changes=body.changes(f"visits.{visit_ref}"), reason=body.reason,
            expected_version=body.version,
        )  # fmt: skip
    except Forbidden:
        raise  # the role may not correct: 403, not a form error
    except DomainError as error:
        return claim_view(request, user, wiring, claim_id, error=error)
    return RedirectResponse(f"/claims/{claim_id}#verification", status_code=303)


@router.post("/claims/{claim_id}/verify/{visit_ref}/{line_ref}")
async def verify_line(
    claim_id: Id,
    visit_ref: str,
    line_ref: str,
    request: Request,
    user: SessionUser,
    wiring: WiringDep,
) -> Response:
    form = await _form(request)
    try:
        body = _parsed(LineCorrectionIn, form, f"lines.{line_ref}")
        verification.correct_line(
            wiring.context(), actor=user, claim_id=claim_id, visit_ref=visit_ref[:40],
            line_ref=line_ref[:40], changes=body.changes(f"lines.{line_ref}"),
            reason=body.reason, expected_version=body.version,
        )  # fmt: skip
    except Forbidden:
        raise  # the role may not correct: 403, not a form error
    except DomainError as error:
        return claim_view(request, user, wiring, claim_id, error=error)
    return RedirectResponse(f"/claims/{claim_id}#verification", status_code=303)


async def _form(request: Request) -> dict[str, str]:
    posted = await request.form(max_fields=MAX_FORM_FIELDS, max_files=0)
    fields = {key: str(value)[:1000] for key, value in posted.items()}
    check_csrf(request, fields.pop("csrf_token", ""))
    return fields


def _parsed(schema: type[Schema], form: dict[str, str], prefix: str) -> Schema:
    """Blank optional figures are "none"; a blank required field is left as it was."""
    data: dict[str, Any] = {}
    for name, value in form.items():
        if name not in schema.model_fields:
            continue
        text = value.strip()
        if text or name in NULLABLE or name == "reason":
            data[name] = text or None if name != "reason" else text
    try:
        return schema.model_validate(data)
    except ValidationError as invalid:
        problem = invalid.errors()[0]
        name = str(problem["loc"][0]) if problem["loc"] else "form"
        zh, en = both("verified_field", name)
        raise InvalidInput(
            f"{zh}填写有误，请检查", f"{en}: please check the value", field=f"{prefix}.{name}"
        ) from invalid
