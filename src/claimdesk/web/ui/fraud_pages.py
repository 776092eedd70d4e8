"""Investigator pages (反欺诈): ranked claims, a claim's flags, rings with their picture, an
investigation with notes and the outcome form, the blacklist. Same use cases as the JSON API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from claimdesk.domain.errors import InvalidInput
from claimdesk.fraud.cases import InvestigationStatus, Outcome, StoredBlacklistEntry
from claimdesk.services.fraud import cases as fraud_cases
from claimdesk.services.fraud import rings as fraud_rings
from claimdesk.services.fraud import scoring as fraud_scoring
from claimdesk.services.fraud.blacklist import list_blacklist
from claimdesk.web.deps import SessionUser, WiringDep
from claimdesk.web.params import Id, finite, keyset_id
from claimdesk.web.ui.flash import flash
from claimdesk.web.ui.views import check_csrf, render

router = APIRouter(include_in_schema=False)
PAGE = 50
Csrf = Annotated[str, Form()]
Text = Annotated[str, Form(max_length=2000)]


@router.get("/fraud")
def ranked_page(
    request: Request,
    user: SessionUser,
    wiring: WiringDep,
    cursor: Annotated[str, Query(max_length=60)] = "",
) -> Response:
    after = None
    if cursor:
        score, _, claim_id = cursor.partition("|")
        try:
            after = (finite(score), keyset_id(claim_id))
        except ValueError:
            after = None  # a spoiled cursor starts from the top
    rows = fraud_scoring.ranked_claims(wiring.uow(), user, after, PAGE)
    more = f"{rows[-1].risk_score!r}|{rows[-1].claim_id}" if len(rows) == PAGE else ""
    return render(request, "fraud_claims.html", user=user, rows=rows, more=more)


@router.get("/fraud/claims/{claim_id}")
def claim_flags_page(
    claim_id: Id, request: Request, user: SessionUser, wiring: WiringDep
) -> Response:
    view = fraud_rings.claim_fraud_view(wiring.uow(), user, claim_id)
    return render(request, "fraud_claim.html", user=user, claim_id=claim_id, view=view)


@router.get("/fraud/rings")
def rings_page(request: Request, user: SessionUser, wiring: WiringDep) -> Response:
    rings = fraud_rings.fraud_rings(wiring.uow(), user)
    return render(request, "fraud_rings.html", user=user, rings=rings)


@router.get("/fraud/rings/{number}.svg")
def ring_picture(number: Id, user: SessionUser, wiring: WiringDep) -> Response:
    svg = fraud_rings.ring_picture(wiring.uow(), user, number)
    return Response(svg, media_type="image/svg+xml", headers={"X-Content-Type-Options": "nosniff"})


@router.get("/fraud/investigations")
def investigations_page(
    request: Request,
    user: SessionUser,
    wiring: WiringDep,
    status: Annotated[InvestigationStatus | None, Query()] = InvestigationStatus.OPEN,
) -> Response:
    """调查案件: the open investigations (or closed ones), newest first, with their claim."""
    rows = fraud_cases.list_investigations(wiring.uow(), user, status, None, PAGE)
    claim_nos = fraud_cases.claim_numbers(wiring.uow(), user, [row.claim_id for row in rows])
    return render(request, "fraud_investigations.html", user=user, rows=rows, claim_nos=claim_nos,
                  status=status, statuses=list(InvestigationStatus))  # fmt: skip


@router.get("/fraud/investigations/{investigation_id}")
def investigation_page(
    investigation_id: Id, request: Request, user: SessionUser, wiring: WiringDep
) -> Response:
    found, notes = fraud_cases.investigation_with_notes(wiring.uow(), user, investigation_id)
    return render(request, "fraud_investigation.html", user=user, case=found, notes=notes)


@router.post("/fraud/investigations/{investigation_id}/notes")
def add_note(
    investigation_id: Id,
    request: Request,
    user: SessionUser,
    wiring: WiringDep,
    csrf_token: Csrf,
    text: Text,
) -> Response:
    check_csrf(request, csrf_token)
    fraud_cases.add_note(wiring.uow(), wiring.clock, user, investigation_id, text)
    flash(request, "调查记录已保存", "Note saved")
    return RedirectResponse(f"/fraud/investigations/{investigation_id}", status_code=303)


@router.post("/fraud/investigations/{investigation_id}/outcome")
def close(
    investigation_id: Id,
    request: Request,
    user: SessionUser,
    wiring: WiringDep,
    csrf_token: Csrf,
    outcome: Annotated[Outcome, Form()],
    note: Text = "",
    avoided_loss: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    check_csrf(request, csrf_token)
    report = fraud_cases.ClosingReport(outcome, note, _amount(avoided_loss))
    fraud_cases.close_investigation(wiring.context(), actor=user,
                                    investigation_id=investigation_id, report=report)  # fmt: skip
    flash(request, f"调查结论已记录（调查 #{investigation_id}）",
          f"Outcome recorded (investigation #{investigation_id})")  # fmt: skip
    return RedirectResponse(f"/fraud/investigations/{investigation_id}", status_code=303)


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text.strip() else None
    except ValueError as error:
        raise InvalidInput("日期无效", "invalid date", field="valid_until") from error


def _amount(text: str) -> Decimal | None:
    if not text.strip():
        return None
    try:
        return Decimal(text.strip())
    except InvalidOperation as error:
        raise InvalidInput("减损金额无效", "invalid avoided loss", field="avoided_loss") from error


@router.get("/fraud/blacklist")
def blacklist_page(request: Request, user: SessionUser, wiring: WiringDep) -> Response:
    entries = list_blacklist(wiring.uow(), user, None, 100)
    return render(request, "fraud_blacklist.html", user=user, entries=entries)


@router.post("/fraud/blacklist")
def add_entry(
    request: Request,
    user: SessionUser,
    wiring: WiringDep,
    csrf_token: Csrf,
    id_number: Annotated[str, Form(max_length=18)],
    name: Annotated[str, Form(max_length=100)],
    reason: Text,
    valid_from: Annotated[date, Form()],
    evidence: Text = "",
    valid_until: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    check_csrf(request, csrf_token)
    draft = StoredBlacklistEntry(
        None, id_number.strip(), name.strip(), reason, evidence, valid_from, _day(valid_until),
        user.username, wiring.clock.now(),
    )  # fmt: skip
    fraud_cases.add_to_blacklist(wiring.context(), actor=user, entry=draft)
    return RedirectResponse("/fraud/blacklist", status_code=303)
