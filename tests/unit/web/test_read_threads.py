"""The hot reads' threads: off the event loop, with the request's context, errors unchanged."""

from __future__ import annotations

import asyncio
import contextvars
import gc
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


def test_the_threads_end_at_a_shutdown_and_when_the_pool_is_dropped() -> None:
    def ours() -> set[threading.Thread]:
        return {t for t in threading.enumerate() if t.name.startswith("claimdesk-read")}

    before = ours()
    threads = ReadThreads(3)
    asyncio.run(threads.run(lambda: None))
    started = ours() - before
    assert len(started) == 3
    threads.shutdown()
    for thread in started:
        thread.join(timeout=10)
        assert not thread.is_alive()
    dropped = ReadThreads(2)  # never shut down: ends with the object (a test's app)
    asyncio.run(dropped.run(lambda: None))
    started = ours() - before
    assert len(started) == 2
    del dropped
    gc.collect()
    for thread in started:
        thread.join(timeout=10)
        assert not thread.is_alive()


def test_a_read_whose_request_went_away_is_dropped() -> None:
    threads = ReadThreads(1)
    release = threading.Event()

    errors: list[dict[str, object]] = []

    async def request() -> None:
        asyncio.get_running_loop().set_exception_handler(lambda _, error: errors.append(error))
        waiting = asyncio.ensure_future(threads.run(release.wait))
        await asyncio.sleep(0)
        waiting.cancel()
        release.set()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        assert await threads.run(lambda: 7) == 7  # the thread goes on with the next read

    asyncio.run(request())
    threads.shutdown()
    assert errors == []  # the late answer was not set on the cancelled future
