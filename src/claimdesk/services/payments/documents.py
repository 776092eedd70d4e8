"""The content of payment vouchers and decision letters (the web layer renders it as PDF)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from claimdesk.domain.errors import NotFound
from claimdesk.domain.labels import label, line_names
from claimdesk.domain.money import format_amount, in_capitals
from claimdesk.domain.pii import mask_bank_account
from claimdesk.domain.users import User
from claimdesk.rules.explain import describe
from claimdesk.rules.terms import Product
from claimdesk.services.access import ensure_can_see
from claimdesk.services.ports import UnitOfWork

Document = tuple[str, list[tuple[str, str]]]


def payment_voucher(uow: UnitOfWork, actor: User, instruction_id: int) -> Document:
    with uow:
        instruction = uow.payments.get(instruction_id)
        claim = uow.claims.get(instruction.claim_id)
        ensure_can_see(actor, claim)
    rows = [
        ("赔案号", claim.claim_no),
        ("收款人", instruction.payee.name),
        ("开户银行", instruction.payee.bank_name),
        ("收款账号", mask_bank_account(instruction.payee.bank_account)),
        ("支付金额（小写）", f"¥{instruction.amount:,.2f}"),
        ("支付金额（大写）", in_capitals(instruction.amount)),
        ("支付类型", label("payment_kind", instruction.kind)),
        ("状态", label("payment_status", instruction.status)),
        ("银行流水号", instruction.bank_reference or "—"),
    ]
    return "赔款支付凭证", rows


def decision_letter(
    uow: UnitOfWork, actor: User, claim_id: int, products: Mapping[str, Product]
) -> Document:
    """理赔决定通知书: the breakdown line by line in plain words, or the refusal and clause."""
    with uow:
        claim = uow.claims.get(claim_id)
        ensure_can_see(actor, claim)
        record = uow.adjudications.active_for(claim_id)
        insured = uow.policies.get_insured(claim.insured_person_id)
    if record is None and claim.denial is None:
        raise NotFound("理赔决定 decision", claim.claim_no)
    rows = [("赔案号", claim.claim_no), ("被保险人", insured.name)]
    if claim.denial is not None:
        rows += [
            ("决定", "不予赔付"),
            ("原因", claim.status_reason),
            ("依据条款", claim.denial.clause),
        ]
        return "拒赔通知书", rows
    assert record is not None
    product = products.get(record.product_code)
    names = line_names(claim.visits)
    for visit in record.result.visits:
        for line in visit.lines:
            words = "；".join(describe(code, product, "zh") for code in line.reasons)
            submitted, paid = format_amount(line.submitted), format_amount(line.payable)
            rows.append(
                (
                    names.get((visit.visit_id, line.line_id), line.line_id),
                    f"申报 {submitted}，赔付 {paid}  {words}",
                )
            )
    rows += [
        ("赔付金额（小写）", f"¥{record.payable:,.2f}"),
        ("赔付金额（大写）", in_capitals(Decimal(record.payable))),
    ]
    return "理赔决定通知书", rows
