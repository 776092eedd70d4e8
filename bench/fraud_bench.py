"""Anti-fraud benchmark: model quality on fraud_oracle, detectors on the synthetic book, speed.

Run from the repository root:  .venv/bin/python bench/fraud_bench.py [--speed]
(`--speed`: only the two scoring-throughput figures). fraud_oracle.csv is read from
../shared/data/ and never copied into the project.

Throughput is claims per CPU-second of the scoring thread (`time.process_time`, one thread):
on the shared 2-core machine the wall clock mostly measures the other engineers' load, which
is printed beside it.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import date
from pathlib import Path

import polars as pl

from claimdesk.fraud.blacklist import check_blacklist
from claimdesk.fraud.claim_features import claim_plan, synthetic_claim_table
from claimdesk.fraud.columns import plan_columns, read_table
from claimdesk.fraud.duplicates import duplicated_record_ids
from claimdesk.fraud.evaluation import Metrics, cross_validate, out_of_time
from claimdesk.fraud.model import RiskModel, score, train_model
from claimdesk.fraud.rings import find_rings
from claimdesk.fraud.selection import choose
from claimdesk.fraud.synthetic import generate_book
from claimdesk.services.fraud.scoring import CLAIM_MODEL_PARAMS

ORACLE = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "fraud_oracle.csv"
LABEL = "FraudFound_P"


def show(title: str, metrics: Metrics) -> None:
    print(
        f"{title}: ROC-AUC {metrics.roc_auc:.4f}  PR-AUC {metrics.pr_auc:.4f}  "
        f"top-10% fraud share {metrics.top_decile_share:.3f} (base {metrics.base_rate:.3f})  "
        f"Brier {metrics.brier:.4f}"
    )


def oracle_quality() -> pl.DataFrame:
    table = read_table(str(ORACLE))
    plan = plan_columns(table, LABEL)
    show("fraud_oracle 5-fold CV", cross_validate(table, plan, folds=5))
    timed = plan_columns(table, LABEL, time_column="Year")
    show(
        "fraud_oracle out-of-time (train 1994-1995, test 1996)",
        out_of_time(table, timed, "Year", "1995"),
    )
    return table


def timed_scoring(title: str, model: RiskModel, batch: pl.DataFrame) -> None:
    score(model, batch.head(1000))  # warm-up
    wall, cpu = time.perf_counter(), time.process_time()
    score(model, batch)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"{title}: {batch.height} claims in {cpu:.2f} CPU-s = {batch.height / cpu:,.0f}/s "
        f"on one thread (wall {wall:.2f}s = {batch.height / wall:,.0f}/s at load "
        f"{os.getloadavg()[0]:.1f})"
    )


def scoring_throughput(table: pl.DataFrame) -> None:
    """The generic model as `claimdesk fraud train` builds it: the configuration chosen by
    inner validation on all of fraud_oracle, then scored on the file ×7."""
    plan = plan_columns(table, LABEL)
    chosen = choose(table, plan)
    model = train_model(table, plan, chosen.params)
    timed_scoring(f"batch scoring (generic, `{chosen.name}`)", model, pl.concat([table] * 7))


def claims_model_throughput() -> None:
    """The stored-claims model (services/fraud_scoring.py: 30 trees of 7 leaves)."""
    table = synthetic_claim_table(rows=20_000, seed=1)
    quality = cross_validate(table, claim_plan(), folds=3, params=CLAIM_MODEL_PARAMS)
    show("stored-claims model on the synthetic claims table, 3-fold CV", quality)
    model = train_model(table, claim_plan(), CLAIM_MODEL_PARAMS)
    timed_scoring("stored-claims batch scoring", model, pl.concat([table] * 10))


def synthetic_detectors() -> None:
    book = generate_book(insureds=20_000, rings=150, seed=42)
    started = time.perf_counter()
    found = {member for group in find_rings(book.parties) for member in group.insured_ids}
    ring_seconds = time.perf_counter() - started
    planted = {member for ring in book.planted_rings for member in ring}
    precision = len(found & planted) / max(1, len(found))
    recall = len(found & planted) / len(planted)
    print(
        f"rings: precision {precision:.3f} recall {recall:.3f} "
        f"({len(book.parties)} claims, {ring_seconds:.2f}s)"
    )
    duplicates = duplicated_record_ids(book.invoices)
    exact = len(duplicates & book.planted_duplicate_ids) / len(book.planted_duplicate_ids)
    print(
        f"duplicate invoices: recall {exact:.3f}, "
        f"false {len(duplicates - book.planted_duplicate_ids)}"
    )
    hits = {
        i
        for i, n in book.id_numbers.items()
        if check_blacklist(n, book.blacklist, date(2024, 6, 1)).hit
    }
    print(
        f"blacklist: {len(hits)} hits, exactly the planted ones: {hits == book.planted_blacklisted}"
    )


def main() -> None:
    speed = "--speed" in sys.argv
    if not speed:
        synthetic_detectors()
    claims_model_throughput()
    if not ORACLE.is_file():
        print(f"skipped fraud_oracle figures: {ORACLE} not found")
        return
    scoring_throughput(read_table(str(ORACLE)) if speed else oracle_quality())


if __name__ == "__main__":
    main()
