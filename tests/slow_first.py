"""The suite's known-slow modules run first, so the run's tail is short tests on both workers.

xdist's load scheduling hands each worker a first chunk of about an eighth of the collection
(`-n 2`), then refills whichever worker runs low, a few tests at a time. A worker that draws
a long test at the end runs it alone while the other has finished (the browser journeys came
last: 27 of the longest tests on both workers, each also starting its own Chromium and seeded
site). Started first instead, the slow modules fall in the first worker's first chunk (one
worker loads the demo and runs the journeys, in the journeys' own order) while the other
worker takes the rest, and both finish on short tests.

Order only: the same tests run, each module's tests stay together in their order (a module
fixture is set up once), and a test of one database stays among that database's tests (the
session database is built once per worker and database, switching back and forth would build
it again). Known-slow: the slowest items of the fresh-clone CI's `--durations`, longest first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

import pytest

SLOW = (
    "tests/e2e/",  # the browser journeys: ≈ 60 s together, 4–8 s the longest
    "tests/integration/test_demo_server.py",  # `claimdesk demo` for real: 18 s
    "tests/integration/test_receipt_ocr_accuracy.py",  # RapidOCR on ten photos: 14 s
    "tests/integration/test_kill_server.py",  # kill -9 tests: a real server, 8–11 s
    "tests/integration/test_many_processes.py",  # two servers and two workers: 13 s
    "tests/integration/test_pii_masking.py",  # 2,228 GETs over the demo: 9.5 s
    "tests/integration/test_kill_worker.py",  # 4–8 s
    "tests/integration/test_demo_desk.py",  # 3.7 s
    "tests/unit/fraud/test_model.py",  # the oracle's cross-validation: 3.7 s
    "tests/integration/test_loss_reserve_totals.py",  # 3.3 s
)


class _Item(Protocol):
    nodeid: str


Item = TypeVar("Item", bound=_Item)


def slow_rank(nodeid: str) -> int | None:
    """Its place in SLOW (the longest first), None for a test not known to be slow."""
    for rank, prefix in enumerate(SLOW):
        if nodeid.startswith(prefix):
            return rank
    return None


def database_of(item: _Item) -> object:
    """The session database the test is run on (its `database_url` parameter), if any."""
    callspec = getattr(item, "callspec", None)
    return None if callspec is None else callspec.params.get("database_url")


def slow_first(items: Sequence[Item]) -> list[Item]:
    """Known-slow tests without a database first; those on a database first among that
    database's tests, which stay where the first of them was; every other test in place."""
    first_at: dict[object, int] = {}
    for index, item in enumerate(items):
        first_at.setdefault(database_of(item), index)

    def key(pair: tuple[int, Item]) -> tuple[int, int, int, int, int]:
        index, item = pair
        rank, database = slow_rank(item.nodeid), database_of(item)
        if database is None:
            return (0, rank, 0, 0, index) if rank is not None else (1, index, 1, 0, index)
        slow = (0, rank) if rank is not None else (1, 0)
        return (1, first_at[database], *slow, index)

    return [item for _, item in sorted(enumerate(items), key=key)]


@pytest.hookimpl(trylast=True)  # after tests/e2e/conftest.py orders the journeys
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items[:] = slow_first(items)
