"""The hot reads' own threads (issue 17): GET a claim, the claim list and my queue.

A sync route reaches its thread through anyio (`run_in_threadpool`: a capacity limiter, cancel
scopes, a run-variable lookup and a worker queue each way); measured in process, that hop cost
more CPU than the claim read it carried. These routes are `async` and hand their blocking
database work to a few plain threads instead, each read handed over with a queue and
answered with one `call_soon_threadsafe`. The work still never
runs on the event loop (a slow database blocks one thread, not the server), the context
variables go with it as with anyio, and an exception reaches the route's handlers unchanged.
Sized like the request threadpool (`request_threads`). The app's lifespan shuts the pool down
when the server stops; a later start (a test client entered again) gets a new one.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import threading
import weakref
from collections.abc import Callable
from queue import SimpleQueue
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

# loop, future, context, work, args, kwargs; None ends a thread
_Job = tuple[
    asyncio.AbstractEventLoop,
    "asyncio.Future[Any]",
    contextvars.Context,
    Callable[..., Any],
    tuple[Any, ...],
    dict[str, Any],
]


class ReadThreads:
    """Threads for the hot reads; started on first use, again after a shutdown."""

    def __init__(self, threads: int) -> None:
        self._threads = threads
        self._jobs: SimpleQueue[_Job | None] | None = None
        self._finalizer: weakref.finalize[Any, Any] | None = None
        self._lock = threading.Lock()

    def _queue(self) -> SimpleQueue[_Job | None]:
        jobs = self._jobs
        if jobs is None:
            with self._lock:
                if self._jobs is None:
                    self._jobs = SimpleQueue()
                    for number in range(self._threads):
                        name = f"claimdesk-read_{number}"
                        threading.Thread(
                            target=_serve, args=(self._jobs,), name=name, daemon=True
                        ).start()
                    # An app dropped without its lifespan's end (a test's app): its threads
                    # end when it is collected, as a thread pool's did.
                    self._finalizer = weakref.finalize(self, _end, self._jobs, self._threads)
                jobs = self._jobs
        return jobs

    async def run(self, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        # One future and one callback back on the loop: `run_in_executor` made a concurrent
        # future too and chained the two (three callbacks on the loop per read, issue 17).
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        # As anyio does: the request's context goes along.
        self._queue().put((loop, future, contextvars.copy_context(), work, args, kwargs))
        return await future

    @property
    def running(self) -> bool:
        return self._jobs is not None

    def shutdown(self) -> None:
        """Reads in flight and queued finish on their threads; then the threads end."""
        with self._lock:
            self._jobs = None
            finalizer, self._finalizer = self._finalizer, None
        if finalizer is not None:
            finalizer()  # `_end` once


def _end(jobs: SimpleQueue[_Job | None], threads: int) -> None:
    for _ in range(threads):
        jobs.put(None)


def _serve(jobs: SimpleQueue[_Job | None]) -> None:
    while (job := jobs.get()) is not None:
        loop, future, context, work, args, kwargs = job
        del job  # nothing of a finished read stays referenced while the thread waits
        try:
            result = context.run(work, *args, **kwargs)
        except BaseException as error:  # raised in the route as it was raised here
            _answer(loop, future, error, failed=True)
        else:
            _answer(loop, future, result, failed=False)
        del loop, future, context, work, args, kwargs


def _answer(
    loop: asyncio.AbstractEventLoop, future: asyncio.Future[Any], value: Any, *, failed: bool
) -> None:
    with contextlib.suppress(RuntimeError):  # a closed loop: nobody waits for this read
        loop.call_soon_threadsafe(_settle, future, value, failed)


def _settle(future: asyncio.Future[Any], value: Any, failed: bool) -> None:
    if future.done():  # the request was cancelled (the client went away)
        return
    if failed:
        future.set_exception(value)
    else:
        future.set_result(value)
