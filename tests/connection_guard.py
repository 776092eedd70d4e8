"""Every pooled connection a test takes is given back by the code that took it, never by the
garbage collector.

A session or connection dropped without close() (used again after its `with`, lost in a
reference cycle) keeps its pooled connection — on PostgreSQL an open transaction and its locks —
until the next cyclic collection. With the collector run rarely in the test processes, such a
leak held locks that a later pg_restore waited for, and the suite hung (issue 10).

Pool events see each connection go out and come back: one still out when its test has ended, or
given back from inside a collection (gc.callbacks say when one runs, per thread), fails the test
with the line that took it (tests/conftest.py, `_connections_given_back`).
"""

from __future__ import annotations

import gc
import sys
import threading
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.pool import Pool

_HERE = "/tests/"
_PRODUCT = "/claimdesk/"


@dataclass
class _Guard:
    test: str = ""
    out: dict[int, tuple[str, str]] = field(default_factory=dict)  # record → test, where taken
    leaks: list[str] = field(default_factory=list)
    collecting: set[int] = field(default_factory=set)  # threads inside a cyclic collection


GUARD = _Guard()


def _where() -> str:
    """The innermost test and product lines that took the connection (cheap: no source read)."""
    frame: Any = sys._getframe(2)
    lines: list[str] = []
    while frame is not None and len(lines) < 4:
        name = frame.f_code.co_filename
        if (_HERE in name or _PRODUCT in name) and name != __file__:
            lines.append(f"{name}:{frame.f_lineno} in {frame.f_code.co_name}")
        frame = frame.f_back
    return " <- ".join(lines) or "outside the project's code"


def _on_gc(phase: str, _info: dict[str, int]) -> None:
    if phase == "start":
        GUARD.collecting.add(threading.get_ident())
    else:
        GUARD.collecting.discard(threading.get_ident())


def _checkout(_dbapi: Any, record: Any, _proxy: Any) -> None:
    GUARD.out[id(record)] = (GUARD.test, _where())


def _checkin(_dbapi: Any, record: Any) -> None:
    taken = GUARD.out.pop(id(record), None)
    if taken is not None and threading.get_ident() in GUARD.collecting:
        test, where = taken
        GUARD.leaks.append(f"given back by the garbage collector: taken in {test} at {where}")


def _detach(_dbapi: Any, record: Any) -> None:
    GUARD.out.pop(id(record), None)


def install() -> None:
    """Once per process, before any engine is made."""
    if _on_gc in gc.callbacks:
        return
    gc.callbacks.append(_on_gc)
    event.listen(Pool, "checkout", _checkout)
    event.listen(Pool, "checkin", _checkin)
    event.listen(Pool, "detach", _detach)


def start(test: str) -> None:
    GUARD.test = test
    GUARD.leaks.clear()


def finish(test: str) -> list[str]:
    """What `test` left behind: connections still out, and any the collector gave back."""
    leaks = list(GUARD.leaks)
    for key, (taken_in, where) in list(GUARD.out.items()):
        if taken_in == test:
            leaks.append(f"still checked out after the test: taken at {where}")
            del GUARD.out[key]  # reported once; the collector giving it back later is no news
    GUARD.leaks.clear()
    GUARD.test = ""
    return leaks
