"""Management reports' queries (issue 13): one SQLAlchemy Core statement per input, each
filtered by the month in the database and run by `uow.portal.rows` (no ORM, no writes)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    Integer,
    String,
    and_,
    case,
    cast,
    column,
    func,
    literal,
    null,
    select,
    table,
    union_all,
)  # fmt: skip

from claimdesk.analytics.case_reserves import SETTLED
from claimdesk.analytics.read_side import adjudications, audit, deadlines, reserves
from claimdesk.analytics.read_side import users as staff
from claimdesk.analytics.sql_functions import beijing_month, epoch_us


def _at(name: str) -> Any:
    return column(name, DateTime(timezone=True))


policies = table(
    "policies", column("id", Integer), column("line_of_business", String),
    column("product_code", String), column("premium", BigInteger),
    column("period_start", Date), column("period_end", Date),
)  # fmt: skip
claims = table(
    "claims", column("id", Integer), column("claim_no", String), column("status", String),
    column("line_of_business", String), column("product_code", String),
    column("claimed_amount", BigInteger), column("incident_date", Date), _at("reported_at"),
)  # fmt: skip
payments = table(
    "payment_instructions", column("claim_id", Integer), column("amount", BigInteger),
    column("status", String), _at("created_at"), _at("released_at"),
)  # fmt: skip
complaints = table("complaint_cases", column("id", Integer), column("claim_id", Integer))
surveys = table(
    "surveys", column("id", Integer), column("claim_id", Integer), column("kind", String),
    column("surveyor_id", Integer), _at("dispatched_at"), _at("contact_due_at"),
    _at("contacted_at"), column("scene_facts", String), column("photo_ids", JSON),
    column("assessed_loss", BigInteger), _at("customer_signed_at"), column("repair_shop", String),
)  # fmt: skip
reviews = table(
    "quality_reviews", column("claim_id", Integer), column("month", String),
    column("handler", String), column("score", Integer), column("error_types", JSON),
)  # fmt: skip

recoveries = table("recoveries", column("id", Integer), column("claim_id", Integer))
recovery_receipts = table(
    "recovery_receipts", column("recovery_id", Integer), column("amount", BigInteger)
)

PAID = "paid"  # payment_instructions.status of a confirmed transfer

# Totals kept by the writes in their transaction (adapters/db/read_totals.py), amounts in fen.
month_totals = table(
    "claim_month_totals", column("line_of_business", String), column("reported_month", String),
    column("open_claims", BigInteger), column("case_reserve", BigInteger),
)  # fmt: skip
loss_totals = table(
    "loss_month_totals", column("line_of_business", String), column("product_code", String),
    column("accident_month", String), column("claims", BigInteger), column("paid", BigInteger),
    column("case_reserve", BigInteger),
)  # fmt: skip
triangle_totals = table(
    "paid_triangle_totals", column("line_of_business", String), column("reported_month", String),
    column("paid_month", String), column("payments", BigInteger), column("amount", BigInteger),
)  # fmt: skip


def _paid_of_claim() -> Any:
    """Correlated: uses the claim_id index of payment_instructions, row by row."""
    return (select(func.coalesce(func.sum(payments.c.amount), 0))
            .where(payments.c.claim_id == claims.c.id, payments.c.status == PAID)
            .scalar_subquery())  # fmt: skip


def _recovered_of_claim() -> Any:
    """Recoveries received on the claim (追偿 and salvage sale proceeds), in fen."""
    received = recovery_receipts.join(
        recoveries, recoveries.c.id == recovery_receipts.c.recovery_id
    )
    return (select(func.coalesce(func.sum(recovery_receipts.c.amount), 0)).select_from(received)
            .where(recoveries.c.claim_id == claims.c.id).scalar_subquery())  # fmt: skip


def _booked_reserve() -> Any:
    """The newest reserve row of the claim (ix_reserves_claim_id_id), if any."""
    return (select(reserves.c.amount).where(reserves.c.claim_id == claims.c.id)
            .order_by(reserves.c.id.desc()).limit(1).scalar_subquery())  # fmt: skip


def premiums_query(first: date, last: date) -> Any:
    """Policies in force at some day of the month, with their written premium."""
    return select(
        policies.c.line_of_business, policies.c.product_code, policies.c.premium,
        policies.c.period_start, policies.c.period_end,
    ).where(policies.c.period_start <= last, policies.c.period_end >= first)  # fmt: skip


def claim_amounts_query(first: date | None = None, last: date | None = None) -> Any:
    """Claims (of the accident month, or every open one): amounts the case reserve needs."""
    active = and_(adjudications.c.claim_id == claims.c.id, adjudications.c.active.is_(True))
    query = (
        select(claims.c.line_of_business, claims.c.product_code, claims.c.incident_date,
               claims.c.status, claims.c.claimed_amount, adjudications.c.payable,
               _booked_reserve(), _paid_of_claim(), claims.c.reported_at,
               _recovered_of_claim())
        .select_from(claims.outerjoin(adjudications, active))
    )  # fmt: skip
    if first is not None and last is not None:
        return query.where(claims.c.incident_date.between(first, last))
    return query.where(claims.c.status.not_in(("paid", "closed", "archived", "denied",
                                                "withdrawn")))  # fmt: skip


def payments_triangle_query(until: datetime) -> Any:
    """Confirmed payments with their claim's report time: the paid triangle's cells."""
    paid_at = func.coalesce(payments.c.released_at, payments.c.created_at)
    return (
        select(claims.c.line_of_business, claims.c.reported_at, paid_at, payments.c.amount)
        .select_from(payments.join(claims, claims.c.id == payments.c.claim_id))
        .where(payments.c.status == PAID, paid_at < until)
    )


def closings_query(start: datetime, end: datetime) -> Any:
    """Claims closed in [start, end): the closing move, its actor, the adjudicator, the claim
    number, its breached time limits and its complaints. The month's records come by
    ix_audit_action_at; everything else by index seeks per closing (claims by primary key;
    adjudications, claim_deadlines, complaint_cases by claim_id): no pass over the trail or
    the claims (as a join, PostgreSQL hashed every claim)."""
    claim_id = cast(audit.c.entity_id, Integer)

    def of_claim(value: Any, *where: Any) -> Any:
        return select(value).where(*where).scalar_subquery()

    late = func.coalesce(func.sum(func.coalesce(
        (deadlines.c.done_at > deadlines.c.due_at).cast(Integer), 0)), 0)  # fmt: skip
    return (
        select(
            claim_id,
            of_claim(claims.c.reported_at, claims.c.id == claim_id),
            audit.c.at, audit.c.actor,
            of_claim(func.max(adjudications.c.by_user), adjudications.c.claim_id == claim_id,
                     adjudications.c.active.is_(True)),
            of_claim(claims.c.claim_no, claims.c.id == claim_id),
            of_claim(late, deadlines.c.claim_id == claim_id, deadlines.c.cancelled_at.is_(None)),
            of_claim(func.count(complaints.c.id), complaints.c.claim_id == claim_id),
        )
        .where(*_closed_in(start, end))
        .order_by(audit.c.seq)
    )  # fmt: skip


def handler_counts_query(start: datetime, end: datetime) -> Any:
    """The staff KPIs' counts per handler (adjudicator, else who closed) over the closings of
    closings_query, in one statement: a claim closed twice by the same handler counts once (its
    last closing by audit order, as staff_kpis keeps it); per handler the closings, those with
    no breached limit, those reopened since `start`, their complaints; then the cycle
    microseconds of the middle one (odd count) or two (even) closings by cycle time. Rows:
    ('counts', handler, closed, within limit, reopened, complaints) and ('middle', handler,
    cycle µs, NULL…)."""
    claim_id = cast(audit.c.entity_id, Integer)

    def of_claim(value: Any, *where: Any) -> Any:
        return select(value).where(*where).scalar_subquery()

    late = func.coalesce(func.sum(func.coalesce(
        (deadlines.c.done_at > deadlines.c.due_at).cast(Integer), 0)), 0)  # fmt: skip
    reopen = audit.alias("reopen")
    reopened = select(cast(reopen.c.entity_id, Integer)).where(
        reopen.c.entity_type == "claim", reopen.c.action == "move:reopened", reopen.c.at >= start
    )
    adjudicator = of_claim(func.max(adjudications.c.by_user),
                           adjudications.c.claim_id == claim_id,
                           adjudications.c.active.is_(True))  # fmt: skip
    closings = (
        select(
            audit.c.seq, claim_id.label("claim_id"), audit.c.at,
            func.coalesce(func.nullif(adjudicator, ""), audit.c.actor).label("handler"),
            of_claim(claims.c.reported_at, claims.c.id == claim_id).label("reported_at"),
            of_claim(late, deadlines.c.claim_id == claim_id,
                     deadlines.c.cancelled_at.is_(None)).label("late"),
            of_claim(func.count(complaints.c.id), complaints.c.claim_id == claim_id)
            .label("complained"),
            case((claim_id.in_(reopened), 1), else_=0).label("reopened"),
        )
        .where(*_closed_in(start, end))
        .cte("closings")
        .prefix_with("MATERIALIZED")
    )  # fmt: skip
    c = closings.c
    latest = select(
        c.handler, c.late, c.complained, c.reopened,
        (epoch_us(c.at) - epoch_us(c.reported_at)).label("cycle_us"),
        func.row_number().over(partition_by=[c.handler, c.claim_id], order_by=c.seq.desc())
        .label("latest"),
    ).subquery("latest")  # fmt: skip
    t = latest.c
    kept = (
        select(
            t.handler, t.late, t.complained, t.reopened, t.cycle_us,
            func.row_number().over(partition_by=t.handler, order_by=t.cycle_us).label("pos"),
            func.count().over(partition_by=t.handler).label("n"),
        )
        .where(t.latest == 1)
        .cte("kept")
        .prefix_with("MATERIALIZED")
    )  # fmt: skip
    k = kept.c
    counts = select(
        literal("counts", String).label("kind"), k.handler, cast(func.count(), BigInteger),
        cast(func.sum(case((func.coalesce(k.late, 0) == 0, 1), else_=0)), BigInteger),
        cast(func.sum(k.reopened), BigInteger),
        cast(func.sum(func.coalesce(k.complained, 0)), BigInteger),
    ).group_by(k.handler)  # fmt: skip
    middle = select(
        literal("middle", String), k.handler, cast(k.cycle_us, BigInteger),
        *(cast(null(), BigInteger) for _ in range(3)),
    ).where(2 * k.pos >= k.n, 2 * k.pos <= k.n + 2)  # fmt: skip
    return union_all(counts, middle)


def _closed_in(start: datetime, end: datetime) -> tuple[Any, ...]:
    return (audit.c.action == "move:closed", audit.c.at >= start, audit.c.at < end,
            audit.c.entity_type == "claim")  # fmt: skip


def reopened_query(since: datetime) -> Any:
    return select(audit.c.entity_id, audit.c.at).where(
        audit.c.entity_type == "claim", audit.c.action == "move:reopened", audit.c.at >= since
    )


def breaches_query(claim_ids: list[int]) -> Any:
    """Per claim: its time limits done after their due time (a breach)."""
    late = func.sum(func.coalesce(
        (deadlines.c.done_at > deadlines.c.due_at).cast(Integer), 0))  # fmt: skip
    return (select(deadlines.c.claim_id, late)
            .where(deadlines.c.claim_id.in_(claim_ids), deadlines.c.cancelled_at.is_(None))
            .group_by(deadlines.c.claim_id))  # fmt: skip


def complaints_query(claim_ids: list[int]) -> Any:
    count = func.count(complaints.c.id)
    return (select(complaints.c.claim_id, count).where(complaints.c.claim_id.in_(claim_ids))
            .group_by(complaints.c.claim_id))  # fmt: skip


def reviews_query(month: str) -> Any:
    return select(reviews.c.handler, reviews.c.score, reviews.c.error_types, reviews.c.claim_id
                  ).where(reviews.c.month == month)  # fmt: skip


def surveys_query(start: datetime, end: datetime) -> Any:
    """Surveys dispatched in [start, end) with the claim's final payable and complaints."""
    active = and_(adjudications.c.claim_id == surveys.c.claim_id,
                  adjudications.c.active.is_(True))  # fmt: skip
    return (
        select(staff.c.username, staff.c.display_name, surveys.c.id, surveys.c.claim_id,
               surveys.c.kind, surveys.c.contact_due_at, surveys.c.contacted_at,
               surveys.c.scene_facts, surveys.c.photo_ids, surveys.c.assessed_loss,
               surveys.c.customer_signed_at, adjudications.c.payable)
        .select_from(surveys.join(staff, staff.c.id == surveys.c.surveyor_id)
                     .outerjoin(adjudications, active))
        .where(surveys.c.dispatched_at >= start, surveys.c.dispatched_at < end)
        .order_by(surveys.c.id)
    )  # fmt: skip


