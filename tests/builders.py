"""Builders for test data: a policy with insured persons, users of each role, claim reports."""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from claimdesk.bootstrap import Container
from claimdesk.demo.hospitals import load_registry
from claimdesk.domain.claim import BillLine, Claim, Visit
from claimdesk.domain.payment import PaymentStatus
from claimdesk.domain.policy import InsuredPerson, Policy
from claimdesk.domain.tasks import ApproverLimits
from claimdesk.domain.users import Role, User
from claimdesk.services.approval.use_cases import set_approver_limits
from claimdesk.services.claims.use_cases import ClaimReport
from claimdesk.services.materials.use_cases import Upload, upload_material
from claimdesk.services.partners import registry as partner_registry
from claimdesk.services.payments import use_cases as payment_flow
from claimdesk.services.policies import use_cases as policy_service
from claimdesk.services.users import use_cases as user_service
from tests.world_snapshots import snapshotted

PASSWORD = "correct-horse-battery"
POLICY_NO = "TA-GRP-2026-T01"
# Valid resident ID numbers (check digit correct) for two insured persons.
ID_NUMBERS = ("11010519491231002X", "310101199001011234")


@dataclass
class World:
    """A policy with two insured persons and one user per role (customers bound to insured)."""

    container: Container
    policy: Policy
    insured: list[InsuredPerson]
    users: dict[str, User]


def a_world(container: Container) -> World:
    """Built by the use cases once per database and clock instant, then from its snapshot."""
    return snapshotted(
        _engine_of(container),
        ("world", container.clock.now().isoformat()),
        lambda: _build_world(container),
        keep=lambda world: (world.policy, world.insured, world.users),
        rebuild=lambda kept: World(container, *deepcopy(kept)),
    )


def _engine_of(container: Container) -> Engine | None:
    engine = getattr(container, "engine", None)
    return engine if isinstance(engine, Engine) else None


def _build_world(container: Container) -> World:
    admin = user_service.add_user(
        container.context(),
        hasher=container.hasher,
        username="admin",
        password=PASSWORD,
        role=Role.ADMIN,
    )
    policy = policy_service.create_policy(
        container.context(),
        actor=admin,
        policy=Policy(
            None,
            POLICY_NO,
            "tianan-group-medical",
            "测试大学工会",
            date(2026, 1, 1),
            date(2026, 12, 31),
            "health",
        ),
    )
    assert policy.id is not None
    people = [
        InsuredPerson(
            None,
            policy.id,
            f"E{n}",
            name,
            ID_NUMBERS[n - 1],
            "13912345678",
            "6222020200112233446",
            "工商银行",
        )
        for n, name in ((1, "张三"), (2, "李四"))
    ]
    policy_service.add_insured_persons(
        container.context(), actor=admin, policy_id=policy.id, persons=people
    )
    load_registry(container.context(), admin)  # 医院目录: the demo's hospitals, SH-0001 中山医院
    with container.uow() as uow:
        insured = uow.policies.insured_of_policy(policy.id, after_id=None, limit=10)
    users = {"admin": admin}
    for role in Role:
        if role is not Role.ADMIN and role is not Role.CUSTOMER:
            users[role.value] = _user(container, role.value, role)
    users["customer"] = _user(container, "customer", Role.CUSTOMER, insured[0].id)
    users["other_customer"] = _user(container, "other_customer", Role.CUSTOMER, insured[1].id)
    users["specialist2"] = _user(container, "specialist2", Role.SPECIALIST)
    users["approver2"] = _user(container, "approver2", Role.APPROVER)
    give_authority(container, users, {"approver": 2, "approver2": 1, "manager": 3})
    return World(container, policy, insured, users)


LEVEL_LIMITS = {1: Decimal("5000.00"), 2: Decimal("50000.00"), 3: None}


def give_authority(container: Container, users: dict[str, User], levels: dict[str, int]) -> None:
    """核赔权限 on every line: level 1 up to 5,000, level 2 up to 50,000, level 3 unlimited."""
    for username, level in levels.items():
        limits = {line: LEVEL_LIMITS[level] for line in ("health", "accident", "auto")}
        set_approver_limits(
            container.context(),
            actor=users["admin"],
            profile=ApproverLimits(users[username].id, level, limits),
        )


def _user(container: Container, username: str, role: Role, insured_id: int | None = None) -> User:
    return user_service.add_user(
        container.context(),
        hasher=container.hasher,
        username=username,
        password=PASSWORD,
        role=role,
        insured_person_id=insured_id,
    )


