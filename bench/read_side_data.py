"""Load a synthetic, realistic book of N claims straight into the tables the read side uses.

Run from the repository root:
    .venv/bin/python bench/read_side_data.py sqlite:////tmp/claimdesk-bench.db 1000000
    .venv/bin/python bench/read_side_data.py postgresql+psycopg://u:p@host/db 1000000
    … 1000000 by-report-time   (claim ids in report order, as claims created when reported get
                                them; the default spreads a month's claims over every page)

Seeded (the same N gives the same book; `by-report-time` deals the same report times to the
ids in ascending order and draws the rest from the same sequence: a book alike in every
proportion, not row for row). Two years of reports up to 2026-12-01 (Beijing), 60% health /
30% auto / 10% accident; most claims are settled (paid 80%, denied 12%, withdrawn 3%), recent
ones are more often open. Every table the reports read gets its rows:
claims and their `claim_milestones` row, time limits (`claim_deadlines`: registration,
decision after materials, payment after agreement), the reserve history (立案估损, released
at settlement), confirmed payments, open tasks, policies with premium, and the audit trail's
`move:closed` record of each paid claim (what the staff KPIs read; no other audit records).

Fast: the columns are generated with numpy (no Python loop per claim) and go in by the
database's bulk path — `executemany` on the raw sqlite3 connection (journal off while
loading), `COPY ... FROM STDIN` on PostgreSQL. The schema is created (or emptied) first.
"""

from __future__ import annotations

import io
import sqlite3
import sys
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from sqlalchemy import Engine, text

from claimdesk.adapters.db.engine import make_engine
from claimdesk.adapters.db.migrate import upgrade
from claimdesk.adapters.db.read_totals import milestone_backfill_statements, rebuild_statements

END = datetime(2026, 12, 1, tzinfo=UTC)
SPAN_DAYS = 730
SEED = 20261201
LINES = (("health", "tianan-group-medical", 0.6), ("auto", "auto-fleet", 0.3),
         ("accident", "student-accident", 0.1))  # fmt: skip
USERS = ("bench", "specialist", "specialist2", "approver", "finance")
# (milestone, low, high days after the previous one)
STEPS = (("accepted_at", 0.05, 2.0), ("registered_at", 0.0, 2.5),
         ("materials_complete_at", 0.0, 10.0), ("adjudicated_at", 0.5, 15.0),
         ("approved_at", 0.1, 5.0), ("paid_at", 0.5, 10.0))  # fmt: skip
OPEN_STATUS = ("reported", "accepted", "accepted", "under_review", "adjudicated",
               "payment_pending")  # the status while waiting for STEPS[i]  # fmt: skip
# Time limits kept per claim: (code, start milestone, end milestone, calendar days allowed)
LIMITS = (("registration", "reported_at", "registered_at", 2),
          ("decision_after_materials", "materials_complete_at", "adjudicated_at", 10),
          ("payment_after_agreement", "approved_at", "paid_at", 10))  # fmt: skip
DAY_US = 86_400 * 1_000_000
TS = pl.Datetime("us", "UTC")
LOSS_RATIO = 0.87  # premiums are set so the book runs at about this loss ratio
TABLES = ("audit_records", "tasks", "payment_instructions", "reserves", "claim_deadlines",
          "claim_milestones", "claims", "insured_persons", "policies", "users")  # fmt: skip


