"""审核录入: a specialist corrects visits and bill lines; adjudication runs on verified data.

On SQLite and PostgreSQL: a correction changes what the engine pays, re-adjudicating an
adjudicated claim books a reversal, each change is audited with the value it replaced, and
refused corrections leave nothing written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from claimdesk.adapters.db.models import LedgerEntryRow
from claimdesk.bootstrap import Container
from claimdesk.domain.claim import BillLine, Claim, ClaimStatus
from claimdesk.domain.errors import (
    DomainError,
    ErrorCode,
    Forbidden,
    InvalidInput,
    ReasonRequired,
    StaleVersion,
)
from claimdesk.domain.refusals import Refused
from claimdesk.services.adjudication.use_cases import get_adjudication
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.claims.use_cases import get_claim, report_claim
from claimdesk.services.verification.use_cases import (
    correct_line,
    correct_visit,
    list_corrections,
)
from tests.builders import World, a_bill_line, a_lab_line, a_report, a_world, with_all_materials

S = ClaimStatus
RECEIPT = "按发票原件更正"


def _reported(world: World, *lines: BillLine) -> Claim:
    container = world.container
    report = a_report(lines=lines or (a_lab_line("L1", "1000.00"),))
    claim, _ = report_claim(container.context(), actor=world.users["agent"], report=report)
    with_all_materials(container, world.users["agent"], claim.id or 0)
    return _move(world, "specialist", claim, S.ACCEPTED)  # complete: on to under_review


def _move(world: World, who: str, claim: Claim, target: ClaimStatus, reason: str = "") -> Claim:
    return move_claim(
        world.container.context(),
        actor=world.users[who],
        claim_id=claim.id or 0,
        target=target,
        reason=reason,
        expected_version=claim.version,
    )


def _fix_line(
    world: World, claim: Claim, who: str = "specialist", reason: str = RECEIPT, **changes: Any
) -> Claim:
    return correct_line(
        world.container.context(),
        actor=world.users[who],
        claim_id=claim.id or 0,
        visit_ref="V1",
        line_ref="L1",
        changes=changes,
        reason=reason,
        expected_version=claim.version,
    )


def _payable(world: World, claim: Claim) -> Decimal:
    record = get_adjudication(
        world.container.context(), actor=world.users["manager"], claim_id=claim.id or 0
    )
    assert record is not None
    return record.payable


def _ledger_kinds(container: Container, claim: Claim) -> list[str]:
    with container.uow() as uow:
        query = select(LedgerEntryRow.kind).where(LedgerEntryRow.claim_id == claim.id)
        return list(uow.session.execute(query.order_by(LedgerEntryRow.id)).scalars())


def test_a_corrected_line_is_what_the_engine_pays_on(container: Container) -> None:
    world = a_world(container)
    claim = _reported(world)
    one_thousand = Decimal("1000.00")
    claim = _fix_line(world, claim, amount=Decimal("1200.00"), self_pay=Decimal("1200.00"))
    claim = _move(world, "specialist2", claim, S.ADJUDICATED)
    assert _payable(world, claim) == Decimal("420.00")  # (1200 − 600 deductible) × 70%
    corrections = list_corrections(
        container.context(), actor=world.users["approver"], claim_id=claim.id or 0
    )
    amount = next(c for c in corrections if c.field == "amount")
    assert (amount.submitted, amount.verified) == (f"{one_thousand}", "1200.00")
    assert (amount.reason, amount.by_user, amount.line_ref) == (RECEIPT, "specialist", "L1")
    with container.uow() as uow:
        audit = [r.entry for r in uow.audit.for_entity("claim", str(claim.id))]
    entry = next(e for e in audit if e.action == "verify_line")
    assert entry.before == {"visit": "V1", "line": "L1", "amount": "1000.00", "self_pay": "1000.00"}
    assert entry.after == {"visit": "V1", "line": "L1", "amount": "1200.00", "self_pay": "1200.00"}
    assert entry.actor == "specialist" and entry.reason == RECEIPT


def test_correcting_an_adjudicated_claim_adjudicates_again_and_books_a_reversal(
    container: Container,
) -> None:
    world = a_world(container)
    claim = _move(world, "specialist2", _reported(world), S.ADJUDICATED)
    assert _payable(world, claim) == Decimal("280.00")
    claim = _fix_line(world, claim, amount=Decimal("800.00"), self_pay=Decimal("800.00"))
    assert claim.status == S.ADJUDICATED
    assert _payable(world, claim) == Decimal("140.00")  # (800 − 600) × 70%
    assert _ledger_kinds(container, claim) == ["book", "reverse", "book"]
    with container.uow() as uow:
        rows = uow.adjudications.ledger_rows(
            claim.insured_person_id, claim.policy_id, excluding_claim=None
        )
    paid = sum(Decimal(str(row.get("outpatient_paid", 0))) for row in rows)
    assert paid == Decimal("140.00")
    # The corrector re-ran the engine: maker-checker keeps them from approving it.
    assert (
        world.users["specialist"].id
        in get_claim(
            container.context(), actor=world.users["manager"], claim_id=claim.id or 0
        ).makers
    )


def test_a_visit_correction_keeps_the_submitted_values(container: Container) -> None:
    world = a_world(container)
    claim = _reported(world)
    claim = correct_visit(
        container.context(),
        actor=world.users["approver"],
        claim_id=claim.id or 0,
        visit_ref="V1",
        changes={"hospital_name": "某私立诊所", "date": date(2026, 5, 19)},
        reason="发票所载医院与就诊日期",
        expected_version=claim.version,
    )
    visit = claim.visits[0]
    # The corrected name is resolved against the registry (医院目录): its entry, not designated.
    assert (visit.hospital_name, visit.date) == ("某私立诊所（非指定）", date(2026, 5, 19))
    assert (visit.hospital_code, visit.designated) == ("SH-P001", False)
    fields = {
        c.field: (c.submitted, c.verified)
        for c in list_corrections(
            container.context(), actor=world.users["specialist"], claim_id=claim.id or 0
        )
    }
    assert fields == {
        "date": ("2026-05-20", "2026-05-19"),
        "hospital_name": ("复旦大学附属中山医院", "某私立诊所（非指定）"),
    }


Attempt = Callable[[World, Claim], object]


def _visit(changes: dict[str, Any], who: str = "specialist") -> Attempt:
    def attempt(world: World, claim: Claim) -> object:
        return correct_visit(world.container.context(), actor=world.users[who],
                             claim_id=claim.id or 0, visit_ref="V1", changes=changes,
                             reason=RECEIPT, expected_version=claim.version)  # fmt: skip

    return attempt


def _line(who: str = "specialist", reason: str = RECEIPT, stale: bool = False, **c: Any) -> Attempt:
    def attempt(world: World, claim: Claim) -> object:
        return correct_line(world.container.context(), actor=world.users[who],
                            claim_id=claim.id or 0, visit_ref="V1", line_ref="L1", changes=c,
                            reason=reason, expected_version=claim.version - stale)  # fmt: skip

    return attempt


D = Decimal
REFUSALS: dict[str, tuple[Attempt, type[DomainError], ErrorCode, str | None]] = {
    "no reason": (_line(reason=" ", amount=D("900.00"), self_pay=D("900.00")),
                  ReasonRequired, ErrorCode.REASON_REQUIRED, "reason"),
    "customer": (_line(who="customer", name="x"), Forbidden, ErrorCode.FORBIDDEN, None),
    "surveyor": (_line(who="surveyor", name="x"), Forbidden, ErrorCode.FORBIDDEN, None),
    "finance": (_line(who="finance", name="x"), Forbidden, ErrorCode.FORBIDDEN, None),
    "parts do not add up": (_line(amount=D("1200.00")), Refused,
                            ErrorCode.BILL_LINE_PARTS_MISMATCH, "lines.L1.amount"),
    "negative part": (_line(amount=D("900.00"), self_pay=D("1000.00"), fund_paid=D("-100.00")),
                      InvalidInput, ErrorCode.INVALID_INPUT, "lines.L1.fund_paid"),
    "discharge before admission": (_visit({"discharge_date": date(2026, 5, 1)}), Refused,
                                   ErrorCode.VISIT_DATES_OUT_OF_ORDER,
                                   "visits.V1.discharge_date"),
    "visit after the report": (_visit({"date": date(2026, 12, 1)}), Refused,
                               ErrorCode.VISIT_DATES_OUT_OF_ORDER, "visits.V1.date"),
    "unknown kind": (_visit({"kind": "spa"}), Refused, ErrorCode.CODE_NOT_IN_PRODUCT,
                     "visits.V1.kind"),
    "empty diagnosis": (_visit({"diagnosis": " "}), InvalidInput, ErrorCode.INVALID_INPUT,
                        "visits.V1.diagnosis"),
    "nothing changed": (_line(amount=D("1000.00")), Refused, ErrorCode.CORRECTION_EMPTY,
                        "changes"),
    "drug without supply days": (_line(type="drug_western"), Refused,
                                 ErrorCode.LINE_FACT_MISSING, "lines.L1.days_supply"),
    "stale version": (_line(stale=True, name="血常规"), StaleVersion, ErrorCode.STALE_VERSION,
                      "version"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(REFUSALS))
def test_refused_corrections_name_the_field_and_write_nothing(
    container: Container, case: str
) -> None:
    world = a_world(container)
    claim = _reported(world)
    attempt, error_type, code, field = REFUSALS[case]
    with pytest.raises(error_type) as refused:
        attempt(world, claim)
    assert refused.value.code == code and refused.value.field == field
    assert refused.value.message_zh and refused.value.message_en
    after = get_claim(container.context(), actor=world.users["manager"], claim_id=claim.id or 0)
    assert after.version == claim.version and after.visits == claim.visits
    assert (
        list_corrections(container.context(), actor=world.users["manager"], claim_id=claim.id or 0)
        == []
    )


def test_an_approved_claim_can_no_longer_be_corrected(container: Container) -> None:
    world = a_world(container)
    claim = _move(world, "specialist2", _reported(world), S.ADJUDICATED)
    claim = _move(world, "approver", claim, S.APPROVED)
    with pytest.raises(Refused) as refused:
        _fix_line(world, claim, name="血常规")
    assert refused.value.code == ErrorCode.CLAIM_NOT_CORRECTABLE


def test_a_drug_line_keeps_its_supply_days_when_corrected(container: Container) -> None:
    world = a_world(container)
    claim = _reported(world, a_bill_line("L1", "300.00"))
    with pytest.raises(Refused) as refused:
        _fix_line(world, claim, days_supply=None)
    assert refused.value.field == "lines.L1.days_supply"
    claim = _fix_line(world, claim, days_supply=30)
    assert claim.visits[0].lines[0].days_supply == 30
