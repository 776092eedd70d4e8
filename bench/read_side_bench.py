"""Read-side benchmark: each report's figures beside DuckDB computing them over the same database.

Run from the repository root (load the book first with bench/read_side_data.py; DuckDB and
its scanners come with `pip install -e '.[bench]'`):
    .venv/bin/python bench/read_side_bench.py sqlite:////tmp/claimdesk-bench.db [2026-11]
    .venv/bin/python bench/read_side_bench.py postgresql+psycopg://u:p@host/db [2026-11] [runs]
        [figure,figure…]   (only the figures whose name contains one of these words)

For each figure, best of 3 (seconds): the project's path (what the page, the download, the
API or the command runs), then DuckDB computing the same figures over the same SQLite file or
PostgreSQL database (its sqlite/postgres scanner, ATTACHed read-only), and the ratio. Prints
the load average before and after (the machine is shared: compare ratios, not seconds).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import duckdb
from sqlalchemy.engine import make_url

from claimdesk.adapters.report_files import render
from claimdesk.analytics.dashboard import manager_dashboard
from claimdesk.analytics.management import loss_ratio_report, reserve_report
from claimdesk.analytics.management_people import staff_report
from claimdesk.analytics.monitoring_queries import compute_figures
from claimdesk.analytics.monitoring_sheets import sheets
from claimdesk.analytics.monitoring_sql import monitoring_table_sql
from claimdesk.analytics.sla_queries import sla_report_for
from claimdesk.bootstrap import build_container
from claimdesk.config import Settings
from claimdesk.domain.months import parse_month
from claimdesk.domain.users import Role, User
from claimdesk.web.ui.dashboard_workbook import workbook

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
MANAGER = User(1, "bench", "bench", Role.MANAGER)
RUNS = 3


def best_of(work: Callable[[], Any]) -> tuple[float, float]:
    """(wall, CPU of this process) of the fastest run: on a shared machine the wall time
    includes waiting for a core; the CPU time is SQLite's work (it runs in the process) or,
    on PostgreSQL, the client's share only."""
    timings = []
    for _ in range(RUNS):
        started, cpu = time.perf_counter(), time.process_time()
        work()
        timings.append((time.perf_counter() - started, time.process_time() - cpu))
    return min(timings)


def project_figures(url: str, month_text: str) -> dict[str, Callable[[], Any]]:
    container = build_container(Settings(database_url=url))
    month = parse_month(month_text)

    def dashboard() -> Any:
        figures = manager_dashboard(container.uow(), MANAGER, NOW)
        return figures, sla_report_for(container.uow(), MANAGER, NOW)

    def dashboard_excel() -> bytes:
        stream = BytesIO()
        workbook(*dashboard(), "zh").save(stream)
        return stream.getvalue()

    def monitoring() -> dict[str, Any]:
        with container.uow() as uow:
            return compute_figures(uow.portal, month, NOW)

    def monitoring_only() -> Any:  # without the month's loss ratio (DuckDB's row has none)
        with container.uow() as uow:
            return monitoring_table_sql(uow.portal, month, NOW)

    return {
        "dashboard page (figures)": dashboard,
        "dashboard Excel": dashboard_excel,
        "SLA report (API / CLI)": lambda: sla_report_for(container.uow(), MANAGER, NOW),
        "monitoring table": monitoring,
        "monitoring, table only": monitoring_only,
        "monitoring Excel": lambda: render("xlsx", "理赔时效监测表", sheets(monitoring(), "zh")),
        "loss ratio (month)": lambda: loss_ratio_report(
            container.uow(), MANAGER, str(month), Decimal("0.90")
        ),
        "reserves + IBNR": lambda: reserve_report(container.uow(), MANAGER, NOW, None),
        "staff KPIs (month)": lambda: staff_report(container.uow(), MANAGER, str(month)),
    }


def duck(url: str) -> duckdb.DuckDBPyConnection:
    """DuckDB with the database ATTACHed as `db` through its scanner (offline extension files)."""
    import duckdb_ext  # type: ignore[import-not-found]

    connection = duckdb.connect()
    root = Path(duckdb_ext.__path__[0]) / "extensions" / f"v{duckdb.__version__}" / "linux_amd64"
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        connection.execute(f"LOAD '{root / 'sqlite_scanner.duckdb_extension'}'")
        connection.execute(f"ATTACH '{parsed.database}' AS db (TYPE sqlite, READ_ONLY)")
    else:
        connection.execute(f"LOAD '{root / 'postgres_scanner.duckdb_extension'}'")
        dsn = (f"host={parsed.host} port={parsed.port or 5432} dbname={parsed.database} "
               f"user={parsed.username} password={parsed.password}")  # fmt: skip
        connection.execute(f"ATTACH '{dsn}' AS db (TYPE postgres, READ_ONLY)")
    connection.execute("SET TimeZone = 'UTC'")
    return connection


