"""Read-side benchmark: the dashboard and the monthly 理赔时效监测表 over a loaded book.

Run from the repository root (load the book first with bench/read_side_data.py):
    .venv/bin/python bench/read_side_bench.py sqlite:////tmp/claimdesk-bench.db [2026-11]

Prints, best of 3 (seconds): each dashboard query, the whole dashboard, the monitoring
table's query + figures, and the Excel / PDF files of it.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from claimdesk.adapters.report_files import render
from claimdesk.analytics import dashboard_queries as q
from claimdesk.analytics.dashboard import manager_dashboard
from claimdesk.analytics.monitoring_queries import compute_figures, month_rows_query
from claimdesk.analytics.monitoring_sheets import sheets
from claimdesk.bootstrap import build_container
from claimdesk.config import Settings
from claimdesk.domain.months import parse_month
from claimdesk.domain.users import Role, User

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
MANAGER = User(1, "bench", "bench", Role.MANAGER)


def best_of(runs: int, work: Callable[[], Any]) -> tuple[float, Any]:
    timings, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        timings.append(time.perf_counter() - started)
    return min(timings), result


def main(url: str, month_text: str) -> None:
    container = build_container(Settings(database_url=url))
    month = parse_month(month_text)
    count = _rows(container, "SELECT COUNT(*) FROM claim_milestones")[0][0]
    print(f"{url}: {count:,} claims; month {month}; load average {os.getloadavg()[0]:.1f}")
    queries = {
        "dashboard volume": q.volume_query("2025-12"),
        "dashboard stages": q.stages_query(datetime(2025, 11, 30, 16, tzinfo=UTC)),
        "dashboard aging": q.aging_query(NOW),
        "dashboard workload": q.workload_query(),
        "monitoring rows": month_rows_query(month),
    }
    for name, statement in queries.items():
        seconds, rows = best_of(3, lambda s=statement: _run(container, s))
        print(f"{name:<28}{seconds:8.3f} s  ({len(rows):,} rows)")
    seconds, _ = best_of(3, lambda: manager_dashboard(container.uow(), MANAGER, NOW))
    print(f"{'dashboard (all figures)':<28}{seconds:8.3f} s")
    seconds, figures = best_of(3, lambda: _figures(container, month))
    print(f"{'monitoring table':<28}{seconds:8.3f} s")
    for kind in ("xlsx", "pdf"):
        seconds, _ = best_of(3, lambda k=kind: render(k, "理赔时效监测表", sheets(figures, "zh")))
        print(f"{'monitoring ' + kind + ' file':<28}{seconds:8.3f} s")


def _run(container: Any, statement: Any) -> list[Any]:
    with container.uow() as uow:
        return uow.portal.rows(statement)


def _figures(container: Any, month: Any) -> dict[str, Any]:
    with container.uow() as uow:
        return compute_figures(uow.portal, month, NOW)


def _rows(container: Any, sql: str) -> list[Any]:
    from sqlalchemy import text

    with container.engine.connect() as connection:
        return list(connection.execute(text(sql)))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "2026-11")
