"""The blacklist on stored data (道德风险黑名单, seed 004 二.26): add, list (PII masked for
roles other than investigators and managers), and route the insured's year of open claims.

A hit is judged over the claim's policy year ("their claims that year are refused"): an
entry hits when it is in force on any day of the policy period.
"""

from __future__ import annotations

from dataclasses import replace

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.errors import ErrorCode, Forbidden, ReasonRequired
from claimdesk.domain.labels import label
from claimdesk.domain.pii import mask_id_number
from claimdesk.domain.policy import InsuredPerson, Policy
from claimdesk.domain.refusals import Refused
from claimdesk.domain.users import Permission, Role, User
from claimdesk.fraud.blacklist import BlacklistHit, check_blacklist_for_year
from claimdesk.fraud.cases import StoredBlacklistEntry
from claimdesk.services.access import require
from claimdesk.services.ports import UnitOfWork

FRAUD_ROLES = frozenset({Role.INVESTIGATOR, Role.MANAGER})


def require_fraud_role(actor: User) -> None:
    """Anti-fraud work (blacklist, investigations, rings, rankings) is for these roles."""
    if actor.role not in FRAUD_ROLES:
        raise Forbidden(
            f"当前岗位（{label('role', actor.role)}）无权查看或处理反欺诈事项",
            f"{label('role', actor.role, 'en')} may not handle anti-fraud work",
        )


def blacklist_hit(uow: UnitOfWork, id_number: str, policy: Policy) -> BlacklistHit:
    entries = uow.fraud.blacklist_for(id_number)
    return check_blacklist_for_year(id_number, entries, policy.period_start, policy.period_end)


def is_blacklisted(uow: UnitOfWork, insured: InsuredPerson, policy: Policy) -> bool:
    """For the engine request's `insured.blacklisted` (the BLACKLISTED gate)."""
    return blacklist_hit(uow, insured.id_number, policy).hit


def store_entry(uow: UnitOfWork, entry: StoredBlacklistEntry) -> StoredBlacklistEntry:
    """Inside a unit of work: validate, store and audit one entry."""
    if entry.valid_until is not None and entry.valid_until < entry.valid_from:
        raise Refused(ErrorCode.BLACKLIST_PERIOD_INVALID, field="valid_until")
    if not entry.reason.strip():
        raise ReasonRequired("请填写列入原因", "a reason is required", field="reason")
    stored = uow.fraud.add_blacklist_entry(entry)
    uow.audit.append(
        AuditEntry(entry.added_by, "add_blacklist_entry", "blacklist", str(stored.id),
                   after={"id_number": mask_id_number(stored.id_number), "name": stored.name,
                          "valid_from": stored.valid_from.isoformat(),
                          "valid_until": stored.valid_until.isoformat()
                          if stored.valid_until else None},
                   reason=entry.reason),
        entry.added_at,
    )  # fmt: skip
    return stored


def list_blacklist(
    uow: UnitOfWork, actor: User, after_id: int | None, limit: int
) -> list[StoredBlacklistEntry]:
    """Staff may read it; only investigators and managers see ID numbers unmasked."""
    require(actor, Permission.READ_ALL_CLAIMS)
    with uow:
        entries = uow.fraud.blacklist_page(after_id=after_id, limit=limit)
    if actor.role in FRAUD_ROLES:
        return entries
    return [replace(e, id_number=mask_id_number(e.id_number), evidence="***") for e in entries]