def build(count: int, by_report_time: bool = False) -> dict[str, pl.DataFrame]:
    """Every table's rows, from one seeded generator."""
    rng = np.random.default_rng(SEED)
    end_us = int(END.timestamp() * 1_000_000)
    ids = np.arange(1, count + 1, dtype=np.int64)
    line_index = np.searchsorted(np.cumsum([share for *_, share in LINES]), rng.random(count))
    line_index = np.minimum(line_index, len(LINES) - 1)
    reported = end_us - rng.integers(0, SPAN_DAYS * DAY_US, count)
    if by_report_time:
        reported = np.sort(reported)
    claimed = np.round(10 ** rng.uniform(2.3, 4.7, count) * 100).astype(np.int64)  # fen
    fate = rng.random(count)
    stamps: dict[str, np.ndarray] = {}
    at = reported.copy()
    alive = np.ones(count, dtype=bool)  # every step so far happened before END
    waiting = np.full(count, -1)  # index of the step the open claim waits for
    closed_at = np.full(count, -1, dtype=np.int64)
    outcome = np.full(count, "", dtype=object)
    for index, (name, low, high) in enumerate(STEPS):
        at = at + (rng.uniform(low, high, count) * DAY_US).astype(np.int64)
        decided = name == "adjudicated_at"
        stuck = alive & ((at >= end_us) | (decided & (fate > 0.95)))
        waiting[stuck] = index
        alive &= ~stuck
        if decided:  # denied (12%) or withdrawn (3%) when the adjudication is reached
            refused = alive & (fate > 0.80)
            outcome[refused & (fate <= 0.92)] = "denied"
            outcome[refused & (fate > 0.92)] = "withdrawn"
            closed_at[refused] = at[refused]
            alive &= ~refused
        stamps[name] = np.where(alive, at, -1)
    outcome[alive] = "paid"
    closed_at[alive] = stamps["paid_at"][alive]
    paid = np.where(alive, np.round(claimed * rng.uniform(0.5, 1.0, count)), 0).astype(np.int64)
    status = np.where(outcome != "", outcome, np.array(OPEN_STATUS, dtype=object)[waiting])
    lines = np.array([line for line, *_ in LINES], dtype=object)[line_index]
    products = np.array([p for _, p, _ in LINES], dtype=object)[line_index]
    handler = np.array(USERS[1:], dtype=object)[rng.integers(0, len(USERS) - 1, count)]
    base = pl.DataFrame(
        {"id": ids, "line": lines, "product": products, "status": status, "claimed": claimed,
         "paid": paid, "outcome": outcome, "handler": handler, "reported_at": reported,
         "closed_at": closed_at, **stamps, "line_index": line_index},
        schema_overrides={"line": pl.String, "product": pl.String, "status": pl.String,
                          "outcome": pl.String, "handler": pl.String},
    ).with_columns(
        pl.col("reported_at", "closed_at", *stamps).replace(-1, None).cast(TS),
        pl.col("outcome").replace("", None),
    )  # fmt: skip
    base = base.with_columns(claim_no=pl.format("LP{}{}", pl.col("reported_at").dt.strftime(
        "%Y%m%d"), pl.col("id").cast(pl.String).str.zfill(8)))  # fmt: skip
    return {
        "users": _users(),
        "policies": _policies(base),
        "insured_persons": _insured(),
        "claims": _claims(base),
        "claim_milestones": _milestones(base),
        "claim_deadlines": _deadlines(base),
        "reserves": _reserves(base),
        "payment_instructions": _payments(base),
        "tasks": _tasks(base, rng),
        "audit_records": _closings(base),
    }


def _month(column: str) -> pl.Expr:
    return (pl.col(column) + pl.duration(hours=8)).dt.strftime("%Y-%m")


def _users() -> pl.DataFrame:
    roles = ("manager", "specialist", "specialist", "approver", "finance")
    return pl.DataFrame({
        "id": range(1, len(USERS) + 1), "username": USERS, "display_name": USERS,
        "role": roles, "password_hash": ["-"] * len(USERS), "language": ["zh"] * len(USERS),
        "active": [True] * len(USERS), "created_at": [datetime(2024, 1, 1, tzinfo=UTC)] * 5,
    })  # fmt: skip


def _policies(base: pl.DataFrame) -> pl.DataFrame:
    """One policy per product over the whole span; premium ≈ incurred ÷ LOSS_RATIO."""
    totals = base.group_by("line_index").agg(pl.col("paid").sum(), pl.col("claimed").sum())
    by_index = {row["line_index"]: row for row in totals.iter_rows(named=True)}
    rows = []
    for index, (line, product, _) in enumerate(LINES):
        figures = by_index.get(index, {"paid": 0, "claimed": 0})
        incurred = figures["paid"] + figures["claimed"] // 20  # paid + some reserve
        rows.append({"id": index + 1, "policy_no": f"BENCH-{index + 1}", "product_code": product,
                     "policyholder": "bench", "period_start": date(2024, 12, 1),
                     "period_end": date(2026, 11, 30), "line_of_business": line,
                     "created_at": datetime(2024, 11, 1, tzinfo=UTC),
                     "premium": int(max(incurred, 100) / LOSS_RATIO)})  # fmt: skip
    return pl.DataFrame(rows)


