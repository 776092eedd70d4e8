"""Where the wall time of a streamed file-to-file batch goes: when each stage of
`rules/batch_stream.py` is at work, batch by batch (issue 17).

    .venv/bin/python bench/batch_stages.py lines.parquet                 # grouped
    .venv/bin/python bench/batch_stages.py lines.parquet --order arrival

The stages are timed by wrapping the module's functions (the product code is not changed):
`read` is the reading stage producing a batch (for arrival order the first one includes
reading the whole file and putting it in claim order), `engine` adjudicates it, `reasons`
turns its reason bits into text, `writer waits` is the writer waiting for the next result.
A warm-up run comes first. On two idle cores the stages should overlap: the engine should
start soon after the start and the writer should rarely wait; the summary says how long the
engine was idle after its first batch and how long the run went on after the engine's last.
Wall times are only the product's on an idle machine: print `uptime` beside them.
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import claimdesk.rules.batch_stream as stream
from claimdesk.rules.loader import load_products

Span = tuple[str, float, float]  # stage, start, end (seconds from the run's start)
spans: list[Span] = []
origin = [0.0]


def clock() -> float:
    return time.perf_counter() - origin[0]


def timed_call(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        start = clock()
        try:
            return function(*args, **kwargs)
        finally:
            spans.append((name, start, clock()))

    return call


def timed_items(name: str, function: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    def items(*args: Any, **kwargs: Any) -> Iterator[Any]:
        source = function(*args, **kwargs)
        while True:
            start = clock()
            try:
                item = next(source)
            except StopIteration:
                return
            spans.append((name, start, clock()))
            yield item

    return items


def instrument() -> None:
    stream.adjudicate_lines = timed_call("engine", stream.adjudicate_lines)
    stream.with_reason_text = timed_call("reasons", stream.with_reason_text)
    stream.grouped_batches = timed_items("read", stream.grouped_batches)
    stream.arrival_batches = timed_items("read", stream.arrival_batches)
    stream.guarded = timed_items("writer waits", stream.guarded)


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("source", type=Path)
    parser.add_argument("--order", choices=stream.ORDERS, default="grouped")
    parser.add_argument("--batch-lines", type=int, help="default: the order's STREAM_LINES")
    arguments = parser.parse_args()
    products, target = load_products(), arguments.source.with_suffix(".stages-out.parquet")
    run = {"order": arguments.order, "batch_lines": arguments.batch_lines}
    stream.adjudicate_file(arguments.source, target, products, **run)  # warm-up
    instrument()
    origin[0], cpu = time.perf_counter(), cpu_seconds()
    stream.adjudicate_file(arguments.source, target, products, **run)
    total, cpu = clock(), cpu_seconds() - cpu
    target.unlink(missing_ok=True)
    for name, start, end in spans:
        print(f"{name:13s} {start:7.3f} → {end:7.3f}  {end - start:6.3f} s")
    engine = sorted((start, end) for name, start, end in spans if name == "engine")
    idle = sum(later[0] - earlier[1] for earlier, later in itertools.pairwise(engine))
    busy = {name: sum(e - s for n, s, e in spans if n == name) for name, _, _ in spans}
    print(f"wall {total:.3f} s, CPU {cpu:.3f} s, load average {os.getloadavg()[0]:.1f}")
    print("busy: " + ", ".join(f"{name} {seconds:.3f} s" for name, seconds in busy.items()))
    print(f"engine starts at {engine[0][0]:.3f} s, idle {idle:.3f} s between batches, "
          f"the run ends {total - engine[-1][1]:.3f} s after its last batch")  # fmt: skip


if __name__ == "__main__":
    main()
