"""Material files, the one-time notice and the claim's deadlines (JSON)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, UploadFile
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from claimdesk.domain.claim import Material
from claimdesk.services.claims import materials as claim_materials
from claimdesk.services.materials import use_cases as material_service
from claimdesk.services.ports import Notice, TrackedDeadline
from claimdesk.services.tasks.deadlines import claim_deadlines
from claimdesk.web.deps import ApiUser, Context, WiringDep
from claimdesk.web.edge_errors import file_responses
from claimdesk.web.params import Id, clean_file_name
from claimdesk.workflow.calendar import fallback_warning
from claimdesk.workflow.deadlines import TimeLimitCode, default_time_limits

router = APIRouter(prefix="/api/claims", tags=["materials"])
# What an upload may be (services/materials sniffs it): what a download answers with.
UPLOAD_TYPES = ("application/pdf", "image/jpeg", "image/png", "image/heic")


class RejectIn(BaseModel):
    reason: str = Field(max_length=500)


@router.post("/{claim_id}/files", status_code=201)
def upload_file(
    claim_id: Id,
    user: ApiUser,
    wiring: WiringDep,
    context: Context,
    code: Annotated[str, Form(max_length=60)],
    file: UploadFile,
) -> dict[str, Any]:
    limit = wiring.settings.upload_limit_bytes
    content = file.file.read(limit + 1)  # one byte past the limit is enough to refuse
    upload = material_service.Upload(code, clean_file_name(file.filename), content)
    material = material_service.upload_material(
        context, actor=user, claim_id=claim_id, upload=upload, limit_bytes=limit
    )
    return material_out(material)


@router.get(
    "/{claim_id}/files/{material_id}",
    response_class=StreamingResponse,
    responses=file_responses(*UPLOAD_TYPES),
)
def download_file(
    claim_id: Id, material_id: Id, user: ApiUser, context: Context
) -> StreamingResponse:
    material, chunks = material_service.material_file(
        context, actor=user, claim_id=claim_id, material_id=material_id
    )
    disposition = f"attachment; filename*=UTF-8''{quote(material.file_name)}"
    headers = {"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff"}
    return StreamingResponse(chunks, media_type=material.content_type, headers=headers)


@router.post("/{claim_id}/files/{material_id}/reject")
def reject_file(
    claim_id: Id, material_id: Id, body: RejectIn, user: ApiUser, context: Context
) -> dict[str, Any]:
    material = material_service.reject_material(
        context, actor=user, claim_id=claim_id, material_id=material_id, reason=body.reason
    )
    return material_out(material)


@router.post("/{claim_id}/files/{material_id}/accept")
def accept_file(claim_id: Id, material_id: Id, user: ApiUser, context: Context) -> dict[str, Any]:
    material = material_service.accept_material(
        context, actor=user, claim_id=claim_id, material_id=material_id
    )
    return material_out(material)


@router.post("/{claim_id}/submit-materials")
def submit_materials(claim_id: Id, user: ApiUser, context: Context) -> dict[str, Any]:
    checked = claim_materials.submit_materials(context, actor=user, claim_id=claim_id)
    claim = checked.claim
    return {"status": str(claim.status), "version": claim.version, "missing": list(checked.items)}


@router.get("/{claim_id}/notices")
def list_notices(claim_id: Id, user: ApiUser, context: Context) -> list[dict[str, Any]]:
    found = material_service.list_notices(context, actor=user, claim_id=claim_id)
    return [notice_out(n) for n in found]


@router.get("/{claim_id}/deadlines")
def list_deadlines(claim_id: Id, user: ApiUser, wiring: WiringDep) -> list[dict[str, Any]]:
    rows = claim_deadlines(wiring.uow(), wiring.clock, user, claim_id)
    return [deadline_out(deadline, status) for deadline, status in rows]


def material_out(material: Material) -> dict[str, Any]:
    return {
        "id": material.id,
        "code": material.code,
        "file_name": material.file_name,
        "content_type": material.content_type,
        "size": material.size,
        "sha256": material.sha256,
        "status": material.status,
        "note": material.note,
        "uploaded_at": material.uploaded_at.isoformat(),
    }


def notice_out(notice: Notice) -> dict[str, Any]:
    return {
        "id": notice.id,
        "kind": notice.kind,
        "items": list(notice.items),
        "channel": notice.channel,
        "created_at": notice.created_at.isoformat(),
        "sent_at": notice.sent_at.isoformat() if notice.sent_at else None,
    }


def deadline_out(deadline: TrackedDeadline, status: str) -> dict[str, Any]:
    limit = default_time_limits()[TimeLimitCode(deadline.code)]
    moments = ("started_at", "due_at", "at_risk_at", "done_at", "breached_at", "cancelled_at")
    return {
        "id": deadline.id,
        "code": deadline.code,
        "name_zh": limit.name_zh,
        "name_en": limit.name_en,
        "source": limit.source,
        "status": status,
        **{name: _iso(getattr(deadline, name)) for name in moments},
        "paused": deadline.paused_since is not None,
        "paused_days": deadline.paused_days,
        "uncertain_years": list(deadline.uncertain_years),
        "warnings": [fallback_warning(year) for year in deadline.uncertain_years],
    }


def _iso(moment: Any) -> str | None:
    return None if moment is None else str(moment.isoformat())