def a_bill_line(line_ref: str = "L1", self_pay: str = "300.00") -> BillLine:
    return BillLine(
        line_ref=line_ref,
        type="drug_western",
        name="西药",
        amount=Decimal(self_pay),
        self_pay=Decimal(self_pay),
        days_supply=5,
    )


def a_lab_line(line_ref: str, self_pay: str) -> BillLine:
    return BillLine(
        line_ref=line_ref,
        type="lab",
        name="化验",
        amount=Decimal(self_pay),
        self_pay=Decimal(self_pay),
    )


def a_report(
    member_no: str = "E1",
    description: str = "急性支气管炎门诊",
    lines: tuple[BillLine, ...] | None = None,
) -> ClaimReport:
    visit = Visit(
        visit_ref="V1",
        kind="outpatient",
        date=date(2026, 5, 20),
        hospital_code="SH-0001",
        hospital_name="中山医院",
        diagnosis="急性支气管炎",
        lines=lines or (a_bill_line(),),
    )
    return ClaimReport(
        policy_no=POLICY_NO,
        member_no=member_no,
        incident_date=date(2026, 5, 20),
        incident_description=description,
        visits=(visit,),
    )


def a_report_body(member_no: str = "E1", **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "policy_no": POLICY_NO,
        "member_no": member_no,
        "incident_date": "2026-05-20",
        "incident_description": "急性支气管炎门诊",
        "visits": [
            {
                "visit_id": "V1",
                "kind": "outpatient",
                "date": "2026-05-20",
                "hospital": {"code": "SH-0001", "name": "中山医院"},
                "diagnosis": "急性支气管炎",
                "lines": [
                    {
                        "line_id": "L1",
                        "type": "drug_western",
                        "name": "西药",
                        "amount": "300.00",
                        "self_pay": "300.00",
                        "days_supply": 5,
                    }
                ],
            }
        ],
    }
    body.update(overrides)
    return body


