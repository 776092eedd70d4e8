"""Adjudication benchmarks: per-claim engine latency and columnar batch throughput.

    .venv/bin/python bench/adjudication_bench.py            # 10 million lines
    .venv/bin/python bench/adjudication_bench.py --lines 1000000 --repeat 5

Data is generated here (seeded), never committed. Figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time

import numpy as np
import polars as pl

from claimdesk.contract.adjudicate import adjudicate_json
from claimdesk.contract.request_json import parse_request
from claimdesk.rules.batch import adjudicate_lines
from claimdesk.rules.engine import adjudicate
from claimdesk.rules.loader import load_products

TYPES = ["treatment", "lab", "drug_western", "drug_tcm_decoction", "iv_infusion",
         "physiotherapy", "hyperbaric_oxygen", "exam_special", "exam_basic", "registration",
         "meals", "surgery", "bed", "material"]  # fmt: skip
MATERIALS = ("id_copy|original_receipts|medical_record_copy|itemized_drug_list|bank_book_copy|"
             "discharge_summary_copy|itemized_inpatient_list|local_relief_list|"
             "other_insurer_settlement")  # fmt: skip


def twenty_line_claim() -> dict[str, object]:
    lines = [
        {"line_id": f"L{n}", "type": TYPES[n % len(TYPES)], "name": "x", "auxiliary": False,
         "days_supply": 8 if TYPES[n % len(TYPES)].startswith(("drug", "iv")) else None,
         "sessions": 6 if n % 7 == 5 else None, "amount": "130.00", "fund_paid": "0.00",
         "category_self_pay": "10.00", "self_funded": "0.00", "self_pay": "120.00"}
        for n in range(20)
    ]  # fmt: skip
    visits = [
        {"visit_id": f"V{v}", "kind": "outpatient", "date": f"2026-0{v + 1}-10",
         "discharge_date": None, "diagnosis": "感冒", "service": None, "rescue": False,
         "hospital": {"code": "H", "name": "H", "designated": True, "level": 3,
                      "ward": "general", "region": "shanghai"},
         "other_payer_paid": "50.00", "receipt": {"number": "R", "original": True,
                                                   "handwritten": False},
         "lines": lines[v * 5:(v + 1) * 5]}
        for v in range(4)
    ]  # fmt: skip
    return {
        "product": "tianan-group-medical", "claim_id": "B-1", "submitted_on": "2026-07-01",
        "policy": {"policy_no": "P", "period_start": "2026-01-01", "period_end": "2026-12-31"},
        "insured": {"insured_id": "E", "blacklisted": False, "conditions": []},
        "history": {"outpatient_deductible_used": "100.00", "outpatient_paid": "0.00",
                    "inpatient_paid": "0.00", "hyperbaric_sessions_used": 0},
        "materials": MATERIALS.split("|"), "visits": visits,
    }  # fmt: skip


def median_microseconds(action: object, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1e6


def bench_per_claim() -> None:
    products = load_products()
    payload = twenty_line_claim()
    request = parse_request(payload)
    engine = median_microseconds(lambda: adjudicate(request, products), 3000)
    end_to_end = median_microseconds(lambda: adjudicate_json(payload, products), 3000)
    print(f"per-claim engine, 20-line claim:       median {engine:8.1f} µs")
    print(f"per-claim incl. validation + JSON out: median {end_to_end:8.1f} µs")


def enum(values: list[str], codes: np.ndarray) -> pl.Series:
    return pl.Series(values, dtype=pl.Enum(values)).gather(codes.astype(np.int64))


def generate_lines(count: int, seed: int = 2026) -> pl.DataFrame:
    """`count` bill lines: 20 per claim, 5 per visit, in claim order; all terms exercised."""
    rng = np.random.default_rng(seed)
    row = np.arange(count, dtype=np.int64)
    claim, visit = row // 20, row // 5
    day = np.datetime64("2026-01-01") + (visit % 4) * 60 + (claim % 50)
    kind = rng.choice(3, count, p=[0.6, 0.1, 0.3])[visit - visit.min()] if count else row
    self_pay = rng.integers(0, 200_000, count)
    category = np.where(rng.random(count) < 0.2, rng.integers(0, 20_000, count), 0)
    line_type = rng.integers(0, len(TYPES), count)
    drug = np.isin(line_type, [2, 3, 4])
    return pl.DataFrame({
        "product": enum(["tianan-group-medical"], np.zeros(count)), "claim_id": claim,
        "submitted_on": pl.Series(np.full(count, np.datetime64("2026-12-31"))).cast(pl.Date),
        "period_start": pl.Series(np.full(count, np.datetime64("2026-01-01"))).cast(pl.Date),
        "period_end": pl.Series(np.full(count, np.datetime64("2026-12-31"))).cast(pl.Date),
        "blacklisted": (claim % 997) == 0, "conditions": enum(["", "恶性肿瘤"], (claim % 13 == 0)),
        "materials": enum([MATERIALS, "id_copy"], (claim % 101) == 0),
        "history_outpatient_deductible_used": (claim % 7) * 10_000,
        "history_outpatient_paid": (claim % 5) * 20_000,
        "history_inpatient_paid": (claim % 3) * 50_000,
        "history_hyperbaric_sessions_used": claim % 6, "visit_id": visit,
        "kind": enum(["outpatient", "emergency", "inpatient"], kind),
        "date": pl.Series(day).cast(pl.Date), "designated": (visit % 53) != 0,
        "level": np.where(visit % 41 == 0, 1, 3),
        "ward": enum(["general", "joint_ward"], visit % 71 == 0),
        "region": enum(["shanghai", "beijing"], visit % 89 == 0),
        "diagnosis": enum(["感冒", "高血压", "痛风", "肺炎"], visit % 4),
        "service": enum(["", "dental"], visit % 97 == 0), "rescue": visit % 5 == 0,
        "social_security_card": np.ones(count, dtype=bool),
        "other_payer_paid_fen": np.where(visit % 9 == 0, 30_000, 0),
        "receipt_original": visit % 211 != 0, "receipt_handwritten": visit % 307 == 0,
        "line_id": row % 5, "type": enum(TYPES, line_type), "auxiliary": row % 11 == 0,
        "days_supply": pl.Series(np.where(drug, rng.integers(1, 40, count), -1)).replace(-1, None),
        "sessions": pl.Series(rng.integers(0, 9, count)),
        "amount_fen": self_pay + category, "fund_paid_fen": np.zeros(count, np.int64),
        "category_self_pay_fen": category, "self_funded_fen": np.zeros(count, np.int64),
        "self_pay_fen": self_pay,
    })  # fmt: skip


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def cumsum_ms() -> float:
    """A load gauge: one numpy cumsum over 10 M int64 (≈ 15–30 ms on a quiet core)."""
    values = np.arange(10_000_000, dtype=np.int64)
    return median_microseconds(lambda: np.cumsum(values), 5) / 1000


def bench_batch(count: int, repeat: int) -> None:
    """Adjudicates the same generated table `repeat` times; prints each run, best and median
    (the machine may be shared: the load average is printed with each run)."""
    products = load_products()
    start = time.perf_counter()
    frame = generate_lines(count)
    generated = time.perf_counter() - start
    print(f"batch: generated {count:,} lines in {generated:.1f} s, "
          f"resident {peak_gb():.2f} GB after generation")  # fmt: skip
    adjudicate_lines(frame.head(1000), products)  # warm-up
    rates = []
    for run in range(repeat):
        start = time.perf_counter()
        lines, claims = adjudicate_lines(frame, products)
        elapsed = time.perf_counter() - start
        rates.append(count / elapsed / 1e6)
        paid = lines["payable_fen"].sum() / 100
        load = f"load average {os.getloadavg()[0]:.1f}; cumsum gauge {cumsum_ms():.0f} ms"
        print(f"batch run {run + 1}: {count:,} lines ({len(claims):,} claims) in {elapsed:.2f} s "
              f"= {rates[-1]:.2f} M lines/s; payable {paid:,.2f}; {load}")  # fmt: skip
        del lines, claims
    median = statistics.median(rates)
    print(f"batch: best {max(rates):.2f} M lines/s, median {median:.2f} M lines/s")
    print(f"batch: peak resident memory {peak_gb():.2f} GB (incl. generated data)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="batch runs (best and median)")
    parser.add_argument("--skip-per-claim", action="store_true")
    arguments = parser.parse_args()
    if not arguments.skip_per_claim:
        bench_per_claim()
    bench_batch(arguments.lines, arguments.repeat)


if __name__ == "__main__":
    main()