def _insured() -> pl.DataFrame:
    return pl.DataFrame([{"id": i + 1, "policy_id": i + 1, "member_no": "E1", "name": "张三",
                          "id_number": "11010519491231002X", "phone": "", "bank_account": "",
                          "bank_name": "", "social_insurance": True, "conditions": "[]"}
                         for i in range(len(LINES))])  # fmt: skip


def _claims(base: pl.DataFrame) -> pl.DataFrame:
    policy = (pl.col("line_index") + 1).cast(pl.Int64)
    return base.select(
        "id", "claim_no", policy.alias("policy_id"), policy.alias("insured_person_id"),
        pl.col("product").alias("product_code"), pl.col("line").alias("line_of_business"),
        "status", pl.lit("").alias("status_reason"), "reported_at",
        pl.lit(1).alias("reported_by"),
        (pl.col("reported_at") + pl.duration(hours=8)).dt.date().alias("incident_date"),
        pl.lit("").alias("incident_description"), pl.col("claimed").alias("claimed_amount"),
        pl.lit(1).alias("version"), pl.col("reported_at").alias("updated_at"),
        pl.lit(False).alias("fast_track"), pl.lit(False).alias("difficult"),
        pl.lit("").alias("difficult_reason"),
    )  # fmt: skip


def _milestones(base: pl.DataFrame) -> pl.DataFrame:
    return base.select(
        pl.col("id").alias("claim_id"), "claim_no", pl.col("product").alias("product_code"),
        pl.col("line").alias("line_of_business"), "status", "reported_at",
        _month("reported_at").alias("reported_month"),
        *(name for name, *_ in STEPS), "closed_at", _month("closed_at").alias("closed_month"),
        "outcome", pl.col("claimed").alias("claimed_amount"), pl.col("paid").alias("paid_amount"),
        "handler", pl.lit(None, pl.String).alias("open_reason"),
        pl.lit("").alias("open_reason_note"), pl.col("reported_at").alias("updated_at"),
    )  # fmt: skip


