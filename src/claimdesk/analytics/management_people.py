"""Management reports on people (issue 13): staff KPIs, surveyor scores (查勘员考核) and the
month's quality sample (抽检). Queries in management_queries.py; figures from pure modules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import select

from claimdesk.analytics import management_queries as q
from claimdesk.analytics.management import MANAGE, month_window
from claimdesk.analytics.read_side import ReadUnit, money, require, utc
from claimdesk.analytics.sql_functions import jit_off
from claimdesk.analytics.staff_kpis import (
    Closing,
    HandlerCounts,
    Review,
    StaffKpi,
    cycle_days,
    staff_kpis,
    staff_kpis_of_counts,
)
from claimdesk.domain.users import User
from claimdesk.workflow.quality_sampling import ClosedClaim, quality_sample
from claimdesk.workflow.surveyor_scoring import (
    SurveyFacts,
    SurveyorScore,
    load_rubric,
    monthly_scores,
)  # fmt: skip


def staff_report(uow: ReadUnit, actor: User, month: str) -> tuple[StaffKpi, ...]:
    """The month's staff KPIs from per-handler counts in the database (a few rows per handler
    instead of every closing; staff_report_by_rows is the reference)."""
    require(actor, MANAGE)
    with uow:
        uow.portal.rows(select(jit_off()))
        rows = uow.portal.rows(q.handler_counts_query(*month_window(month)))
        reviews = uow.portal.rows(q.reviews_query(month))
    counts: dict[str, tuple[int, int, int, int]] = {}
    middle: dict[str, list[int]] = {}
    for kind, handler, first, within, reopened, complained in rows:
        if kind == "counts":
            counts[handler] = (int(first), int(within or 0), int(reopened or 0),
                               int(complained or 0))  # fmt: skip
        else:
            middle.setdefault(handler, []).append(int(first))
    handlers = [HandlerCounts(h, closed, within, reopened, complained,
                              tuple(cycle_days(us) for us in sorted(middle.get(h, []))))
                for h, (closed, within, reopened, complained) in counts.items()]  # fmt: skip
    return staff_kpis_of_counts(handlers, [Review(h, int(s), bool(e)) for h, s, e, _ in reviews])


def staff_report_by_rows(uow: ReadUnit, actor: User, month: str) -> tuple[StaffKpi, ...]:
    """staff_report over every closing of the month (the reference)."""
    require(actor, MANAGE)
    with uow:
        start, end = month_window(month)
        reopened = {int(e) for e, at in uow.portal.rows(q.reopened_query(start))}
        uow.portal.rows(select(jit_off()))
        rows = uow.portal.rows(q.closings_query(start, end))
        reviews = uow.portal.rows(q.reviews_query(month))
    facts = [Closing(claim_id, adjudicator or actor, utc(reported), utc(closed), int(late or 0),
                     claim_id in reopened, int(complained or 0))
             for claim_id, reported, closed, actor, adjudicator, _, late, complained
             in rows]  # fmt: skip
    return staff_kpis(facts, [Review(h, int(s), bool(e)) for h, s, e, _ in reviews])


def _closings(uow: ReadUnit, month: str) -> tuple[list[Closing], dict[int, str]]:
    """The month's closings and their claim numbers."""
    uow.portal.rows(select(jit_off()))
    rows = uow.portal.rows(q.closings_query(*month_window(month)))
    closings = [Closing(claim_id, adjudicator or actor, utc(reported), utc(closed))
                for claim_id, reported, closed, actor, adjudicator, *_ in rows]  # fmt: skip
    return closings, {row[0]: row[5] for row in rows}


@dataclass(frozen=True)
class SampledClaim:
    handler: str
    claim_id: int
    claim_no: str
    score: int | None  # None until reviewed


def sample_report(
    uow: ReadUnit, actor: User, month: str, rate: Decimal, seed: int
) -> tuple[SampledClaim, ...]:
    require(actor, MANAGE)
    with uow:
        closings, numbers = _closings(uow, month)
        reviews = {claim: score for _, score, _, claim in uow.portal.rows(q.reviews_query(month))}
    picked = quality_sample([ClosedClaim(c.claim_id, c.handler) for c in closings], month,
                            rate, seed)  # fmt: skip
    return tuple(SampledClaim(handler, claim, numbers.get(claim, ""), reviews.get(claim))
                 for handler, ids in picked.items() for claim in ids)  # fmt: skip


def surveyor_report(uow: ReadUnit, actor: User, month: str) -> tuple[SurveyorScore, ...]:
    require(actor, MANAGE)
    start, end = month_window(month)
    with uow:
        surveys = uow.portal.rows(q.surveys_query(start, end))
        ids = sorted({row[3] for row in surveys})
        resurveys = dict(uow.portal.rows(q.resurveys_query(ids)))
        complaints = dict(uow.portal.rows(q.complaints_query(ids)))
    facts = [_survey(row, resurveys, complaints) for row in surveys]
    return monthly_scores(facts, load_rubric())


def _survey(row: Any, resurveys: Mapping[int, Any], complaints: Mapping[int, int]) -> SurveyFacts:
    (username, _name, _id, claim_id, kind, due, contacted, facts, photos, assessed, signed,
     payable) = row  # fmt: skip
    loss = None if assessed is None else money(assessed)
    resurvey = resurveys.get(claim_id) if kind != "resurvey" else None
    return SurveyFacts(
        surveyor=username,
        complaints=int(complaints.get(claim_id) or 0) if kind != "resurvey" else 0,
        incomplete=not (facts and photos and loss is not None and signed is not None),
        late_contact=contacted is None or utc(contacted) > utc(due),
        estimate_deviation=_deviation(loss, None if payable is None else money(payable)),
        resurvey_deviation=_deviation(loss, None if resurvey is None else money(resurvey)),
    )


def _deviation(value: Decimal | None, reference: Decimal | None) -> Decimal | None:
    if value is None or not reference:
        return None
    return (abs(value - reference) / reference).quantize(Decimal("0.0001"), ROUND_HALF_UP)
