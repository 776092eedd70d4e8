"""The hot reads' threads: off the event loop, with the request's context, errors unchanged."""

from __future__ import annotations

import asyncio
import contextvars
import threading

import pytest

from claimdesk.domain.errors import NotFound
from claimdesk.web.read_threads import ReadThreads

REQUEST = contextvars.ContextVar("request", default="none")


def test_the_work_runs_on_a_read_thread_with_the_request_context() -> None:
    threads = ReadThreads(2)

    def seen(prefix: str) -> tuple[str, str]:
        return f"{prefix}{REQUEST.get()}", threading.current_thread().name

    async def request() -> tuple[tuple[str, str], str]:
        REQUEST.set("r-1")
        return await threads.run(seen, "id:"), threading.current_thread().name

    (value, worker), loop_thread = asyncio.run(request())
    threads.shutdown()
    assert value == "id:r-1"
    assert worker.startswith("claimdesk-read") and worker != loop_thread


def test_an_error_reaches_the_route_as_it_was_raised() -> None:
    threads = ReadThreads(1)

    def missing() -> None:
        raise NotFound("赔案 claim", 7)

    with pytest.raises(NotFound):
        asyncio.run(threads.run(missing))
    threads.shutdown()


def test_a_shut_down_pool_is_made_again_on_the_next_read() -> None:
    threads = ReadThreads(1)
    assert asyncio.run(threads.run(threading.current_thread)).name.startswith("claimdesk-read")
    assert threads.running
    threads.shutdown()
    assert not threads.running
    assert asyncio.run(threads.run(lambda: 42)) == 42  # a new pool, not "cannot schedule"
    threads.shutdown()
