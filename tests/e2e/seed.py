"""Minimal data for the browser tests, loaded through the use cases (never raw SQL)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from claimdesk.bootstrap import Container
from claimdesk.demo.hospitals import load_registry
from claimdesk.domain.policy import InsuredPerson, Policy
from claimdesk.domain.tasks import ApproverLimits
from claimdesk.domain.users import Role, User
from claimdesk.services.approval.use_cases import set_approver_limits
from claimdesk.services.policies import use_cases as policy_service
from claimdesk.services.users import use_cases as user_service

PASSWORD = "correct-horse-battery"
POLICY_NO = "TA-GRP-E2E-001"
STAFF = {
    "specialist": Role.SPECIALIST,
    "approver": Role.APPROVER,
    "finance": Role.FINANCE,
    "manager": Role.MANAGER,
    "agent": Role.AGENT,
}


@dataclass
class Seed:
    users: dict[str, User]
    insured: list[InsuredPerson]


def seed(container: Container) -> Seed:
    admin = _user(container, "admin", Role.ADMIN, None, "系统管理员")
    insured = _policy_with_two_insured(container, admin)
    load_registry(container.context(), admin)  # 医院目录: 复旦大学附属中山医院 is designated
    users = {"admin": admin}
    for username, role in STAFF.items():
        users[username] = _user(container, username, role, None, username)
    users["customer"] = _user(container, "customer", Role.CUSTOMER, insured[0].id, "张三")
    users["other"] = _user(container, "other", Role.CUSTOMER, insured[1].id, "李四")
    limits = {line: Decimal("50000.00") for line in ("health", "accident", "auto")}
    for name in ("approver", "manager"):
        profile = ApproverLimits(users[name].id, 2, dict(limits))
        set_approver_limits(container.context(), actor=admin, profile=profile)
    return Seed(users, insured)


def _policy_with_two_insured(container: Container, admin: User) -> list[InsuredPerson]:
    today = container.clock.now().date()
    policy = policy_service.create_policy(
        container.context(),
        actor=admin,
        policy=Policy(None, POLICY_NO, "tianan-group-medical", "测试大学工会",
                      today - timedelta(days=90), today + timedelta(days=275), "health"),
    )  # fmt: skip
    assert policy.id is not None
    people = [
        InsuredPerson(None, policy.id, "E1", "张三", "11010519491231002X", "13912345678",
                      "6222020200112233446", "工商银行"),
        InsuredPerson(None, policy.id, "E2", "李四", "310101199001011234", "13812345678",
                      "6222020200112233552", "工商银行"),
    ]  # fmt: skip
    policy_service.add_insured_persons(
        container.context(), actor=admin, policy_id=policy.id, persons=people
    )
    with container.uow() as uow:
        return uow.policies.insured_of_policy(policy.id, after_id=None, limit=10)


def _user(
    container: Container, username: str, role: Role, insured_id: int | None, name: str
) -> User:
    return user_service.add_user(
        container.context(),
        hasher=container.hasher,
        username=username,
        password=PASSWORD,
        role=role,
        display_name=name,
        insured_person_id=insured_id,
    )
