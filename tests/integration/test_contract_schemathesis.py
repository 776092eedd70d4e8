"""Contract fuzzing with schemathesis: every API operation, as admin and as customer, on SQLite
and PostgreSQL, keeps its OpenAPI contract — no 5xx, every status documented, every body
matching its documented schema, the documented content type.

Operations come from the app's own OpenAPI document, in sorted chunks; each chunk runs on a fresh
copy of one seeded database (a file copy on SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL),
so what one operation does to the data never depends on which xdist worker ran what before.
Generation is derandomized: the same cases every run. The number of examples per operation and
role is bounded (CLAIMDESK_FUZZ_EXAMPLES, default below) so the whole run stays within minutes.

Checks deliberately not run: `positive_data_acceptance` (a schema-valid NUL character or an
unknown claim id is still refused, with a documented 4xx) and the stateful/auth checks.
"""

from __future__ import annotations

import copy
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.generation.case import Case
from schemathesis.python import asgi
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.pool import NullPool

from claimdesk.adapters.clock import FixedClock
from claimdesk.adapters.db.migrate import upgrade
from claimdesk.bootstrap import build_app, build_container
from claimdesk.config import Settings
from claimdesk.domain.users import User
from claimdesk.services.users import use_cases as user_service
from tests.builders import a_world, token_for
from tests.conftest import _fresh_postgres, _postgres_or_skip, drop_database

EXAMPLES = int(os.environ.get("CLAIMDESK_FUZZ_EXAMPLES", "6"))
NEGATIVE_EXAMPLES = max(1, EXAMPLES // 2)
# A customer probing a staff operation gets 403 whatever the input: after this many positive
# cases all answered 403, one negative case stands for the rest (see _customer_probes).
FORBIDDEN_EXAMPLES = min(2, EXAMPLES)
CHUNK = 6  # operations per fresh database
ROLES = ("admin", "customer")
CHECK_NAMES = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
)
# These end the token they are called with (or all of the user's): each example gets its own.
REVOKING = ("/api/auth/logout", "/api/auth/logout-everywhere")


def _settings(home: Path, url: str) -> Settings:
    return Settings(
        home=home,
        database_url=url,
        secret_key="test-secret-key",
        sqlite_synchronous="NORMAL",
        payout_estimates=False,
    )


def _clock() -> FixedClock:
    return FixedClock(datetime(2026, 6, 1, 2, 0, tzinfo=UTC))


def _openapi_document() -> dict[str, Any]:
    """The document is the app's; the app needs no database to describe itself."""
    home = Path(tempfile.mkdtemp(prefix="claimdesk-openapi-"))
    try:
        container = build_container(_settings(home, f"sqlite:///{home / 'unused.db'}"))
        document: dict[str, Any] = build_app(container).openapi()
        container.engine.dispose()
        return document
    finally:
        shutil.rmtree(home, ignore_errors=True)


SCHEMA = schemathesis.openapi.from_dict(_openapi_document())
OPERATIONS = sorted(
    (result.ok() for result in SCHEMA.get_all_operations()),
    key=lambda operation: (operation.path, operation.method),
)
CHUNKS = [OPERATIONS[i : i + CHUNK] for i in range(0, len(OPERATIONS), CHUNK)]


@dataclass
class Seeded:
    """A migrated, seeded database to copy from, and who is who in it."""

    kind: str
    url: str
    users: dict[str, User]
    tokens: dict[str, dict[str, str]]
    copy: Callable[[Path], tuple[str, Callable[[], None]]] = field(repr=False)


def _seed(url: str, home: Path) -> tuple[dict[str, User], dict[str, dict[str, str]]]:
    upgrade(url, synchronous="NORMAL")  # throw-away data: no fsync per DDL commit on SQLite
    container = build_container(_settings(home, url), clock=_clock(), fast_hashing=True)
    try:
        world = a_world(container)
        users = {role: world.users[role] for role in ROLES}
        with TestClient(build_app(container)) as client:
            tokens = {role: token_for(client, role) for role in ROLES}
    finally:
        container.engine.dispose()
    return users, tokens


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def seeded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Seeded]:
    home = tmp_path_factory.mktemp("contract-seed")
    if request.param == "sqlite":
        source = home / "seed.db"
        users, tokens = _seed(f"sqlite:///{source}", home)

        def copy_sqlite(target: Path) -> tuple[str, Callable[[], None]]:
            shutil.copyfile(source, target / "claimdesk.db")
            return f"sqlite:///{target / 'claimdesk.db'}", lambda: None

        yield Seeded("sqlite", f"sqlite:///{source}", users, tokens, copy_sqlite)
        return
    server = _postgres_or_skip()
    url, drop = _fresh_postgres(server)
    users, tokens = _seed(url, home)
    template = make_url(url).database
    admin = create_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    copies: list[str] = []

    def copy_postgres(target: Path) -> tuple[str, Callable[[], None]]:
        name = f"{template}_{len(copies)}"
        copies.append(name)
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))

        copied = make_url(url).set(database=name).render_as_string(hide_password=False)
        return copied, lambda: drop_database(server, name)

    yield Seeded("postgresql", url, users, tokens, copy_postgres)
    admin.dispose()
    drop()


@dataclass
class Target:
    app: FastAPI
    session: asgi.ASGIClient
    seeded: Seeded
    fresh_token: Callable[[str], dict[str, str]]


