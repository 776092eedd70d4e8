"""Whom a claim's next payment goes to: after an approved change of payee, a later
supplementary payment follows the change, not the account on file."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from claimdesk.domain.payment import (
    Payee,
    PaymentInstruction,
    PaymentKind,
    PaymentStatus,
    current_payee,
)

S = PaymentStatus
ON_FILE = Payee("张三", "11010519491231002X", "6222020200112233446", "工商银行")
NEW = Payee("张三", "11010519491231002X", "6217000010001234567", "建设银行")
THIRD = Payee("张三", "11010519491231002X", "6228480010001234567", "农业银行")
AT = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)


def an_instruction(number: int, payee: Payee, status: PaymentStatus) -> PaymentInstruction:
    return PaymentInstruction(number, 1, PaymentKind.FULL, Decimal("100.00"), payee, status, 1, AT)


def test_without_instructions_the_account_on_file_is_paid() -> None:
    assert current_payee([], ON_FILE) == ON_FILE
    assert current_payee([], None) is None


def test_after_a_redirect_the_new_account_is_paid() -> None:
    redirected = [an_instruction(1, ON_FILE, S.CANCELLED), an_instruction(2, NEW, S.PAID)]
    assert current_payee(redirected, ON_FILE) == NEW


def test_the_newest_payment_on_its_way_wins_and_failed_accounts_are_not_reused() -> None:
    history = [
        an_instruction(1, ON_FILE, S.PAID),
        an_instruction(2, NEW, S.PENDING_RELEASE),
        an_instruction(3, THIRD, S.FAILED),
        an_instruction(4, THIRD, S.REVERSED),
    ]
    assert current_payee(history, ON_FILE) == NEW
    assert current_payee(history[2:], ON_FILE) == ON_FILE
