"""人伤 (bodily injury) on an auto claim: the injured, their medical bill lines, follow-up
visits (跟踪探视, hospital from the registry) and the one-off settlement (人伤一次性了断).

The review of the bills and the 交强险/三者险 limits are the engine's (rules/auto/injury.py);
here the facts are recorded, each in one audited transaction. A one-off settlement that keeps
the case within the fast-track limit (≤ 5,000 incl. the settlement) makes it a simple case:
its two-working-day documents limit runs from the survey (seed 000 长沙中心 3(3)).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.auto_injury import (
    FollowUpVisit,
    InjuredPerson,
    InjuredRole,
    InjuryBillLine,
    InjuryFile,
    InjurySettlement,
)
from claimdesk.domain.claim import ClaimStatus, LineOfBusiness
from claimdesk.domain.errors import ErrorCode, InvalidInput, NotFound
from claimdesk.domain.estimates import EstimateTrigger
from claimdesk.domain.hospitals import Hospital
from claimdesk.domain.identity import check_id_number
from claimdesk.domain.labels import INJURY_FEE_TYPES
from claimdesk.domain.refusals import Refused
from claimdesk.domain.users import Permission, User
from claimdesk.services.access import ensure_can_see, require
from claimdesk.services.auto.injuries.flags import injury_fast_track
from claimdesk.services.auto.settlement import CLOSED
from claimdesk.services.context import ServiceContext
from claimdesk.services.estimates.use_cases import revise_estimate
from claimdesk.services.ports import UnitOfWork
from claimdesk.workflow.deadlines import SHANGHAI


def add_injured(
    context: ServiceContext, *, actor: User, claim_id: int, name: str, role: InjuredRole,
    id_number: str = "",
) -> InjuredPerson:  # fmt: skip
    require(actor, Permission.REVIEW_MATERIALS)
    name, id_number = name.strip(), id_number.strip().upper()
    if not name:
        raise InvalidInput("请填写伤者姓名", "the injured person's name is required", field="name")
    if id_number:
        check_id_number(id_number)
    with context.uow as uow:
        _auto_claim(uow, claim_id)
        now = context.clock.now()
        person = uow.injuries.add_person(
            InjuredPerson(None, claim_id, name[:100], role, id_number, actor.username, now)
        )
        _audit(uow, context, actor, "add_injured", claim_id, None, _person(person))
        uow.commit()
        return person


def add_bill_line(
    context: ServiceContext, *, actor: User, person_id: int, line_type: str, amount: Decimal,
    self_funded: Decimal = Decimal("0.00"), name: str = "",
) -> InjuryBillLine:  # fmt: skip
    """One line of the injured person's medical bills, reviewed by the engine at settlement."""
    require(actor, Permission.REVIEW_MATERIALS)
    if line_type not in INJURY_FEE_TYPES:
        raise InvalidInput("费用类型不在目录中", "unknown fee type", field="line_type")
    if amount < 0:
        raise InvalidInput("金额不能为负数", "the amount cannot be negative", field="amount")
    if not Decimal(0) <= self_funded <= amount:
        raise InvalidInput("自费部分须在 0 与该项金额之间", "the self-funded part must be"
                           " between 0 and the line amount", field="self_funded")  # fmt: skip
    with context.uow as uow:
        person = _open_person(uow, actor, person_id)
        now = context.clock.now()
        line = uow.injuries.add_line(
            InjuryBillLine(
                None,
                person_id,
                line_type,
                name.strip()[:200],
                amount,
                self_funded,
                actor.username,
                now,
            )
        )
        _audit(uow, context, actor, "add_injury_line", person.claim_id, None, _snapshot(line))
        revise_estimate(context, person.claim_id, EstimateTrigger.BILL_LINES)  # 预赔
        uow.commit()
        return line


def log_follow_up(
    context: ServiceContext, *, actor: User, person_id: int, visited_on: date,
    hospital_code: str, note: str,
) -> FollowUpVisit:  # fmt: skip
    """跟踪探视: the visit, at a hospital of the registry (its code or name), and what was seen."""
    require(actor, Permission.REVIEW_MATERIALS)
    if not note.strip():
        raise InvalidInput("请填写探视情况", "say what the visit found", field="note")
    with context.uow as uow:
        person = _person_of(uow, actor, person_id)
        hospital = _registry_hospital(uow, hospital_code.strip())
        if visited_on > _today(context):
            raise InvalidInput("探视日期不能晚于今天", "the visit cannot be in the future",
                               field="visited_on")  # fmt: skip
        now = context.clock.now()
        visit = uow.injuries.add_visit(
            FollowUpVisit(
                None,
                person_id,
                visited_on,
                hospital.id or 0,  # a registry hospital has its id (checked)
                hospital.name,
                note.strip()[:2000],
                actor.username,
                now,
            )
        )
        _audit(uow, context, actor, "log_injury_visit", person.claim_id, None, _snapshot(visit))
        uow.commit()
        return visit


