"""Realistic, seeded demo data: a group medical policy, 50 employees, ~200 claims in every state.

Everything goes through the ordinary use cases, so the demo's audit trail is real too.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from claimdesk.demo import desk, month
from claimdesk.demo.clock import SteppingClock
from claimdesk.demo.hospitals import load_registry
from claimdesk.demo.people import bank_card_number, chinese_name, id_number, mobile_phone
from claimdesk.domain.claim import BillLine, Claim, ClaimStatus, Visit
from claimdesk.domain.payment import PaymentStatus
from claimdesk.domain.policy import InsuredPerson, Policy
from claimdesk.domain.tasks import ApproverLimits
from claimdesk.domain.users import Role, User
from claimdesk.services.adjudication.use_cases import Products
from claimdesk.services.approval.use_cases import Denial, set_approver_limits
from claimdesk.services.claims import moves as claim_moves
from claimdesk.services.claims import use_cases as claim_service
from claimdesk.services.context import ServiceContext
from claimdesk.services.materials.use_cases import Upload, upload_material
from claimdesk.services.payments import use_cases as payment_flow
from claimdesk.services.policies import use_cases as policy_service
from claimdesk.services.ports import ClaimFilter, FileStore, PasswordHasher, UnitOfWork
from claimdesk.services.users import use_cases as user_service
from claimdesk.workflow.lifecycle import TRANSITIONS

UowFactory = Callable[[], UnitOfWork]
DEMO_PASSWORD = "claimdesk-demo"
DEMO_POLICY_NO = "TA-GRP-2026-001"
S = ClaimStatus
ZERO = timedelta(0)

DEMO_USERS: tuple[tuple[str, str, Role], ...] = (
    ("admin", "系统管理员", Role.ADMIN),
    ("manager", "周经理", Role.MANAGER),
    ("specialist", "李理赔", Role.SPECIALIST),
    ("specialist2", "王理赔", Role.SPECIALIST),
    ("approver", "陈核赔", Role.APPROVER),
    ("finance", "赵财务", Role.FINANCE),
    ("agent", "孙客服", Role.AGENT),
    ("surveyor", "吴查勘", Role.SURVEYOR),
    ("investigator", "郑调查", Role.INVESTIGATOR),
)

_MAIN = [S.ACCEPTED, S.UNDER_REVIEW, S.ADJUDICATED, S.APPROVED, S.PAYMENT_PENDING, S.PAID, S.CLOSED]
PATHS: dict[ClaimStatus, list[ClaimStatus]] = {
    S.REPORTED: [],
    S.ACCEPTED: [S.ACCEPTED],
    S.MATERIALS_PENDING: [S.ACCEPTED, S.MATERIALS_PENDING],
    S.UNDER_REVIEW: [S.ACCEPTED, S.MATERIALS_PENDING, S.UNDER_REVIEW],
    S.INVESTIGATION: [S.ACCEPTED, S.UNDER_REVIEW, S.INVESTIGATION],
    S.ADJUDICATED: _MAIN[:3],
    S.APPROVED: _MAIN[:4],
    S.PAYMENT_PENDING: _MAIN[:5],
    S.PAID: _MAIN[:6],
    S.CLOSED: _MAIN,
    S.ARCHIVED: [*_MAIN, S.ARCHIVED],
    S.DENIED: [S.ACCEPTED, S.UNDER_REVIEW, S.DENIED],
    S.WITHDRAWN: [S.ACCEPTED, S.WITHDRAWN],
    S.REOPENED: [*_MAIN, S.REOPENED],
}
ACTOR_FOR: dict[ClaimStatus, str] = {
    S.ACCEPTED: "agent",
    S.MATERIALS_PENDING: "specialist",
    S.UNDER_REVIEW: "specialist",
    S.INVESTIGATION: "specialist",
    S.ADJUDICATED: "specialist2",
    S.APPROVED: "approver",
    S.PAYMENT_PENDING: "finance",
    S.PAID: "finance",
    S.CLOSED: "finance",
    S.ARCHIVED: "manager",
    S.DENIED: "specialist",
    S.WITHDRAWN: "agent",
    S.REOPENED: "manager",
}
DEMO_DENIAL = Denial(("EXCLUDED_SERVICE",), "第四部分 二.11")
REASONS: dict[ClaimStatus, str] = {
    S.INVESTIGATION: "发票疑似重复，转调查核实",
    S.DENIED: "责任免除：牙科治疗不在保障范围（第四部分 二.3）",
    S.WITHDRAWN: "客户申请撤案",
    S.REOPENED: "客户补充新发票，申请重开",
    S.MATERIALS_PENDING: "缺少病历复印件",
}


@dataclass(frozen=True)
class DemoSummary:
    users: int
    insured: int
    claims: int


def load_demo_data(
    new_uow: UowFactory,
    hasher: PasswordHasher,
    products: Products,
    *,
    files: FileStore,
    seed: int = 2026,
    claim_count: int = 200,
    on_claim: Callable[[int, int], None] | None = None,
    today: datetime | None = None,
) -> DemoSummary | None:
    """Load once; returns None when the demo policy already exists."""
    with new_uow() as uow:
        if uow.policies.find_by_number(DEMO_POLICY_NO) is not None:
            return None
    rng = random.Random(seed)
    clock = SteppingClock(datetime(2026, 1, 2, 1, 0, tzinfo=UTC))
    users = _create_users(new_uow, clock, hasher)
    _grant_authority(new_uow, clock, users)
    load_registry(ServiceContext(uow=new_uow(), clock=clock, products=products), users["admin"])
    persons = _create_policy(new_uow, clock, users["admin"], rng)
    users["customer"] = user_service.add_user(
        ServiceContext(uow=new_uow(), clock=clock),
        hasher=hasher,
        username="customer",
        password=DEMO_PASSWORD,
        role=Role.CUSTOMER,
        display_name=persons[0].name,
        insured_person_id=persons[0].id,
    )
    targets = month.targets(list(PATHS), claim_count)
    day = month.demo_today(today or datetime.now(UTC))
    for index, target in enumerate(targets):
        person = persons[index % len(persons)]
        gaps = month.step_gaps(rng, len(PATHS[target]))
        clock.moment = month.reported_at(target, index, claim_count, day, sum(gaps, ZERO), rng)
        _create_claim(new_uow, clock, users, person, target, index, rng, products, files, gaps)
        if on_claim is not None:
            on_claim(index + 1, claim_count)
    _desk_work(new_uow, clock, users["agent"], day)
    return DemoSummary(users=len(users), insured=len(persons), claims=claim_count)


def _desk_work(new_uow: UowFactory, clock: SteppingClock, agent: User, day: datetime) -> None:
    """Complaints on the newest closed claims, spread over the last month."""
    with new_uow() as uow:
        closed = uow.claims.page(ClaimFilter(status=S.CLOSED), after_id=None, limit=500)
    newest = sorted(closed, key=lambda claim: claim.reported_at)[-6:]
    desk.load_desk_demo(new_uow, clock, agent, [claim.id or 0 for claim in newest], day)


def _create_users(
    new_uow: UowFactory, clock: SteppingClock, hasher: PasswordHasher
) -> dict[str, User]:
    return {
        username: user_service.add_user(
            ServiceContext(uow=new_uow(), clock=clock),
            hasher=hasher,
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            display_name=name,
        )
        for username, name, role in DEMO_USERS
    }


def _grant_authority(new_uow: UowFactory, clock: SteppingClock, users: dict[str, User]) -> None:
    """核赔权限: the approver up to 50,000 per line, the chief (manager) without limit."""
    ladder: tuple[tuple[str, int, Decimal | None], ...] = (
        ("approver", 2, Decimal("50000.00")),
        ("manager", 3, None),
    )
    for username, level, limit in ladder:
        limits: dict[str, Decimal | None] = dict.fromkeys(("health", "accident", "auto"), limit)
        profile = ApproverLimits(users[username].id, level, limits)
        context = ServiceContext(uow=new_uow(), clock=clock)
        set_approver_limits(context, actor=users["admin"], profile=profile)


def _create_policy(
    new_uow: UowFactory, clock: SteppingClock, admin: User, rng: random.Random
) -> list[InsuredPerson]:
    policy = policy_service.create_policy(
        ServiceContext(uow=new_uow(), clock=clock),
        actor=admin,
        policy=Policy(
            None,
            DEMO_POLICY_NO,
            "tianan-group-medical",
            "上海申江大学工会",
            date(2026, 1, 1),
            date(2026, 12, 31),
            "health",
        ),
    )
    assert policy.id is not None
    people = [_person(policy.id, number, rng) for number in range(1, 51)]
    policy_service.add_insured_persons(
        ServiceContext(uow=new_uow(), clock=clock), actor=admin, policy_id=policy.id, persons=people
    )
    with new_uow() as uow:
        return uow.policies.insured_of_policy(policy.id, after_id=None, limit=100)


def _person(policy_id: int, number: int, rng: random.Random) -> InsuredPerson:
    conditions = ("高血压",) if number % 7 == 0 else ("恶性肿瘤",) if number == 13 else ()
    return InsuredPerson(
        None,
        policy_id,
        f"E{1000 + number}",
        chinese_name(rng),
        id_number(rng),
        mobile_phone(rng),
        bank_card_number(rng),
        "中国工商银行上海分行",
        social_insurance=True,
        conditions=conditions,
    )


def _create_claim(
    new_uow: UowFactory,
    clock: SteppingClock,
    users: dict[str, User],
    person: InsuredPerson,
    target: ClaimStatus,
    index: int,
    rng: random.Random,
    products: Products,
    files: FileStore,
    gaps: list[timedelta],
) -> None:
    reported = clock.moment
    on = reported.date() - timedelta(days=rng.randint(2, 20))
    visit = _visit(max(on, date(2026, 1, 1)), index, rng)  # incidents in the policy period
    report = claim_service.ClaimReport(
        policy_no=DEMO_POLICY_NO,
        member_no=person.member_no,
        incident_date=visit.date,
        incident_description=f"{visit.diagnosis}，于{visit.hospital_name}就诊",
        visits=(visit,),
    )
    reporter = (
        users["customer"] if person.id == users["customer"].insured_person_id else users["agent"]
    )
    context = ServiceContext(uow=new_uow(), clock=clock, products=products, files=files)
    claim, _ = claim_service.report_claim(context, actor=reporter, report=report)
    _attach_materials(context, reporter, claim, complete=target not in INCOMPLETE)
    for step, gap in zip(PATHS[target], gaps, strict=True):
        clock.moment += gap
        assert claim.id is not None
        # Acceptance checks the materials and may already have moved the claim on.
        claim = claim_service.get_claim(context, actor=users["manager"], claim_id=claim.id)
        if (claim.status, step) not in TRANSITIONS:
            continue
        if step == S.PAID:  # 赔款到账: only by the bank's confirmation, never by hand
            _pay_through_the_bank(context, users["finance"], claim.id or 0)
            if target != S.PAID:  # 回访 before the claim is closed
                desk.call_back(new_uow, clock, users["agent"], claim.id or 0)
            continue
        claim = claim_moves.move_claim(
            context,
            actor=users[ACTOR_FOR[step]],
            claim_id=claim.id or 0,
            target=step,
            reason=REASONS.get(step, ""),
            expected_version=claim.version,
            denial=DEMO_DENIAL if step == S.DENIED else None,
        )


def _pay_through_the_bank(context: ServiceContext, finance: User, claim_id: int) -> None:
    """放款, 银行批次 and the bank's success for the claim's instructions: the claim is paid."""
    for instruction in payment_flow.claim_payments(context, actor=finance, claim_id=claim_id):
        if instruction.status == PaymentStatus.PENDING_RELEASE:
            payment_flow.release_payment(context, actor=finance, instruction_id=instruction.id or 0)
    _, sent = payment_flow.export_batch(context, actor=finance)
    results = [payment_flow.BankResult(i.id or 0, True, f"DEMO-{i.id}") for i in sent]
    payment_flow.import_results(context, actor=finance, results=results)


INCOMPLETE = frozenset({S.REPORTED, S.ACCEPTED, S.MATERIALS_PENDING})
MATERIALS = {
    "outpatient": (
        "id_copy",
        "original_receipts",
        "bank_book_copy",
        "medical_record_copy",
        "itemized_drug_list",
    ),
    "inpatient": (
        "id_copy",
        "original_receipts",
        "bank_book_copy",
        "discharge_summary_copy",
        "itemized_inpatient_list",
        "local_relief_list",
    ),
}


def _attach_materials(
    context: ServiceContext, actor: User, claim: Claim, *, complete: bool
) -> None:
    codes = MATERIALS[claim.visits[0].kind]
    for code in codes if complete else codes[:2]:
        # A real (tiny) PDF uploaded and checked: only stored files satisfy the checklist.
        content = f"%PDF-1.4\n% {claim.claim_no}/{code}\n%%EOF\n".encode()
        upload = Upload(code, f"{code}.pdf", content)
        upload_material(context, actor=actor, claim_id=claim.id or 0, upload=upload,
                        limit_bytes=1 << 20)  # fmt: skip


HOSPITALS = (
    ("SH-0001", "复旦大学附属中山医院"),
    ("SH-0002", "上海交通大学医学院附属瑞金医院"),
    ("SH-0003", "上海市第六人民医院"),
    ("SH-0004", "上海市第一人民医院"),
)
DIAGNOSES = ("急性支气管炎", "高血压", "糖尿病", "胆囊结石", "腰椎间盘突出", "过敏性鼻炎", "骨折")


def _visit(on: date, index: int, rng: random.Random) -> Visit:
    code, hospital = HOSPITALS[index % len(HOSPITALS)]
    inpatient = index % 5 == 0
    lines = tuple(_line(f"L{n}", kind, rng) for n, kind in enumerate(_line_kinds(inpatient), 1))
    return Visit(
        visit_ref="V1",
        kind="inpatient" if inpatient else "outpatient",
        date=on,
        discharge_date=on + timedelta(days=5) if inpatient else None,
        hospital_code=code,
        hospital_name=hospital,
        diagnosis=DIAGNOSES[index % len(DIAGNOSES)],
        lines=lines,
        receipt_number=f"3100{index:010d}",
    )


def _line_kinds(inpatient: bool) -> tuple[tuple[str, str], ...]:
    if inpatient:
        return (
            ("surgery", "手术费"),
            ("bed", "床位费"),
            ("drug_western", "西药费"),
            ("meals", "伙食费"),
        )
    return (("registration", "挂号费"), ("drug_western", "西药费"), ("lab", "化验费"))


def _line(line_ref: str, kind: tuple[str, str], rng: random.Random) -> BillLine:
    amount = Decimal(rng.randint(2000, 240000)) / 100
    fund = (amount * Decimal(rng.choice((0, 0, 30, 50))) / 100).quantize(Decimal("0.01"))
    self_funded = Decimal("0.00") if rng.random() < 0.7 else (amount - fund) / 5
    self_funded = self_funded.quantize(Decimal("0.01"))
    return BillLine(
        line_ref=line_ref,
        type=kind[0],
        name=kind[1],
        amount=amount,
        fund_paid=fund,
        self_funded=self_funded,
        self_pay=amount - fund - self_funded,
        days_supply=rng.choice((3, 5, 7, 30)) if kind[0] == "drug_western" else None,
    )


def accept_auto_claims(new_uow: UowFactory, products: Products, count: int = 6) -> int:
    """Accept a few auto reports: their materials are collected at the survey, so they stay
    accepted while the surveyor works (the health demo's accepted claims move on at once)."""
    with new_uow() as uow:
        agent = _user_named(uow, "agent")
        page = uow.claims.page(ClaimFilter(status=S.REPORTED), after_id=None, limit=500)
    auto = [claim for claim in page if claim.line_of_business == "auto"][:count]
    for claim in auto:
        clock = SteppingClock(claim.reported_at + timedelta(hours=3))
        context = ServiceContext(uow=new_uow(), clock=clock, products=products)
        claim_moves.move_claim(context, actor=agent, claim_id=claim.id or 0, target=S.ACCEPTED,
                               reason="", expected_version=claim.version)  # fmt: skip
    return len(auto)


def _user_named(uow: UnitOfWork, username: str) -> User:
    found = uow.users.find_with_hash(username)
    assert found is not None, f"demo user {username} missing"
    return found[0]
