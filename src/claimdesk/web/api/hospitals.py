"""Hospital registry API (医院目录): search while typing, import a CSV/Excel file with a report
of the rejected rows, and the specialist's choice of the registry entry for a visit."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, UploadFile
from pydantic import BaseModel, StringConstraints

from claimdesk.adapters.tabular import read_rows
from claimdesk.domain.errors import InvalidInput
from claimdesk.domain.hospitals import Hospital
from claimdesk.domain.labels import both
from claimdesk.services.hospitals import use_cases as hospital_service
from claimdesk.web.api.schemas import Strict
from claimdesk.web.deps import ApiUser, Context
from claimdesk.web.params import Id

router = APIRouter(tags=["hospitals"])
MAX_IMPORT_BYTES = 5 * 1024 * 1024


class HospitalOut(BaseModel):
    code: str
    name: str
    aliases: list[str]
    level: int
    grade: str
    level_label: str  # 三级甲等
    region: str
    region_label: str
    public: bool
    active: bool
    designations: list[dict[str, str]]


class RejectedRowOut(BaseModel):
    row: int
    field: str
    message_zh: str
    message_en: str


class HospitalImportOut(BaseModel):
    created: int
    updated: int
    rejected: list[RejectedRowOut]


class ChooseHospitalIn(Strict):
    hospital_code: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    reason: Annotated[str, StringConstraints(max_length=500)]
    version: int


def hospital_out(hospital: Hospital) -> HospitalOut:
    return HospitalOut(
        code=hospital.code, name=hospital.name, aliases=list(hospital.aliases),
        level=hospital.level, grade=hospital.grade, level_label=level_label(hospital),
        region=hospital.region, region_label=both("region", hospital.region)[0],
        public=hospital.public, active=hospital.active,
        designations=[{"product_code": d.product_code, "policy_no": d.policy_no}
                      for d in hospital.designations],
    )  # fmt: skip


def level_label(hospital: Hospital, lang: str = "zh") -> str:
    level, grade = both("hospital_level", hospital.level), both("hospital_grade", hospital.grade)
    return f"{level[1]} {grade[1]}".strip() if lang == "en" else f"{level[0]}{grade[0]}"


@router.get("/api/hospitals", response_model=list[HospitalOut])
def search_hospitals(
    user: ApiUser, context: Context, q: Annotated[str, Query(max_length=100)] = ""
) -> list[HospitalOut]:
    found = hospital_service.search_hospitals(context, actor=user, text=q)
    return [hospital_out(h) for h in found]


@router.post("/api/hospitals/import", response_model=HospitalImportOut)
async def import_hospitals(file: UploadFile, user: ApiUser, context: Context) -> HospitalImportOut:
    content = await file.read(MAX_IMPORT_BYTES + 1)
    if len(content) > MAX_IMPORT_BYTES:
        raise InvalidInput("文件过大（上限 5 MB）", "file too large (limit 5 MB)", field="file")
    report = hospital_service.import_hospitals(context, actor=user, rows=read_rows(content))
    rejected = [RejectedRowOut(**vars(r)) for r in report.rejected]
    return HospitalImportOut(created=report.created, updated=report.updated, rejected=rejected)


@router.post("/api/claims/{claim_id}/visits/{visit_ref}/hospital", status_code=204)
def choose_hospital(
    claim_id: Id,
    visit_ref: Annotated[str, Path(max_length=40)],
    body: ChooseHospitalIn,
    user: ApiUser,
    context: Context,
) -> None:
    hospital_service.choose_visit_hospital(
        context, actor=user, claim_id=claim_id, visit_ref=visit_ref,
        hospital_code=body.hospital_code, reason=body.reason, expected_version=body.version,
    )  # fmt: skip
