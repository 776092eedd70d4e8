"""Material files and the one-time notice (一次性告知).

Files are typed by their content, never their name, and stored by SHA-256. `check_materials`
lists EVERY missing item and every rejected file in one notice, never repeats an unchanged
notice, and moves the claim on (materials_pending or under_review) through the lifecycle table.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.claim import Claim, ClaimStatus, Material
from claimdesk.domain.errors import (
    ErrorCode,
    FileTooLarge,
    ReasonRequired,
    UnsupportedFileType,
)
from claimdesk.domain.refusals import Refused
from claimdesk.domain.users import Permission, User
from claimdesk.rules.claim_gates import missing_materials
from claimdesk.rules.errors import InvalidRequest
from claimdesk.rules.product_checks import check_facts
from claimdesk.rules.terms import Product
from claimdesk.services.access import ensure_can_see, require
from claimdesk.services.adjudication.request import claim_request
from claimdesk.services.adjudication.use_cases import Products
from claimdesk.services.audit_trail import claim_entry, claim_snapshot
from claimdesk.services.ports import Clock, FileStore, Notice, UnitOfWork
from claimdesk.services.tasks.deadlines import materials_checked, notice_entry, track_move
from claimdesk.services.tasks.queues import route_claim
from claimdesk.workflow.lifecycle import check_move

S = ClaimStatus
SYSTEM = "system"
MISSING_MATERIALS = "missing_materials"
_CODE = re.compile(r"^[a-z0-9_]{1,60}$")
_HEIC_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"mif1"})
# Moves the system makes after a check; every other status is left to people.
_AUTO_MOVES = frozenset(
    {
        (S.ACCEPTED, S.MATERIALS_PENDING),
        (S.ACCEPTED, S.UNDER_REVIEW),
        (S.MATERIALS_PENDING, S.UNDER_REVIEW),
        (S.UNDER_REVIEW, S.MATERIALS_PENDING),
        (S.REOPENED, S.MATERIALS_PENDING),
        (S.REOPENED, S.UNDER_REVIEW),
    }
)
_REASONS = {
    S.MATERIALS_PENDING: "材料不全，已一次性告知 / materials incomplete, all notified",
    S.UNDER_REVIEW: "材料齐全 / materials complete",
}


@dataclass(frozen=True)
class Upload:
    code: str
    file_name: str
    content: bytes


@dataclass(frozen=True)
class MaterialsCheck:
    claim: Claim
    items: tuple[dict[str, Any], ...]


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
    uow: UnitOfWork,
    clock: Clock,
    files: FileStore,
    actor: User,
    claim_id: int,
    upload: Upload,
    *,
    limit_bytes: int,
) -> Material:
    """Store the file once by content; the same file for the same item is not added twice."""
    require(actor, Permission.ATTACH_MATERIALS)
    content_type = _checked_type(upload, limit_bytes)
    with uow:
        ensure_can_see(actor, uow.claims.get(claim_id))
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


def _checked_type(upload: Upload, limit_bytes: int) -> str:
    if not _CODE.match(upload.code):
        raise Refused(ErrorCode.MATERIAL_CODE_UNKNOWN, field="code")
    if len(upload.content) > limit_bytes:
        raise FileTooLarge(limit_bytes)
    content_type = sniff_content_type(upload.content)
    if content_type is None:
        raise UnsupportedFileType()
    return content_type


def reject_material(
    uow: UnitOfWork, clock: Clock, actor: User, claim_id: int, material_id: int, reason: str
) -> Material:
    """A reviewer refuses a file (unclear copy, wrong document); the reason goes to the customer."""
    require(actor, Permission.REVIEW_MATERIALS)
    if not reason.strip():
        raise ReasonRequired(
            "退回材料必须填写原因", "rejecting a file requires a reason", field="reason"
        )
    with uow:
        ensure_can_see(actor, uow.claims.get(claim_id))
        uow.tracking.material_of(claim_id, material_id)
        rejected = uow.tracking.set_material_status(material_id, "rejected", reason.strip())
        entry = _material_entry(actor, "reject_material", rejected)
        uow.audit.append(AuditEntry(**{**vars(entry), "reason": reason.strip()}), clock.now())
        uow.commit()
        return rejected


def accept_material(
    uow: UnitOfWork, clock: Clock, actor: User, claim_id: int, material_id: int
) -> Material:
    """A reviewer confirms a file is the right, legible document (材料审核通过)."""
    require(actor, Permission.REVIEW_MATERIALS)
    with uow:
        ensure_can_see(actor, uow.claims.get(claim_id))
        uow.tracking.material_of(claim_id, material_id)
        accepted = uow.tracking.set_material_status(material_id, "accepted", "")
        uow.audit.append(_material_entry(actor, "accept_material", accepted), clock.now())
        uow.commit()
        return accepted


def material_file(
    uow: UnitOfWork, files: FileStore, actor: User, claim_id: int, material_id: int
) -> tuple[Material, Iterator[bytes]]:
    with uow:
        ensure_can_see(actor, uow.claims.get(claim_id))
        material = uow.tracking.material_of(claim_id, material_id)
    return material, files.chunks(material.sha256)


def submit_materials(
    uow: UnitOfWork, clock: Clock, actor: User, claim_id: int, products: Products
) -> MaterialsCheck:
    """The customer or agent says the materials are in: check them all now."""
    require(actor, Permission.ATTACH_MATERIALS)
    with uow:
        claim = uow.claims.get(claim_id)
        ensure_can_see(actor, claim)
        uow.audit.append(claim_entry(actor, "submit_materials", claim, None), clock.now())
        checked = check_materials(uow, clock, products, claim)
        uow.commit()
        return checked


def check_on_acceptance(uow: UnitOfWork, clock: Clock, products: Products, claim: Claim) -> Claim:
    """Hook for the move to ACCEPTED, inside its transaction: returns the claim as it ends up."""
    if claim.status != S.ACCEPTED:
        return claim
    return check_materials(uow, clock, products, claim).claim


def check_materials(
    uow: UnitOfWork, clock: Clock, products: Products, claim: Claim
) -> MaterialsCheck:
    """Inside a unit of work: notify everything missing at once, then move the claim on."""
    items, decidable = _missing_items(uow, products, claim)
    if items:
        _notify_once(uow, claim, items, clock)
    materials_checked(uow, claim, clock.now())
    target = S.MATERIALS_PENDING if items else S.UNDER_REVIEW if decidable else None
    if target is not None and (claim.status, target) in _AUTO_MOVES:
        claim = system_move(uow, clock, claim, target, _REASONS[target])
    return MaterialsCheck(claim, items)


def system_move(
    uow: UnitOfWork, clock: Clock, claim: Claim, target: ClaimStatus, reason: str
) -> Claim:
    """A move made by the system: still checked against the transition table, audited."""
    check_move(claim.status, target, reason)
    moved = uow.claims.change_status(claim, claim.version, target, reason, clock.now())
    track_move(uow, clock, claim, moved)
    entry = AuditEntry(
        actor=SYSTEM,
        action=f"move:{target}",
        entity_type="claim",
        entity_id=str(moved.id),
        before=claim_snapshot(claim),
        after=claim_snapshot(moved),
        reason=reason,
    )
    uow.audit.append(entry, clock.now())
    route_claim(uow, clock, moved.id or 0)  # the queue follows the claim to its new step
    return moved


def list_notices(uow: UnitOfWork, actor: User, claim_id: int) -> list[Notice]:
    with uow:
        ensure_can_see(actor, uow.claims.get(claim_id))
        return uow.tracking.notices_for(claim_id)


def _missing_items(
    uow: UnitOfWork, products: Products, claim: Claim
) -> tuple[tuple[dict[str, Any], ...], bool]:
    """Every missing item (a rejected file names its reason); False when the rules are unknown."""
    assert claim.id is not None
    materials = uow.materials.for_claim(claim.id)
    provided = {m.code for m in materials if m.status != "rejected"}
    rejected = {m.code: m for m in materials if m.status == "rejected" and m.code not in provided}
    product = products.get(claim.product_code)
    required = set() if product is None else _required_missing(uow, claim, materials, product)
    items = [_item(code, rejected.get(code)) for code in sorted(required | set(rejected))]
    return tuple(items), product is not None


def _required_missing(
    uow: UnitOfWork, claim: Claim, materials: list[Material], product: Product
) -> set[str]:
    """The product's material rules over the same request the engine gets."""
    request = claim_request(
        claim,
        uow.policies.get(claim.policy_id),
        uow.policies.get_insured(claim.insured_person_id),
        materials,
        {},
    )
    try:
        check_facts(request)
    except InvalidRequest as error:
        raise Refused(ErrorCode.MATERIALS_NOT_CHECKABLE, error=error) from error
    return set(missing_materials(request, product))


def _item(code: str, rejected: Material | None) -> dict[str, Any]:
    if rejected is None:
        return {"code": code, "kind": "missing"}
    return {"code": code, "kind": "rejected", "material_id": rejected.id, "reason": rejected.note}


def _notify_once(
    uow: UnitOfWork, claim: Claim, items: tuple[dict[str, Any], ...], clock: Clock
) -> None:
    """One notice listing everything; an unchanged list is not sent again."""
    assert claim.id is not None
    previous = uow.tracking.notices_for(claim.id, MISSING_MATERIALS)
    if previous and tuple(previous[-1].items) == items:
        return
    now = clock.now()
    notice = uow.tracking.add_notice(Notice(None, claim.id, MISSING_MATERIALS, items, now, now))
    uow.audit.append(notice_entry(SYSTEM, notice), now)


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
