"""A bank result file (回盘) in, and what became of each of its lines.

The file is checked whole before anything is written (every instruction known, every failure
with the bank's reason), then imported by the payments use case in one transaction; each line's
outcome is read from the instruction as it stood before and after.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from claimdesk.adapters.bank_files import parse_results
from claimdesk.analytics import finance_room as reads
from claimdesk.domain.errors import InvalidInput
from claimdesk.domain.payment import PaymentStatus
from claimdesk.domain.users import User
from claimdesk.services.payments import use_cases as payment_flow

MAX_RESULT_FILE = 5 * 1024 * 1024
P = PaymentStatus
FIRST_ROW = 2  # line 1 is the header


@dataclass(frozen=True)
class ReportLine:
    row: int
    instruction_id: int
    claim_id: int
    claim_no: str
    payee_name: str
    amount: Decimal
    bank_said_success: bool
    bank_reference: str
    reason: str
    outcome: str  # paid | failed | ignored
    status_before: str
    status_after: str
    repeated: bool  # the same instruction earlier in this file


def read_report(wiring: Any, user: User, content: bytes) -> list[ReportLine]:
    if len(content) > MAX_RESULT_FILE:
        raise InvalidInput("文件过大（上限 5 MB）", "file too large (5 MB at most)", field="file")
    if not content.strip():
        raise InvalidInput("请选择银行回盘文件", "choose the bank's result file", field="file")
    parsed = parse_results(content)
    if not parsed:
        raise InvalidInput("文件中没有结果行", "the file has no result lines", field="file")
    ids = [row[0] for row in parsed]
    before = reads.statuses_of(wiring.uow(), user, ids)
    _check(parsed, before)
    results = [payment_flow.BankResult(*row) for row in parsed]
    payment_flow.import_results(wiring.context(), actor=user, results=results)
    after = reads.statuses_of(wiring.uow(), user, ids)
    return _lines(parsed, before, after)


def _check(parsed: list[tuple[int, bool, str, str]], before: dict[int, Any]) -> None:
    unknown = [n for n, row in enumerate(parsed, FIRST_ROW) if row[0] not in before]
    if unknown:
        rows = "、".join(str(n) for n in unknown[:10])
        raise InvalidInput(
            f"第 {rows} 行：支付指令不存在，整个文件未导入",
            f"row(s) {rows}: no such payment instruction; nothing was imported",
            field="file",
        )
    silent = [n for n, row in enumerate(parsed, FIRST_ROW) if not row[1] and not row[3].strip()]
    if silent:
        rows = "、".join(str(n) for n in silent[:10])
        raise InvalidInput(
            f"第 {rows} 行：失败须有银行退票原因（reason 列），整个文件未导入",
            f"row(s) {rows}: a failure needs the bank's reason; nothing was imported",
            field="file",
        )


def _lines(
    parsed: list[tuple[int, bool, str, str]], before: dict[int, Any], after: dict[int, Any]
) -> list[ReportLine]:
    lines, seen = [], set()
    for number, (instruction_id, success, reference, reason) in enumerate(parsed, FIRST_ROW):
        was, now = before[instruction_id], after[instruction_id]
        repeated = instruction_id in seen
        seen.add(instruction_id)
        outcome = "ignored"
        if not repeated and was.status == P.SENT:
            if success and now.status == P.PAID:
                outcome = "paid"
            elif not success and now.status == P.FAILED:
                outcome = "failed"
        lines.append(
            ReportLine(
                number,
                instruction_id,
                was.claim_id,
                was.claim_no,
                was.payee_name,
                was.amount,
                success,
                reference,
                reason,
                outcome,
                was.status,
                now.status,
                repeated,
            )
        )
    return lines
