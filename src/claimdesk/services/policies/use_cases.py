"""Policy use cases: create a policy, add and import insured persons, list them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.errors import Duplicate, ErrorCode, NotFound
from claimdesk.domain.identity import check_id_number
from claimdesk.domain.policy import InsuredPerson, Policy
from claimdesk.domain.refusals import Refused
from claimdesk.domain.users import Permission, User
from claimdesk.services.access import require
from claimdesk.services.context import ServiceContext
from claimdesk.services.ports import UnitOfWork


@dataclass(frozen=True)
class ImportResult:
    created: int
    errors: list[str]


def create_policy(context: ServiceContext, *, actor: User, policy: Policy) -> Policy:
    uow, clock = context.uow, context.clock
    require(actor, Permission.MANAGE_POLICIES)
    if policy.period_end < policy.period_start:
        raise Refused(ErrorCode.POLICY_PERIOD_INVALID, field="period_end")
    with uow:
        if uow.policies.find_by_number(policy.policy_no) is not None:
            raise Duplicate(
                f"保单号已存在：{policy.policy_no}",
                f"policy {policy.policy_no} exists",
                field="policy_no",
            )
        created = uow.policies.add(policy, clock.now())
        uow.audit.append(
            _entry(actor, "create_policy", "policy", created.id, asdict(created)), clock.now()
        )
        uow.commit()
        return created


def add_insured_persons(
    context: ServiceContext, *, actor: User, policy_id: int, persons: Iterable[InsuredPerson]
) -> ImportResult:
    """All or nothing: one bad row names itself and nothing of the file is stored."""
    uow, clock = context.uow, context.clock
    require(actor, Permission.MANAGE_POLICIES)
    with uow:
        uow.policies.get(policy_id)
        created = [_add_one(uow, policy_id, person) for person in persons]
        uow.audit.append(
            _entry(actor, "add_insured", "policy", policy_id, {"count": len(created)}), clock.now()
        )
        uow.commit()
        return ImportResult(created=len(created), errors=[])


def _add_one(uow: UnitOfWork, policy_id: int, person: InsuredPerson) -> InsuredPerson:
    check_id_number(person.id_number)
    if uow.policies.find_insured(policy_id, person.member_no) is not None:
        raise Duplicate(
            f"被保险人编号重复：{person.member_no}",
            f"duplicate member_no {person.member_no}",
            field="member_no",
        )
    return uow.policies.add_insured(
        InsuredPerson(
            **{**asdict(person), "policy_id": policy_id, "conditions": tuple(person.conditions)}
        )
    )


def list_policies(
    context: ServiceContext, *, actor: User, after_id: int | None, limit: int
) -> list[Policy]:
    uow = context.uow
    require(actor, Permission.READ_ALL_CLAIMS)
    with uow:
        return uow.policies.page(after_id=after_id, limit=limit)


def list_insured(
    context: ServiceContext, *, actor: User, policy_id: int, after_id: int | None, limit: int
) -> list[InsuredPerson]:
    uow = context.uow
    require(actor, Permission.READ_ALL_CLAIMS)
    with uow:
        uow.policies.get(policy_id)
        return uow.policies.insured_of_policy(policy_id, after_id=after_id, limit=limit)


def get_policy(context: ServiceContext, *, actor: User, policy_id: int) -> Policy:
    uow = context.uow
    require(actor, Permission.READ_ALL_CLAIMS)
    with uow:
        return uow.policies.get(policy_id)


def _entry(
    actor: User, action: str, kind: str, entity_id: int | None, after: dict[str, object]
) -> AuditEntry:
    if entity_id is None:
        raise NotFound(kind, "?")
    return AuditEntry(
        actor=actor.username,
        action=action,
        entity_type=kind,
        entity_id=str(entity_id),
        after={k: str(v) for k, v in after.items()},
    )
