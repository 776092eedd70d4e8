"""Fraud model evaluation: the project's model beside two baselines, same folds, same split.

Run from the repository root:  .venv/bin/python bench/fraud_eval.py [--quick]
fraud_oracle.csv is read from ../shared/data/ and never copied into the project. The
synthetic shapes are generated with fixed seeds and round-tripped through a CSV, so the
column typing (dates, `?` for missing) is part of what is measured.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

from claimdesk.fraud.columns import plan_columns, read_table
from claimdesk.fraud.evaluation import Comparison, compare_cross_validated, compare_out_of_time
from claimdesk.fraud.model import score, train_model
from claimdesk.fraud.report import comparison_lines
from claimdesk.fraud.selection import CANDIDATES, choose
from claimdesk.fraud.shapes import LABEL, SHAPES

ORACLE = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "fraud_oracle.csv"
ORACLE_LABEL = "FraudFound_P"


def show(title: str, comparison: Comparison) -> None:
    print(f"\n## {title}")
    for line in comparison_lines(comparison):
        print(line)


def oracle(quick: bool) -> pl.DataFrame:
    table = read_table(str(ORACLE))
    folds = 3 if quick else 5
    started = time.perf_counter()
    show(
        f"fraud_oracle, {folds}-fold CV",
        compare_cross_validated(table, plan_columns(table, ORACLE_LABEL), folds),
    )
    timed = plan_columns(table, ORACLE_LABEL, time_column="Year")
    show(
        "fraud_oracle, out-of-time (train 1994-1995, test 1996)",
        compare_out_of_time(table, timed, "Year", "1995"),
    )
    print(f"({time.perf_counter() - started:.0f}s)")
    return table


def synthetic(quick: bool) -> None:
    with tempfile.TemporaryDirectory() as directory:
        for name, make in SHAPES.items():
            path = Path(directory) / "shape.csv"
            make(0).write_csv(path)
            table = read_table(str(path))
            show(
                f"synthetic: {name}, 3-fold CV",
                compare_cross_validated(table, plan_columns(table, LABEL), 3),
            )
            if "dates" in name and not quick:
                timed = plan_columns(table, LABEL, time_column="incident_date")
                show(
                    f"synthetic: {name}, out-of-time (train ≤ 2022-06-30)",
                    compare_out_of_time(table, timed, "incident_date", "2022-06-30"),
                )


def throughput(table: pl.DataFrame) -> None:
    """Batch scoring of the configuration chosen on all of fraud_oracle (and of `deep`), one
    thread, in claims per CPU-second of that thread (the wall clock, printed beside, mostly
    measures the shared machine's load)."""
    plan = plan_columns(table, ORACLE_LABEL)
    chosen = choose(table, plan)
    for name in dict.fromkeys([chosen.name, "deep"]):
        model = train_model(table, plan, CANDIDATES[name])
        batch = pl.concat([table] * 7)
        score(model, batch.head(1000))
        wall, cpu = time.perf_counter(), time.process_time()
        score(model, batch)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(
            f"batch scoring ({name}): {batch.height} claims in {cpu:.2f} CPU-s = "
            f"{batch.height / cpu:,.0f}/s on one thread (wall {batch.height / wall:,.0f}/s "
            f"at load {os.getloadavg()[0]:.1f})"
        )


def main() -> None:
    quick = "--quick" in sys.argv
    synthetic(quick)
    if not ORACLE.is_file():
        print(f"skipped fraud_oracle figures: {ORACLE} not found")
        return
    throughput(oracle(quick))


if __name__ == "__main__":
    main()