def record_settlement(
    context: ServiceContext, *, actor: User, person_id: int, amount: Decimal, signed_on: date,
    parties: str,
) -> InjurySettlement:  # fmt: skip
    """人伤一次性了断: once per person; the settlement is what the engine pays for them."""
    require(actor, Permission.ADJUDICATE)
    if amount <= 0:
        raise InvalidInput("协议金额须大于 0", "the agreed amount must be above 0", field="amount")
    if not parties.strip():
        raise InvalidInput("请填写协议各方", "name the parties who signed", field="parties")
    with context.uow as uow:
        person = _open_person(uow, actor, person_id)
        if signed_on > _today(context):
            raise InvalidInput("签订日期不能晚于今天", "the agreement cannot be signed in the"
                               " future", field="signed_on")  # fmt: skip
        now = context.clock.now()
        settlement = InjurySettlement(person_id, amount, signed_on, parties.strip()[:500],
                                      actor.username, now)  # fmt: skip
        uow.injuries.add_settlement(settlement)
        _audit(uow, context, actor, "record_injury_settlement", person.claim_id, None,
               _snapshot(settlement))  # fmt: skip
        injury_fast_track(uow, actor, person.claim_id, now)
        uow.commit()
        return settlement


def injuries_of(context: ServiceContext, *, actor: User, claim_id: int) -> list[InjuryFile]:
    with context.uow as uow:
        ensure_can_see(actor, uow.claims.get(claim_id))
        return uow.injuries.files_for(claim_id)


def _registry_hospital(uow: UnitOfWork, text: str) -> Hospital:
    """The registry's active hospital by code, or by its one name or alias (as suggested)."""
    found = uow.hospitals.get(text) if text else None
    if found is None and text:
        named = [h for h in uow.hospitals.named(text) if h.active]
        found = named[0] if len(named) == 1 else None
    if found is None or found.id is None or not found.active:
        raise Refused(ErrorCode.INJURY_HOSPITAL_UNKNOWN, field="hospital_code", hospital=text[:40])
    return found


def _auto_claim(uow: UnitOfWork, claim_id: int) -> None:
    claim = uow.claims.get(claim_id)
    if claim.line_of_business != LineOfBusiness.AUTO:
        raise Refused(ErrorCode.POLICY_NOT_AUTO, field="claim_id")
    if uow.auto.find_file(claim_id) is None:
        raise NotFound("车险赔案 auto claim", claim_id)
    _not_settled(claim.status)


def _not_settled(status: ClaimStatus) -> None:
    """A paid, closed or denied claim keeps its settlement: no new injury amounts on it."""
    if status in CLOSED:
        raise Refused(ErrorCode.AUTO_NOT_SETTLEABLE, field="claim_id",
                      error="赔案已赔付、结案或拒赔 (paid, closed or denied)")  # fmt: skip


def person_on_claim(
    context: ServiceContext, *, actor: User, claim_id: int, person_id: int
) -> InjuredPerson:
    """The injured person, 404 unless recorded on this claim."""
    with context.uow as uow:
        person = _person_of(uow, actor, person_id)
        if person.claim_id != claim_id:
            raise NotFound("伤者 injured person", person_id)
        return person


def _today(context: ServiceContext) -> date:
    return context.clock.now().astimezone(SHANGHAI).date()


def _person_of(uow: UnitOfWork, actor: User, person_id: int) -> InjuredPerson:
    person = uow.injuries.get_person(person_id)
    ensure_can_see(actor, uow.claims.get(person.claim_id))
    return person


def _open_person(uow: UnitOfWork, actor: User, person_id: int) -> InjuredPerson:
    """A person whose case is still open: nothing is added after the one-off settlement."""
    person = _person_of(uow, actor, person_id)
    _not_settled(uow.claims.get(person.claim_id).status)
    settled = uow.injuries.settlement_for(person_id)
    if settled is not None:
        raise Refused(ErrorCode.INJURY_SETTLEMENT_RECORDED, field="person_id",
                      amount=f"{settled.amount:.2f}")  # fmt: skip
    return person


def _person(person: InjuredPerson) -> dict[str, Any]:
    """The audit keeps the ID masked: the full number is on the record, not in every trail."""
    return {"id": str(person.id), "name": person.name, "role": str(person.role),
            "id_number": person.masked_id}  # fmt: skip


def _snapshot(record: object) -> dict[str, Any]:
    return {key: None if value is None else str(value) for key, value in vars(record).items()}


def _audit(
    uow: UnitOfWork, context: ServiceContext, actor: User, action: str, claim_id: int,
    before: dict[str, Any] | None, after: dict[str, Any],
) -> None:  # fmt: skip
    entry = AuditEntry(actor.username, action, "claim", str(claim_id), before, after)
    uow.audit.append(entry, context.clock.now())
