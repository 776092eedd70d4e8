"""Where an API read's tail comes from (issue 17): 64 concurrent clients in process.

    .venv/bin/python bench/api_tail.py --home /tmp/api-home --clients 64 --requests 40

The app of `bench/api_bench.py` called as an ASGI application in one event loop, as
`bench/api_inprocess.py` does, but with `--clients` requests in flight at once (asyncio tasks,
`--requests` each), as wrk's connections keep them. The app's start is out of the collector's
reach as under uvicorn (`gc.freeze()`, the lifespan's). Each hot read's time is split by
wrapping `ReadThreads.run`: waiting for a read thread, the work on the thread, and from the
end of the work until the route runs again on the loop. Prints, per read (best round by
rate): req/s, p50/p99 of the whole request and of each part, CPU per request, and the
collections the collector made. No sockets and no HTTP parser: the loop's own share is
the middleware and the routes. Nothing is asserted; figures go in docs/performance.md with
the load average (wall-clock figures: a loaded machine moves them).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

Spans = list[tuple[float, float, float]]  # waiting for a thread, on it, back to the loop


def split_reads(spans: Spans) -> None:
    """Wrap `ReadThreads.run` so that each read records its three parts in `spans`."""
    from claimdesk.web import read_threads

    run = read_threads.ReadThreads.run

    async def timed(self: Any, work: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        marks = [time.perf_counter(), 0.0, 0.0]

        def job() -> Any:
            marks[1] = time.perf_counter()
            try:
                return work(*args, **kwargs)
            finally:
                marks[2] = time.perf_counter()

        result = await run(self, job)
        spans.append((marks[1] - marks[0], marks[2] - marks[1], time.perf_counter() - marks[2]))
        return result

    read_threads.ReadThreads.run = timed  # type: ignore[method-assign]


def collector_pauses() -> dict[int, list[float]]:
    pauses: dict[int, list[float]] = defaultdict(list)
    started = [0.0]

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            pauses[info["generation"]].append(time.perf_counter() - started[0])

    gc.callbacks.append(note)
    return pauses


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p50, p99 = ordered[len(ordered) // 2], ordered[int(len(ordered) * 0.99)]
    return f"{p50 * 1e3:6.2f} / {p99 * 1e3:6.2f} / {statistics.mean(values) * 1e3:6.2f}"


async def measure(call: Any, clients: int, requests: int, spans: Spans) -> None:
    import api_inprocess

    headers, plan = await api_inprocess.read_plan(call)
    best: dict[str, tuple[float, str]] = {}
    for _ in range(2):
        for name, target in plan.items():
            took: list[float] = []
            spans.clear()

            async def client(
                number: int, target: Callable[[int], str] = target, took: list[float] = took
            ) -> None:
                for n in range(requests):
                    started = time.perf_counter()
                    answer = await call("GET", target(number * requests + n), headers, b"")
                    took.append(time.perf_counter() - started)
                    assert answer["status"] == 200, answer

            wall, cpu = time.perf_counter(), time.process_time()
            await asyncio.gather(*(client(number) for number in range(clients)))
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            rate = len(took) / wall
            line = f"{rate:7,.0f} req/s  whole {_ms(took)}  CPU {cpu / len(took) * 1e6:4.0f} µs"
            if spans:
                waiting, working, back = zip(*spans, strict=True)
                line += (
                    f"\n         waiting for a thread {_ms(list(waiting))}"
                    f"  on it {_ms(list(working))}  back to the loop {_ms(list(back))}"
                )
            if name not in best or rate > best[name][0]:
                best[name] = (rate, line)
    print("ms: p50 / p99 / mean")
    for name, (_, line) in best.items():
        print(f"{name:6s} {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", type=Path, required=True, help="seeded by api_bench.py")
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--requests", type=int, default=40, help="per client and read")
    args = parser.parse_args()
    os.environ.update(
        CLAIMDESK_HOME=str(args.home),
        CLAIMDESK_DATABASE_URL=f"sqlite:///{args.home / 'claimdesk.db'}",
        CLAIMDESK_SECRET_KEY="bench-secret-key",
    )
    import api_bench
    import api_inprocess

    spans: Spans = []
    split_reads(spans)
    call = api_inprocess.asgi_caller(api_bench.bench_app())
    gc.collect()
    gc.freeze()  # as the app's lifespan does under uvicorn
    pauses = collector_pauses()
    asyncio.run(measure(call, args.clients, args.requests, spans))
    for generation, taken in sorted(pauses.items()):
        print(
            f"collector generation {generation}: {len(taken)} collections,"
            f" longest {max(taken) * 1e3:.1f} ms, {sum(taken) * 1e3:.1f} ms in all"
        )


if __name__ == "__main__":
    main()
