"""Material files typed by content and stored by SHA-256; the one-time notice (一次性告知)."""

from __future__ import annotations

import hashlib

import pytest

from claimdesk.adapters.file_store import LocalFileStore
from claimdesk.bootstrap import Container
from claimdesk.domain.claim import Claim, ClaimStatus, Material
from claimdesk.domain.errors import FileTooLarge, Forbidden, ReasonRequired, UnsupportedFileType
from claimdesk.domain.users import User
from claimdesk.services.claims.materials import submit_materials
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.claims.use_cases import get_claim, report_claim
from claimdesk.services.materials.checks import MaterialsCheck
from claimdesk.services.materials.use_cases import (
    Upload,
    list_notices,
    reject_material,
    sniff_content_type,
    upload_material,
)
from tests.builders import OUTPATIENT_MATERIALS, World, a_report, a_world

S = ClaimStatus
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF"
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"
EXE = b"MZ\x90\x00\x03\x00\x00\x00"
LIMIT = 20 * 1024 * 1024


def _files(container: Container) -> LocalFileStore:
    return LocalFileStore(container.settings.home / "files")


def _reported(world: World, who: str = "agent") -> Claim:
    container = world.container
    claim, _ = report_claim(
        container.context(), actor=world.users[who], report=a_report(), idempotency_key=None
    )
    return claim


def _upload(
    world: World, user: User, claim: Claim, code: str, content: bytes, name: str = ""
) -> Material:
    container = world.container
    upload = Upload(code, name or f"{code}.pdf", content)
    return upload_material(
        container.context(), actor=user, claim_id=claim.id or 0, upload=upload, limit_bytes=LIMIT
    )


def _accept(world: World, claim: Claim) -> Claim:
    container = world.container
    return move_claim(
        container.context(),
        actor=world.users["specialist"],
        claim_id=claim.id or 0,
        target=S.ACCEPTED,
        reason="",
        expected_version=claim.version,
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(PDF, "application/pdf", id="pdf"),
        pytest.param(JPEG, "image/jpeg", id="jpeg"),
        pytest.param(PNG, "image/png", id="png"),
        pytest.param(HEIC, "image/heic", id="heic"),
        pytest.param(EXE, None, id="windows-exe"),
        pytest.param(b"\x00\x00\x00\x18ftypavif", None, id="avif-is-not-heic"),
        pytest.param(b"", None, id="empty"),
    ],
)
def test_type_is_judged_by_magic_bytes(content: bytes, expected: str | None) -> None:
    assert sniff_content_type(content) == expected


def test_png_bytes_named_pdf_are_stored_as_png(container: Container) -> None:
    world = a_world(container)
    claim = _reported(world)

    material = _upload(world, world.users["customer"], claim, "id_copy", PNG, "身份证.pdf")

    digest = hashlib.sha256(PNG).hexdigest()
    assert material.content_type == "image/png" and material.file_name == "身份证.pdf"
    assert material.status == "received" and material.sha256 == digest
    stored = container.settings.home / "files" / digest[:2] / digest[2:4] / digest
    assert stored.read_bytes() == PNG


def test_disguised_executable_and_oversize_files_are_refused_and_nothing_stored(
    container: Container,
) -> None:
    world = a_world(container)
    claim = _reported(world)
    too_big = Upload("id_copy", "big.pdf", PDF + b"0" * 100)

    with pytest.raises(UnsupportedFileType) as disguised:
        _upload(world, world.users["customer"], claim, "id_copy", EXE, "receipt.pdf")
    with pytest.raises(FileTooLarge) as oversize:
        upload_material(
            container.context(),
            actor=world.users["agent"],
            claim_id=claim.id or 0,
            upload=too_big,
            limit_bytes=64,
        )

    assert disguised.value.field == "file" and oversize.value.field == "file"
    assert not (container.settings.home / "files").exists()
    with container.uow() as uow:
        assert uow.materials.for_claim(claim.id or 0) == []