def token_for(client: TestClient, username: str) -> dict[str, str]:
    response = client.post("/api/auth/token", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


OUTPATIENT_MATERIALS = (
    "id_copy",
    "original_receipts",
    "medical_record_copy",
    "itemized_drug_list",
    "bank_book_copy",
)


def with_all_materials(container: Container, user: User, claim_id: int) -> None:
    """Upload every material an outpatient claim of tianan-group-medical needs."""
    with_materials(container, user, claim_id, OUTPATIENT_MATERIALS)


def a_pdf(text: str) -> bytes:
    """A small file that is a PDF by its magic bytes (what the upload checks)."""
    return b"%PDF-1.4\n% " + text.encode() + b"\n%%EOF\n"


def with_materials(
    container: Container, user: User, claim_id: int, codes: tuple[str, ...], name: str = ""
) -> None:
    """Upload a file (content checked and stored) for each of `codes`."""
    limit = container.settings.upload_limit_bytes
    for code in codes:
        upload = Upload(code, name or f"{code}.pdf", a_pdf(f"{claim_id}/{code}/{name}"))
        upload_material(
            container.context(), actor=user, claim_id=claim_id, upload=upload, limit_bytes=limit
        )


# Auto claims (车险) -----------------------------------------------------------------------
AUTO_POLICY_NO = "AUTO-FLEET-2026-T01"
# The schedule's auto figures (车损险 sum insured, deductible and rate, 三者险 limit).
AUTO_POLICY_FIGURES: dict[str, Any] = {
    "vehicle_damage_cover": True,
    "vehicle_damage_sum_insured": Decimal("200000.00"),
    "vehicle_damage_deductible": Decimal("1000.00"),
    "vehicle_damage_deductible_rate": Decimal("0.05"),
    "third_party_cover": True,
    "third_party_limit": Decimal("1000000.00"),
    "vehicle_new_price": Decimal("220000.00"),
}


@dataclass
class AutoWorld:
    """a_world plus an auto fleet policy, customers bound to its drivers, three surveyors."""

    world: World
    policy: Policy
    insured: list[InsuredPerson]
    users: dict[str, User]


def an_auto_world(container: Container, figures: dict[str, Any] | None = None) -> AutoWorld:
    """`figures`: policy schedule figures added to (or replacing) AUTO_POLICY_FIGURES."""
    instant = container.clock.now().isoformat()
    return snapshotted(
        _engine_of(container),
        ("auto world", f"{instant} {sorted((figures or {}).items())!r}"),
        lambda: _build_auto_world(container, figures),
        keep=lambda auto: (
            (auto.world.policy, auto.world.insured, auto.world.users),
            auto.policy,
            auto.insured,
            auto.users,
        ),
        rebuild=lambda kept: _rebind_auto_world(container, deepcopy(kept)),
    )


def _rebind_auto_world(container: Container, kept: Any) -> AutoWorld:
    world, policy, insured, users = kept
    return AutoWorld(World(container, *world), policy, insured, users)


def _build_auto_world(container: Container, figures: dict[str, Any] | None) -> AutoWorld:
    world = a_world(container)
    admin = world.users["admin"]
    policy = policy_service.create_policy(
        container.context(),
        actor=admin,
        policy=Policy(
            None,
            AUTO_POLICY_NO,
            "auto-commercial",
            "测试物流公司",
            date(2026, 1, 1),
            date(2026, 12, 31),
            "auto",
            parameters=dict(AUTO_POLICY_FIGURES) | dict(figures or {}),
        ),
    )
    assert policy.id is not None
    people = [
        InsuredPerson(None, policy.id, f"V{n}", name, ID_NUMBERS[n - 1], "13912345678")
        for n, name in ((1, "王五"), (2, "赵六"))
    ]
    policy_service.add_insured_persons(
        container.context(), actor=admin, policy_id=policy.id, persons=people
    )
    with container.uow() as uow:
        insured = uow.policies.insured_of_policy(policy.id, after_id=None, limit=10)
    users = dict(world.users)
    users["auto_customer"] = _user(container, "auto_customer", Role.CUSTOMER, insured[0].id)
    users["auto_other"] = _user(container, "auto_other", Role.CUSTOMER, insured[1].id)
    for name in ("surveyor2", "surveyor3"):
        users[name] = _user(container, name, Role.SURVEYOR)
    return AutoWorld(world, policy, insured, users)


def an_auto_report_body(member_no: str = "V1", **overrides: Any) -> dict[str, Any]:
    """A daytime collision with a small estimate: it matches no first-scene survey rule."""
    body: dict[str, Any] = {
        "policy_no": AUTO_POLICY_NO,
        "member_no": member_no,
        "accident_at": "2026-05-31T10:00:00+08:00",
        "place": "北京市朝阳区建国路88号",
        "cause": "collision",
        "description": "倒车时与路边护栏发生刮擦",
        "vehicle": {"plate": "京A12345", "model": "大众帕萨特", "first_registered": "2022-03-01"},
        "driver": {"name": "王五", "licence_valid": True},
        "police": {"handled_by_traffic_police": True, "report_no": "JJ-2026-0001"},
        "estimated_loss": "3000.00",
    }
    body.update(overrides)
    return body


def pay_through_the_bank(world: World, claim: Claim) -> Claim:
    """赔款到账 the only way there is: finance releases every pending instruction, exports the
    bank batch and imports the bank's success; the system then moves the claim to paid."""
    context, finance, claim_id = world.container.context, world.users["finance"], claim.id or 0
    for instruction in payment_flow.claim_payments(context(), actor=finance, claim_id=claim_id):
        if instruction.status == PaymentStatus.PENDING_RELEASE:
            payment_flow.release_payment(
                context(), actor=finance, instruction_id=instruction.id or 0
            )
    _, sent = payment_flow.export_batch(context(), actor=finance)
    results = [payment_flow.BankResult(i.id or 0, True, f"BANK-{i.id}") for i in sent]
    payment_flow.import_results(context(), actor=finance, results=results)
    with world.container.uow() as uow:
        return uow.claims.get(claim_id)


def repair_shops(container: Container, admin: User, shops: dict[str, str]) -> dict[str, int]:
    """Repair shops in the partner registry (name → shop type), each with an agreement:
    a cooperating one is a compliant tender bidder, a 4S dealer is not (domain/partners.py)."""
    ids = {}
    for n, (name, shop_type) in enumerate(shops.items(), 1):
        fields = {"kind": "repair_shop", "name": name, "level": "1", "shop_type": shop_type,
                  "agreement_no": f"XL-{n:03d}", "region": "北京朝阳"}  # fmt: skip
        saved = partner_registry.save_partner(container.context(), actor=admin, fields=fields)
        ids[name] = saved.id or 0
    return ids
