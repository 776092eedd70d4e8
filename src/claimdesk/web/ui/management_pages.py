"""Management page (管理报表, managers): loss ratio with alerts, case reserves and IBNR, staff
KPIs, surveyor ranking, the month's quality sample with the review form; Excel of it all."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from claimdesk.analytics.loss_ratio import ALERT_THRESHOLD
from claimdesk.analytics.management import loss_ratio_report, month_of, reserve_report
from claimdesk.analytics.management_people import sample_report, staff_report, surveyor_report
from claimdesk.analytics.repair_shops import repair_shop_report
from claimdesk.domain.errors import DomainError, InvalidInput
from claimdesk.domain.quality import QualityErrorType
from claimdesk.services.management import use_cases as management
from claimdesk.web.api.management import all_tables, excel_response
from claimdesk.web.deps import SessionUser, Wiring, WiringDep
from claimdesk.web.ui import management_tables as tables
from claimdesk.web.ui.views import check_csrf, language, render
from claimdesk.workflow.quality_sampling import DEFAULT_RATE

router = APIRouter(include_in_schema=False)
Month = Annotated[str | None, Query(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
Ratio = Annotated[Decimal, Query(ge=0, le=10)]


@router.get("/management")
def management_page(request: Request, user: SessionUser, wiring: WiringDep, month: Month = None,
                    threshold: Ratio = ALERT_THRESHOLD) -> Response:  # fmt: skip
    return _page(request, user, wiring, month or month_of(wiring.clock.now()), threshold)


def _page(request: Request, user: SessionUser, wiring: Wiring, month: str, threshold: Decimal,
          error: DomainError | None = None) -> Response:  # fmt: skip
    lang, uow = language(request), wiring.uow
    ratios = loss_ratio_report(uow(), user, month, threshold)
    reserves = reserve_report(uow(), user, wiring.clock.now(), None)
    sample = sample_report(uow(), user, month, DEFAULT_RATE, 0)
    return render(
        request, "management.html", status_code=422 if error else 200, user=user, month=month,
        threshold=threshold, alerts=ratios.alerts, ibnr=reserves.ladder.total_ibnr,
        loss=tables.loss_ratio_table(ratios, lang),
        reserve_tables=tables.reserve_tables(reserves, lang),
        staff=tables.staff_table(staff_report(uow(), user, month), lang),
        surveyors=tables.surveyor_table(surveyor_report(uow(), user, month), lang),
        repair_shops=tables.repair_shop_table(repair_shop_report(uow(), user), lang),
        sample=sample, sample_table=tables.sample_table(sample, lang), error=error,
        error_types=[(t.value, tables.ERROR_TYPE_NAMES[t.value]) for t in QualityErrorType],
    )  # fmt: skip


@router.get("/management.xlsx")
def management_excel(request: Request, user: SessionUser, wiring: WiringDep,
                     month: Month = None) -> Response:  # fmt: skip
    chosen = month or month_of(wiring.clock.now())
    return excel_response(
        all_tables(wiring, user, chosen, language(request)), f"management-{chosen}"
    )


@router.post("/management/quality-reviews")
def review_form(
    request: Request, user: SessionUser, wiring: WiringDep, csrf_token: Annotated[str, Form()],
    month: Annotated[str, Form(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")],
    claim_id: Annotated[int, Form()], score: Annotated[int, Form()],
    error_types: Annotated[list[str] | None, Form()] = None,
    error_amount: Annotated[str, Form(max_length=20)] = "0",
    comment: Annotated[str, Form(max_length=2000)] = "",
) -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    try:
        management.record_quality_review(
            wiring.context(),
            actor=user,
            claim_id=claim_id,
            score=score,
            error_types=error_types or [],
            error_amount=_amount(error_amount),
            comment=comment,
        )
    except DomainError as error:
        return _page(request, user, wiring, month, ALERT_THRESHOLD, error)
    return RedirectResponse(f"/management?month={month}#quality", status_code=303)


@router.post("/management/premium")
def premium_form(
    request: Request, user: SessionUser, wiring: WiringDep, csrf_token: Annotated[str, Form()],
    month: Annotated[str, Form(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")],
    policy_no: Annotated[str, Form(max_length=40)], premium: Annotated[str, Form(max_length=20)],
) -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    try:
        amount = _amount(premium, "premium")
        management.set_premium_by_number(
            wiring.context(), actor=user, policy_no=policy_no, premium=amount
        )
    except DomainError as error:
        return _page(request, user, wiring, month, ALERT_THRESHOLD, error)
    return RedirectResponse(f"/management?month={month}#loss-ratio", status_code=303)


def _amount(text: str, field: str = "error_amount") -> Decimal:
    try:
        return Decimal(text.strip() or "0")
    except InvalidOperation as error:
        raise InvalidInput("金额格式不正确", "not an amount", field=field) from error
