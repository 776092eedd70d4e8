"""tests/slow_first.py: the known-slow modules first, without splitting a module or moving a
test away from its database's tests; and the suite as collected is ordered so."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.slow_first import SLOW, slow_first, slow_rank


@dataclass
class Spec:
    params: dict[str, object]


@dataclass
class Fake:
    nodeid: str
    callspec: Spec | None = field(default=None)


def fake(nodeid: str, database: str | None = None) -> Fake:
    return Fake(nodeid, None if database is None else Spec({"database_url": database}))


COLLECTED = [
    fake("tests/integration/test_a.py::one[sqlite]", "sqlite"),
    fake("tests/integration/test_pii_masking.py::crawl[sqlite]", "sqlite"),
    fake("tests/integration/test_b.py::two[sqlite]", "sqlite"),
    fake("tests/integration/test_a.py::one[postgresql]", "postgresql"),
    fake("tests/integration/test_kill_server.py::kill[postgresql]", "postgresql"),
    fake("tests/integration/test_demo_server.py::first"),
    fake("tests/integration/test_demo_server.py::second"),
    fake("tests/unit/test_c.py::three"),
    fake("tests/e2e/test_journey.py::health"),
    fake("tests/e2e/test_auto_journey.py::auto"),
]


def test_slow_modules_first_each_among_its_databases_tests_and_nothing_else_moves() -> None:
    ordered = [item.nodeid for item in slow_first(COLLECTED)]
    assert ordered == [
        "tests/e2e/test_journey.py::health",  # the journeys in their own order
        "tests/e2e/test_auto_journey.py::auto",
        "tests/integration/test_demo_server.py::first",  # a module stays together, in order
        "tests/integration/test_demo_server.py::second",
        "tests/integration/test_pii_masking.py::crawl[sqlite]",  # first of SQLite's
        "tests/integration/test_a.py::one[sqlite]",
        "tests/integration/test_b.py::two[sqlite]",
        "tests/integration/test_kill_server.py::kill[postgresql]",  # first of PostgreSQL's
        "tests/integration/test_a.py::one[postgresql]",
        "tests/unit/test_c.py::three",
    ]


def test_the_known_slow_are_real_modules_or_folders() -> None:
    root = Path(__file__).resolve().parents[2]
    assert all((root / prefix).exists() for prefix in SLOW)
    assert slow_rank("tests/e2e/test_journey.py::x") == 0 and slow_rank("tests/unit/x.py") is None


def test_the_suite_is_collected_slow_first(request: pytest.FixtureRequest) -> None:
    """Only when the whole suite is collected (a run of some files orders those files alone)."""
    items = request.session.items
    if not any(item.nodeid.startswith("tests/e2e/") for item in items):
        pytest.skip("the browser journeys are not collected in this run")
    first = [slow_rank(item.nodeid) for item in items[:5]]
    assert first == [0] * 5 and items[0].nodeid.startswith("tests/e2e/test_journey.py::")
    demo = [n for n, item in enumerate(items) if "test_demo_server.py" in item.nodeid]
    assert demo == list(range(demo[0], demo[0] + len(demo))) and demo[0] < 40
