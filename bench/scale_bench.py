"""Scale bench (issue 16): 2 servers + 2 workers against 1 + 1 on one PostgreSQL, driven by
locust headless with the claims office mix of bench/scale_locustfile.py (reads, reports,
uploads, moves). Bounded: each run stops by itself after `--seconds`.

    .venv/bin/pip install -e '.[bench]'
    CLAIMDESK_TEST_POSTGRES_URL=postgresql+psycopg://claimdesk:…@127.0.0.1:5432/claimdesk_test \\
        .venv/bin/python bench/scale_bench.py --users 16 --seconds 60

The demo data (`claimdesk demo --load-only`) is loaded once into a template database; each
configuration runs on a fresh copy of it (CREATE DATABASE … TEMPLATE) and its own copy of the
data directory, so both start from the same state. Servers: `claimdesk serve --workers N`;
workers: `claimdesk worker`. Prints throughput, p50/p99 and errors per configuration and
the ratio. Nothing is asserted; figures go in docs/performance.md with the load average.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.pool import NullPool

BIN = Path(sys.executable).parent
LOCUSTFILE = Path(__file__).with_name("scale_locustfile.py")
TEMPLATE = "claimdesk_scale_template"
RUN_DB = "claimdesk_scale_run"


@dataclass(frozen=True)
class Figures:
    servers: int
    workers: int
    requests: int
    failures: int
    per_second: float
    p50_ms: float
    p99_ms: float


def _admin(url: str) -> Engine:
    return create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)


def _sql(url: str, *statements: str) -> None:
    engine = _admin(url)
    with engine.connect() as connection:
        for statement in statements:
            connection.execute(text(statement))
    engine.dispose()


def _url_of(url: str, database: str) -> str:
    return make_url(url).set(database=database).render_as_string(hide_password=False)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def load_template(url: str, home: Path) -> None:
    _sql(url, f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)', f'CREATE DATABASE "{TEMPLATE}"')
    env = {
        **os.environ,
        "CLAIMDESK_HOME": str(home),
        "CLAIMDESK_DATABASE_URL": _url_of(url, TEMPLATE),
    }
    started = time.monotonic()
    subprocess.run(
        [str(BIN / "claimdesk"), "demo", "--load-only"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    print(f"demo data loaded into {TEMPLATE} in {time.monotonic() - started:.0f} s", flush=True)


def _wait_ready(base: str, processes: list[subprocess.Popen[bytes]]) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if any(process.poll() is not None for process in processes):
            raise SystemExit("a ClaimDesk process exited while starting")
        try:
            if httpx.get(f"{base}/readyz", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.5)
    raise SystemExit("the server did not come up")


def sign_in(base: str) -> str:
    tokens = {}
    for username in ("agent", "specialist"):
        answer = httpx.post(
            f"{base}/api/auth/token",
            timeout=120,
            json={"username": username, "password": "claimdesk-demo"},
        )
        answer.raise_for_status()
        tokens[username] = answer.json()["access_token"]
    return json.dumps(tokens)


def run_configuration(
    url: str, demo_home: Path, servers: int, workers: int, users: int, seconds: int
) -> Figures:
    _sql(
        url,
        f'DROP DATABASE IF EXISTS "{RUN_DB}" WITH (FORCE)',
        f'CREATE DATABASE "{RUN_DB}" TEMPLATE "{TEMPLATE}"',
    )
    work = Path(tempfile.mkdtemp(prefix="claimdesk-scale-"))
    home = work / "home"
    shutil.copytree(demo_home, home)
    port = _free_port()
    env = {
        **os.environ,
        "CLAIMDESK_HOME": str(home),
        "CLAIMDESK_DATABASE_URL": _url_of(url, RUN_DB),
        "CLAIMDESK_SECRET_KEY": "scale-bench-secret-key-of-some-length",
    }
    claimdesk = str(BIN / "claimdesk")
    processes = [
        subprocess.Popen(
            [claimdesk, "serve", "--port", str(port), "--workers", str(servers)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    ]
    try:
        _wait_ready(f"http://127.0.0.1:{port}", processes)
        processes += [
            subprocess.Popen(
                [claimdesk, "worker"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            for _ in range(workers)
        ]
        prefix = work / "locust"
        tokens = sign_in(f"http://127.0.0.1:{port}")
        done = subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(LOCUSTFILE),
                "--headless",
                "--json",
                "-u",
                str(users),
                "-r",
                str(users),
                "-t",
                f"{seconds}s",
                "--stop-timeout",
                "10",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(prefix),
                "--loglevel",
                "WARNING",
            ],
            check=False,
            timeout=seconds + 120,
            capture_output=True,
            text=True,
            env={**os.environ, "CLAIMDESK_BENCH_TOKENS": tokens},
        )
        return _figures(json.loads(done.stdout), Path(f"{prefix}_failures.csv"), servers, workers)
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(timeout=60)
        shutil.rmtree(work, ignore_errors=True)
        _sql(url, f'DROP DATABASE IF EXISTS "{RUN_DB}" WITH (FORCE)')


def _percentile(times: Counter[int], share: float) -> float:
    """Locust's own way: the response time below which `share` of the requests finished."""
    wanted, seen = share * sum(times.values()), 0
    for took in sorted(times):
        seen += times[took]
        if seen >= wanted:
            return float(took)
    return 0.0


