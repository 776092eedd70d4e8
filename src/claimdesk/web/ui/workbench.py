"""Claims workbench (理赔工作台): my queue by deadline with SLA badges, fast search, materials."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse

from claimdesk.analytics import work_queue as work
from claimdesk.analytics import workbench as reads
from claimdesk.domain.claim import ClaimStatus, LineOfBusiness
from claimdesk.domain.errors import DomainError, InvalidInput
from claimdesk.domain.money import FEN
from claimdesk.services.materials import use_cases as material_service
from claimdesk.web.deps import SessionUser, WiringDep
from claimdesk.web.params import Id
from claimdesk.web.ui.claim_views import claim_view
from claimdesk.web.ui.flash import flash
from claimdesk.web.ui.views import check_csrf, render

router = APIRouter(include_in_schema=False)
Sort = Literal["due", "claim_no", "insured", "status", "claimed", "payable", "created"]
QUEUE_SIZE = 25
SEARCH_SIZE = 50
# Shown inline (preview) only for these; anything else downloads.
INLINE = frozenset({"application/pdf", "image/jpeg", "image/png"})


@router.get("/workbench")
def workbench_page(
    request: Request,
    user: SessionUser,
    wiring: WiringDep,
    q: Annotated[str, Query(max_length=100)] = "",
    page: Annotated[int, Query(ge=0, lt=work.PAGE_CAP)] = 0,
    tab: Annotated[Literal["all", "new", "at_risk", "breached"], Query()] = "all",
    line: Annotated[LineOfBusiness | Literal[""], Query()] = "",
    status: Annotated[ClaimStatus | Literal[""], Query()] = "",
    due: Annotated[Literal["", "today", "week"], Query()] = "",
    min_amount: Annotated[str, Query(max_length=20)] = "",
    max_amount: Annotated[str, Query(max_length=20)] = "",
    sort: Annotated[Sort, Query()] = "due",
    desc: bool = False,
) -> Response:
    """我的任务: filters, tabs by SLA state, sortable columns, totals, one statement a page."""
    low, high = _amount(min_amount, "min_amount"), _amount(max_amount, "max_amount")
    chosen = work.WorkFilter(tab, str(line), str(status), due, low, high, q, sort, desc)
    result = work.work_page(wiring.uow(), user, wiring.clock.now(), chosen, page, QUEUE_SIZE)
    found = reads.search_claims(wiring.uow(), user, q, SEARCH_SIZE) if q else []
    return render(request, "workbench.html", user=user, work=result, chosen=chosen, page=page,
                  q=q, found=found, href=_linker(chosen, page), statuses=list(ClaimStatus),
                  lines=list(LineOfBusiness), tabs=work.TABS, cap=work.PAGE_CAP)  # fmt: skip


def _amount(text: str, field: str) -> Decimal | None:
    """An amount filter: empty is no bound; else yuan, at most 2 decimals, not negative."""
    text = text.strip().replace(",", "")
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = Decimal("-1")
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(FEN):
        raise InvalidInput(
            f"金额筛选格式不正确（{FIELD_NAMES[field][0]}）：{text}",
            f"not an amount ({FIELD_NAMES[field][1]}): {text}",
            field=field,
        )
    return amount


FIELD_NAMES = {
    "min_amount": ("索赔金额从", "claimed from"),
    "max_amount": ("索赔金额至", "claimed to"),
}


def _linker(chosen: work.WorkFilter, page: int) -> Callable[..., str]:
    """The workbench URL with the current filters and some of them changed (tabs, sorting,
    pages keep the rest). Changing anything but the page starts again at page 0."""
    current: dict[str, object] = {
        "tab": chosen.tab, "line": chosen.line, "status": chosen.status, "due": chosen.due,
        "min_amount": chosen.min_amount, "max_amount": chosen.max_amount, "q": chosen.q,
        "sort": chosen.sort, "desc": chosen.desc, "page": page,
    }  # fmt: skip

    def href(**changes: object) -> str:
        merged = {**current, "page": 0, **changes}
        if changes.keys() == {"sort"}:  # the same column again flips the order
            merged["desc"] = changes["sort"] == chosen.sort and not chosen.desc
        shown = {k: v for k, v in merged.items() if v not in ("", None, False, 0, "all", "due")}
        return "/workbench" + (f"?{urlencode(shown)}" if shown else "")

    return href


@router.get("/workbench/search")
def search(
    request: Request,
    user: SessionUser,
    wiring: WiringDep,
    q: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    """The results table alone, for htmx to swap in while the user types."""
    found = reads.search_claims(wiring.uow(), user, q, SEARCH_SIZE)
    return render(request, "search_results.html", user=user, q=q, found=found)


@router.get("/claims/{claim_id}/files/{material_id}")
def preview(claim_id: Id, material_id: Id, user: SessionUser, wiring: WiringDep) -> Response:
    material, chunks = material_service.material_file(
        wiring.context(), actor=user, claim_id=claim_id, material_id=material_id
    )
    kind = "inline" if material.content_type in INLINE else "attachment"
    headers = {
        "Content-Disposition": f"{kind}; filename*=UTF-8''{quote(material.file_name)}",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox",  # a crafted PDF cannot script our origin
    }
    return StreamingResponse(chunks, media_type=material.content_type, headers=headers)


@router.post("/claims/{claim_id}/files/{material_id}/accept")
def accept(
    claim_id: Id,
    material_id: Id,
    request: Request,
    user: SessionUser,
    wiring: WiringDep,
    csrf_token: Annotated[str, Form()],
) -> Response:
    check_csrf(request, csrf_token)
    try:
        material_service.accept_material(
            wiring.context(), actor=user, claim_id=claim_id, material_id=material_id
        )
    except DomainError as error:
        return claim_view(request, user, wiring, claim_id, error=error)
    flash(request, "材料已确认", "Material accepted")
    return RedirectResponse(f"/claims/{claim_id}#materials", status_code=303)


@router.post("/claims/{claim_id}/files/{material_id}/reject")
def reject(
    claim_id: Id,
    material_id: Id,
    request: Request,
    user: SessionUser,
    wiring: WiringDep,
    csrf_token: Annotated[str, Form()],
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    check_csrf(request, csrf_token)
    try:
        material_service.reject_material(
            wiring.context(), actor=user, claim_id=claim_id, material_id=material_id, reason=reason
        )
    except DomainError as error:
        return claim_view(request, user, wiring, claim_id, error=error)
    flash(request, f"材料已退回：{reason}", f"Material sent back: {reason}")
    return RedirectResponse(f"/claims/{claim_id}#materials", status_code=303)
