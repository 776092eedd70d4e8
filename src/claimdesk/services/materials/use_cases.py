"""Materials (理赔申请材料): files typed by their content (never their name) and stored once by
SHA-256, reviewed (accepted or rejected with a reason), listed; every change audited.
The one-time notice is materials/checks.py; submitting them is services/claims/materials.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.claim import MATERIAL_DECLARED, Claim, Material
from claimdesk.domain.errors import (
    ErrorCode,
    FileTooLarge,
    InvalidInput,
    ReasonRequired,
    UnsupportedFileType,
)
from claimdesk.domain.refusals import Refused
from claimdesk.domain.users import Permission, User
from claimdesk.services.access import ensure_can_see, require
from claimdesk.services.context import ServiceContext
from claimdesk.services.ports import FileStore, Notice

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_CODE = re.compile(r"^[a-z0-9_]{1,60}$")
_HEIC_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"mif1"})


@dataclass(frozen=True)
class MaterialMetadata:
    code: str
    file_name: str
    content_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Upload:
    code: str
    file_name: str
    content: bytes


def attach_material(
    context: ServiceContext, *, actor: User, claim_id: int, metadata: MaterialMetadata
) -> Material:
    """Metadata of a file held elsewhere (the JSON API): recorded as 'declared' only. It does
    not satisfy the checklist and is never served (its sha256 is the caller's word, which could
    name another person's stored file); only `upload_material` stores a checked file."""
    require(actor, Permission.ATTACH_MATERIALS)
    if not _SHA256.match(metadata.sha256):
        raise InvalidInput(
            "sha256 必须是 64 位十六进制", "sha256 must be 64 hex digits", field="sha256"
        )
    uow, clock = context.uow, context.clock
    with uow:
        claim = uow.claims.get(claim_id)
        ensure_can_see(actor, claim)
        check_material_code(context, claim, metadata.code)
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
                status=MATERIAL_DECLARED,
            )
        )
        uow.audit.append(_attach_entry(actor, claim_id, material), clock.now())
        uow.commit()
        return material


def list_materials(context: ServiceContext, *, actor: User, claim_id: int) -> list[Material]:
    with context.uow as uow:
        ensure_can_see(actor, uow.claims.get(claim_id))
        return uow.materials.for_claim(claim_id)


def sniff_content_type(content: bytes) -> str | None:
    """The type by magic bytes: PDF, JPEG, PNG or HEIC (ftyp box with a HEIF brand)."""
    if content.startswith(b"%PDF-"):
        return "application/pdf"
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if content[4:8] == b"ftyp" and content[8:12] in _HEIC_BRANDS:
        return "image/heic"
    return None


def upload_material(
    context: ServiceContext, *, actor: User, claim_id: int, upload: Upload, limit_bytes: int
) -> Material:
    """Store the file once by content; the same file for the same item is not added twice."""
    require(actor, Permission.ATTACH_MATERIALS)
    uow, clock, files = context.uow, context.clock, _files(context)
    with uow:
        claim = uow.claims.get(claim_id)
        ensure_can_see(actor, claim)  # first: someone else's claim is "not found", any file
        content_type = _checked_type(upload, limit_bytes)
        check_material_code(context, claim, upload.code)
        sha256 = files.put(upload.content)
        if (same := uow.tracking.same_material(claim_id, upload.code, sha256)) is not None:
            return same
        material = uow.materials.add(
            Material(
                None,
                claim_id,
                upload.code,
                _safe_name(upload.file_name),
                content_type,
                len(upload.content),
                sha256,
                actor.id,
                clock.now(),
            )
        )
        uow.audit.append(_material_entry(actor, "upload_material", material), clock.now())
        uow.commit()
        return material


def check_material_code(context: ServiceContext, claim: Claim, code: str) -> None:
    """The code is one of the materials the claim's product lists (一次性告知 items)."""
    product = context.products.get(claim.product_code)
    known = None if product is None else {rule.material for rule in product.materials}
    if not _CODE.match(code) or (known is not None and code not in known):
        listed = "、".join(sorted(known or ()))
        raise Refused(ErrorCode.MATERIAL_CODE_UNKNOWN, field="code", material=code[:60],
                      product=claim.product_code, listed=listed or "-")  # fmt: skip


