"""API beside its framework (issue 17): one real server process, driven by `wrk`.

    apt-get install -y wrk
    .venv/bin/python bench/api_bench.py --seconds 10 --rounds 3 --connections 64

One uvicorn process serves the ClaimDesk app from the composition root (`bootstrap.
build_container` + `build_app`, as `claimdesk serve` does) on a SQLite file seeded here (a
group policy, its insured, the demo hospital registry, one user per role, `--claims` reports
through the report use case), plus `GET /__bench/bare`: a bare FastAPI endpoint added to the
same app, behind the same middleware (request id and access log, security headers, allowed
methods, request guard, sessions, idempotency). `--database-url` runs it on PostgreSQL
instead (an empty database; its tables are dropped and re-created).

Rounds are interleaved: each round runs bare, GET claim (ids rotate over the seeded claims),
the specialist's workbench queue (`/api/tasks/mine`), the claim list (`/api/claims`, 20 a
page) and POST a report (unique `Idempotency-Key` per request, Lua script), each for
`--seconds`. Tokens are signed in once by the bench. Prints req/s, p50, p99, non-2xx count
and the ratio to the bare endpoint of the same round. Nothing is asserted; figures go in
docs/performance.md with the load average.

`--report-mix duplicates` (the default, as before) reports the same visit again and again:
every report duplicates every earlier one (same hospital, day and amount, no invoice
number), so the duplicate-invoice scan finds them all. `--report-mix realistic` is closer to
a claims department: each report has an invoice of its own (number and amount), and one in
`DUPLICATE_EVERY` is a copy of the one before it (an exact duplicate); the seeded claims too.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx

PASSWORD = "bench-password-1"
POLICY_NO = "TA-GRP-BENCH-001"
ID_NUMBERS = ("11010519491231002X", "310101199001011234")
DUPLICATE_EVERY = 50  # --report-mix realistic: one report in 50 copies the invoice before it
MIXES = ("duplicates", "realistic")


@dataclass(frozen=True)
class Run:
    name: str
    per_second: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    requests: int


def report_body(member_no: str, invoice: int | None = None) -> dict[str, Any]:
    """The bench's report; with `invoice`, the visit's own invoice number and amount."""
    body = _report_body(member_no)
    if invoice is not None:
        visit = body["visits"][0]
        visit["receipt"] = {"number": f"FP{invoice:08d}"}
        visit["lines"][0]["amount"] = visit["lines"][0]["self_pay"] = _amount(invoice)
    return body


def _amount(invoice: int) -> str:
    """Distinct for 500,000 invoices in a row (100.00–5,099.99 yuan): no two invoices share
    hospital, day and amount unless one copies the other."""
    return f"{100 + invoice % 500_000 / 100:.2f}"


def seeded_invoice(n: int) -> int:
    """The n-th seeded report's invoice (realistic mix): the bench threads' are n*100 + thread
    (1, 2), these n*100; one in DUPLICATE_EVERY copies the one before it."""
    return (n - 1 if n and n % DUPLICATE_EVERY == 0 else n) * 100


def _report_body(member_no: str) -> dict[str, Any]:
    return {
        "policy_no": POLICY_NO,
        "member_no": member_no,
        "incident_date": "2026-05-20",
        "incident_description": "急性支气管炎门诊",
        "visits": [
            {
                "visit_id": "V1",
                "kind": "outpatient",
                "date": "2026-05-20",
                "hospital": {"code": "SH-0001", "name": "中山医院"},
                "diagnosis": "急性支气管炎",
                "lines": [
                    {
                        "line_id": "L1",
                        "type": "drug_western",
                        "name": "西药",
                        "amount": "300.00",
                        "self_pay": "300.00",
                        "days_supply": 5,
                    }
                ],
            }
        ],
    }


# --- seeding (in the bench process, before the server starts) ---------------------------


def seed(database_url: str, home: Path, claims: int, mix: str = "duplicates") -> None:
    from claimdesk.bootstrap import build_container, migrate
    from claimdesk.config import Settings
    from claimdesk.demo.hospitals import load_registry
    from claimdesk.domain.policy import InsuredPerson, Policy
    from claimdesk.domain.users import Role
    from claimdesk.services.claims.use_cases import ClaimReport, report_claim
    from claimdesk.services.policies import use_cases as policy_service
    from claimdesk.services.users import use_cases as user_service

    settings = Settings(home=home, database_url=database_url, secret_key="bench-secret-key")
    migrate(settings)
    container = build_container(settings)
    admin = user_service.add_user(
        container.context(),
        hasher=container.hasher,
        username="admin",
        password=PASSWORD,
        role=Role.ADMIN,
    )
    policy = policy_service.create_policy(
        container.context(),
        actor=admin,
        policy=Policy(
            None,
            POLICY_NO,
            "tianan-group-medical",
            "基准测试大学工会",
            date(2026, 1, 1),
            date(2026, 12, 31),
            "health",
        ),
    )
    assert policy.id is not None
    people = [
        InsuredPerson(
            None, policy.id, f"E{n}", name, ID_NUMBERS[n - 1], "13912345678",
            "6222020200112233446", "工商银行",
        )
        for n, name in ((1, "张三"), (2, "李四"))
    ]  # fmt: skip
    policy_service.add_insured_persons(
        container.context(), actor=admin, policy_id=policy.id, persons=people
    )
    load_registry(container.context(), admin)
    users = {}
    for role in (Role.AGENT, Role.SPECIALIST):
        users[role.value] = user_service.add_user(
            container.context(),
            hasher=container.hasher,
            username=role.value,
            password=PASSWORD,
            role=role,
        )
    from claimdesk.web.api.schemas import ReportClaimIn

    for n in range(claims):
        invoice = seeded_invoice(n) if mix == "realistic" else None
        body = ReportClaimIn.model_validate(report_body("E1" if n % 2 == 0 else "E2", invoice))
        report = ClaimReport(
            policy_no=body.policy_no,
            member_no=body.member_no,
            incident_date=body.incident_date,
            incident_description=body.incident_description,
            claimed_amount=body.claimed_amount,
            visits=tuple(visit.to_domain() for visit in body.visits),
        )
        report_claim(container.context(), actor=users["agent"], report=report)
    container.engine.dispose()


# --- the server process -------------------------------------------------------------------


def bench_app() -> Any:
    """The real app from the composition root plus the bare endpoint, same middleware."""
    from claimdesk.bootstrap import build_app, build_container
    from claimdesk.config import Settings

    container = build_container(Settings())
    container.refit_estimator()
    app = build_app(container)

    async def bare() -> dict[str, bool]:
        return {"ok": True}

    app.add_api_route("/__bench/bare", bare, methods=["GET"])
    # The catch-all page routes come last; put the bare route before them.
    app.router.routes.insert(0, app.router.routes.pop())
    return app


def serve(port: int) -> None:
    import uvicorn

    uvicorn.run(bench_app(), host="127.0.0.1", port=port, log_level="warning", access_log=False)


# --- the driver ----------------------------------------------------------------------------

HEADER_SCRIPT = """
wrk.headers["Authorization"] = "Bearer {token}"
"""

ROTATE_SCRIPT = """
wrk.headers["Authorization"] = "Bearer {token}"
local ids = {{{ids}}}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/claims/" .. ids[(i % #ids) + 1])
end
"""

REPORT_SCRIPT = """
local counter = 1
local threads = {{}}
setup = function(thread)
  thread:set("tid", counter)
  counter = counter + 1
