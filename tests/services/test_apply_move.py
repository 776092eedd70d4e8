"""`apply_move` runs what the reaction table lists, for a person's move and a system move
alike (no database: a stub claims store, the effects recorded)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.claim import Claim, ClaimStatus, LineOfBusiness
from claimdesk.domain.errors import Forbidden, IllegalTransition
from claimdesk.domain.users import Role, User
from claimdesk.services.claims import moves
from claimdesk.services.context import ServiceContext
from claimdesk.workflow.reactions import Effect
from tests.fakes import FakeClock

NOW = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
S = ClaimStatus
APPROVER = User(7, "approver", "核赔", Role.APPROVER)
AGENT = User(8, "agent", "坐席", Role.AGENT)


@dataclass
class StubClaims:
    moved: list[tuple[ClaimStatus, ClaimStatus]] = field(default_factory=list)

    def change_status(
        self, claim: Claim, version: int, target: ClaimStatus, reason: str, at: datetime
    ) -> Claim:
        self.moved.append((claim.status, target))
        return replace(claim, status=target, version=version + 1, updated_at=at)


@dataclass
class StubAudit:
    entries: list[AuditEntry] = field(default_factory=list)

    def append(self, entry: AuditEntry, at: datetime) -> None:
        self.entries.append(entry)


@dataclass
class StubUow:
    claims: StubClaims = field(default_factory=StubClaims)
    audit: StubAudit = field(default_factory=StubAudit)


def a_claim(status: ClaimStatus) -> Claim:
    return Claim(
        id=1, claim_no="LP20260601000001", policy_id=1, insured_person_id=1,
        product_code="tianan-group-medical", line_of_business=LineOfBusiness.HEALTH,
        status=status, reported_at=NOW, reported_by=8, incident_date=date(2026, 5, 30),
        incident_description="", claimed_amount=Decimal("100.00"), visits=(), updated_at=NOW,
    )  # fmt: skip


@pytest.fixture
def ran(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Effect, str | None]]:
    """Every effect replaced by a recorder of (effect, who moved)."""
    calls: list[tuple[Effect, str | None]] = []

    def recorder(effect: Effect) -> Any:
        def record(context: Any, actor: User | None, before: Claim, moved: Claim) -> None:
            calls.append((effect, None if actor is None else actor.username))

        return record

    for effect in Effect:
        monkeypatch.setitem(moves.HANDLERS, effect, recorder(effect))
    return calls


def _context() -> tuple[ServiceContext, StubUow]:
    uow = StubUow()
    return ServiceContext(uow=uow, clock=FakeClock(NOW)), uow  # type: ignore[arg-type]


def test_a_system_move_runs_the_same_effects_as_a_persons_move(ran: list[Any]) -> None:
    context, uow = _context()
    claim = a_claim(S.ADJUDICATED)
    moves.apply_move(context, actor=APPROVER, claim=claim, target=S.APPROVED, reason="")
    by_person = list(ran)
    ran.clear()
    moves.apply_move(
        context, actor=APPROVER, claim=claim, target=S.APPROVED, reason="集体讨论 2:1",
        as_system=True,
    )  # fmt: skip
    assert ran == by_person
    assert [effect for effect, _ in ran] == [
        Effect.DEADLINES, Effect.FRAUD, Effect.PAYMENT_INSTRUCTION, Effect.QUEUE, Effect.NOTICES,
        Effect.ZERO_SETTLEMENT,  # after the audit: closes a claim approved at 0.00
    ]  # fmt: skip
    assert [e.actor for e in uow.audit.entries] == ["approver", "approver"]


def test_a_move_by_the_system_alone_is_audited_as_the_system(ran: list[Any]) -> None:
    context, uow = _context()
    moved = moves.apply_move(
        context, actor=None, claim=a_claim(S.MATERIALS_PENDING), target=S.UNDER_REVIEW,
        reason="材料齐全", as_system=True,
    )  # fmt: skip
    assert moved.status == S.UNDER_REVIEW and moved.version == 2
    assert uow.audit.entries[0].actor == "system"
    assert uow.audit.entries[0].action == "move:under_review"
    # The fraud reassessment now follows the system's move to review too (it used to be skipped).
    assert (Effect.FRAUD, None) in ran and ran[-1] == (Effect.INVESTIGATION_HOLD, None)


def test_a_system_move_is_still_checked_against_the_lifecycle_table(ran: list[Any]) -> None:
    context, uow = _context()
    with pytest.raises(IllegalTransition):
        moves.apply_move(
            context, actor=None, claim=a_claim(S.REPORTED), target=S.PAID, reason="",
            as_system=True,
        )  # fmt: skip
    assert uow.claims.moved == [] and ran == []


def test_a_persons_move_needs_the_moves_permission(ran: list[Any]) -> None:
    context, uow = _context()
    with pytest.raises(Forbidden):
        moves.apply_move(context, actor=AGENT, claim=a_claim(S.ADJUDICATED), target=S.APPROVED,
                         reason="")  # fmt: skip
    assert uow.claims.moved == [] and ran == []
