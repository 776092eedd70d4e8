"""Per-claim batch through `.jsonl`: `claimdesk adjudicate claims.jsonl > results.jsonl`, whole
process, beside the floor of reading the file and writing one line per claim (issue 17).

    .venv/bin/python bench/jsonl_bench.py                  # 20,000 claims of 20 lines, 3 rounds
    .venv/bin/python bench/jsonl_bench.py --claims 5000 --repeat 5

Two runs of `claimdesk`: one process (`--jobs 1`) and the default (one worker process per usable
CPU). CPU time is user + system of the process and its workers: on a loaded machine it is the
figure that transfers (claims per CPU second × idle cores ≈ what an idle machine gives).
Claims are the 20-line claim of `bench/adjudication_bench.py` with their own ids, amounts and
histories (seeded), written to a temporary directory and removed afterwards. Rounds are
interleaved (floor, claimdesk); wall and CPU time, claims per second and the load average
are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from adjudication_bench import twenty_line_claim

FLOOR = """
import sys
with open(sys.argv[1], "rb") as lines, open(sys.argv[2], "wb") as out:
    for line in lines:
        out.write(line[:200] + b"\\n")
"""


def write_claims(path: Path, count: int) -> None:
    rng = random.Random(2026)
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            claim = twenty_line_claim()
            claim["claim_id"] = f"B-{number:06d}"
            claim["history"]["outpatient_deductible_used"] = f"{rng.randrange(0, 600)}.00"
            for visit in claim["visits"]:  # type: ignore[attr-defined]
                for line in visit["lines"]:
                    pay = rng.randrange(100, 30_000)
                    line["self_pay"] = f"{pay // 100}.{pay % 100:02d}"
                    total = pay + 1000
                    line["amount"] = f"{total // 100}.{total % 100:02d}"
            out.write(json.dumps(claim, ensure_ascii=False) + "\n")


def timed(command: list[str], stdout: Path) -> tuple[float, float]:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before = usage.ru_utime + usage.ru_stime
    start = time.perf_counter()
    with stdout.open("wb") as out:
        subprocess.run(command, check=True, stdout=out, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, usage.ru_utime + usage.ru_stime - before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    entry = str(Path(sys.executable).with_name("claimdesk"))
    with tempfile.TemporaryDirectory(prefix="claimdesk-jsonl-") as directory:
        work = Path(directory)
        claims, out = work / "claims.jsonl", work / "results.jsonl"
        write_claims(claims, arguments.claims)
        commands = {
            "floor (read + write lines)": [sys.executable, "-c", FLOOR, str(claims), str(out)],
            "claimdesk adjudicate --jobs 1": [entry, "adjudicate", str(claims), "--jobs", "1"],
            "claimdesk adjudicate (auto)": [entry, "adjudicate", str(claims)],
        }
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        loads = [os.getloadavg()[0]]
        for _ in range(arguments.repeat):
            for name, command in commands.items():
                runs[name].append(timed(command, work / "stdout"))
            loads.append(os.getloadavg()[0])
        lines = sum(1 for _ in (work / "stdout").open("rb"))
        assert lines == arguments.claims, "one result a claim"
    print(f"jsonl batch: {arguments.claims:,} claims of 20 lines, {arguments.repeat} rounds, "
          f"load average {min(loads):.1f}–{max(loads):.1f}")  # fmt: skip
    for name, values in runs.items():
        wall = statistics.median(value[0] for value in values)
        cpu = statistics.median(value[1] for value in values)
        rate, per_cpu = arguments.claims / wall, arguments.claims / cpu
        print(f"{name:28s} wall median {wall:6.2f} s = {rate:7.0f} claims/s;"
              f"  CPU {cpu:6.2f} s = {per_cpu:7.0f} claims per CPU second")  # fmt: skip


if __name__ == "__main__":
    main()
