"""Anti-fraud API (反欺诈): blacklist, the fraud view of a claim, rankings, rings, investigations,
and the 打假减损 KPI. Authorisation is in the use cases (services/fraud_*.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from claimdesk.analytics.fraud_report import fraud_report
from claimdesk.domain.errors import InvalidInput
from claimdesk.fraud.cases import (
    ClaimAssessment,
    ClaimScore,
    Investigation,
    InvestigationNote,
    Outcome,
    StoredBlacklistEntry,
)
from claimdesk.services.fraud import cases as fraud_cases
from claimdesk.services.fraud import rings as fraud_rings
from claimdesk.services.fraud import scoring as fraud_scoring
from claimdesk.services.fraud.blacklist import list_blacklist
from claimdesk.services.fraud.rings import Ring
from claimdesk.web.deps import ApiUser, WiringDep
from claimdesk.web.edge_errors import file_responses
from claimdesk.web.params import CursorQuery, Id, finite, keyset_id

router = APIRouter(tags=["fraud"])
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Limit = Annotated[int, Query(ge=1, le=100)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BlacklistIn(Strict):
    id_number: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=15, max_length=18)
    ]
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    reason: Text
    evidence: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] = ""
    valid_from: date
    valid_until: date | None = None


class ReferIn(Strict):
    reason: Text


class NoteIn(Strict):
    text: Text


class OutcomeIn(Strict):
    outcome: Outcome
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] = ""
    avoided_loss: Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)] | None = None
    blacklist_years: Annotated[int, Field(ge=1, le=10)] = fraud_cases.BLACKLIST_YEARS


def entry_out(entry: StoredBlacklistEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "id_number": entry.id_number,
        "name": entry.name,
        "reason": entry.reason,
        "evidence": entry.evidence,
        "valid_from": entry.valid_from.isoformat(),
        "valid_until": entry.valid_until.isoformat() if entry.valid_until else None,
        "added_by": entry.added_by,
        "added_at": entry.added_at.isoformat(),
    }


def investigation_out(item: Investigation) -> dict[str, Any]:
    return {
        "id": item.id, "claim_id": item.claim_id, "referred_by": item.referred_by,
        "reason": item.reason, "source": str(item.source), "assigned_to": item.assigned_to,
        "status": str(item.status), "outcome": str(item.outcome) if item.outcome else None,
        "avoided_loss": f"{item.avoided_loss:.2f}" if item.avoided_loss is not None else None,
        "opened_at": item.opened_at.isoformat(),
        "closed_at": item.closed_at.isoformat() if item.closed_at else None,
    }  # fmt: skip


def note_out(note: InvestigationNote) -> dict[str, Any]:
    return {"id": note.id, "author": note.author, "text": note.text, "at": note.at.isoformat()}


def ring_out(ring: Ring) -> dict[str, Any]:
    return {
        "number": ring.number,
        "insureds": [{"id": i, "name": ring.names.get(i, "")} for i in ring.group.insured_ids],
        "claims": list(ring.group.claim_ids),
        "links": [{"kind": k, "value": v, "shared_by": n} for k, v, n in ring.group.links],
        "picture": f"/api/fraud/rings/{ring.number}.svg",
    }


def flags_out(assessment: ClaimAssessment | None) -> dict[str, Any]:
    if assessment is None:
        return {"routing": None, "total_weight": 0, "flags": [], "assessed_at": None}
    return {
        "routing": assessment.routing,
        "total_weight": assessment.total_weight,
        "flags": [vars(flag) for flag in assessment.flags],
        "assessed_at": assessment.assessed_at.isoformat(),
    }


def score_out(score: ClaimScore | None) -> dict[str, Any]:
    if score is None:
        return {"risk_score": None, "top_reasons": []}
    return {"risk_score": round(score.risk_score, 4), "top_reasons": list(score.reasons)}


@router.get("/api/fraud/blacklist")
def get_blacklist(
    user: ApiUser,
    wiring: WiringDep,
    cursor: CursorQuery = None,
    limit: Limit = 50,
) -> dict[str, Any]:
    entries = list_blacklist(wiring.uow(), user, cursor, limit)
    last = entries[-1].id if len(entries) == limit else None
    return {"items": [entry_out(e) for e in entries], "next_cursor": last}


@router.post("/api/fraud/blacklist", status_code=201)
def post_blacklist(body: BlacklistIn, user: ApiUser, wiring: WiringDep) -> dict[str, Any]:
    draft = StoredBlacklistEntry(None, body.id_number, body.name, body.reason, body.evidence,
                                 body.valid_from, body.valid_until, user.username,
                                 wiring.clock.now())  # fmt: skip
    stored, routed = fraud_cases.add_to_blacklist(wiring.context(), actor=user, entry=draft)
    return {**entry_out(stored), "routed_claims": routed}


@router.get("/api/claims/{claim_id}/fraud")
def claim_fraud(claim_id: Id, user: ApiUser, wiring: WiringDep) -> dict[str, Any]:
    view = fraud_rings.claim_fraud_view(wiring.uow(), user, claim_id)
    return {
        "claim_id": claim_id,
        **flags_out(view.assessment),
        **score_out(view.score),
        "investigations": [investigation_out(i) for i in view.investigations],
        "rings": [ring_out(ring) for ring in view.rings],
    }


@router.post("/api/claims/{claim_id}/investigations", status_code=201)
def refer(claim_id: Id, body: ReferIn, user: ApiUser, wiring: WiringDep) -> dict[str, Any]:
    investigation = fraud_cases.refer_claim(
        wiring.context(), actor=user, claim_id=claim_id, reason=body.reason
    )
    return investigation_out(investigation)


@router.get("/api/fraud/claims")
def ranked(
    user: ApiUser,
    wiring: WiringDep,
    order: str = "risk",
    cursor: str | None = None,
    limit: Limit = 50,
) -> dict[str, Any]:
    """Open claims by risk score (cursor `score|claim_id` of the last row)."""
    if order != "risk":
        raise InvalidInput("仅支持按风险排序", "only order=risk is supported", field="order")
    rows = fraud_scoring.ranked_claims(wiring.uow(), user, _score_cursor(cursor), limit)
    last = rows[-1] if len(rows) == limit else None
    return {
        "items": [{**vars(r), "reasons": list(r.reasons)} for r in rows],
        "next_cursor": f"{last.risk_score!r}|{last.claim_id}" if last else None,
    }


def _score_cursor(cursor: str | None) -> tuple[float, int] | None:
    if not cursor:
        return None
    try:
        score, _, claim_id = cursor.partition("|")
        return finite(score), keyset_id(claim_id)
    except ValueError as error:
        raise InvalidInput("分页游标无效", "invalid cursor", field="cursor") from error


@router.get("/api/fraud/rings")
def rings(
    user: ApiUser,
    wiring: WiringDep,
    min_size: Annotated[int, Query(ge=2, le=50)] = 3,
    max_degree: Annotated[int, Query(ge=2, le=1000)] = 10,
) -> dict[str, Any]:
    found = fraud_rings.fraud_rings(wiring.uow(), user, min_size, max_degree)
    return {"items": [ring_out(ring) for ring in found]}


@router.get(
    "/api/fraud/rings/{number}.svg",
    response_class=Response,
    responses=file_responses("image/svg+xml"),
)
def ring_picture(
    number: Id,
    user: ApiUser,
    wiring: WiringDep,
    min_size: Annotated[int, Query(ge=2, le=50)] = 3,
    max_degree: Annotated[int, Query(ge=2, le=1000)] = 10,
) -> Response:
    svg = fraud_rings.ring_picture(wiring.uow(), user, number, min_size, max_degree)
    return Response(svg, media_type="image/svg+xml")


@router.get("/api/fraud/investigations")
def investigations(
    user: ApiUser,
    wiring: WiringDep,
    status: str | None = None,
    cursor: CursorQuery = None,
    limit: Limit = 50,
) -> dict[str, Any]:
    items = fraud_cases.list_investigations(wiring.uow(), user, status, cursor, limit)
    last = items[-1].id if len(items) == limit else None
    return {"items": [investigation_out(i) for i in items], "next_cursor": last}


@router.get("/api/fraud/investigations/{investigation_id}")
def investigation(investigation_id: Id, user: ApiUser, wiring: WiringDep) -> dict[str, Any]:
    found, notes = fraud_cases.investigation_with_notes(wiring.uow(), user, investigation_id)
    return {**investigation_out(found), "notes": [note_out(n) for n in notes]}


@router.post("/api/fraud/investigations/{investigation_id}/notes", status_code=201)
def add_note(
    investigation_id: Id, body: NoteIn, user: ApiUser, wiring: WiringDep
) -> dict[str, Any]:
    note = fraud_cases.add_note(wiring.uow(), wiring.clock, user, investigation_id, body.text)
    return note_out(note)


@router.post("/api/fraud/investigations/{investigation_id}/outcome")
def close(
    investigation_id: Id, body: OutcomeIn, user: ApiUser, wiring: WiringDep
) -> dict[str, Any]:
    report = fraud_cases.ClosingReport(
        body.outcome, body.note, body.avoided_loss, body.blacklist_years
    )
    closed = fraud_cases.close_investigation(
        wiring.context(), actor=user, investigation_id=investigation_id, report=report
    )
    return investigation_out(closed)


@router.get("/api/reports/fraud")
def fraud_kpi(user: ApiUser, wiring: WiringDep) -> dict[str, Any]:
    """打假减损: investigations closed, fraud proven, loss avoided, by month."""
    rows = fraud_report(fraud_cases.closed_investigations(wiring.uow(), user))
    return {
        "items": [
            {"month": r.month, "investigations": r.investigations, "proven": r.proven,
             "avoided_loss": f"{r.avoided_loss:.2f}"}
            for r in rows
        ]
    }  # fmt: skip
