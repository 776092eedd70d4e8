"""Finance room (支付): instructions awaiting release (maker-checker), bank batches out, bank
results in with a per-line report, the failures queue with re-pay, reversals and vouchers.

Every action calls the payments slice's own use case (the API's too), so the rules — who may
release, what may be paid, which moves are legal — are the same here as there.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from claimdesk.adapters.bank_files import batch_csv, batch_xlsx
from claimdesk.analytics import finance_room as reads
from claimdesk.domain.errors import DomainError, InvalidInput, NotFound
from claimdesk.domain.payment import Payee, PaymentKind, PaymentStatus
from claimdesk.domain.users import Permission, User
from claimdesk.services.access import require
from claimdesk.services.payments import payee_changes
from claimdesk.services.payments import use_cases as payment_flow
from claimdesk.web.deps import SessionUser, WiringDep
from claimdesk.web.params import Id
from claimdesk.web.ui.bank_results import MAX_RESULT_FILE, read_report
from claimdesk.web.ui.flash import flash
from claimdesk.web.ui.views import check_csrf, field_errors, render

router = APIRouter(include_in_schema=False)
P = PaymentStatus
Csrf = Annotated[str, Form()]
Tab = Literal["pending_release", "released", "sent", "failed", "paid", "reversed"]
TABS: tuple[Tab, ...] = ("pending_release", "released", "sent", "failed", "paid", "reversed")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _status(error: DomainError) -> int:
    from claimdesk.web.errors import STATUS  # the one code → HTTP map (imports this package)

    return STATUS.get(error.code, 422)


def room(
    request: Request,
    user: User,
    wiring: Any,
    tab: Tab = "pending_release",
    kind: PaymentKind | None = None,
    error: DomainError | None = None,
) -> Response:
    rows = reads.by_status(wiring.uow(), user, [P(tab)])
    if kind is not None:
        rows = [r for r in rows if r.kind == kind]
    return render(
        request,
        "finance.html",
        status_code=_status(error) if error else 200,
        user=user,
        tab=tab,
        tabs=TABS,
        kind=kind,
        kinds=list(PaymentKind),
        rows=rows,
        totals=reads.totals(wiring.uow(), user),
        batches=reads.recent_batches(wiring.uow(), user),
        payee_change_count=len(payee_changes.open_payee_changes(wiring.context(), actor=user)),
        error=error,
        errors=field_errors(error),
    )


@router.get("/finance")
def finance_page(
    request: Request,
    user: SessionUser,
    wiring: WiringDep,
    tab: Tab = "pending_release",
    kind: Annotated[PaymentKind | None, Query()] = None,
) -> Response:
    return room(request, user, wiring, tab, kind)


@router.post("/finance/instructions/{instruction_id}/release")
def release(
    instruction_id: Id, request: Request, user: SessionUser, wiring: WiringDep, csrf_token: Csrf
) -> Response:
    check_csrf(request, csrf_token)
    try:
        done = payment_flow.release_payment(
            wiring.context(), actor=user, instruction_id=instruction_id
        )
    except DomainError as error:
        return room(request, user, wiring, "pending_release", error=error)
    claim_no = _claim_no(wiring, user, done.id or 0)
    flash(
        request,
        f"已放款：支付指令 #{done.id}（赔案 {claim_no}，¥{done.amount:,.2f}）",
        f"Released: payment instruction #{done.id} (claim {claim_no}, ¥{done.amount:,.2f})",
    )
    return RedirectResponse("/finance?tab=released", status_code=303)


def _claim_no(wiring: Any, user: User, instruction_id: int) -> str:
    row = reads.one(wiring.uow(), user, instruction_id)
    return row.claim_no if row else ""


@router.post("/finance/batches")
def export_batch(
    request: Request, user: SessionUser, wiring: WiringDep, csrf_token: Csrf
) -> Response:
    check_csrf(request, csrf_token)
    if reads.totals(wiring.uow(), user).get(P.RELEASED, (0, 0))[0] == 0:
        nothing = InvalidInput(
            "没有待发送银行的已放款指令", "No released instruction waits for a batch"
        )
        return room(request, user, wiring, "released", error=nothing)
    batch_id, sent = payment_flow.export_batch(wiring.context(), actor=user)
    total = sum((i.amount for i in sent), Decimal("0.00"))
    flash(
        request,
        f"已生成银行批次 #{batch_id}：{len(sent)} 笔，合计 ¥{total:,.2f}；请下载文件提交银行",
        f"Bank batch #{batch_id} made: {len(sent)} payments, ¥{total:,.2f} in all; "
        "download its file for the bank",
    )
    return RedirectResponse(f"/finance/batches/{batch_id}", status_code=303)


@router.get("/finance/batches/{batch_id}")
def batch_page(batch_id: Id, request: Request, user: SessionUser, wiring: WiringDep) -> Response:
    found = reads.batch(wiring.uow(), user, batch_id)
    if found is None:
        raise NotFound("银行批次 bank batch", batch_id)
    rows = reads.batch_rows(wiring.uow(), user, batch_id)
    return render(request, "finance_batch.html", user=user, batch=found, rows=rows)


@router.get("/finance/batches/{batch_id}/file.{fmt}")
def batch_file(
    batch_id: Id, fmt: Literal["csv", "xlsx"], user: SessionUser, wiring: WiringDep
) -> Response:
    found = reads.batch_instructions(wiring.uow(), user, batch_id)
    if not found:
        raise NotFound("银行批次 bank batch", batch_id)
    content = batch_csv(found) if fmt == "csv" else batch_xlsx(found)
    return Response(
        content,
        media_type="text/csv" if fmt == "csv" else XLSX,
        headers={"Content-Disposition": f'attachment; filename="claimdesk-batch-{batch_id}.{fmt}"'},
    )


@router.get("/finance/results")
def results_form(request: Request, user: SessionUser) -> Response:
    require(user, Permission.PAY)
    return render(request, "finance_results.html", user=user, report=None)


@router.post("/finance/results")
async def import_results(
    request: Request, user: SessionUser, wiring: WiringDep, csrf_token: Csrf, file: UploadFile
) -> Response:
    check_csrf(request, csrf_token)
    require(user, Permission.PAY)
    content = await file.read(MAX_RESULT_FILE + 1)
    try:
        report = read_report(wiring, user, content)
    except DomainError as error:
        return render(
            request,
            "finance_results.html",
            status_code=_status(error),
            user=user,
            report=None,
            error=error,
            errors=field_errors(error),
        )
    name = file.filename or ""
    flash(
        request,
        f"已导入银行回盘 {name}：{len(report)} 行，到账 {_count(report, 'paid')}，"
        f"退票 {_count(report, 'failed')}，未变更 {_count(report, 'ignored')}",
        f"Bank result file {name} imported: {len(report)} lines, {_count(report, 'paid')} paid, "
        f"{_count(report, 'failed')} failed, {_count(report, 'ignored')} unchanged",
    )
    return render(request, "finance_results.html", user=user, report=report, file_name=name)


def _count(report: list[Any], outcome: str) -> int:
    return sum(1 for line in report if line.outcome == outcome)


PayeeText = Annotated[str, Form(max_length=100)]


@router.post("/finance/claims/{claim_id}/repay")
def repay(
    claim_id: Id,
    request: Request,
    user: SessionUser,
    wiring: WiringDep,
    csrf_token: Csrf,
    name: PayeeText,
    id_number: Annotated[str, Form(max_length=18)],
    bank_account: Annotated[str, Form(max_length=32)],
    bank_name: PayeeText,
    authorised_reason: Annotated[str, Form(max_length=500)] = "",
    documented_reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """After a failed transfer: a new instruction for what remains, to the new account, on
    a documented reason (the insured's own requests are approved in the room's queue)."""
    check_csrf(request, csrf_token)
    require(user, Permission.PAY)
    payee = Payee(
        name.strip(),
        id_number.strip().upper(),
        bank_account.strip(),
        bank_name.strip(),
        authorised_reason.strip(),
    )
    try:
        made = payment_flow.new_payee(
            wiring.context(),
            actor=user,
            claim_id=claim_id,
            payee=payee,
            documented_reason=documented_reason,
        )
    except DomainError as error:
        return room(request, user, wiring, "failed", error=error)
    claim_no = _claim_no(wiring, user, made.id or 0)
    flash(
        request,
        f"已重新发起支付：支付指令 #{made.id}（赔案 {claim_no}，¥{made.amount:,.2f}），"
        "待另一位财务人员复核放款",
        f"Re-payment made: instruction #{made.id} (claim {claim_no}, ¥{made.amount:,.2f}); "
        "another finance officer must release it",
    )
    return RedirectResponse("/finance?tab=pending_release", status_code=303)


@router.post("/finance/instructions/{instruction_id}/reverse")
def reverse(
    instruction_id: Id,
    request: Request,
    user: SessionUser,
    wiring: WiringDep,
    csrf_token: Csrf,
    reason: Annotated[str, Form(max_length=500)] = "",
    confirm: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """冲正: destructive, so the form asks for a reason and an explicit confirmation."""
    check_csrf(request, csrf_token)
    try:
        if confirm != "yes":
            raise InvalidInput(
                "请勾选确认冲正", "Tick the box to confirm the reversal", field="confirm"
            )
        done = payment_flow.reverse_payment(
            wiring.context(), actor=user, instruction_id=instruction_id, reason=reason
        )
    except DomainError as error:
        return room(request, user, wiring, "paid", error=error)
    flash(
        request,
        f"已冲正：支付指令 #{done.id}（¥{done.amount:,.2f}）",
        f"Reversed: payment instruction #{done.id} (¥{done.amount:,.2f})",
    )
    return RedirectResponse("/finance?tab=reversed", status_code=303)
