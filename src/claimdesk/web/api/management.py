"""Management API (issue 13, managers): loss ratio, reserves and IBNR, staff KPIs, surveyor
scores, the quality sample — as JSON and as Excel — plus quality reviews and policy premiums.
Money and ratios are JSON strings (Decimal), never floats."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from io import BytesIO
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from claimdesk.analytics.loss_ratio import ALERT_THRESHOLD
from claimdesk.analytics.management import loss_ratio_report, month_of, reserve_report
from claimdesk.analytics.management_people import sample_report, staff_report, surveyor_report
from claimdesk.analytics.repair_shops import repair_shop_report
from claimdesk.services.management import use_cases as management
from claimdesk.web.api.schemas import MoneyIn
from claimdesk.web.deps import ApiUser, Wiring, WiringDep
from claimdesk.web.edge_errors import file_responses
from claimdesk.web.ui import management_tables as tables
from claimdesk.workflow.quality_sampling import DEFAULT_RATE

router = APIRouter(tags=["management"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Month = Annotated[str | None, Query(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
Ratio = Annotated[Decimal, Query(ge=0, le=10)]
Rate = Annotated[Decimal, Query(gt=0, le=1)]
Line = Annotated[Literal["health", "accident", "auto"] | None, Query()]
Lang = Annotated[Literal["zh", "en"], Query()]


class QualityReviewIn(BaseModel):
    claim_id: int
    score: int = Field(ge=0, le=100)
    error_types: list[str] = Field(default_factory=list, max_length=10)
    error_amount: MoneyIn = Decimal("0.00")
    comment: str = Field(default="", max_length=2000)


class PremiumIn(BaseModel):
    premium: MoneyIn


def plain(value: Any) -> Any:
    """Dataclasses to dicts with Decimal as strings (exact), properties included where named."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return str(value) if isinstance(value, Decimal) else value


def _month(wiring: Wiring, month: str | None) -> str:
    return month or month_of(wiring.clock.now())


@router.get("/api/management/loss-ratio")
def loss_ratio(user: ApiUser, wiring: WiringDep, month: Month = None,
               threshold: Ratio = ALERT_THRESHOLD) -> dict[str, Any]:  # fmt: skip
    report = loss_ratio_report(wiring.uow(), user, _month(wiring, month), threshold)
    rows = [{**plain(r), "incurred": str(r.incurred), "loss_ratio": plain(r.loss_ratio),
             "alert": r.over(threshold)} for r in report.rows]  # fmt: skip
    return {"month": report.month, "threshold": str(threshold), "rows": rows}


@router.get("/api/management/reserves")
def reserves(user: ApiUser, wiring: WiringDep, line: Line = None) -> dict[str, Any]:
    report = reserve_report(wiring.uow(), user, wiring.clock.now(), line)
    origins = [{**plain(o), "unpaid": str(o.unpaid), "ibnr": str(o.ibnr)}
               for o in report.ladder.origins]  # fmt: skip
    return {"as_of": report.as_of, "line": line, "by_line": plain(report.by_line),
            "factors": plain(report.ladder.factors), "origins": origins,
            "total_ibnr": str(report.ladder.total_ibnr)}  # fmt: skip


@router.get("/api/management/staff")
def staff(user: ApiUser, wiring: WiringDep, month: Month = None) -> list[dict[str, Any]]:
    return list(plain(staff_report(wiring.uow(), user, _month(wiring, month))))


@router.get("/api/management/surveyors")
def surveyors(user: ApiUser, wiring: WiringDep, month: Month = None) -> list[dict[str, Any]]:
    scores = surveyor_report(wiring.uow(), user, _month(wiring, month))
    return [{**plain(s), "total": s.total} for s in scores]


@router.get("/api/management/repair-shops")
def repair_shops(user: ApiUser, wiring: WiringDep) -> list[dict[str, Any]]:
    """合作修理厂考核: cycle time, re-repairs and complaints per repair shop."""
    return list(plain(repair_shop_report(wiring.uow(), user)))


@router.get("/api/management/quality-sample")
def quality_sample(user: ApiUser, wiring: WiringDep, month: Month = None,
                   rate: Rate = DEFAULT_RATE, seed: int = 0) -> list[dict[str, Any]]:  # fmt: skip
    return list(plain(sample_report(wiring.uow(), user, _month(wiring, month), rate, seed)))


@router.post("/api/management/quality-reviews", status_code=201)
def record_review(body: QualityReviewIn, user: ApiUser, wiring: WiringDep) -> dict[str, Any]:
    review = management.record_quality_review(
        wiring.context(),
        actor=user,
        claim_id=body.claim_id,
        score=body.score,
        error_types=body.error_types,
        error_amount=body.error_amount,
        comment=body.comment,
    )
    return dict(plain(review))


@router.put("/api/policies/{policy_id}/premium")
def set_premium(
    policy_id: int, body: PremiumIn, user: ApiUser, wiring: WiringDep
) -> dict[str, str]:
    premium = management.set_premium(
        wiring.context(), actor=user, policy_id=policy_id, premium=body.premium
    )
    return {"premium": str(premium)}


@router.get("/api/management/export.xlsx", response_class=Response, responses=file_responses(XLSX))
def export(user: ApiUser, wiring: WiringDep, month: Month = None, lang: Lang = "zh") -> Response:
    return excel_response(all_tables(wiring, user, _month(wiring, month), lang), "management")


def all_tables(wiring: Wiring, user: Any, month: str, lang: str) -> tuple[tables.Table, ...]:
    """Every management table of the month (the Excel download holds them all)."""
    uow = wiring.uow
    return (
        tables.loss_ratio_table(loss_ratio_report(uow(), user, month, ALERT_THRESHOLD), lang),
        *tables.reserve_tables(reserve_report(uow(), user, wiring.clock.now(), None), lang),
        tables.staff_table(staff_report(uow(), user, month), lang),
        tables.surveyor_table(surveyor_report(uow(), user, month), lang),
        tables.sample_table(sample_report(uow(), user, month, DEFAULT_RATE, 0), lang),
        tables.repair_shop_table(repair_shop_report(uow(), user), lang),
    )


def excel_response(sheets: tuple[tables.Table, ...], name: str) -> Response:
    stream = BytesIO()
    tables.workbook(sheets).save(stream)
    headers = {"Content-Disposition": f'attachment; filename="claimdesk-{name}.xlsx"'}
    return Response(stream.getvalue(), media_type=XLSX, headers=headers)
