"""Materials (理赔申请材料): metadata attached to a claim, audited."""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.claim import Material
from claimdesk.domain.errors import InvalidInput
from claimdesk.domain.users import Permission, User
from claimdesk.services.access import ensure_can_see, require
from claimdesk.services.ports import Clock, UnitOfWork

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class MaterialMetadata:
    code: str
    file_name: str
    content_type: str
    size: int
    sha256: str


def attach_material(
    uow: UnitOfWork, clock: Clock, actor: User, claim_id: int, metadata: MaterialMetadata
) -> Material:
    require(actor, Permission.ATTACH_MATERIALS)
    if not _SHA256.match(metadata.sha256):
        raise InvalidInput(
            "sha256 必须是 64 位十六进制", "sha256 must be 64 hex digits", field="sha256"
        )
    with uow:
        ensure_can_see(actor, uow.claims.get(claim_id))
        material = uow.materials.add(
            Material(
                None,
                claim_id,
                metadata.code,
                metadata.file_name,
                metadata.content_type,
                metadata.size,
                metadata.sha256,
                actor.id,
                clock.now(),
            )
        )
        uow.audit.append(_entry(actor, claim_id, material), clock.now())
        uow.commit()
        return material


def list_materials(uow: UnitOfWork, actor: User, claim_id: int) -> list[Material]:
    with uow:
        ensure_can_see(actor, uow.claims.get(claim_id))
        return uow.materials.for_claim(claim_id)


def _entry(actor: User, claim_id: int, material: Material) -> AuditEntry:
    return AuditEntry(
        actor=actor.username,
        action="attach_material",
        entity_type="claim",
        entity_id=str(claim_id),
        after={"material": material.code, "file": material.file_name, "sha256": material.sha256},
    )
