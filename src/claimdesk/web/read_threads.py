"""The hot reads' own threads (issue 17): GET a claim, the claim list and my queue.

A sync route reaches its thread through anyio (`run_in_threadpool`: a capacity limiter, cancel
scopes, a run-variable lookup and a worker queue each way); measured in process, that hop cost
more CPU than the claim read it carried. These routes are `async` and hand their blocking
database work to a plain thread pool with `loop.run_in_executor` instead. The work still never
runs on the event loop (a slow database blocks one thread, not the server), the context
variables go with it as with anyio, and an exception reaches the route's handlers unchanged.
Sized like the request threadpool (`request_threads`).
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


class ReadThreads:
    """A thread pool for the hot reads; threads start on first use."""

    def __init__(self, threads: int) -> None:
        self._executor = ThreadPoolExecutor(threads, thread_name_prefix="claimdesk-read")

    async def run(self, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        context = contextvars.copy_context()  # as anyio does: the request's context goes along
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._executor, lambda: context.run(work, *args, **kwargs)
        )

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False)