def resurveys_query(claim_ids: list[int]) -> Any:
    return (select(surveys.c.claim_id, surveys.c.assessed_loss)
            .where(surveys.c.claim_id.in_(claim_ids), surveys.c.kind == "resurvey"))  # fmt: skip


def triangle_query(until: datetime, line: str | None) -> Any:
    """The paid triangle aggregated in the database: per (line, report month, payment month)."""
    paid_at = func.coalesce(payments.c.released_at, payments.c.created_at)
    origin, paid_month = beijing_month(claims.c.reported_at), beijing_month(paid_at)
    query = (
        select(origin, paid_month, func.sum(payments.c.amount))
        .select_from(payments.join(claims, claims.c.id == payments.c.claim_id))
        .where(payments.c.status == PAID, paid_at < until)
        .group_by(origin, paid_month)
    )
    return query if line is None else query.where(claims.c.line_of_business == line)


def open_reserves_query(line: str | None) -> Any:
    """Open claims per (line, report month): how many, and their case reserve (the newest
    reserve row less confirmed payments, never below 0; none before registration), in fen."""
    booked, paid = _booked_reserve(), _paid_of_claim()
    reserve = case((booked > paid, booked - paid), else_=0)
    origin = beijing_month(claims.c.reported_at)
    query = (
        select(claims.c.line_of_business, origin, func.count(), func.coalesce(func.sum(reserve), 0))
        .where(claims.c.status.not_in(sorted(SETTLED)))
        .group_by(claims.c.line_of_business, origin)
    )
    return query if line is None else query.where(claims.c.line_of_business == line)


