"""A stage of the streamed batch on a thread of its own (issue 17): polars reads and writes,
and numpy computes, without the GIL, so stages a batch apart run side by side on two cores."""

from __future__ import annotations

import queue
import threading
from collections.abc import Generator, Iterator
from typing import Any, TypeVar

T = TypeVar("T")


def ahead(items: Iterator[T], depth: int = 1) -> Generator[T, None, None]:
    """`items`, produced on a thread of their own at most `depth` items ahead of the reader.
    An error of the producer is raised to the reader; a reader that stops early (closes this
    generator) stops the producer and closes `items`."""
    slots: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                slots.put(("item", item))
                if stop.is_set():
                    return
            slots.put(("end", None))
        except BaseException as error:  # handed to the reader, raised there
            slots.put(("error", error))
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()

    worker = threading.Thread(target=produce, name="claimdesk-batch-stage", daemon=True)
    worker.start()
    try:
        while True:
            kind, value = slots.get()
            if kind == "end":
                return
            if kind == "error":
                raise value
            yield value
    finally:
        stop.set()
        while worker.is_alive():  # free a producer waiting for a slot, so that it sees stop
            try:
                slots.get_nowait()
            except queue.Empty:
                worker.join(0.05)