end
local body_e1 = [[{body_e1}]]
local body_e2 = [[{body_e2}]]
local n = 0
request = function()
  n = n + 1
  local headers = {{}}
  headers["Authorization"] = "Bearer {token}"
  headers["Content-Type"] = "application/json"
  headers["Idempotency-Key"] = "bench-{stamp}-" .. tid .. "-" .. n
  local body = body_e1
  if n % 2 == 0 then body = body_e2 end
  if {realistic} then  -- its own invoice; one in {every} copies this thread's one before
    local invoice = n * 100 + tid
    if n % {every} == 0 then invoice = invoice - 100 end
    local amount = string.format("%.2f", 100 + (invoice % 500000) / 100)
    body = body:gsub("@RECEIPT@", string.format("FP%08d", invoice)):gsub("@AMOUNT@", amount)
  end
  return wrk.format("POST", "/api/claims", headers, body)
end
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def parse_wrk(name: str, output: str) -> Run:
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s|m)\b", output)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s|m)\b", output)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if not (rate and total and p50 and p99):
        raise RuntimeError(f"wrk output not understood:\n{output}")
    failed = int(bad.group(1)) if bad else 0
    if errors:
        failed += sum(int(g) for g in errors.groups())
    return Run(
        name, float(rate.group(1)), _ms(*p50.groups()), _ms(*p99.groups()), failed,
        int(total.group(1)),
    )  # fmt: skip


def wrk(name: str, url: str, script: str, args: argparse.Namespace, work: Path) -> Run:
    path = work / f"{name}.lua"
    path.write_text(script, encoding="utf-8")
    command = [
        "wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s", "--timeout", "30s",
        "--latency", "-s", str(path), url,
    ]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return parse_wrk(name, output)


def token(base: str, username: str) -> str:
    response = httpx.post(
        f"{base}/api/auth/token", json={"username": username, "password": PASSWORD}, timeout=60
    )
    response.raise_for_status()
    return str(response.json()["access_token"])


