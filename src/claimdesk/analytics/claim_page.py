"""The claim page's read side: everything the page shows, in one unit of work.

The page used to open a unit of work per panel (claim, insured, materials, timeline,
deadlines, notices, adjudication, feedback), each loading the claim again to check who may
see it. Here the claim is loaded and checked once, then each panel is one statement keyed by
the claim id, so the count of statements is fixed whatever the number of visits, lines or files.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from claimdesk.domain.audit import AuditRecord
from claimdesk.domain.claim import Claim, Material, can_see_claim
from claimdesk.domain.errors import NotFound
from claimdesk.domain.estimates import ClaimEstimate
from claimdesk.domain.hospitals import Hospital
from claimdesk.domain.notices import OutboxMessage
from claimdesk.domain.payee_change import PayeeChangeRequest
from claimdesk.domain.payment import PaymentInstruction
from claimdesk.domain.policy import InsuredPerson
from claimdesk.domain.reserves import ReserveEntry
from claimdesk.domain.service_desk import Rating
from claimdesk.domain.tracking import Notice, TrackedDeadline
from claimdesk.domain.users import Role, User
from claimdesk.domain.verification import Correction
from claimdesk.rules.stored import StoredAdjudication


class _Claims(Protocol):
    def get(self, claim_id: int) -> Claim: ...


class _Policies(Protocol):
    def get_insured(self, insured_id: int) -> InsuredPerson: ...


class _Materials(Protocol):
    def for_claim(self, claim_id: int) -> list[Material]: ...


class _Audit(Protocol):
    def for_entity(self, entity_type: str, entity_id: str) -> list[AuditRecord]: ...


class _Tracking(Protocol):
    def deadlines_for(self, claim_id: int) -> list[TrackedDeadline]: ...
    def notices_for(self, claim_id: int, kind: str | None = None) -> list[Notice]: ...


class _Adjudications(Protocol):
    def active_for(self, claim_id: int) -> StoredAdjudication | None: ...


class _Hospitals(Protocol):
    def by_codes(self, codes: Collection[str]) -> dict[str, Hospital]: ...


class _Feedback(Protocol):
    def rating_for(self, claim_id: int) -> Rating | None: ...


class _Payments(Protocol):
    def for_claim(self, claim_id: int) -> list[PaymentInstruction]: ...


class _Verification(Protocol):
    def for_claim(self, claim_id: int) -> list[Correction]: ...


class ComplaintCaseFacts(Protocol):
    """What the page shows of a complaint case (services/complaints/ports.py ComplaintCase)."""

    @property
    def id(self) -> int | None: ...
    @property
    def status(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def answer(self) -> str: ...
    @property
    def received_at(self) -> datetime: ...
    @property
    def answered_at(self) -> datetime | None: ...
    @property
    def satisfied(self) -> bool | None: ...
    def internal_status(self, now: datetime) -> str: ...
    def regulator_status(self, now: datetime) -> str: ...


class _ComplaintCases(Protocol):
    def for_claim(self, claim_id: int) -> Sequence[ComplaintCaseFacts]: ...


class _Reserves(Protocol):
    def history(self, claim_id: int) -> list[ReserveEntry]: ...


class _Estimates(Protocol):
    def for_claim(self, claim_id: int) -> ClaimEstimate | None: ...
    def history(self, claim_id: int) -> list[ClaimEstimate]: ...


class _Outbox(Protocol):
    def for_claim(self, claim_id: int) -> list[OutboxMessage]: ...


class _PayeeChanges(Protocol):
    def for_claim(self, claim_id: int) -> list[PayeeChangeRequest]: ...


class PageUnit(Protocol):
    """What the page reads of the unit of work (the SQL one satisfies it)."""

    @property
    def claims(self) -> _Claims: ...
    @property
    def policies(self) -> _Policies: ...
    @property
    def materials(self) -> _Materials: ...
    @property
    def audit(self) -> _Audit: ...
    @property
    def tracking(self) -> _Tracking: ...
    @property
    def adjudications(self) -> _Adjudications: ...
    @property
    def portal(self) -> _Feedback: ...
    @property
    def hospitals(self) -> _Hospitals: ...
    @property
    def payments(self) -> _Payments: ...
    @property
    def verification(self) -> _Verification: ...
    @property
    def complaints(self) -> _ComplaintCases: ...
    @property
    def reserves(self) -> _Reserves: ...
    @property
    def estimates(self) -> _Estimates: ...
    @property
    def outbox(self) -> _Outbox: ...
    @property
    def payee_changes(self) -> _PayeeChanges: ...

    def __enter__(self) -> Any: ...
    def __exit__(self, *args: object) -> None: ...


@dataclass(frozen=True)
class ClaimPage:
    claim: Claim
    insured: InsuredPerson
    materials: list[Material]
    audit: list[AuditRecord]  # the timeline, oldest first
    deadlines: list[TrackedDeadline]
    notices: list[Notice]
    adjudication: StoredAdjudication | None
    rating: Rating | None
    complaint_cases: Sequence[ComplaintCaseFacts]  # 投诉 on this claim, with their handling
    reserves: list[ReserveEntry]  # staff only: the case-reserve history, oldest first
    hospitals: dict[str, Hospital] = field(default_factory=dict)  # 医院目录 entries of the visits
    corrections: list[Correction] = field(default_factory=list)  # 审核录入: staff only
    payments: list[PaymentInstruction] = field(default_factory=list)  # 支付指令 of the claim
    estimate: ClaimEstimate | None = None  # 预赔 interval and its basis (the latest)
    estimate_history: list[ClaimEstimate] = field(default_factory=list)  # staff: every revision
    messages: list[OutboxMessage] = field(default_factory=list)  # staff: 发送记录 of the claim
    payee_changes: list[PayeeChangeRequest] = field(default_factory=list)  # the insured's asks


def visible_claim(unit: PageUnit, actor: User, claim_id: int) -> Claim:
    """Inside an open unit: the claim, or NotFound when the actor may not see it."""
    claim = unit.claims.get(claim_id)
    if not can_see_claim(actor, claim):
        raise NotFound("赔案 claim", claim.id)  # never the hidden claim's number
    return claim


def claim_header(unit: PageUnit, actor: User, claim_id: int) -> tuple[Claim, str]:
    """The claim and its insured's name: what the API's claim detail shows."""
    with unit:
        claim = visible_claim(unit, actor, claim_id)
        return claim, unit.policies.get_insured(claim.insured_person_id).name


def claim_page(unit: PageUnit, actor: User, claim_id: int) -> ClaimPage:
    customer = actor.role == Role.CUSTOMER
    with unit:
        claim = visible_claim(unit, actor, claim_id)
        return ClaimPage(
            claim=claim,
            insured=unit.policies.get_insured(claim.insured_person_id),
            materials=unit.materials.for_claim(claim_id),
            audit=unit.audit.for_entity("claim", str(claim_id)),
            deadlines=unit.tracking.deadlines_for(claim_id),
            notices=unit.tracking.notices_for(claim_id),
            adjudication=unit.adjudications.active_for(claim_id),
            # The rating shows on the customer's page only: staff skip the read.
            rating=unit.portal.rating_for(claim_id) if customer else None,
            # The registry entries of the visits' hospitals: the staff page shows them.
            hospitals={}
            if customer
            else unit.hospitals.by_codes({v.hospital_code for v in claim.visits}),
            corrections=[] if customer else unit.verification.for_claim(claim_id),
            payments=unit.payments.for_claim(claim_id),
            complaint_cases=unit.complaints.for_claim(claim_id),
            reserves=[] if customer else unit.reserves.history(claim_id),
            estimate=unit.estimates.for_claim(claim_id),
            estimate_history=[] if customer else unit.estimates.history(claim_id),
            messages=[] if customer else unit.outbox.for_claim(claim_id),
            payee_changes=unit.payee_changes.for_claim(claim_id) if customer else [],
        )