def duck_figures(connection: duckdb.DuckDBPyConnection, month: str) -> dict[str, Any]:
    first = f"DATE '{month}-01'"
    start = f"(TIMESTAMP '{month}-01 00:00:00' - INTERVAL 8 HOUR)"
    end = f"({start} + INTERVAL 1 MONTH)"
    now = f"TIMESTAMP '{NOW:%Y-%m-%d %H:%M:%S}'"
    bj = "strftime({} + INTERVAL 8 HOUR, '%Y-%m')"
    days = "(epoch({1}) - epoch({0})) / 86400.0"
    stages = ", ".join(
        f"count({days.format(a, b)}), avg({days.format(a, b)})"
        for a, b in (("reported_at", "accepted_at"), ("accepted_at", "materials_complete_at"),
                     ("materials_complete_at", "adjudicated_at"),
                     ("adjudicated_at", "approved_at"), ("approved_at", "paid_at"))
    )  # fmt: skip
    sla = (f"SELECT code, count(done_at), count(CASE WHEN done_at <= due_at THEN 1 END), "
           f"count(CASE WHEN done_at IS NULL AND paused_since IS NULL AND at_risk_at <= {now} "
           f"AND {now} <= due_at THEN 1 END), count(CASE WHEN done_at IS NULL AND paused_since "
           f"IS NULL AND {now} > due_at THEN 1 END) FROM db.claim_deadlines "
           f"WHERE cancelled_at IS NULL GROUP BY code")  # fmt: skip
    dashboard = [
        "SELECT line_of_business, reported_month, count(*), sum(paid_amount) "
        "FROM db.claim_milestones WHERE reported_month >= '2025-12' GROUP BY ALL",
        f"SELECT {stages} FROM db.claim_milestones WHERE reported_at >= "
        "TIMESTAMP '2025-11-30 16:00:00'",
        f"SELECT CASE WHEN m.reported_at > {now} - INTERVAL 8 DAY THEN '0-7' WHEN m.reported_at"
        f" > {now} - INTERVAL 31 DAY THEN '8-30' WHEN m.reported_at > {now} - INTERVAL 91 DAY "
        "THEN '31-90' ELSE '>90' END AS band, count(*), sum(m.claimed_amount), sum(r.amount) "
        "FROM db.claim_milestones m LEFT JOIN (SELECT claim_id, arg_max(amount, id) AS amount "
        "FROM db.reserves GROUP BY claim_id) r USING (claim_id) WHERE m.closed_at IS NULL "
        "GROUP BY band",
        "SELECT u.username, count(*) FROM db.tasks t JOIN db.users u ON u.id = t.assignee_id "
        "WHERE t.status = 'open' GROUP BY ALL",
        sla,
    ]
    span = "(epoch({1}) - epoch({0})) / 86400.0"
    durations = ", ".join(
        f"count(CASE WHEN {b} >= {start} AND {b} < {end} THEN 1 END), "
        f"avg(CASE WHEN {b} >= {start} AND {b} < {end} THEN {span.format(a, b)} END), "
        f"quantile_disc(CASE WHEN {b} >= {start} AND {b} < {end} THEN {span.format(a, b)} END,"
        f" 0.9)"
        for a, b in (("reported_at", "coalesce(registered_at, accepted_at)"),
                     ("coalesce(registered_at, accepted_at)", "adjudicated_at"),
                     ("adjudicated_at", "approved_at"), ("approved_at", "paid_at"),
                     ("reported_at", "closed_at"))
    )  # fmt: skip
    monitoring = [
        f"SELECT line_of_business, count(CASE WHEN reported_month = '{month}' THEN 1 END), "
        f"count(CASE WHEN closed_month = '{month}' THEN 1 END), "
        f"count(CASE WHEN closed_month = '{month}' AND outcome = 'paid' THEN 1 END), "
        f"sum(CASE WHEN closed_month = '{month}' AND outcome = 'paid' THEN paid_amount END), "
        f"count(CASE WHEN reported_at < {end} AND (closed_at IS NULL OR closed_at >= {end}) "
        f"THEN 1 END), {durations} FROM db.claim_milestones WHERE reported_month = '{month}' "
        f"OR closed_month = '{month}' OR (reported_at < {end} AND (closed_at IS NULL OR "
        f"closed_at >= {end})) GROUP BY ROLLUP (line_of_business)",
    ]
    paid = ("(SELECT claim_id, sum(amount) AS paid FROM db.payment_instructions "
            "WHERE status = 'paid' GROUP BY claim_id)")  # fmt: skip
    latest = "(SELECT claim_id, arg_max(amount, id) AS booked FROM db.reserves GROUP BY claim_id)"
    loss_ratio = [
        f"SELECT line_of_business, product_code, sum(premium * (least(period_end, last_day("
        f"{first})) - greatest(period_start, {first}) + 1) / (period_end - period_start + 1)) "
        f"FROM db.policies WHERE period_start <= last_day({first}) AND period_end >= {first} "
        "GROUP BY ALL",
        f"SELECT c.line_of_business, c.product_code, count(*), sum(coalesce(p.paid, 0)), "
        f"sum(CASE WHEN c.status IN ('paid', 'closed', 'archived', 'denied', 'withdrawn') "
        f"THEN 0 ELSE greatest(coalesce(r.booked, 0) - coalesce(p.paid, 0), 0) END) "
        f"FROM db.claims c LEFT JOIN {paid} p ON p.claim_id = c.id LEFT JOIN {latest} r "
        f"ON r.claim_id = c.id WHERE c.incident_date BETWEEN {first} AND last_day({first}) "
        "GROUP BY ALL",
    ]
    reserves = [
        f"SELECT c.line_of_business, {bj.format('c.reported_at')}, count(*), "
        f"sum(greatest(coalesce(r.booked, 0) - coalesce(p.paid, 0), 0)) FROM db.claims c "
        f"LEFT JOIN {paid} p ON p.claim_id = c.id LEFT JOIN {latest} r ON r.claim_id = c.id "
        "WHERE c.status NOT IN ('paid', 'closed', 'archived', 'denied', 'withdrawn') "
        "GROUP BY ALL",
        f"SELECT {bj.format('c.reported_at')}, "
        f"{bj.format('coalesce(p.released_at, p.created_at)')}, sum(p.amount) "
        "FROM db.payment_instructions p JOIN db.claims c ON c.id = p.claim_id "
        f"WHERE p.status = 'paid' AND coalesce(p.released_at, p.created_at) < {now} "
        "GROUP BY ALL",
    ]
    staff = [
        f"SELECT a.actor, count(*), avg(epoch(a.at) - epoch(c.reported_at)), "
        f"sum(coalesce(d.late, 0)) FROM db.audit_records a JOIN db.claims c "
        f"ON CAST(c.id AS VARCHAR) = a.entity_id LEFT JOIN (SELECT claim_id, count(CASE WHEN "
        f"done_at > due_at THEN 1 END) AS late FROM db.claim_deadlines WHERE cancelled_at IS "
        f"NULL GROUP BY claim_id) d ON d.claim_id = c.id WHERE a.entity_type = 'claim' AND "
        f"a.action = 'move:closed' AND a.at >= {start} AND a.at < {end} GROUP BY a.actor",
    ]
    return {
        "dashboard page (figures)": dashboard,
        "dashboard Excel": dashboard,
        "SLA report (API / CLI)": [sla],
        "monitoring table": monitoring,
        "monitoring, table only": monitoring,
        "monitoring Excel": monitoring,
        "loss ratio (month)": loss_ratio,
        "reserves + IBNR": reserves,
        "staff KPIs (month)": staff,
    }


def main(url: str, month: str, only: Sequence[str] = ()) -> None:
    ours = {name: work for name, work in project_figures(url, month).items()
            if not only or any(word in name for word in only)}  # fmt: skip
    connection = duck(url)
    theirs = duck_figures(connection, month)
    claims = connection.execute("SELECT count(*) FROM db.claims").fetchone()
    print(f"{url}: {claims[0] if claims else 0:,} claims; month {month}; "
          f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    print(f"{'figure':<28}{'project':>10}{'(CPU)':>9}{'DuckDB':>10}{'ratio':>8}")
    for name, work in ours.items():
        mine, cpu = best_of(work)
        statements = theirs[name]
        baseline, _ = best_of(lambda s=statements: [connection.execute(q).fetchall() for q in s])
        print(f"{name:<28}{mine:>9.3f}s{cpu:>8.3f}s{baseline:>9.3f}s{mine / baseline:>7.2f}x",
              flush=True)  # fmt: skip
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    if len(sys.argv) > 3:  # e.g. 1 at a million claims, where DuckDB scans take seconds
        RUNS = int(sys.argv[3])
    only = sys.argv[4].split(",") if len(sys.argv) > 4 else ()
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "2026-11", only)