def test_same_content_is_stored_once(container: Container) -> None:
    world = a_world(container)
    first, second = _reported(world), _reported(world)

    one = _upload(world, world.users["agent"], first, "id_copy", PDF)
    again = _upload(world, world.users["agent"], first, "id_copy", PDF)
    other = _upload(world, world.users["agent"], second, "id_copy", PDF)

    assert again.id == one.id  # the same file for the same item is not added twice
    assert other.id != one.id and other.sha256 == one.sha256
    blobs = [p for p in (container.settings.home / "files").rglob("*") if p.is_file()]
    assert len(blobs) == 1


def test_one_notice_lists_everything_missing_once_and_the_rest_completes_the_claim(
    container: Container,
) -> None:
    world = a_world(container)
    claim = _reported(world)
    _upload(world, world.users["agent"], claim, "id_copy", PDF)

    accepted = _accept(world, claim)
    unchanged = _submit(world, claim)
    for code in OUTPATIENT_MATERIALS:
        _upload(world, world.users["customer"], claim, code, PDF + code.encode())
    complete = _submit(world, claim)

    assert accepted.status == unchanged.claim.status == S.MATERIALS_PENDING
    (notice,) = list_notices(
        container.context(), actor=world.users["customer"], claim_id=claim.id or 0
    )
    missing = sorted(set(OUTPATIENT_MATERIALS) - {"id_copy"})
    assert [item["code"] for item in notice.items] == missing
    assert notice.channel == "in_app" and notice.sent_at == notice.created_at
    assert complete.items == () and complete.claim.status == S.UNDER_REVIEW
    assert (
        get_claim(
            container.context(), actor=world.users["customer"], claim_id=claim.id or 0
        ).version
        == 4
    )


def _submit(world: World, claim: Claim) -> MaterialsCheck:
    container = world.container
    user = world.users["customer"]
    return submit_materials(container.context(), actor=user, claim_id=claim.id or 0)


def test_rejected_file_and_its_reason_appear_in_the_next_notice(container: Container) -> None:
    world = a_world(container)
    claim = _reported(world)
    materials = {
        code: _upload(world, world.users["agent"], claim, code, PDF + code.encode())
        for code in OUTPATIENT_MATERIALS
    }
    receipts = materials["original_receipts"].id or 0
    for who, reason, error in (("specialist", " ", ReasonRequired), ("agent", "模糊", Forbidden)):
        with pytest.raises(error):
            reject_material(
                container.context(),
                actor=world.users[who],
                claim_id=claim.id or 0,
                material_id=receipts,
                reason=reason,
            )
    reject_material(
        container.context(),
        actor=world.users["specialist"],
        claim_id=claim.id or 0,
        material_id=receipts,
        reason="发票复印件不清晰",
    )

    moved = _accept(world, claim)

    (notice,) = list_notices(
        container.context(), actor=world.users["agent"], claim_id=claim.id or 0
    )
    assert moved.status == S.MATERIALS_PENDING
    assert notice.items == (
        {
            "code": "original_receipts",
            "kind": "rejected",
            "material_id": materials["original_receipts"].id,
            "reason": "发票复印件不清晰",
        },
    )


def test_complete_materials_move_the_claim_to_review_when_accepted(container: Container) -> None:
    world = a_world(container)
    claim = _reported(world)
    for code in OUTPATIENT_MATERIALS:
        _upload(world, world.users["customer"], claim, code, PDF + code.encode())

    moved = _accept(world, claim)

    assert moved.status == S.UNDER_REVIEW and moved.version == 3
    assert (
        list_notices(container.context(), actor=world.users["agent"], claim_id=claim.id or 0) == []
    )
    with container.uow() as uow:
        trail = [
            (r.entry.actor, r.entry.action) for r in uow.audit.for_entity("claim", str(claim.id))
        ]
    assert trail[-4:] == [
        ("specialist", "move:accepted"),
        ("specialist", "set_reserve"),  # 立案: the initial reserve, then the registration
        ("specialist", "register_claim"),
        ("system", "move:under_review"),
    ]