def _figures(entries: list[dict[str, Any]], failures: Path, servers: int, workers: int) -> Figures:
    everything: Counter[int] = Counter()
    for entry in sorted(entries, key=lambda e: (e["method"], e["name"])):
        times = Counter({int(took): n for took, n in entry["response_times"].items()})
        everything.update(times)
        print(
            f"  {servers}+{workers} {entry['name']:38} n={entry['num_requests']:>5} "
            f"fail={entry['num_failures']:>4} p50={_percentile(times, 0.5):>6.0f} ms "
            f"p99={_percentile(times, 0.99):>6.0f} ms"
        )
    if failures.is_file():
        with failures.open(encoding="utf-8") as rows:
            for row in csv.DictReader(rows):
                print(
                    f"  {servers}+{workers} error ×{row['Occurrences']}: {row['Name']} "
                    f"{row['Error'][:160]}"
                )
    started = min(entry["start_time"] for entry in entries)
    ended = max(entry["last_request_timestamp"] or started for entry in entries)
    requests = sum(entry["num_requests"] for entry in entries)
    return Figures(
        servers,
        workers,
        requests,
        sum(entry["num_failures"] for entry in entries),
        requests / max(ended - started, 1e-9),
        _percentile(everything, 0.5),
        _percentile(everything, 0.99),
    )


def _has_template(args: argparse.Namespace) -> bool:
    engine = _admin(args.postgres_url)
    with engine.connect() as connection:
        found = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": TEMPLATE}
        ).first()
    engine.dispose()
    return found is not None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres-url", default=os.environ.get("CLAIMDESK_TEST_POSTGRES_URL", ""))
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        help="keep the demo home here and its template database for the next "
        "run (loading the demo takes minutes on a busy machine)",
    )
    args = parser.parse_args()
    if not args.postgres_url:
        raise SystemExit("set CLAIMDESK_TEST_POSTGRES_URL or --postgres-url (a PostgreSQL URL)")
    demo_home = args.data or Path(tempfile.mkdtemp(prefix="claimdesk-scale-demo-"))
    try:
        if not (args.data and (demo_home / "fraud_model.json").is_file() and _has_template(args)):
            load_template(args.postgres_url, demo_home)
        results = [
            run_configuration(
                args.postgres_url, demo_home, servers, workers, args.users, args.seconds
            )
            for servers, workers in ((1, 1), (2, 2))
        ]
    finally:
        if args.data is None:
            shutil.rmtree(demo_home, ignore_errors=True)
            _sql(args.postgres_url, f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
    print(f"\n{args.users} users, {args.seconds} s each, load average {os.getloadavg()}")
    print("servers+workers  requests  errors  req/s   p50 ms  p99 ms")
    for f in results:
        print(
            f"{f.servers}+{f.workers:<14} {f.requests:8} {f.failures:7} {f.per_second:6.1f} "
            f"{f.p50_ms:7.0f} {f.p99_ms:7.0f}"
        )
    print(f"throughput ratio (2+2 / 1+1): {results[1].per_second / results[0].per_second:.2f}")


if __name__ == "__main__":
    main()
