"""The finance room's reads (支付): instructions by status with their claim and payable amount,
the failures queue, bank batches, and the instructions of one batch (for its bank file).

Payee ID numbers and bank accounts are masked for roles without VIEW_PII. The bank file itself
is built from `batch_instructions`, which only a PAY holder may read, with the full account.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Integer, String, Text, column, func, select, table

from claimdesk.analytics.read_side import ReadUnit, _at, insured, money, require, utc
from claimdesk.analytics.read_side import users as staff
from claimdesk.domain.payment import Payee, PaymentInstruction, PaymentKind, PaymentStatus
from claimdesk.domain.pii import mask_bank_account, mask_id_number
from claimdesk.domain.users import Permission, User

P = PaymentStatus
instructions = table(
    "payment_instructions",
    column("id", Integer),
    column("claim_id", Integer),
    column("kind", String),
    column("amount", BigInteger),
    column("payee_name", String),
    column("payee_id_number", String),
    column("bank_account", String),
    column("bank_name", String),
    column("authorised_reason", Text),
    column("status", String),
    column("created_by", Integer),
    _at("created_at"),
    column("released_by", Integer),
    _at("released_at"),
    column("batch_id", Integer),
    column("bank_reference", String),
    column("failure_reason", Text),
)
batches = table(
    "payment_batches",
    column("id", Integer),
    _at("created_at"),
    column("created_by", Integer),
    column("count", Integer),
    column("total", BigInteger),
)
# The claim as finance reads it: its number, state and approved (payable) amount.
claims = table(
    "claims", column("id", Integer), column("claim_no", String), column("status", String),
    column("line_of_business", String), column("insured_person_id", Integer),
    column("approved_amount", BigInteger), column("approved_by", Integer),
)  # fmt: skip


@dataclass(frozen=True)
class FinanceRow:
    id: int
    claim_id: int
    claim_no: str
    claim_status: str
    insured_name: str
    kind: str
    amount: Decimal  # this instruction: what the bank is asked to pay
    payable: Decimal | None  # the claim's approved (payable) amount, never the claimed one
    payee_name: str
    payee_id_number: str
    bank_name: str
    bank_account: str
    status: str
    created_by: str
    created_at: datetime
    released_by: str
    batch_id: int | None
    bank_reference: str
    failure_reason: str
    checker_only: (
        bool  # the viewer approved the claim or made the instruction: not theirs to release
    )
    repaid: bool = False  # a failed payment followed by a newer instruction on its claim


@dataclass(frozen=True)
class BatchRow:
    id: int
    created_at: datetime
    created_by: str
    count: int
    total: Decimal


def _names() -> Any:
    return staff.alias("maker"), staff.alias("checker")


def _query() -> Any:
    maker, checker = _names()
    return (
        select(
            instructions,
            claims.c.claim_no,
            claims.c.status.label("claim_status"),
            claims.c.line_of_business,
            insured.c.name.label("insured_name"),
            claims.c.approved_amount,
            claims.c.approved_by,
            maker.c.display_name.label("maker"),
            checker.c.display_name.label("checker"),
        )
        .join_from(instructions, claims, claims.c.id == instructions.c.claim_id)
        .join(insured, insured.c.id == claims.c.insured_person_id)
        .outerjoin(maker, maker.c.id == instructions.c.created_by)
        .outerjoin(checker, checker.c.id == instructions.c.released_by)
    )


def _visible(query: Any, actor: User) -> Any:
    if actor.lines_of_business is not None:
        query = query.where(claims.c.line_of_business.in_(actor.lines_of_business))
    return query


def by_status(
    uow: ReadUnit, actor: User, statuses: Iterable[PaymentStatus], limit: int = 100
) -> list[FinanceRow]:
    """Instructions in `statuses`, oldest first (the order they were made and must be worked)."""
    require(actor, Permission.PAY)
    wanted = [str(s) for s in statuses]
    query = _visible(_query(), actor).where(instructions.c.status.in_(wanted))
    query = query.order_by(instructions.c.id).limit(limit)
    with uow:
        rows = uow.portal.rows(query)
        later = _claims_with_later(uow, rows) if P.FAILED in wanted else set()
    return [_row(row, actor, (row.claim_id, row.id) in later) for row in rows]


def one(uow: ReadUnit, actor: User, instruction_id: int) -> FinanceRow | None:
    require(actor, Permission.PAY)
    query = _visible(_query(), actor).where(instructions.c.id == instruction_id)
    with uow:
        rows = uow.portal.rows(query)
        later = _claims_with_later(uow, rows)
    return _row(rows[0], actor, (rows[0].claim_id, rows[0].id) in later) if rows else None


def _claims_with_later(uow: ReadUnit, rows: list[Any]) -> set[tuple[int, int]]:
    """(claim, instruction) pairs where a newer instruction was made on the claim (re-paid)."""
    failed = [r for r in rows if r.status == P.FAILED]
    if not failed:
        return set()
    newest = (
        select(instructions.c.claim_id, func.max(instructions.c.id))
        .where(instructions.c.claim_id.in_({r.claim_id for r in failed}))
        .group_by(instructions.c.claim_id)
    )
    last = dict(uow.portal.rows(newest))
    return {(r.claim_id, r.id) for r in failed if last.get(r.claim_id, r.id) > r.id}


def _row(row: Any, actor: User, repaid: bool) -> FinanceRow:
    pii = actor.can(Permission.VIEW_PII)
    account, id_number = row.bank_account, row.payee_id_number
    if not pii:
        account, id_number = mask_bank_account(account), mask_id_number(id_number)
    payable = money(row.approved_amount) if row.approved_amount is not None else None
    return FinanceRow(
        row.id,
        row.claim_id,
        row.claim_no,
        row.claim_status,
        row.insured_name,
        row.kind,
        money(row.amount),
        payable,
        row.payee_name,
        id_number,
        row.bank_name,
        account,
        row.status,
        row.maker or "",
        utc(row.created_at),
        row.checker or "",
        row.batch_id,
        row.bank_reference or "",
        row.failure_reason or "",
        actor.id in (row.created_by, row.approved_by),
        repaid,
    )


def totals(uow: ReadUnit, actor: User) -> dict[str, tuple[int, Decimal]]:
    """Count and sum per status (the room's tabs), over what the actor may see."""
    require(actor, Permission.PAY)
    query = _visible(
        select(instructions.c.status, func.count(), func.sum(instructions.c.amount))
        .join_from(instructions, claims, claims.c.id == instructions.c.claim_id)
        .group_by(instructions.c.status),
        actor,
    )
    with uow:
        found = uow.portal.rows(query)
    return {status: (int(count), money(total)) for status, count, total in found}


def recent_batches(uow: ReadUnit, actor: User, limit: int = 20) -> list[BatchRow]:
    return _batches(uow, actor, None, limit)


def batch(uow: ReadUnit, actor: User, batch_id: int) -> BatchRow | None:
    found = _batches(uow, actor, batch_id, 1)
    return found[0] if found else None


def _batches(uow: ReadUnit, actor: User, batch_id: int | None, limit: int) -> list[BatchRow]:
    require(actor, Permission.PAY)
    query = select(batches, staff.c.display_name).outerjoin(
        staff, staff.c.id == batches.c.created_by
    )
    if batch_id is not None:
        query = query.where(batches.c.id == batch_id)
    with uow:
        found = uow.portal.rows(query.order_by(batches.c.id.desc()).limit(limit))
    return [
        BatchRow(r.id, utc(r.created_at), r.display_name or "", int(r.count), money(r.total))
        for r in found
    ]


def batch_rows(uow: ReadUnit, actor: User, batch_id: int) -> list[FinanceRow]:
    require(actor, Permission.PAY)
    query = _visible(_query(), actor).where(instructions.c.batch_id == batch_id)
    with uow:
        rows = uow.portal.rows(query.order_by(instructions.c.id))
    return [_row(row, actor, False) for row in rows]


def batch_instructions(uow: ReadUnit, actor: User, batch_id: int) -> list[PaymentInstruction]:
    """The batch's instructions as the bank file needs them: full accounts, PAY holders only."""
    require(actor, Permission.PAY)
    query = select(instructions).where(instructions.c.batch_id == batch_id)
    with uow:
        rows = uow.portal.rows(query.order_by(instructions.c.id))
    return [
        PaymentInstruction(
            r.id,
            r.claim_id,
            PaymentKind(r.kind),
            money(r.amount),
            Payee(
                r.payee_name,
                r.payee_id_number,
                r.bank_account,
                r.bank_name,
                r.authorised_reason or "",
            ),
            PaymentStatus(r.status),
            r.created_by,
            utc(r.created_at),
            r.released_by,
            utc(r.released_at) if r.released_at else None,
            r.batch_id,
            r.bank_reference or "",
            r.failure_reason or "",
        )
        for r in rows
    ]


def statuses_of(uow: ReadUnit, actor: User, ids: Iterable[int]) -> dict[int, FinanceRow]:
    """The named instructions as they stand (before and after a bank result file)."""
    require(actor, Permission.PAY)
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    query = _visible(_query(), actor).where(instructions.c.id.in_(wanted))
    with uow:
        rows = uow.portal.rows(query)
    return {row.id: _row(row, actor, False) for row in rows}
