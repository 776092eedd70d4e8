"""In-memory fakes of the ports, so use-case tests run without a database.

`FakeDatabase` holds the committed state; each `FakeUnitOfWork` works on a copy taken when it
is entered and writes it back only on `commit()` — like the SQL unit of work, anything not
committed is rolled back. The fakes raise what the SQL adapters raise (`NotFound` with the
same entity names; compare-and-set moves answer False when the row was not in `frm`).
Repositories not faked yet are absent: a use case that needs one fails loudly.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from claimdesk.domain.audit import GENESIS_HASH, AuditEntry, AuditRecord, record_hash
from claimdesk.domain.claim import Approval, Claim, ClaimStatus, Denial, Visit
from claimdesk.domain.errors import Duplicate, NotFound, StaleVersion
from claimdesk.domain.notices import OutboxMessage
from claimdesk.domain.payment import PaymentInstruction, PaymentStatus
from claimdesk.domain.policy import InsuredPerson, Policy
from claimdesk.domain.service_desk import Consultation
from claimdesk.domain.users import Role, User
from claimdesk.services.context import ServiceContext
from claimdesk.services.ports import ClaimFilter


@dataclass
class State:
    policies: dict[int, Policy] = field(default_factory=dict)
    insured: dict[int, InsuredPerson] = field(default_factory=dict)
    users: dict[int, tuple[User, str]] = field(default_factory=dict)
    tokens: dict[str, tuple[int, datetime]] = field(default_factory=dict)
    audit: list[AuditRecord] = field(default_factory=list)
    payments: dict[int, PaymentInstruction] = field(default_factory=dict)
    batches: list[tuple[datetime, int, int, Decimal]] = field(default_factory=list)
    consultations: dict[int, Consultation] = field(default_factory=dict)
    claims: dict[int, Claim] = field(default_factory=dict)
    claim_sequences: dict[date, int] = field(default_factory=dict)
    idempotency: dict[tuple[int, str], tuple[str, int]] = field(default_factory=dict)
    last_id: int = 0

    def next_id(self) -> int:
        self.last_id += 1
        return self.last_id


class FakeDatabase:
    def __init__(self) -> None:
        self.state = State()

    def uow(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self)


class FakeClock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment

    def advance(self, by: timedelta) -> None:
        self.moment += by


class FakeHasher:
    def hash(self, password: str) -> str:
        return "fake$" + password[::-1]

    def verify(self, password: str, password_hash: str) -> bool:
        return password_hash == self.hash(password)


class FakePolicies:
    def __init__(self, state: State) -> None:
        self.state = state

    def add(self, policy: Policy, at: datetime) -> Policy:
        stored = replace(policy, id=self.state.next_id())
        self.state.policies[stored.id or 0] = stored
        return stored

    def get(self, policy_id: int) -> Policy:
        if policy_id not in self.state.policies:
            raise NotFound("保单 policy", policy_id)
        return self.state.policies[policy_id]

    def find_by_number(self, policy_no: str) -> Policy | None:
        return next((p for p in self.state.policies.values() if p.policy_no == policy_no), None)

    def add_insured(self, person: InsuredPerson) -> InsuredPerson:
        stored = replace(person, id=self.state.next_id())
        self.state.insured[stored.id or 0] = stored
        return stored

    def get_insured(self, insured_id: int) -> InsuredPerson:
        if insured_id not in self.state.insured:
            raise NotFound("被保险人 insured person", insured_id)
        return self.state.insured[insured_id]

    def find_insured(self, policy_id: int, member_no: str) -> InsuredPerson | None:
        return next(
            (
                p
                for p in self.state.insured.values()
                if p.policy_id == policy_id and p.member_no == member_no
            ),
            None,
        )

    def insured_by_ids(self, ids: set[int]) -> dict[int, InsuredPerson]:
        return {i: p for i, p in self.state.insured.items() if i in ids}


class FakeUsers:
    def __init__(self, state: State) -> None:
        self.state = state

    def add(
        self,
        *,
        username: str,
        display_name: str,
        role: Role,
        password_hash: str,
        insured_person_id: int | None,
        at: datetime,
    ) -> User:
        user = User(self.state.next_id(), username, display_name, role, insured_person_id)
        self.state.users[user.id] = (user, password_hash)
        return user

    def get(self, user_id: int) -> User:
        if user_id not in self.state.users:
            raise NotFound("用户 user", user_id)
        return self.state.users[user_id][0]

    def find_with_hash(self, username: str) -> tuple[User, str] | None:
        return next((u for u in self.state.users.values() if u[0].username == username), None)

    def exists(self, username: str) -> bool:
        return self.find_with_hash(username) is not None

    def names(self, user_ids: set[int]) -> dict[int, str]:
        return {i: u.display_name for i, (u, _) in self.state.users.items() if i in user_ids}

    def add_token(self, user_id: int, token_hash: str, at: datetime, expires: datetime) -> None:
        self.state.tokens[token_hash] = (user_id, expires)

    def user_for_token(self, token_hash: str, now: datetime) -> User | None:
        user_id, expires = self.state.tokens.get(token_hash, (0, now))
        return self.state.users[user_id][0] if expires > now else None


class FakeAudit:
    """The same hash chain as the SQL store, so `verify_chain` holds on the fake too."""

    def __init__(self, state: State) -> None:
        self.state = state

    def append(self, entry: AuditEntry, at: datetime) -> AuditRecord:
        seq, prev_hash = self.head()
        record = AuditRecord(
            seq + 1, at, entry, prev_hash, record_hash(seq + 1, at, entry, prev_hash)
        )
        self.state.audit.append(record)
        return record

    def head(self) -> tuple[int, str]:
        last = self.state.audit[-1] if self.state.audit else None
        return (0, GENESIS_HASH) if last is None else (last.seq, last.hash)

    def all_records(self) -> list[AuditRecord]:
        return list(self.state.audit)

    def for_entity(self, entity_type: str, entity_id: str) -> list[AuditRecord]:
        return [
            r
            for r in self.state.audit
            if (r.entry.entity_type, r.entry.entity_id) == (entity_type, entity_id)
        ]


class FakePayments:
    def __init__(self, state: State) -> None:
        self.state = state

    def add(self, instruction: PaymentInstruction) -> PaymentInstruction:
        stored = replace(instruction, id=self.state.next_id())
        self.state.payments[stored.id or 0] = stored
        return stored

    def get(self, instruction_id: int) -> PaymentInstruction:
        if instruction_id not in self.state.payments:
            raise NotFound("支付指令 payment instruction", instruction_id)
        return self.state.payments[instruction_id]

    def lock_claim(self, claim_id: int) -> None:
        """One thread holds the fake database; nothing to serialise."""

    def for_claim(self, claim_id: int) -> list[PaymentInstruction]:
        return [p for _, p in sorted(self.state.payments.items()) if p.claim_id == claim_id]

    def move(
        self, instruction_id: int, frm: PaymentStatus, to: PaymentStatus, **values: Any
    ) -> bool:
        """Compare-and-set, like `UPDATE … WHERE status = frm`."""
        current = self.state.payments.get(instruction_id)
        if current is None or current.status != frm:
            return False
        self.state.payments[instruction_id] = replace(current, status=to, **values)
        return True

    def released_unbatched(self) -> list[PaymentInstruction]:
        return [
            p
            for _, p in sorted(self.state.payments.items())
            if p.status == PaymentStatus.RELEASED and p.batch_id is None
        ]

    def add_batch(self, at: datetime, by: int, count: int, total: Decimal) -> int:
        self.state.batches.append((at, by, count, total))
        return len(self.state.batches)


class FakeServiceDesk:
    def __init__(self, state: State) -> None:
        self.state = state

    def add_consultation(self, consultation: Consultation) -> Consultation:
        stored = replace(consultation, id=self.state.next_id())
        self.state.consultations[stored.id or 0] = stored
        return stored

    def consultations(self, *, after_id: int | None, limit: int) -> list[Consultation]:
        newest_first = sorted(self.state.consultations.items(), reverse=True)
        return [c for i, c in newest_first if after_id is None or i < after_id][:limit]


class FakeClaims:
    """The claims repository: compare-and-set on the version, newest-first keyset pages."""

    def __init__(self, state: State) -> None:
        self.state = state

    def add(self, claim: Claim) -> Claim:
        if any(c.claim_no == claim.claim_no for c in self.state.claims.values()):
            raise Duplicate("重复的赔案号", "duplicate claim number", field="claim_no")
        stored = replace(claim, id=self.state.next_id())
        self.state.claims[stored.id or 0] = stored
        return stored

    def get(self, claim_id: int) -> Claim:
        if claim_id not in self.state.claims:
            raise NotFound("赔案 claim", claim_id)
        return self.state.claims[claim_id]

    def get_by_number(self, claim_no: str) -> Claim:
        found = next((c for c in self.state.claims.values() if c.claim_no == claim_no), None)
        if found is None:
            raise NotFound("赔案 claim", claim_no)
        return found

    def change_status(
        self, claim: Claim, expected_version: int, status: ClaimStatus, reason: str, at: datetime
    ) -> Claim:
        current = self._claimed(claim, expected_version)
        moved = replace(current, status=status, status_reason=reason,
                        version=current.version + 1, updated_at=at)  # fmt: skip
        self.state.claims[moved.id or 0] = moved
        return moved

    def bump_version(self, claim: Claim, expected_version: int, at: datetime) -> None:
        current = self._claimed(claim, expected_version)
        self._put(replace(current, version=current.version + 1, updated_at=at))

    def set_visit_hospital(self, claim_id: int, visit: Visit) -> None:
        claim = self.get(claim_id)
        visits = tuple(
            replace(v, hospital_code=visit.hospital_code, hospital_name=visit.hospital_name,
                    designated=visit.designated, hospital_level=visit.hospital_level,
                    region=visit.region) if v.visit_ref == visit.visit_ref else v
            for v in claim.visits
        )  # fmt: skip
        self._put(replace(claim, visits=visits))

    def record_adjudicator(self, claim_id: int, user_id: int) -> None:
        self._put(replace(self.get(claim_id), adjudicated_by=user_id))

    def add_adjuster(self, claim_id: int, user_id: int) -> None:
        claim = self.get(claim_id)
        if user_id not in claim.adjusted_by:
            self._put(replace(claim, adjusted_by=(*claim.adjusted_by, user_id)))

    def mark_difficult(self, claim_id: int, reason: str) -> None:
        self._put(replace(self.get(claim_id), difficult=True, difficult_reason=reason))

    def record_approval(self, claim_id: int, approval: Approval) -> None:
        self._put(replace(self.get(claim_id), approval=approval))

    def record_denial(self, claim_id: int, denial: Denial) -> None:
        self._put(replace(self.get(claim_id), denial=denial))

    def page(self, claim_filter: ClaimFilter, *, after_id: int | None, limit: int) -> list[Claim]:
        newest_first = sorted(self._filtered(claim_filter), key=lambda c: -(c.id or 0))
        return [c for c in newest_first if after_id is None or (c.id or 0) < after_id][:limit]

    def count(self, claim_filter: ClaimFilter) -> int:
        return len(self._filtered(claim_filter))

    def count_by_status(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for claim in self.state.claims.values():
            counts[str(claim.status)] = counts.get(str(claim.status), 0) + 1
        return counts

    def _filtered(self, wanted: ClaimFilter) -> list[Claim]:
        return [c for c in self.state.claims.values() if self._matches(c, wanted)]

    def _matches(self, claim: Claim, wanted: ClaimFilter) -> bool:
        checks = [
            wanted.status is None or claim.status == wanted.status,
            not wanted.product_code or claim.product_code == wanted.product_code,
            wanted.insured_person_id is None or claim.insured_person_id == wanted.insured_person_id,
            wanted.policy_id is None or claim.policy_id == wanted.policy_id,
            not wanted.search or self._found(claim, wanted.search.strip()),
        ]
        return all(checks)

    def _found(self, claim: Claim, term: str) -> bool:
        """Claim number, insured name (a substring, % and _ literal), ID number or phone."""
        person = self.state.insured.get(claim.insured_person_id)
        return claim.claim_no == term or (
            person is not None and (term in person.name or term in (person.id_number, person.phone))
        )

    def _claimed(self, claim: Claim, expected_version: int) -> Claim:
        current = self.get(claim.id or 0)
        if current.version != expected_version:
            raise StaleVersion("赔案 claim", expected_version, current.version)
        return current

    def _put(self, claim: Claim) -> None:
        self.state.claims[claim.id or 0] = claim


class FakeClaimNumbers:
    def __init__(self, state: State) -> None:
        self.state = state

    def next_sequence(self, day: date) -> int:
        self.state.claim_sequences[day] = self.state.claim_sequences.get(day, 0) + 1
        return self.state.claim_sequences[day]


class FakeIdempotencyKeys:
    def __init__(self, state: State) -> None:
        self.state = state

    def find(self, user_id: int, key: str) -> tuple[str, int] | None:
        return self.state.idempotency.get((user_id, key))

    def remember(
        self, user_id: int, key: str, request_hash: str, claim_id: int, at: datetime
    ) -> None:
        if (user_id, key) in self.state.idempotency:
            raise Duplicate("重复的幂等键", "duplicate Idempotency-Key", field="Idempotency-Key")
        self.state.idempotency[(user_id, key)] = (request_hash, claim_id)


class FakeUnitOfWork:
    def __init__(self, database: FakeDatabase) -> None:
        self.database = database
        self.committed = False

    def __enter__(self) -> FakeUnitOfWork:
        self.state = copy.deepcopy(self.database.state)
        self.committed = False
        self.policies = FakePolicies(self.state)
        self.users = FakeUsers(self.state)
        self.audit = FakeAudit(self.state)
        self.payments = FakePayments(self.state)
        self.service_desk = FakeServiceDesk(self.state)
        self.claims = FakeClaims(self.state)
        self.claim_numbers = FakeClaimNumbers(self.state)
        self.idempotency = FakeIdempotencyKeys(self.state)
        return self

    def __exit__(self, *args: object) -> None:
        self.state = copy.deepcopy(self.database.state)  # not committed: rolled back

    def commit(self) -> None:
        self.database.state = copy.deepcopy(self.state)
        self.committed = True

    def rollback(self) -> None:
        self.state = copy.deepcopy(self.database.state)


class FakeSender:
    """A channel adapter that keeps what it was handed; `fail_with` makes it refuse."""

    def __init__(self, fail_with: str = "") -> None:
        self.sent: list[OutboxMessage] = []
        self.fail_with = fail_with

    def send(self, message: OutboxMessage) -> None:
        if self.fail_with:
            raise OSError(self.fail_with)
        self.sent.append(message)


class FakeFileStore:
    """Content-addressed like the real store: the key is the SHA-256 of the bytes."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def put(self, content: bytes) -> str:
        key = hashlib.sha256(content).hexdigest()
        self.files[key] = content
        return key

    def chunks(self, sha256: str) -> Iterator[bytes]:
        if sha256 not in self.files:
            raise NotFound("文件 file", sha256)
        return iter([self.files[sha256]])

    def delete(self, sha256: str) -> bool:
        return self.files.pop(sha256, None) is not None


def ctx(source: Any, clock: Any = None, *, products: Any = None) -> ServiceContext:
    """A service context over a container (its `context()`) or over a `FakeDatabase`, with
    another clock or products where a test needs them."""
    if hasattr(source, "context"):
        base: ServiceContext = source.context()
    else:
        base = ServiceContext(uow=source.uow(), clock=clock)
    return replace(
        base,
        clock=clock if clock is not None else base.clock,
        products=products if products is not None else base.products,
    )