def _wait(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the server exited")
        try:
            if httpx.get(f"{base}/__bench/bare", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise RuntimeError("the server did not start")


def drive(args: argparse.Namespace, env: dict[str, str], work: Path) -> list[list[Run]]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(port)], env=env, start_new_session=True
    )
    try:
        _wait(base, server)
        agent, specialist = token(base, "agent"), token(base, "specialist")
        listed = httpx.get(
            f"{base}/api/claims?limit=100", headers={"Authorization": f"Bearer {specialist}"}
        ).json()["items"]
        queue = httpx.get(
            f"{base}/api/tasks/mine", headers={"Authorization": f"Bearer {specialist}"}
        ).json()["items"]
        print(f"seeded claims visible: {len(listed)}, specialist's queue: {len(queue)} tasks")
        ids = ", ".join(str(item["id"]) for item in listed)
        stamp = str(time.time_ns())
        realistic = args.report_mix == "realistic"
        body_e1, body_e2 = (_report_template(member, realistic) for member in ("E1", "E2"))
        plan = [
            ("bare", "/__bench/bare", HEADER_SCRIPT.format(token=specialist)),
            ("claim", "/api/claims/1", ROTATE_SCRIPT.format(token=specialist, ids=ids)),
            ("queue", "/api/tasks/mine", HEADER_SCRIPT.format(token=specialist)),
            ("list", "/api/claims", HEADER_SCRIPT.format(token=specialist)),
            (
                "report",
                "/api/claims",
                REPORT_SCRIPT.format(
                    token=agent,
                    stamp=stamp,
                    body_e1=body_e1,
                    body_e2=body_e2,
                    realistic=str(realistic).lower(),
                    every=DUPLICATE_EVERY,
                ),
            ),
        ]
        if args.only:  # bare stays: every ratio is to the bare endpoint of the same round
            plan = [p for p in plan if p[0] == "bare" or p[0] in args.only.split(",")]
        rounds = []
        for number in range(args.rounds):
            runs = [wrk(name, base + path, script, args, work) for name, path, script in plan]
            rounds.append(runs)
            print(
                f"round {number + 1}: " + ", ".join(f"{r.name} {r.per_second:.0f}/s" for r in runs)
            )
        return rounds
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def _report_template(member_no: str, realistic: bool) -> str:
    """The report's JSON; realistic: invoice number and amount are placeholders (Lua)."""
    body = report_body(member_no)
    if realistic:
        visit = body["visits"][0]
        visit["receipt"] = {"number": "@RECEIPT@"}
        visit["lines"][0]["amount"] = visit["lines"][0]["self_pay"] = "@AMOUNT@"
    return json.dumps(body, ensure_ascii=False)


def summarise(rounds: list[list[Run]]) -> None:
    one, five, fifteen = os.getloadavg()
    print(f"\nload average {one:.1f} / {five:.1f} / {fifteen:.1f}")
    print("| request | req/s (rounds) | p50 ms | p99 ms | non-2xx | ratio to bare (median) |")
    print("|---|---|---|---|---|---|")
    for index, run in enumerate(rounds[0]):
        mine = [r[index] for r in rounds]
        ratios = [r[index].per_second / r[0].per_second for r in rounds]
        rates = " / ".join(f"{r.per_second:,.0f}" for r in mine)
        p50 = statistics.median(r.p50_ms for r in mine)
        p99 = statistics.median(r.p99_ms for r in mine)
        bad = sum(r.non_2xx for r in mine)
        ratio = statistics.median(ratios)
        print(f"| {run.name} | {rates} | {p50:,.1f} | {p99:,.1f} | {bad} | {ratio:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--claims", type=int, default=200)
    parser.add_argument("--only", help="comma-separated: claim,queue,list,report (bare stays)")
    parser.add_argument("--database-url", help="PostgreSQL URL (its tables are dropped)")
    parser.add_argument("--home", type=Path, help="keep the seeded SQLite home here (reused)")
    parser.add_argument("--report-mix", choices=MIXES, default="duplicates",
                        help="duplicates: every report a copy of every earlier one (as before); "
                        f"realistic: own invoices, one in {DUPLICATE_EVERY} a copy")  # fmt: skip
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return
    with tempfile.TemporaryDirectory(prefix="claimdesk-api-bench-") as tmp:
        work = Path(tmp)
        home = args.home or work / "home"
        url = args.database_url or f"sqlite:///{home / 'claimdesk.db'}"
        if args.database_url:
            _drop_all(args.database_url)
        if args.database_url or not (home / "claimdesk.db").exists():
            started = time.perf_counter()
            seed(url, home, args.claims, args.report_mix)
            took = time.perf_counter() - started
            print(f"seeded {args.claims} claims in {took:.1f} s ({url.split(':')[0]})")
        env = {
            **os.environ,
            "CLAIMDESK_HOME": str(home),
            "CLAIMDESK_DATABASE_URL": url,
            "CLAIMDESK_SECRET_KEY": "bench-secret-key",
        }
        summarise(drive(args, env, work))


def _drop_all(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


if __name__ == "__main__":
    main()