def loss_totals_query(month: str) -> Any:
    """The accident month's claims per (line, product): count, paid and case reserve (fen)."""
    t = loss_totals.c
    return (select(t.line_of_business, t.product_code, t.claims, t.paid, t.case_reserve)
            .where(t.accident_month == month, t.claims > 0))  # fmt: skip


def recoveries_query(first: date, last: date) -> Any:
    """Recoveries received on the accident month's claims, per (line, product), in fen: from
    the (few) receipts, joined to their claims."""
    received = recovery_receipts.join(
        recoveries, recoveries.c.id == recovery_receipts.c.recovery_id
    ).join(claims, claims.c.id == recoveries.c.claim_id)
    return (
        select(claims.c.line_of_business, claims.c.product_code,
               func.sum(recovery_receipts.c.amount))
        .select_from(received)
        .where(claims.c.incident_date.between(first, last))
        .group_by(claims.c.line_of_business, claims.c.product_code)
    )  # fmt: skip


def open_reserve_totals_query(line: str | None) -> Any:
    """open_reserves_query from claim_month_totals (a few hundred rows at any size)."""
    t = month_totals.c
    query = select(t.line_of_business, t.reported_month, t.open_claims, t.case_reserve).where(
        t.open_claims > 0
    )
    return query if line is None else query.where(t.line_of_business == line)


def triangle_totals_query(as_of_month: str, line: str | None) -> Any:
    """triangle_query from paid_triangle_totals: payments up to the month of `as_of`."""
    t = triangle_totals.c
    query = (
        select(t.reported_month, t.paid_month, func.sum(t.amount))
        .where(t.paid_month <= as_of_month, t.payments > 0)
        .group_by(t.reported_month, t.paid_month)
    )
    return query if line is None else query.where(t.line_of_business == line)
