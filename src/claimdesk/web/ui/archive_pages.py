"""档案管理 pages: the archive register with its filters (paper overdue, retention ended, lent
out), one record with paper filing, borrowing and destruction forms.

Same use cases as the JSON API (services/archive); every action is audited there.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from claimdesk.domain.archive import DocumentKind
from claimdesk.domain.errors import DomainError
from claimdesk.domain.labels import both
from claimdesk.domain.users import User
from claimdesk.services.archive import use_cases as archive
from claimdesk.services.archive.ports import ArchiveView
from claimdesk.web.deps import SessionUser, Wiring, WiringDep
from claimdesk.web.params import CursorQuery, Id
from claimdesk.web.ui.flash import flash
from claimdesk.web.ui.views import check_csrf, field_errors, render

router = APIRouter(include_in_schema=False)
Csrf = Annotated[str, Form()]
Reason = Annotated[str, Form(max_length=500)]


@router.get("/archive")
def register_page(
    request: Request,
    user: SessionUser,
    wiring: WiringDep,
    view: ArchiveView = ArchiveView.ALL,
    after: CursorQuery = None,
) -> Response:
    records = archive.list_archive(wiring.context(), actor=user, view=view, after_id=after)
    today = wiring.clock.now().date()
    more = len(records) == archive.PAGE_LIMIT
    return render(
        request,
        "archive.html",
        user=user,
        records=records,
        view=view,
        views=list(ArchiveView),
        today=today,
        next_after=records[-1].id if more else None,
    )


@router.get("/archive/{archive_id}")
def record_page(archive_id: Id, request: Request, user: SessionUser, wiring: WiringDep) -> Response:
    return _record_view(request, user, wiring, archive_id)


@router.post("/archive/{archive_id}/paper")
def paper_filing(
    archive_id: Id,
    request: Request,
    user: SessionUser,
    wiring: WiringDep,
    csrf_token: Csrf,
    filed_on: Annotated[date, Form()],
    location: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    check_csrf(request, csrf_token)
    return _act(
        request,
        user,
        wiring,
        archive_id,
        ("纸质件归档已登记", "paper filing recorded"),
        lambda: archive.record_paper_filing(
            wiring.context(),
            actor=user,
            archive_id=archive_id,
            filed_on=filed_on,
            location=location,
        ),
    )


@router.post("/archive/{archive_id}/borrow")
def borrow(
    archive_id: Id,
    request: Request,
    user: SessionUser,
    wiring: WiringDep,
    csrf_token: Csrf,
    due_back: Annotated[date, Form()],
    reason: Reason = "",
) -> Response:
    check_csrf(request, csrf_token)
    return _act(
        request,
        user,
        wiring,
        archive_id,
        ("借阅申请已提交，待审批", "borrowing requested"),
        lambda: archive.request_borrowing(
            wiring.context(), actor=user, archive_id=archive_id, reason=reason, due_back=due_back
        ),
    )


@router.post("/archive/{archive_id}/borrows/{borrow_id}/decide")
def decide_borrowing(
    archive_id: Id,
    borrow_id: Id,
    request: Request,
    user: SessionUser,
    wiring: WiringDep,
    csrf_token: Csrf,
    approve: Annotated[bool, Form()],
    reason: Reason = "",
) -> Response:
    check_csrf(request, csrf_token)
    done = ("已同意借阅", "borrowing approved") if approve else ("已拒绝借阅", "borrowing refused")
    return _act(
        request,
        user,
        wiring,
        archive_id,
        done,
        lambda: archive.decide_borrowing(
            wiring.context(), actor=user, borrow_id=borrow_id, approve=approve, reason=reason
        ),
    )


@router.post("/archive/{archive_id}/borrows/{borrow_id}/return")
def return_borrowed(
    archive_id: Id,
    borrow_id: Id,
    request: Request,
    user: SessionUser,
    wiring: WiringDep,
    csrf_token: Csrf,
) -> Response:
    check_csrf(request, csrf_token)
    return _act(
        request,
        user,
        wiring,
        archive_id,
        ("已登记归还", "return recorded"),
        lambda: archive.return_borrowed(wiring.context(), actor=user, borrow_id=borrow_id),
    )


@router.post("/archive/{archive_id}/destroy")
def request_destruction(
    archive_id: Id,
    request: Request,
    user: SessionUser,
    wiring: WiringDep,
    csrf_token: Csrf,
    kind: Annotated[DocumentKind, Form()],
    reason: Reason = "",
) -> Response:
    check_csrf(request, csrf_token)
    zh, en = both("archive_document", kind)
    done = (f"{zh}销毁申请已提交，待第二人审批", f"destruction of {en} requested")
    return _act(
        request,
        user,
        wiring,
        archive_id,
        done,
        lambda: archive.request_destruction(
            wiring.context(), actor=user, archive_id=archive_id, kind=kind, reason=reason
        ),
    )


@router.post("/archive/{archive_id}/destructions/{destruction_id}/decide")
def decide_destruction(
    archive_id: Id,
    destruction_id: Id,
    request: Request,
    user: SessionUser,
    wiring: WiringDep,
    csrf_token: Csrf,
    approve: Annotated[bool, Form()],
    reason: Reason = "",
) -> Response:
    check_csrf(request, csrf_token)
    done = ("已批准并销毁", "approved and destroyed") if approve else ("已拒绝销毁", "refused")
    return _act(
        request,
        user,
        wiring,
        archive_id,
        done,
        lambda: archive.decide_destruction(
            wiring.context(),
            actor=user,
            destruction_id=destruction_id,
            approve=approve,
            reason=reason,
        ),
    )


def _act(
    request: Request,
    user: User,
    wiring: Wiring,
    archive_id: int,
    done: tuple[str, str],
    action: Callable[[], object],
) -> Response:
    try:
        action()
    except DomainError as error:
        return _record_view(request, user, wiring, archive_id, error=error)
    detail = archive.archive_detail(wiring.context(), actor=user, archive_id=archive_id)
    number = detail.record.archive_number
    flash(request, f"档案 {number}：{done[0]}", f"Archive record {number}: {done[1]}")
    return RedirectResponse(f"/archive/{archive_id}", status_code=303)


def _record_view(
    request: Request,
    user: User,
    wiring: Wiring,
    archive_id: int,
    error: DomainError | None = None,
) -> Response:
    detail = archive.archive_detail(wiring.context(), actor=user, archive_id=archive_id)
    today = wiring.clock.now().date()
    return render(
        request,
        "archive_record.html",
        status_code=422 if error else 200,
        user=user,
        detail=detail,
        record=detail.record,
        today=today,
        error=error,
        errors=field_errors(error),
        kinds=list(DocumentKind),
    )