def _checked_type(upload: Upload, limit_bytes: int) -> str:
    if not _CODE.match(upload.code):
        raise Refused(ErrorCode.MATERIAL_CODE_UNKNOWN, field="code", material=upload.code[:60],
                      product="-", listed="-")  # fmt: skip
    if len(upload.content) > limit_bytes:
        raise FileTooLarge(limit_bytes)
    content_type = sniff_content_type(upload.content)
    if content_type is None:
        raise UnsupportedFileType()
    return content_type


def reject_material(
    context: ServiceContext, *, actor: User, claim_id: int, material_id: int, reason: str
) -> Material:
    """A reviewer refuses a file (unclear copy, wrong document); the reason goes to the customer."""
    require(actor, Permission.REVIEW_MATERIALS)
    if not reason.strip():
        raise ReasonRequired(
            "退回材料必须填写原因", "rejecting a file requires a reason", field="reason"
        )
    uow, clock = context.uow, context.clock
    with uow:
        ensure_can_see(actor, uow.claims.get(claim_id))
        uow.tracking.material_of(claim_id, material_id)
        rejected = uow.tracking.set_material_status(material_id, "rejected", reason.strip())
        entry = _material_entry(actor, "reject_material", rejected)
        uow.audit.append(AuditEntry(**{**vars(entry), "reason": reason.strip()}), clock.now())
        uow.commit()
        return rejected


def accept_material(
    context: ServiceContext, *, actor: User, claim_id: int, material_id: int
) -> Material:
    """A reviewer confirms a file is the right, legible document (材料审核通过)."""
    require(actor, Permission.REVIEW_MATERIALS)
    uow, clock = context.uow, context.clock
    with uow:
        ensure_can_see(actor, uow.claims.get(claim_id))
        _uploaded(uow.tracking.material_of(claim_id, material_id))
        accepted = uow.tracking.set_material_status(material_id, "accepted", "")
        uow.audit.append(_material_entry(actor, "accept_material", accepted), clock.now())
        uow.commit()
        return accepted


def material_file(
    context: ServiceContext, *, actor: User, claim_id: int, material_id: int
) -> tuple[Material, Iterator[bytes]]:
    with context.uow as uow:
        ensure_can_see(actor, uow.claims.get(claim_id))
        material = _uploaded(uow.tracking.material_of(claim_id, material_id))
    return material, _files(context).chunks(material.sha256)


def list_notices(context: ServiceContext, *, actor: User, claim_id: int) -> list[Notice]:
    with context.uow as uow:
        ensure_can_see(actor, uow.claims.get(claim_id))
        return uow.tracking.notices_for(claim_id)


def _uploaded(material: Material) -> Material:
    """A declared material has no file of ours: it is neither served nor accepted."""
    if material.status == MATERIAL_DECLARED:
        raise Refused(ErrorCode.MATERIAL_NOT_UPLOADED, field="material_id")
    return material


def _files(context: ServiceContext) -> FileStore:
    assert context.files is not None, "the composition root gives every request a file store"
    return context.files


def _attach_entry(actor: User, claim_id: int, material: Material) -> AuditEntry:
    return AuditEntry(
        actor=actor.username,
        action="attach_material",
        entity_type="claim",
        entity_id=str(claim_id),
        after={"material": material.code, "file": material.file_name, "sha256": material.sha256},
    )


def _material_entry(actor: User, action: str, material: Material) -> AuditEntry:
    return AuditEntry(
        actor=actor.username,
        action=action,
        entity_type="claim",
        entity_id=str(material.claim_id),
        after={
            "material": material.id,
            "code": material.code,
            "sha256": material.sha256,
            "content_type": material.content_type,
            "status": material.status,
        },
    )


def _safe_name(file_name: str) -> str:
    """Kept for display only; never used to judge the type or to build a path."""
    return PurePosixPath(file_name.replace("\\", "/")).name[:255] or "file"
