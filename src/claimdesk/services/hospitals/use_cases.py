"""Hospital registry use cases: search (portal and workbench), view, edit, import, and the
specialist's choice of the registry entry for a visit whose hospital was not found."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.claim import ClaimStatus
from claimdesk.domain.errors import ErrorCode, NotFound, ReasonRequired
from claimdesk.domain.hospital_rows import RowError, parse_row
from claimdesk.domain.hospitals import Hospital
from claimdesk.domain.refusals import Refused
from claimdesk.domain.users import Permission, User
from claimdesk.services.access import ensure_can_see, require
from claimdesk.services.audit_trail import claim_entry
from claimdesk.services.context import ServiceContext
from claimdesk.services.hospitals.registry import snapshot, with_hospital
from claimdesk.services.ports import UnitOfWork

SEARCH_LIMIT = 20
# A visit's hospital may be chosen until the claim is approved (adjudication runs again).
CHOOSABLE = frozenset({ClaimStatus.REPORTED, ClaimStatus.ACCEPTED, ClaimStatus.MATERIALS_PENDING,
                       ClaimStatus.UNDER_REVIEW, ClaimStatus.INVESTIGATION,
                       ClaimStatus.REOPENED})  # fmt: skip


@dataclass(frozen=True)
class ImportReport:
    created: int
    updated: int
    rejected: tuple[RowError, ...]


def search_hospitals(
    context: ServiceContext, *, actor: User, text: str, limit: int = SEARCH_LIMIT
) -> list[Hospital]:
    """By name, alias or code while typing; everyone who may report or read claims."""
    if not (actor.can(Permission.REPORT_CLAIM) or actor.can(Permission.READ_ALL_CLAIMS)):
        require(actor, Permission.REPORT_CLAIM)
    if not text.strip():
        return []
    with context.uow as uow:
        return uow.hospitals.search(text, limit=min(limit, SEARCH_LIMIT))


def list_hospitals(
    context: ServiceContext, *, actor: User, after_code: str | None = None, limit: int = 100
) -> list[Hospital]:
    require(actor, Permission.MANAGE_POLICIES)
    with context.uow as uow:
        return uow.hospitals.page(after_code=after_code, limit=limit)


def get_hospital(context: ServiceContext, *, actor: User, code: str) -> Hospital:
    require(actor, Permission.MANAGE_POLICIES)
    with context.uow as uow:
        hospital = uow.hospitals.get(code)
        if hospital is None:
            raise NotFound("医院 hospital", code)
        return hospital


def save_hospital(
    context: ServiceContext, *, actor: User, row: Mapping[str, str], reason: str = ""
) -> Hospital:
    """Add or edit one hospital from the admin form (the same checks as an import row)."""
    require(actor, Permission.MANAGE_POLICIES)
    hospital, errors = parse_row(1, row, context.products.keys())
    if hospital is None:
        first = errors[0]
        raise Refused(ErrorCode.HOSPITAL_ROW_INVALID, field=first.field,
                      zh=first.message_zh, en=first.message_en)  # fmt: skip
    with context.uow as uow:
        saved = _save(context, uow, actor, hospital, reason)
        uow.commit()
        return saved


def import_hospitals(
    context: ServiceContext, *, actor: User, rows: Sequence[Mapping[str, str]]
) -> ImportReport:
    """Good rows are saved in one transaction; each bad row is reported (row, field, reason)
    and nothing of it is written. Row numbers count the header as row 1."""
    require(actor, Permission.MANAGE_POLICIES)
    rejected: list[RowError] = []
    good: dict[str, Hospital] = {}
    for number, raw in enumerate(rows, start=2):
        hospital, errors = parse_row(number, raw, context.products.keys())
        if hospital is not None and hospital.code in good:
            errors = [RowError(number, "code", f"文件中医院编码重复：{hospital.code}",
                               f"code {hospital.code} appears twice in the file")]  # fmt: skip
        if errors or hospital is None:
            rejected.extend(errors)
            continue
        good[hospital.code] = hospital
    with context.uow as uow:
        existing = uow.hospitals.by_codes(good.keys())
        for hospital in good.values():
            _save(context, uow, actor, hospital, "import")
        uow.commit()
    return ImportReport(len(good) - len(existing), len(existing), tuple(rejected))


def _chosen(uow: UnitOfWork, text: str) -> Hospital:
    """By registry code, else by the exact name or alias picked from the suggestions."""
    hospital = uow.hospitals.get(text)
    named = [] if hospital is not None else uow.hospitals.named(text)
    if hospital is None and len(named) == 1:
        hospital = named[0]
    if hospital is None:
        raise NotFound("医院 hospital", text)
    return hospital


def _save(
    context: ServiceContext, store: UnitOfWork, actor: User, hospital: Hospital, reason: str
) -> Hospital:
    before = store.hospitals.get(hospital.code)
    saved = store.hospitals.save(hospital, context.clock.now())
    store.audit.append(
        AuditEntry(actor=actor.username, action="save_hospital", entity_type="hospital",
                   entity_id=hospital.code, before=None if before is None else _audit(before),
                   after=_audit(saved), reason=reason),
        context.clock.now(),
    )  # fmt: skip
    return saved


def _audit(hospital: Hospital) -> dict[str, object]:
    values = asdict(replace(hospital, id=None))
    values.pop("id")
    return values


def choose_visit_hospital(
    context: ServiceContext,
    *,
    actor: User,
    claim_id: int,
    visit_ref: str,
    hospital_code: str,
    reason: str,
    expected_version: int,
) -> None:
    """The specialist resolves "医院未在目录中" (or corrects the hospital) by choosing the
    registry entry; audited with the hospital as submitted and as chosen."""
    require(actor, Permission.ADJUDICATE)
    if not reason.strip():
        raise ReasonRequired("请填写选择医院的原因", "a reason is required", field="reason")
    uow, clock = context.uow, context.clock
    with uow:
        claim = uow.claims.get(claim_id)
        ensure_can_see(actor, claim)
        if claim.status not in CHOOSABLE:
            raise Refused(ErrorCode.HOSPITAL_CHOICE_CLOSED, field="hospital_code",
                          status=claim.status)  # fmt: skip
        visit = next((v for v in claim.visits if v.visit_ref == visit_ref), None)
        if visit is None:
            raise NotFound("就诊 visit", visit_ref)
        hospital = _chosen(uow, hospital_code.strip())
        policy = uow.policies.get(claim.policy_id)
        chosen = with_hospital(visit, hospital, claim.product_code, policy.policy_no)
        uow.claims.bump_version(claim, expected_version, clock.now())
        uow.claims.set_visit_hospital(claim_id, chosen)
        entry = claim_entry(actor, "choose_visit_hospital", claim, claim, reason.strip())
        uow.audit.append(
            replace(entry, before={**(entry.before or {}), "visit": snapshot(visit)},
                    after={**(entry.after or {}), "visit": snapshot(chosen)}),
            clock.now(),
        )  # fmt: skip
        uow.commit()
