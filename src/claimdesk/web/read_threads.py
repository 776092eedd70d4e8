"""The hot reads' own threads (issue 17): GET a claim, the claim list and my queue.

A sync route reaches its thread through anyio (`run_in_threadpool`: a capacity limiter, cancel
scopes, a run-variable lookup and a worker queue each way); measured in process, that hop cost
more CPU than the claim read it carried. These routes are `async` and hand their blocking
database work to a plain thread pool with `loop.run_in_executor` instead. The work still never
runs on the event loop (a slow database blocks one thread, not the server), the context
variables go with it as with anyio, and an exception reaches the route's handlers unchanged.
Sized like the request threadpool (`request_threads`). The app's lifespan shuts the pool down
when the server stops; a later start (a test client entered again) gets a new one.
"""

from __future__ import annotations

import asyncio
import contextvars
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


class ReadThreads:
    """A thread pool for the hot reads; made on first use, again after a shutdown."""

    def __init__(self, threads: int) -> None:
        self._threads = threads
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def _pool(self) -> ThreadPoolExecutor:
        executor = self._executor
        if executor is None:
            with self._lock:
                if self._executor is None:
                    self._executor = ThreadPoolExecutor(
                        self._threads, thread_name_prefix="claimdesk-read"
                    )
                executor = self._executor
        return executor

    async def run(self, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        context = contextvars.copy_context()  # as anyio does: the request's context goes along
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool(), lambda: context.run(work, *args, **kwargs))

    @property
    def running(self) -> bool:
        return self._executor is not None

    def shutdown(self) -> None:
        """Reads in flight finish on their threads; idle threads end."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False)
