"""The workbench as the user's work (我的任务): open tasks with due time and SLA state, filters,
sorting, partial search, totals and the counts of each SLA tab — one statement per page.

The SLA state is computed in SQL from the claim's earliest running deadline (时效), else the
task's own due time, so the tabs (新任务 / 即将超时 / 已超时) filter and count in the database.
Totals and tab counts ride on the page's rows as window aggregates: no second query, no N+1.
ID numbers and phones are masked for roles without VIEW_PII, and only such roles may search
them by a part (a masked role must type the full number: a part would let it probe digits).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    DateTime,
    Integer,
    String,
    and_,
    case,
    column,
    func,
    literal,
    or_,
    select,
    table,
)

from claimdesk.analytics.read_side import (
    ReadUnit,
    adjudications,
    claims,
    deadlines,
    insured,
    money,
    require,
    utc,
)
from claimdesk.analytics.workbench import AT_RISK, BREACHED, ON_TRACK
from claimdesk.domain.money import FEN
from claimdesk.domain.pii import mask_id_number, mask_phone
from claimdesk.domain.users import Permission, User

NEW, ALL = "new", "all"
TABS = (ALL, NEW, AT_RISK, BREACHED)
NEW_WITHIN = timedelta(hours=24)  # 新任务: opened in the last day
DUE_WINDOWS = {"today": timedelta(hours=24), "week": timedelta(days=7)}
PAGE_CAP = 40  # offset pagination, capped: 40 pages of 25; search narrows beyond that
PARTIAL_PII_MIN = 4

auto_reports = table("auto_reports", column("claim_id", Integer), column("vehicle_plate", String))
work_tasks = table(
    "tasks", column("id", Integer), column("claim_id", Integer), column("kind", String),
    column("assignee_id", Integer), column("status", String), column("role", String),
    column("created_at", DateTime(timezone=True)), column("due_at", DateTime(timezone=True)),
)  # fmt: skip
# The sort a user may choose → the column of the work subquery it sorts by.
SORT_COLUMNS = {
    "due": "due", "claim_no": "claim_no", "insured": "name", "status": "status",
    "claimed": "claimed_amount", "payable": "payable", "created": "created_at",
}  # fmt: skip


@dataclass(frozen=True)
class WorkFilter:
    tab: str = ALL
    line: str = ""  # line of business
    status: str = ""
    due: str = ""  # "" | today | week
    min_amount: Decimal | None = None
    max_amount: Decimal | None = None
    q: str = ""
    sort: str = "due"
    desc: bool = False


@dataclass(frozen=True)
class WorkRow:
    task_id: int
    task_kind: str
    claim_id: int
    claim_no: str
    status: str
    line: str
    insured_name: str
    id_number: str
    phone: str
    plate: str
    claimed: Decimal
    payable: Decimal | None
    created_at: datetime
    due_at: datetime
    sla: str


@dataclass(frozen=True)
class WorkPage:
    rows: list[WorkRow]
    count: int  # of the filtered work, all pages
    claimed: Decimal
    payable: Decimal
    tabs: dict[str, int] = field(default_factory=dict)  # per SLA tab, other filters applied
    more: bool = False


def work_page(
    uow: ReadUnit, actor: User, now: datetime, work: WorkFilter, page: int, size: int
) -> WorkPage:
    """The actor's open tasks, filtered, sorted and paginated, with totals and tab counts, in
    one statement (a second only when the page is empty, for the tab counts)."""
    require(actor, Permission.READ_ALL_CLAIMS)
    page = min(max(page, 0), PAGE_CAP - 1)
    mine = _mine(actor, work, now)
    tab = {NEW: mine.c.is_new == 1, AT_RISK: mine.c.sla == AT_RISK,
           BREACHED: mine.c.sla == BREACHED}.get(work.tab)  # fmt: skip
    sort_key = SORT_COLUMNS.get(work.sort, "due")
    order = mine.c[sort_key].desc() if work.desc else mine.c[sort_key].asc()
    query = (
        select(
            mine,
            func.count().over().label("n"),
            func.sum(mine.c.claimed_amount).over().label("claimed_total"),
            func.sum(func.coalesce(mine.c.payable, 0)).over().label("payable_total"),
        )
        .where(*([tab] if tab is not None else []))
        .order_by(order, mine.c.task_id)
        .limit(size + 1)
        .offset(page * size)
    )
    with uow:
        rows = uow.portal.rows(query)
        counts = uow.portal.rows(select(*_tab_sums(mine))) if not rows else None
    return _page(actor, rows, size, counts[0] if counts else None)


def _mine(actor: User, work: WorkFilter, now: datetime) -> Any:
    """The actor's open tasks under every filter but the tab, with their SLA state and the
    count of each tab as window aggregates (computed before the tab narrows the rows)."""
    running, due, sla = sla_parts(now)
    payable = (
        select(adjudications.c.claim_id, func.max(adjudications.c.payable).label("payable"))
        .where(adjudications.c.active.is_(True))
        .group_by(adjudications.c.claim_id)
        .subquery()
    )
    t = work_tasks.c
    is_new = case((t.created_at >= now - NEW_WITHIN, 1), else_=0)
    return (
        select(
            t.id.label("task_id"), t.kind, claims.c.id.label("claim_id"), claims.c.claim_no,
            claims.c.status, claims.c.line_of_business, insured.c.name, insured.c.id_number,
            insured.c.phone, auto_reports.c.vehicle_plate, claims.c.claimed_amount,
            payable.c.payable, t.created_at, due.label("due"), sla.label("sla"),
            is_new.label("is_new"),
            func.count().over().label("n_all"),
            func.sum(is_new).over().label("n_new"),
            func.sum(case((sla == AT_RISK, 1), else_=0)).over().label("n_at_risk"),
            func.sum(case((sla == BREACHED, 1), else_=0)).over().label("n_breached"),
        )
        .select_from(work_tasks)
        .join(claims, t.claim_id == claims.c.id)
        .join(insured, insured.c.id == claims.c.insured_person_id)
        .outerjoin(running, running.c.claim_id == claims.c.id)
        .outerjoin(payable, payable.c.claim_id == claims.c.id)
        .outerjoin(auto_reports, auto_reports.c.claim_id == claims.c.id)
        .where(t.status == "open", t.assignee_id == actor.id, *_filters(actor, work, now, due))
        .subquery()
    )  # fmt: skip


def sla_parts(now: datetime) -> tuple[Any, Any, Any]:
    """The claims' earliest running deadline (a subquery to outer-join on claim_id), the due
    time of a task (that deadline, else its own) and its SLA state, as SQL expressions."""
    running = (
        select(deadlines.c.claim_id, func.min(deadlines.c.due_at).label("due"),
               func.min(deadlines.c.at_risk_at).label("risk"))
        .where(deadlines.c.done_at.is_(None), deadlines.c.cancelled_at.is_(None))
        .where(deadlines.c.paused_since.is_(None))  # awaiting the claimant: clock stopped
        .group_by(deadlines.c.claim_id).subquery()
    )  # fmt: skip
    due = func.coalesce(running.c.due, work_tasks.c.due_at)
    sla = case(
        (due < now, literal(BREACHED)),
        (and_(running.c.risk.is_not(None), running.c.risk <= now), literal(AT_RISK)),
        else_=literal(ON_TRACK),
    )
    return running, due, sla


def _tab_sums(mine: Any) -> list[Any]:
    return [func.count(), func.sum(mine.c.is_new),
            func.sum(case((mine.c.sla == AT_RISK, 1), else_=0)),
            func.sum(case((mine.c.sla == BREACHED, 1), else_=0))]  # fmt: skip


def _filters(actor: User, work: WorkFilter, now: datetime, due: Any) -> list[Any]:
    found: list[Any] = []
    if work.line:
        found.append(claims.c.line_of_business == work.line)
    if work.status:
        found.append(claims.c.status == work.status)
    if work.due in DUE_WINDOWS:
        found.append(due <= now + DUE_WINDOWS[work.due])
    if work.min_amount is not None:
        found.append(claims.c.claimed_amount >= _fen(work.min_amount))
    if work.max_amount is not None:
        found.append(claims.c.claimed_amount <= _fen(work.max_amount))
    term = work.q.strip()
    if term:
        found.append(_search(actor, term))
    return found


def _search(actor: User, term: str) -> Any:
    """Partial: claim number, name, plate; ID number and phone partly only with VIEW_PII."""
    partial = [
        claims.c.claim_no.contains(term.upper(), autoescape=True),
        insured.c.name.contains(term, autoescape=True),
        auto_reports.c.vehicle_plate.contains(term.upper(), autoescape=True),
    ]
    if actor.can(Permission.VIEW_PII) and len(term) >= PARTIAL_PII_MIN:
        partial += [
            insured.c.id_number.contains(term.upper(), autoescape=True),
            insured.c.phone.contains(term, autoescape=True),
        ]
    else:
        partial += [insured.c.id_number == term.upper(), insured.c.phone == term]
    return or_(*partial)


def _fen(amount: Decimal) -> int:
    return int((amount / FEN).to_integral_value())


def _page(actor: User, rows: list[Any], size: int, counts: Any) -> WorkPage:
    pii = actor.can(Permission.VIEW_PII)
    first = rows[0] if rows else None
    sums = (first.n_all, first.n_new, first.n_at_risk, first.n_breached) if first else counts
    tabs = dict(zip((ALL, NEW, AT_RISK, BREACHED), (int(v or 0) for v in sums or ()), strict=False))
    return WorkPage(
        rows=[_row(row, pii) for row in rows[:size]],
        count=int(first.n) if first is not None else 0,
        claimed=money(first.claimed_total if first is not None else 0),
        payable=money(first.payable_total if first is not None else 0),
        tabs={tab: tabs.get(tab, 0) for tab in TABS},
        more=len(rows) > size,
    )


def _row(row: Any, pii: bool) -> WorkRow:
    id_number, phone = row.id_number or "", row.phone or ""
    if not pii:
        id_number, phone = mask_id_number(id_number), mask_phone(phone)
    return WorkRow(
        task_id=row.task_id, task_kind=row.kind, claim_id=row.claim_id, claim_no=row.claim_no,
        status=row.status, line=row.line_of_business, insured_name=row.name,
        id_number=id_number, phone=phone, plate=row.vehicle_plate or "",
        claimed=money(row.claimed_amount),
        payable=None if row.payable is None else money(row.payable),
        created_at=utc(row.created_at), due_at=utc(row.due), sla=row.sla,
    )  # fmt: skip
