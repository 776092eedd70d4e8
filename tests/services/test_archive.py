"""档案管理 on SQLite and PostgreSQL: a record with retention dates when a claim is archived,
paper filing, borrowing approved by another person, and destruction only after retention,
approved by a second keeper, deleting the files no other claim uses."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta

import pytest

from claimdesk.adapters.clock import FixedClock
from claimdesk.bootstrap import Container
from claimdesk.domain.archive import BorrowStatus, DestructionStatus, DocumentKind
from claimdesk.domain.claim import Claim, ClaimStatus, Material
from claimdesk.domain.errors import DomainError, ErrorCode, Forbidden, MakerChecker, NotFound
from claimdesk.services.archive import use_cases as archive
from claimdesk.services.archive.ports import ArchiveView
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.claims.use_cases import get_claim, report_claim
from claimdesk.services.materials.use_cases import Upload, material_file, upload_material
from tests.builders import World, a_lab_line, a_pdf, a_report, a_world, with_all_materials

# PostgreSQL too: see tests/conftest.py (what differs between databases).
pytestmark = pytest.mark.postgres

S = ClaimStatus
NOW = datetime(2026, 11, 10, 2, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


def _move(world: World, who: str, claim: Claim, target: ClaimStatus, reason: str = "") -> Claim:
    return move_claim(world.container.context(), actor=world.users[who], claim_id=claim.id or 0,
                      target=target, reason=reason, expected_version=claim.version)  # fmt: skip


def _archived(world: World, shared: bytes | None = None) -> Claim:
    """Reported, materials uploaded (plus `shared` bytes as a medical record), withdrawn,
    closed and archived."""
    context = world.container.context()
    report = a_report(lines=(a_lab_line("L1", "500.00"),))
    claim, _ = report_claim(context, actor=world.users["agent"], report=report)
    with_all_materials(world.container, world.users["agent"], claim.id or 0)
    if shared is not None:
        scan = Upload("medical_record_copy", "r.pdf", shared)
        upload_material(world.container.context(), actor=world.users["agent"],
                        claim_id=claim.id or 0, upload=scan,
                        limit_bytes=world.container.settings.upload_limit_bytes)  # fmt: skip
    claim = get_claim(context, actor=world.users["manager"], claim_id=claim.id or 0)
    claim = _move(world, "specialist", claim, S.WITHDRAWN, "客户撤案")
    claim = _move(world, "manager", claim, S.CLOSED, "结案")
    return _move(world, "manager", claim, S.ARCHIVED, "归档")


def _record(world: World, claim: Claim) -> int:
    found = archive.archive_of_claim(world.container.context(), actor=world.users["manager"],
                                     claim_id=claim.id or 0)  # fmt: skip
    assert found is not None and found.id is not None
    return found.id


def test_archiving_makes_a_record_with_its_retention_dates(container: Container) -> None:
    world = a_world(container)
    claim = _archived(world)
    detail = archive.archive_detail(container.context(), actor=world.users["specialist"],
                                    archive_id=_record(world, claim))  # fmt: skip
    record = detail.record
    assert record.archive_number == f"DA{claim.claim_no}" and record.claim_no == claim.claim_no
    kept = {item.kind: item.retain_until for item in record.items}
    assert kept == {DocumentKind.CLAIM_FILE: date(2036, 11, 10),
                    DocumentKind.MEDICAL_MATERIALS: date(2036, 11, 10),
                    DocumentKind.PAYMENT_RECORDS: date(2056, 11, 10)}  # fmt: skip
    assert record.paper_due == claim.incident_date + timedelta(days=30)
    with container.uow() as uow:
        entries = [r.entry for r in uow.audit.all_records() if r.entry.action == "archive_claim"]
    assert len(entries) == 1 and entries[0].after["archive_number"] == record.archive_number


def test_paper_filing_is_recorded_with_where_it_is_kept(container: Container) -> None:
    world = a_world(container)
    record_id = _record(world, _archived(world))
    context, keeper = container.context(), world.users["manager"]
    with pytest.raises(DomainError) as future:
        archive.record_paper_filing(context, actor=keeper, archive_id=record_id,
                                    filed_on=date(2026, 11, 11), location="A-01")  # fmt: skip
    assert future.value.code == ErrorCode.ARCHIVE_DATE_INVALID
    with pytest.raises(DomainError) as nowhere:
        archive.record_paper_filing(context, actor=keeper, archive_id=record_id,
                                    filed_on=date(2026, 11, 9), location=" ")  # fmt: skip
    assert nowhere.value.code == ErrorCode.ARCHIVE_LOCATION_MISSING
    with pytest.raises(Forbidden):
        archive.record_paper_filing(context, actor=world.users["specialist"],
                                    archive_id=record_id, filed_on=date(2026, 11, 9),
                                    location="A-01")  # fmt: skip
    filed = archive.record_paper_filing(
        context,
        actor=keeper,
        archive_id=record_id,
        filed_on=date(2026, 11, 9),
        location="A-01 盒 7",
    )
    assert (filed.paper_filed_on, filed.location) == (date(2026, 11, 9), "A-01 盒 7")


def test_borrowing_is_approved_by_another_keeper_and_returned(container: Container) -> None:
    world = a_world(container)
    record_id = _record(world, _archived(world))
    context = container.context()
    with pytest.raises(DomainError) as too_long:
        archive.request_borrowing(context, actor=world.users["specialist"], archive_id=record_id,
                                  reason="复核", due_back=date(2026, 12, 31))  # fmt: skip
    assert too_long.value.code == ErrorCode.BORROW_PERIOD_INVALID
    lent = archive.request_borrowing(context, actor=world.users["specialist"],
                                     archive_id=record_id, reason="投诉复核",
                                     due_back=date(2026, 11, 20))  # fmt: skip
    with pytest.raises(Forbidden):
        archive.decide_borrowing(context, actor=world.users["specialist"],
                                 borrow_id=lent.id or 0, approve=True)  # fmt: skip
    own = archive.request_borrowing(context, actor=world.users["manager"], archive_id=record_id,
                                    reason="抽检", due_back=date(2026, 11, 20))  # fmt: skip
    with pytest.raises(MakerChecker):
        archive.decide_borrowing(context, actor=world.users["manager"], borrow_id=own.id or 0,
                                 approve=True)  # fmt: skip
    approved = archive.decide_borrowing(context, actor=world.users["manager"],
                                        borrow_id=lent.id or 0, approve=True)  # fmt: skip
    assert approved.status == BorrowStatus.APPROVED and approved.decided_by == "manager"
    with pytest.raises(DomainError) as twice:
        archive.decide_borrowing(context, actor=world.users["admin"], borrow_id=lent.id or 0,
                                 approve=False, reason="重复")  # fmt: skip
    assert twice.value.code == ErrorCode.BORROW_NOT_PENDING and "已借出" in twice.value.message_zh
    lent_out = archive.list_archive(context, actor=world.users["manager"],
                                    view=ArchiveView.BORROWED)  # fmt: skip
    assert [r.id for r in lent_out] == [record_id]
    returned = archive.return_borrowed(context, actor=world.users["manager"],
                                       borrow_id=lent.id or 0)  # fmt: skip
    assert returned.status == BorrowStatus.RETURNED and returned.returned_at == NOW
    assert archive.list_archive(context, actor=world.users["manager"],
                                view=ArchiveView.BORROWED) == []  # fmt: skip


def test_destruction_waits_for_retention_and_a_second_keeper(
    container: Container, clock: FixedClock
) -> None:
    world = a_world(container)
    shared = a_pdf("the same scan on two claims")
    claim = _archived(world, shared)
    other = _archived(world, shared)
    record_id = _record(world, claim)
    manager, admin = world.users["manager"], world.users["admin"]
    with pytest.raises(DomainError) as early:
        archive.request_destruction(container.context(), actor=manager, archive_id=record_id,
                                    kind=DocumentKind.MEDICAL_MATERIALS, reason="期满")  # fmt: skip
    assert early.value.code == ErrorCode.RETENTION_NOT_EXPIRED
    assert "索赔资料" in early.value.message_zh and "2036-11-10" in early.value.message_zh

    clock.moment = datetime(2036, 11, 11, 2, 0, tzinfo=UTC)
    expired = archive.list_archive(container.context(), actor=manager,
                                   view=ArchiveView.RETENTION_EXPIRED)  # fmt: skip
    assert {r.id for r in expired} == {record_id, _record(world, other)}
    request = archive.request_destruction(container.context(), actor=manager,
                                          archive_id=record_id,
                                          kind=DocumentKind.MEDICAL_MATERIALS,
                                          reason="保管期满")  # fmt: skip
    with pytest.raises(MakerChecker):
        archive.decide_destruction(container.context(), actor=manager,
                                   destruction_id=request.id or 0, approve=True)  # fmt: skip
    done = archive.decide_destruction(container.context(), actor=admin,
                                      destruction_id=request.id or 0, approve=True)  # fmt: skip
    assert done.status == DestructionStatus.APPROVED and done.files_deleted == len(
        _materials(container, world, claim)) - 1  # every file but the shared one  # fmt: skip

    record = archive.archive_detail(container.context(), actor=manager, archive_id=record_id).record
    item = record.item(DocumentKind.MEDICAL_MATERIALS)
    assert item is not None and item.destroyed_by == "admin"
    own_file = next(m for m in _materials(container, world, claim) if m.sha256 != _sha(shared))
    with pytest.raises(NotFound):
        _read(container, world, claim, own_file.id or 0)
    shared_here = next(m for m in _materials(container, world, claim) if m.sha256 == _sha(shared))
    assert _read(container, world, claim, shared_here.id or 0) == shared  # the other claim's too
    with pytest.raises(DomainError) as again:
        archive.request_destruction(container.context(), actor=manager, archive_id=record_id,
                                    kind=DocumentKind.MEDICAL_MATERIALS, reason="再次")  # fmt: skip
    assert again.value.code == ErrorCode.ARCHIVE_ITEM_DESTROYED
    with container.uow() as uow:
        actions = [r.entry.action for r in uow.audit.all_records()]
    assert "archive_destruction_requested" in actions and "archive_destruction_approved" in actions


def _materials(container: Container, world: World, claim: Claim) -> list[Material]:
    with container.uow() as uow:
        return [m for m in uow.materials.for_claim(claim.id or 0) if m.status != "declared"]


def _sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _read(container: Container, world: World, claim: Claim, material_id: int) -> bytes:
    _, chunks = material_file(container.context(), actor=world.users["manager"],
                              claim_id=claim.id or 0, material_id=material_id)  # fmt: skip
    return b"".join(chunks)
