"""API reads in process (issue 17): the CPU a request costs, one at a time, without sockets.

    .venv/bin/python bench/api_bench.py --seconds 1 --rounds 1 --home /tmp/api-home  # seeds
    .venv/bin/python bench/api_inprocess.py --home /tmp/api-home --requests 300

The app of `bench/api_bench.py` (composition root, same middleware, plus `/__bench/bare`) is
called directly as an ASGI application in one event loop, one request after another: bare, GET
a claim (ids rotate), the specialist's queue and the claim list. Prints microseconds per
request, the best of `--rounds`: wall clock, and the process's CPU time (both threads; what
other processes take of the cores does not count, so it moves less under load). Less noisy
than `wrk` on a shared machine (no client, no sockets, no concurrency): what is left is the
work of the request itself and its threadpool hop. Compare branches with PYTHONPATH.
Nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

Call = Callable[[str, str, dict[str, str], bytes], Any]


def asgi_caller(app: Any) -> Call:
    async def call(method: str, target: str, headers: dict[str, str], body: bytes) -> Any:
        path, _, query = target.partition("?")
        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
            "method": method, "scheme": "http", "path": path, "raw_path": path.encode(),
            "query_string": query.encode(), "root_path": "", "state": {},
            "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
            "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80),
        }  # fmt: skip
        messages = [{"type": "http.request", "body": body, "more_body": False}]
        answer: dict[str, Any] = {"body": b""}

        async def receive() -> dict[str, Any]:
            if messages:
                return messages.pop()
            await asyncio.Event().wait()  # the client never disconnects
            raise AssertionError

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                answer["status"] = message["status"]
            else:
                answer["body"] += message.get("body", b"")

        await app(scope, receive, send)
        return answer

    return call


async def read_plan(call: Call) -> tuple[dict[str, str], dict[str, Callable[[int], str]]]:
    """The specialist's token headers and, per read, the n-th request's target (GET a claim
    rotates over the claims the list shows)."""
    sign_in = json.dumps({"username": "specialist", "password": "bench-password-1"}).encode()
    token = await call("POST", "/api/auth/token", {"content-type": "application/json"}, sign_in)
    headers = {"authorization": f"Bearer {json.loads(token['body'])['access_token']}"}
    listed = await call("GET", "/api/claims?limit=100", headers, b"")
    ids = [item["id"] for item in json.loads(listed["body"])["items"]]
    plan: dict[str, Callable[[int], str]] = {
        "bare": lambda n: "/__bench/bare",
        "claim": lambda n: f"/api/claims/{ids[n % len(ids)]}",
        "queue": lambda n: "/api/tasks/mine",
        "list": lambda n: "/api/claims",
    }
    return headers, plan


async def measure(call: Call, requests: int, rounds: int) -> dict[str, tuple[float, float]]:
    headers, plan = await read_plan(call)
    best: dict[str, tuple[float, float]] = {}
    for _ in range(rounds):
        for name, target in plan.items():
            started, cpu = time.perf_counter(), time.process_time()
            for n in range(requests):
                answer = await call("GET", target(n), headers, b"")
                assert answer["status"] == 200, answer
            took = (time.perf_counter() - started) / requests * 1e6
            used = (time.process_time() - cpu) / requests * 1e6  # both threads, not others'
            wall, cpu_best = best.get(name, (took, used))
            best[name] = (min(wall, took), min(cpu_best, used))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", type=Path, required=True, help="seeded by api_bench.py")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    os.environ.update(
        CLAIMDESK_HOME=str(args.home),
        CLAIMDESK_DATABASE_URL=f"sqlite:///{args.home / 'claimdesk.db'}",
        CLAIMDESK_SECRET_KEY="bench-secret-key",
    )
    import api_bench

    best = asyncio.run(measure(asgi_caller(api_bench.bench_app()), args.requests, args.rounds))
    bare_wall, bare_cpu = best["bare"]
    for name, (wall, cpu) in best.items():
        print(
            f"{name:6s} {wall:8,.0f} µs/request ({wall / bare_wall:4.1f}× bare)"
            f"  CPU {cpu:8,.0f} µs ({cpu / bare_cpu:4.1f}× bare)"
        )


if __name__ == "__main__":
    main()