@pytest.fixture
def target(seeded: Seeded, tmp_path: Path) -> Iterator[Target]:
    url, drop = seeded.copy(tmp_path)
    container = build_container(_settings(tmp_path, url), clock=_clock(), fast_hashing=True)
    app = build_app(container)

    def fresh_token(role: str) -> dict[str, str]:
        token = user_service.issue_token(container.context(), user=seeded.users[role])
        return {"Authorization": f"Bearer {token}"}

    try:
        with asgi.get_client(app) as session:
            # requests otherwise reads every environment variable for proxies on each request
            session.trust_env = False
            yield Target(app, session, seeded, fresh_token)
    finally:
        container.engine.dispose()
        drop()


# An operation's strategy for a mode is the same whichever role sends the cases: built (and
# validated by Hypothesis on its first draw) once per process, not once per probe.
_STRATEGIES: dict[tuple[str, GenerationMode], Any] = {}


def _cases(operation: Any, mode: GenerationMode) -> Any:
    key = (operation.label, mode)
    if key not in _STRATEGIES:
        _STRATEGIES[key] = operation.as_strategy(generation_mode=mode)
    return _STRATEGIES[key]


# Derandomized, Hypothesis seeded every probe with the digest of the probe's body (the same
# for all). Pinned to that value: the cases stay the ones sent since, and no longer change
# when the code drawing them does.
SEED = int.from_bytes(
    bytes.fromhex(
        "1969951272ab9ea10c8c3e02e4de540ec202b58c42d6fce5b0a0a692b11a6773"
        "e128b6047dc40f8cf80e0664d7207c0f"
    )
)
# Hypothesis only draws the cases here: the probe keeps every error instead of raising it into
# Hypothesis (nothing to shrink), so what is drawn never depends on the answers, and with one
# seed an operation's cases for a mode are the same whichever role and database send them,
# and a shorter run's are the first ones of a longer run's (the customer's few probing cases;
# recorded for every probe: 1,260 probes, 4,340 cases, none differed). Drawn once per process
# and sent as copies (sending a case writes to it): two roles and two databases drew each of
# them up to four times, half of the fuzz's CPU.
_DRAWN: dict[tuple[str, GenerationMode], list[Any]] = {}


def _drawn(operation: Any, mode: GenerationMode, examples: int) -> list[Any]:
    """Copies of the operation's first `examples` cases in this mode."""
    key = (operation.label, mode)
    if key not in _DRAWN:
        cases: list[Any] = []

        @seed(SEED)
        @settings(
            max_examples=EXAMPLES if mode is GenerationMode.POSITIVE else NEGATIVE_EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=_cases(operation, mode))
        def draw(case: Any) -> None:
            cases.append(case)

        try:
            draw()
        except Unsatisfiable:  # negative mode on an operation with nothing to get wrong
            assert mode is GenerationMode.NEGATIVE
        _DRAWN[key] = cases
    return [_copy(case) for case in _DRAWN[key][:examples]]


def _copy(case: Case) -> Case:
    """The case as drawn, sharing only its operation (Case's own setters need a whole case)."""
    fresh = object.__new__(Case)
    memo: dict[int, Any] = {id(case.operation): case.operation}
    for name in Case.__slots__:
        object.__setattr__(fresh, name, copy.deepcopy(getattr(case, name), memo))
    return fresh


@cache
def _checks() -> list[Any]:
    load_all_checks()
    return [CHECKS.get_one(name) for name in CHECK_NAMES]


def _probe(
    target: Target,
    operation: Any,
    role: str,
    mode: GenerationMode,
    examples: int,
    statuses: set[int] | None = None,
) -> str:
    """The first contract violation of `examples` generated cases, or ''; the status codes
    answered are added to `statuses` when given."""
    checks = _checks()
    for case in _drawn(operation, mode, examples):
        headers = (
            target.fresh_token(role) if operation.path in REVOKING else target.seeded.tokens[role]
        )
        # A generated `Authorization` header would replace the role's token.
        if case.headers:
            case.headers = {k: v for k, v in case.headers.items() if k.lower() != "authorization"}
        try:
            response = case.call(session=target.session, headers=headers, timeout=120)
            if statuses is not None:
                statuses.add(response.status_code)
            case.validate_response(response, checks=checks, headers=headers)
        except BaseException as error:  # schemathesis' FailureGroup is a BaseExceptionGroup
            if isinstance(error, KeyboardInterrupt):
                raise
            return f"{operation.label} as {role} ({mode.value}): {error}"
    return ""


def _customer_probes(target: Target, operation: Any) -> list[str]:
    """Most operations are staff-only, so a customer's every case is a 403 whatever the input:
    six positive and three negative cases of that add nothing. A few positive cases first; if
    every answer was 403, one negative case (a malformed request must not get past the role
    check either); otherwise the full positive and negative runs, as for the admin."""
    statuses: set[int] = set()
    pos, neg = GenerationMode.POSITIVE, GenerationMode.NEGATIVE
    if problem := _probe(target, operation, "customer", pos, FORBIDDEN_EXAMPLES, statuses):
        return [problem]
    forbidden = statuses == {403}
    probes = ((neg, 1),) if forbidden else ((pos, EXAMPLES), (neg, NEGATIVE_EXAMPLES))
    return [p for mode, n in probes if (p := _probe(target, operation, "customer", mode, n))]


@pytest.mark.postgres
@pytest.mark.parametrize(
    "chunk", CHUNKS, ids=[f"{c[0].method.upper()} {c[0].path}" for c in CHUNKS]
)
def test_operations_keep_their_contract(target: Target, chunk: list[Any]) -> None:
    violations: list[str] = []
    for operation in chunk:
        for mode, examples in (
            (GenerationMode.POSITIVE, EXAMPLES),
            (GenerationMode.NEGATIVE, NEGATIVE_EXAMPLES),
        ):
            if problem := _probe(target, operation, "admin", mode, examples):
                violations.append(problem)
        violations += _customer_probes(target, operation)
    assert not violations, "\n\n".join(violations)
