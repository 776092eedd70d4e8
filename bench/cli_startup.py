"""CLI start-up: `claimdesk --help` and `claimdesk adjudicate one.json`, whole process, beside
the floor `python -c pass` in the same interleaved runs (issue 17).

    .venv/bin/python bench/cli_startup.py              # 15 interleaved runs
    .venv/bin/python bench/cli_startup.py --repeat 30

Prints the median and best wall time of each command, its ratio to the floor, and the load
average (the machine may be shared: compare figures only within one run).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from claimdesk.rules.loader import packaged_products_dir

CLAIM = (
    packaged_products_dir()
    / "examples"
    / "tianan-group-medical"
    / "outpatient-deductible-and-supply-limit.json"
)
ENTRY = Path(sys.executable).with_name("claimdesk")
COMMANDS = {
    "python -c pass (floor)": [sys.executable, "-c", "pass"],
    "claimdesk --help": [str(ENTRY), "--help"],
    "claimdesk adjudicate one.json": [str(ENTRY), "adjudicate", str(CLAIM)],
}


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run: CPU time barely moves with load."""
    start, cpu = time.perf_counter(), cpu_seconds()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, cpu_seconds() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    repeat = parser.parse_args().repeat
    walls: dict[str, list[float]] = {name: [] for name in COMMANDS}
    cpus: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for command in COMMANDS.values():  # warm the file cache
        timed(command)
    load = os.getloadavg()[0]
    for _ in range(repeat):  # interleaved, so that load affects each command alike
        for name, command in COMMANDS.items():
            wall, cpu = timed(command)
            walls[name].append(wall)
            cpus[name].append(cpu)
    floor = statistics.median(next(iter(walls.values())))
    load = max(load, os.getloadavg()[0])
    print(f"CLI start-up, {repeat} interleaved runs; load average up to {load:.1f}")
    for name, values in walls.items():
        median, cpu = statistics.median(values), statistics.median(cpus[name])
        print(f"{name:32s} wall median {median * 1000:7.1f} ms  best {min(values) * 1000:7.1f} ms"
              f"  {median / floor:5.1f}× floor;  CPU median {cpu * 1000:6.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
