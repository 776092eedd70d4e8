"""Partner registry (合作机构) and price agreements: admin edits and CSV/Excel imports.

Only holders of MANAGE_PARTNERS change them; staff who handle claims may read them. An
import stores every valid row in one transaction and reports each rejected row (row number,
field, zh/en reason); nothing of a rejected row is stored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.errors import DomainError
from claimdesk.domain.partners import (
    ImportRejection,
    ImportReport,
    Partner,
    PartnerKind,
    PriceAgreement,
)
from claimdesk.domain.users import Permission, User
from claimdesk.services.access import require
from claimdesk.services.context import ServiceContext
from claimdesk.services.partners.rows import (
    Fields,
    agreement_from_fields,
    normalise_headers,
    partner_from_fields,
)
from claimdesk.services.ports import UnitOfWork


def list_partners(
    context: ServiceContext, *, actor: User, kind: PartnerKind | None = None
) -> list[Partner]:
    require(actor, Permission.READ_ALL_CLAIMS)
    with context.uow as uow:
        return uow.partners.partners(kind)


def get_partner(context: ServiceContext, *, actor: User, partner_id: int) -> Partner:
    require(actor, Permission.READ_ALL_CLAIMS)
    with context.uow as uow:
        return uow.partners.get_partner(partner_id)


def list_agreements(context: ServiceContext, *, actor: User) -> list[PriceAgreement]:
    require(actor, Permission.READ_ALL_CLAIMS)
    with context.uow as uow:
        return uow.partners.agreements()


def save_partner(
    context: ServiceContext, *, actor: User, fields: Fields, partner_id: int | None = None
) -> Partner:
    """Add a partner, or edit one (partner_id); the form's fields are checked like a row."""
    require(actor, Permission.MANAGE_PARTNERS)
    partner = partner_from_fields(fields, partner_id)
    with context.uow as uow:
        before = None if partner_id is None else uow.partners.get_partner(partner_id)
        saved = _store_partner(uow, partner, before)
        _audit(uow, context, actor, "save_partner", "partner", saved.id,
               None if before is None else _snapshot(before), _snapshot(saved))  # fmt: skip
        uow.commit()
        return saved


def save_agreement(context: ServiceContext, *, actor: User, fields: Fields) -> PriceAgreement:
    require(actor, Permission.MANAGE_PARTNERS)
    agreement = agreement_from_fields(fields)
    with context.uow as uow:
        saved = uow.partners.add_agreement(agreement)
        _audit(uow, context, actor, "add_price_agreement", "price_agreement", saved.id, None,
               _snapshot(saved))  # fmt: skip
        uow.commit()
        return saved


def import_partners(
    context: ServiceContext, *, actor: User, rows: Sequence[Mapping[str, str]]
) -> ImportReport:
    """Each valid row adds a partner or updates the one of the same kind and name."""
    require(actor, Permission.MANAGE_PARTNERS)
    parsed: list[Partner] = []
    rejected: list[ImportRejection] = []
    seen: set[tuple[str, str]] = set()
    for number, row in enumerate(rows, start=2):
        try:
            partner = partner_from_fields(normalise_headers(row))
        except DomainError as error:
            rejected.append(_rejection(number, error))
            continue
        key = (str(partner.kind), partner.name)
        if key in seen:
            rejected.append(ImportRejection(number, "name", f"文件中重复：{partner.name}",
                                            f"duplicate in the file: {partner.name}"))  # fmt: skip
            continue
        seen.add(key)
        parsed.append(partner)
    with context.uow as uow:
        for partner in parsed:
            _store_partner(uow, partner, uow.partners.find_partner(partner.kind, partner.name))
        _audit_import(uow, context, actor, "import_partners", [p.name for p in parsed], rejected)
        uow.commit()
    return ImportReport("partners", len(parsed), tuple(rejected))


def import_agreements(
    context: ServiceContext, *, actor: User, rows: Sequence[Mapping[str, str]]
) -> ImportReport:
    require(actor, Permission.MANAGE_PARTNERS)
    parsed: list[PriceAgreement] = []
    rejected: list[ImportRejection] = []
    for number, row in enumerate(rows, start=2):
        try:
            parsed.append(agreement_from_fields(normalise_headers(row)))
        except DomainError as error:
            rejected.append(_rejection(number, error))
    with context.uow as uow:
        for agreement in parsed:
            uow.partners.add_agreement(agreement)
        names = [f"{a.part_code}/{a.vehicle_model}:{a.agreed_price}" for a in parsed]
        _audit_import(uow, context, actor, "import_price_agreements", names, rejected)
        uow.commit()
    return ImportReport("agreements", len(parsed), tuple(rejected))


def _store_partner(uow: UnitOfWork, partner: Partner, existing: Partner | None) -> Partner:
    if existing is None:
        return uow.partners.add_partner(partner)
    return uow.partners.save_partner(replace(partner, id=existing.id))


def _rejection(number: int, error: DomainError) -> ImportRejection:
    return ImportRejection(number, error.field or "", error.message_zh, error.message_en)


def _snapshot(value: Partner | PriceAgreement) -> dict[str, Any]:
    return {key: None if item is None else str(item) for key, item in vars(value).items()}


def _audit(
    uow: UnitOfWork, context: ServiceContext, actor: User, action: str, entity: str,
    entity_id: int | None, before: dict[str, Any] | None, after: dict[str, Any],
) -> None:  # fmt: skip
    entry = AuditEntry(actor.username, action, entity, str(entity_id), before, after)
    uow.audit.append(entry, context.clock.now())


def _audit_import(
    uow: UnitOfWork, context: ServiceContext, actor: User, action: str, stored: list[str],
    rejected: list[ImportRejection],
) -> None:  # fmt: skip
    after = {"stored": stored, "rejected_rows": [r.row for r in rejected]}
    uow.audit.append(AuditEntry(actor.username, action, "import", action, None, after),
                     context.clock.now())  # fmt: skip
