"""拍照识别: a photo of a 医疗收费票据 read into the report's fields for the customer to confirm,
and the same photo kept as the claim's receipt material once the report is made.

The photo is checked as every upload is (by its content and size), stored once by SHA-256 when
it is read, and attached to the new claim through `materials.upload_material` (audited there).
"""

from __future__ import annotations

from dataclasses import dataclass

from claimdesk.domain.claim import Material
from claimdesk.domain.errors import FileTooLarge, InvalidInput, UnsupportedFileType
from claimdesk.domain.hospitals import Hospital
from claimdesk.domain.receipts import ReceiptFields, hospital_text, read_receipt, text_lines
from claimdesk.domain.users import Permission, User
from claimdesk.services.access import require
from claimdesk.services.context import ServiceContext
from claimdesk.services.materials import use_cases as materials
from claimdesk.services.materials.use_cases import sniff_content_type
from claimdesk.services.ports import UnitOfWork
from claimdesk.services.receipts.ports import ReceiptReader

RECEIPT_MATERIAL = "original_receipts"  # 医疗费用原始收据 (the products' materials list)
READABLE = frozenset({"image/jpeg", "image/png"})
_CHUNK = 3  # registry candidates: hospitals sharing any three characters of the name read


@dataclass(frozen=True)
class ReceiptPhoto:
    """The photo as stored: its key in the file store and the name it was sent with."""

    sha256: str
    file_name: str


@dataclass(frozen=True)
class ReceiptReading:
    fields: ReceiptFields
    photo: ReceiptPhoto


def read_receipt_photo(
    context: ServiceContext, *, actor: User, file_name: str, content: bytes,
    limit_bytes: int, reader: ReceiptReader,
) -> ReceiptReading:  # fmt: skip
    """Read the photo (never submitted: the customer confirms every field) and keep it."""
    require(actor, Permission.REPORT_CLAIM)
    if len(content) > limit_bytes:
        raise FileTooLarge(limit_bytes)
    if not content:
        raise InvalidInput("请先拍摄或选择票据照片", "Take or choose a photo of the receipt first",
                           field="receipt_photo")  # fmt: skip
    kind = sniff_content_type(content)
    if kind is None:
        raise UnsupportedFileType()
    if kind not in READABLE:
        raise InvalidInput("识别只支持 JPEG 或 PNG 照片", "Only JPEG or PNG photos can be read",
                           field="receipt_photo")  # fmt: skip
    boxes = reader.read(content)
    assert context.files is not None, "the file store is wired by the composition root"
    sha256 = context.files.put(content)
    with context.uow as uow:
        candidates = _candidates(uow, hospital_text(text_lines(boxes)))
    return ReceiptReading(read_receipt(boxes, candidates), ReceiptPhoto(sha256, file_name))


def _candidates(uow: UnitOfWork, printed: str) -> list[Hospital]:
    """The registry's hospitals the printed name could be, a misread character allowed."""
    if not printed:
        return []
    chunks = {printed[i : i + _CHUNK] for i in range(0, max(len(printed) - 1, 1), _CHUNK)}
    found = {h.code: h for h in uow.hospitals.named(printed)}
    for chunk in sorted(chunks - {"医院", "人民医", "民医院"}):
        found |= {h.code: h for h in uow.hospitals.search(chunk, limit=50)}
    return list(found.values())


def keep_receipt_photo(
    context: ServiceContext, *, actor: User, claim_id: int, photo: ReceiptPhoto, limit_bytes: int
) -> Material:
    """The photo read on the report form becomes the new claim's 医疗费用原始收据 file."""
    assert context.files is not None, "the file store is wired by the composition root"
    content = b"".join(context.files.chunks(photo.sha256))
    upload = materials.Upload(RECEIPT_MATERIAL, photo.file_name, content)
    return materials.upload_material(
        context, actor=actor, claim_id=claim_id, upload=upload, limit_bytes=limit_bytes
    )
