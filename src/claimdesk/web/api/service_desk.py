"""Service desk over JSON: FAQ search, consultations, callbacks, the satisfaction report."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from claimdesk.analytics.satisfaction_report import satisfaction_report
from claimdesk.domain.channels import Channel
from claimdesk.domain.errors import InvalidInput
from claimdesk.domain.service_desk import Callback, Consultation
from claimdesk.services.service_desk import callbacks, consultations
from claimdesk.web.deps import ApiUser, WiringDep
from claimdesk.web.params import CursorQuery, Id, Month

router = APIRouter(tags=["service desk"])
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class ConsultationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    insured_person_id: Annotated[int, Field(ge=1)] | None = None
    channel: Channel
    question: Text
    answer: Text
    faq_id: Annotated[str, StringConstraints(max_length=60)] | None = None


class CallbackIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reached: bool
    score: Annotated[int, Field(ge=1, le=5)] | None = None
    comment: Annotated[str, StringConstraints(max_length=2000)] = ""


@router.get("/api/faq/search")
def faq_search(
    user: ApiUser,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    limit: Annotated[int, Query(ge=1, le=50)] = 5,
) -> list[dict[str, Any]]:
    hits = consultations.search_faq(user, q, limit)
    return [{"id": h.entry.id, "question": h.entry.question, "answer": h.entry.answer,
             "score": h.score} for h in hits]  # fmt: skip


@router.post("/api/consultations", status_code=201)
def log_consultation(body: ConsultationIn, user: ApiUser, wiring: WiringDep) -> dict[str, Any]:
    wanted = Consultation(None, body.insured_person_id, body.channel, body.question, body.answer,
                          body.faq_id, wiring.clock.now(), user.id)  # fmt: skip
    return consultation_out(
        consultations.log_consultation(wiring.context(), actor=user, wanted=wanted)
    )


@router.get("/api/consultations")
def list_consultations(
    user: ApiUser,
    wiring: WiringDep,
    cursor: CursorQuery = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    rows = consultations.list_consultations(
        wiring.context(), actor=user, after_id=cursor, limit=limit
    )
    next_cursor = str(rows[-1].id) if len(rows) == limit else None
    return {"items": [consultation_out(c) for c in rows], "next_cursor": next_cursor}


@router.post("/api/claims/{claim_id}/callback", status_code=201)
def record_callback(
    claim_id: Id, body: CallbackIn, user: ApiUser, wiring: WiringDep
) -> dict[str, Any]:
    wanted = Callback(None, claim_id, body.reached, body.score, body.comment,
                      wiring.clock.now(), user.id)  # fmt: skip
    saved = callbacks.record_callback(
        wiring.context(), actor=user, claim_id=claim_id, wanted=wanted
    )
    return {"id": saved.id, "claim_id": saved.claim_id, "reached": saved.reached,
            "score": saved.score, "comment": saved.comment,
            "created_at": saved.created_at.isoformat()}  # fmt: skip


@router.get("/api/reports/satisfaction")
def get_satisfaction(user: ApiUser, wiring: WiringDep, month: Month) -> dict[str, Any]:
    facts = callbacks.satisfaction_facts(wiring.context(), actor=user, month=_month(month))
    report = satisfaction_report(facts.scores, facts.callbacks_done, facts.callbacks_due)
    out = vars(report) | {"month": month, "target": "0.90"}
    return {k: str(v) if v is not None and k in {"rate", "average"} else v for k, v in out.items()}


def consultation_out(c: Consultation) -> dict[str, Any]:
    return {"id": c.id, "insured_person_id": c.insured_person_id, "channel": str(c.channel),
            "question": c.question, "answer": c.answer, "faq_id": c.faq_id,
            "created_at": c.created_at.isoformat(), "created_by": c.created_by}  # fmt: skip


def _month(text: str) -> date:
    try:
        return date.fromisoformat(f"{text}-01")
    except ValueError as error:
        raise InvalidInput(
            "月份格式应为 YYYY-MM", "month must be YYYY-MM", field="month"
        ) from error