def _deadlines(base: pl.DataFrame) -> pl.DataFrame:
    """Each limit starts on its start milestone; done at its end milestone; cancelled when the
    claim was settled without reaching it (e.g. payment after a denial)."""
    parts = []
    for code, start, end, days in LIMITS:
        due = pl.col(start) + pl.duration(days=days)
        parts.append(base.filter(pl.col(start).is_not_null()).select(
            pl.col("id").alias("claim_id"), pl.lit(code).alias("code"),
            pl.col(start).alias("started_at"), due.alias("due_at"),
            (pl.col(start) + pl.duration(hours=days * 24 * 4 // 5)).alias("at_risk_at"),
            pl.col(end).alias("done_at"),
            pl.when(pl.coalesce(pl.col(end), pl.lit(END)) > due).then(due).alias("breached_at"),
            pl.when(pl.col(end).is_null() & pl.col("closed_at").is_not_null())
            .then(pl.col("closed_at")).alias("cancelled_at"),
            pl.lit(None, TS).alias("paused_since"), pl.lit(0).alias("paused_days"),
            pl.lit("[]").alias("uncertain_years"),
        ))  # fmt: skip
    frame = pl.concat(parts).sort("claim_id", "started_at")
    return frame.with_row_index("id", offset=1).with_columns(pl.col("id").cast(pl.Int64))


def _reserves(base: pl.DataFrame) -> pl.DataFrame:
    """立案估损 at registration (80% of the claimed amount); a release row (0) at settlement."""
    registered = base.filter(pl.col("registered_at").is_not_null())
    estimate = registered.select(
        pl.col("id").alias("claim_id"), (pl.col("claimed") * 4 // 5).alias("amount"),
        pl.lit("registration").alias("basis"), pl.col("registered_at").alias("set_at"),
        pl.lit("system").alias("set_by"), pl.lit("立案估损").alias("reason"),
    )  # fmt: skip
    released = registered.filter(pl.col("closed_at").is_not_null()).select(
        pl.col("id").alias("claim_id"), pl.lit(0, pl.Int64).alias("amount"),
        pl.lit("settlement").alias("basis"), pl.col("closed_at").alias("set_at"),
        pl.lit("system").alias("set_by"), pl.lit("结案释放").alias("reason"),
    )  # fmt: skip
    frame = pl.concat([estimate, released]).sort("claim_id", "set_at")
    return frame.with_row_index("id", offset=1).with_columns(pl.col("id").cast(pl.Int64))


def _payments(base: pl.DataFrame) -> pl.DataFrame:
    paid = base.filter(pl.col("outcome") == "paid")
    return paid.select(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("id"), pl.col("id").alias("claim_id"),
        pl.lit("settlement").alias("kind"), pl.col("paid").alias("amount"),
        pl.lit("张三").alias("payee_name"), pl.lit("11010519491231002X").alias("payee_id_number"),
        pl.lit("6222020000000000000").alias("bank_account"), pl.lit("工商银行").alias("bank_name"),
        pl.lit("").alias("authorised_reason"), pl.lit("paid").alias("status"),
        pl.lit(5).alias("created_by"), pl.col("approved_at").alias("created_at"),
        pl.lit(5).alias("released_by"), pl.col("paid_at").alias("released_at"),
        pl.lit("").alias("bank_reference"), pl.lit("").alias("failure_reason"),
    )  # fmt: skip


def _closings(base: pl.DataFrame) -> pl.DataFrame:
    """The `move:closed` audit record of every paid claim, by its handler (hashes left blank:
    the reports never read them)."""
    paid = base.filter(pl.col("outcome") == "paid").sort("closed_at", "id")
    return paid.select(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("seq"),
        pl.col("closed_at").alias("at"), pl.col("handler").alias("actor"),
        pl.lit("move:closed").alias("action"), pl.lit("claim").alias("entity_type"),
        pl.col("id").cast(pl.String).alias("entity_id"), pl.lit(None, pl.String).alias("before"),
        pl.lit('{"status": "closed"}').alias("after"), pl.lit("").alias("reason"),
        pl.lit("").alias("prev_hash"), pl.lit("").alias("hash"),
    )  # fmt: skip


def _tasks(base: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """One open task per open claim, assigned to one of the staff."""
    open_claims = base.filter(pl.col("closed_at").is_null())
    assignee = rng.integers(2, len(USERS) + 1, open_claims.height)
    return open_claims.select(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("id"), pl.col("id").alias("claim_id"),
        pl.lit("review").alias("kind"), pl.lit("specialist").alias("role"),
        pl.Series("assignee_id", assignee, pl.Int64), pl.lit("open").alias("status"),
        pl.col("reported_at").alias("created_at"),
        (pl.col("reported_at") + pl.duration(days=3)).alias("due_at"), pl.lit("").alias("note"),
    )  # fmt: skip


def load(url: str, tables: dict[str, pl.DataFrame]) -> None:
    engine = make_engine(url)
    if engine.dialect.name == "sqlite":  # a throw-away file: start from nothing
        for suffix in ("", "-wal", "-shm"):
            Path(f"{engine.url.database}{suffix}").unlink(missing_ok=True)
    upgrade(url)
    _empty(engine)
    if engine.dialect.name == "sqlite":
        raw: Any = sqlite3.connect(str(engine.url.database), isolation_level=None)
        for pragma in ("foreign_keys=OFF", "synchronous=OFF", "cache_size=-200000"):
            raw.execute(f"PRAGMA {pragma}")
        raw.execute("BEGIN")
        writer = _executemany
    else:
        raw, writer = engine.raw_connection(), _copy
    try:
        cursor = raw.cursor()
        restore = _unconstrain(cursor) if engine.dialect.name == "postgresql" else []
        for name in reversed(TABLES):
            writer(cursor, name, tables[name])
        for statement in restore:
            cursor.execute(statement)
        if engine.dialect.name == "postgresql":
            for name in TABLES:
                if name not in ("claim_milestones", "audit_records"):
                    cursor.execute(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                   f"(SELECT max(id) FROM {name}))")  # fmt: skip
        raw.execute("COMMIT") if engine.dialect.name == "sqlite" else raw.commit()
    finally:
        raw.close()
    with engine.begin() as connection:  # what the writes keep, from the rows (as the migration)
        dialect = engine.dialect.name
        for statement in [*milestone_backfill_statements(dialect), *rebuild_statements(dialect)]:
            connection.execute(text(statement))
        connection.execute(text("ANALYZE"))
    engine.dispose()


def _empty(engine: Engine) -> None:
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text(f"TRUNCATE {', '.join(TABLES)} CASCADE"))
        else:
            for name in TABLES:
                connection.execute(text(f"DELETE FROM {name}"))


def _executemany(cursor: Any, name: str, frame: pl.DataFrame) -> None:
    """Indexes are dropped while the rows go in and built again after (one sort each)."""
    indexes = cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
        "AND tbl_name = ? AND sql IS NOT NULL",
        (name,),
    ).fetchall()
    for index, _ in indexes:
        cursor.execute(f"DROP INDEX {index}")
    frame = frame.with_columns(
        pl.col(pl.Datetime).dt.strftime("%Y-%m-%d %H:%M:%S%.6f"),
        pl.col(pl.Date).dt.strftime("%Y-%m-%d"),
        pl.col(pl.Boolean).cast(pl.Int8),
    )
    marks = ", ".join("?" * frame.width)
    sql = f"INSERT INTO {name} ({', '.join(frame.columns)}) VALUES ({marks})"
    for chunk in frame.iter_slices(100_000):
        cursor.executemany(sql, chunk.iter_rows())
    for _, create in indexes:
        cursor.execute(create)


def _unconstrain(cursor: Any) -> list[str]:
    """PostgreSQL: drop the loaded tables' foreign keys and plain indexes; returns the
    statements that put them back (indexes first, then the keys, checked in one pass each)."""
    listed = ", ".join(f"'{name}'" for name in TABLES)
    cursor.execute(f"SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                   f"FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text "
                   f"IN ({listed})")  # fmt: skip
    keys = cursor.fetchall()
    cursor.execute(f"SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ({listed}) "
                   f"AND indexname NOT IN (SELECT conname FROM pg_constraint)")  # fmt: skip
    indexes = cursor.fetchall()
    for table_name, name, _ in keys:
        cursor.execute(f'ALTER TABLE {table_name} DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _, definition in indexes] + [
        f'ALTER TABLE {table_name} ADD CONSTRAINT "{name}" {definition}'
        for table_name, name, definition in keys
    ]


def _copy(cursor: Any, name: str, frame: pl.DataFrame) -> None:
    frame = frame.with_columns(pl.col(pl.Datetime).dt.strftime("%Y-%m-%d %H:%M:%S%.6f+00"))
    sql = (f"COPY {name} ({', '.join(frame.columns)}) FROM STDIN "
           f"(FORMAT csv, NULL '\\N')")  # fmt: skip
    with cursor.copy(sql) as copy:
        for chunk in frame.iter_slices(200_000):
            buffer = io.BytesIO()
            chunk.write_csv(buffer, include_header=False, null_value="\\N")
            copy.write(buffer.getvalue())


def main(argv: Sequence[str]) -> None:
    url, count = argv[0], int(argv[1]) if len(argv) > 1 else 100_000
    started = time.perf_counter()
    tables = build(count, by_report_time="by-report-time" in argv[2:])
    built = time.perf_counter()
    load(url, tables)
    done = time.perf_counter()
    rows = sum(frame.height for frame in tables.values())
    print(f"loaded {count:,} claims ({rows:,} rows) into {url}: "
          f"generated {built - started:.1f} s, written {done - built:.1f} s")  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1:])
