"""Policies API: create and list policies; add, import (CSV/Excel) and list insured persons."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, UploadFile
from pydantic import ValidationError

from claimdesk.adapters.tabular import read_rows
from claimdesk.domain.errors import InvalidInput
from claimdesk.domain.pii import mask_bank_account, mask_id_number, mask_phone
from claimdesk.domain.policy import InsuredPerson, Policy
from claimdesk.domain.users import Permission, User
from claimdesk.services.policies import use_cases as policy_service
from claimdesk.web.api.schemas import ImportOut, InsuredIn, InsuredOut, PolicyIn, PolicyOut
from claimdesk.web.deps import ApiUser, WiringDep
from claimdesk.web.params import CursorQuery, Id

router = APIRouter(prefix="/api/policies", tags=["policies"])
MAX_IMPORT_BYTES = 10 * 1024 * 1024
Cursor = CursorQuery
Limit = Annotated[int, Query(ge=1, le=200)]


@router.post("", response_model=PolicyOut, status_code=201)
def create_policy(body: PolicyIn, user: ApiUser, wiring: WiringDep) -> PolicyOut:
    policy = policy_service.create_policy(wiring.context(), actor=user, policy=body.to_domain())
    return _policy_out(policy)


@router.get("", response_model=list[PolicyOut])
def list_policies(
    user: ApiUser, wiring: WiringDep, cursor: Cursor = None, limit: Limit = 50
) -> list[PolicyOut]:
    return [
        _policy_out(p)
        for p in policy_service.list_policies(
            wiring.context(), actor=user, after_id=cursor, limit=limit
        )
    ]


@router.get("/{policy_id}", response_model=PolicyOut)
def get_policy(policy_id: Id, user: ApiUser, wiring: WiringDep) -> PolicyOut:
    return _policy_out(policy_service.get_policy(wiring.context(), actor=user, policy_id=policy_id))


@router.post("/{policy_id}/insured", response_model=ImportOut, status_code=201)
def add_insured(
    policy_id: Id, body: list[InsuredIn], user: ApiUser, wiring: WiringDep
) -> ImportOut:
    persons = [item.to_domain(policy_id) for item in body]
    result = policy_service.add_insured_persons(
        wiring.context(), actor=user, policy_id=policy_id, persons=persons
    )
    return ImportOut(created=result.created)


@router.post("/{policy_id}/insured/import", response_model=ImportOut, status_code=201)
def import_insured(policy_id: Id, file: UploadFile, user: ApiUser, wiring: WiringDep) -> ImportOut:
    content = file.file.read(MAX_IMPORT_BYTES + 1)  # sync: parsed in the thread pool
    if len(content) > MAX_IMPORT_BYTES:
        raise InvalidInput("文件过大（上限 10 MB）", "file too large (limit 10 MB)", field="file")
    persons = [
        _row_to_person(index, row, policy_id) for index, row in enumerate(read_rows(content), 2)
    ]
    result = policy_service.add_insured_persons(
        wiring.context(), actor=user, policy_id=policy_id, persons=persons
    )
    return ImportOut(created=result.created)


@router.get("/{policy_id}/insured", response_model=list[InsuredOut])
def list_insured(
    policy_id: Id, user: ApiUser, wiring: WiringDep, cursor: Cursor = None, limit: Limit = 50
) -> list[InsuredOut]:
    persons = policy_service.list_insured(
        wiring.context(), actor=user, policy_id=policy_id, after_id=cursor, limit=limit
    )
    return [insured_out(person, user) for person in persons]


def _row_to_person(row_number: int, row: dict[str, str], policy_id: int) -> InsuredPerson:
    values: dict[str, object] = {
        key: value for key, value in row.items() if key in InsuredIn.model_fields
    }
    values["social_insurance"] = row.get("social_insurance", "true").lower() not in (
        "false",
        "0",
        "否",
        "no",
    )
    values["conditions"] = [
        c for c in row.get("conditions", "").replace("，", ",").split(",") if c.strip()
    ]
    try:
        return InsuredIn.model_validate(values).to_domain(policy_id)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        raise InvalidInput(
            f"第 {row_number} 行，字段 {field}：{first['msg']}；文件未导入",
            f"row {row_number}, field {field}: {first['msg']}; nothing was imported",
            field=f"rows[{row_number}].{field}",
        ) from error


def insured_out(person: InsuredPerson, viewer: User) -> InsuredOut:
    """PII is masked for roles that do not need it."""
    show = viewer.can(Permission.VIEW_PII)
    assert person.id is not None
    return InsuredOut(
        id=person.id,
        member_no=person.member_no,
        name=person.name,
        id_number=person.id_number if show else mask_id_number(person.id_number),
        phone=person.phone if show else mask_phone(person.phone),
        bank_account=person.bank_account if show else mask_bank_account(person.bank_account),
        social_insurance=person.social_insurance,
    )


def _policy_out(policy: Policy) -> PolicyOut:
    assert policy.id is not None
    return PolicyOut(
        id=policy.id,
        policy_no=policy.policy_no,
        product_code=policy.product_code,
        policyholder=policy.policyholder,
        period_start=policy.period_start,
        period_end=policy.period_end,
        line_of_business=policy.line_of_business,
        premium=policy.premium,
    )
