"""Product files parsed once per process while they are unchanged.

Product terms are frozen dataclasses, and a process builds products more than once (each
container, the CLI's commands, every test): parsing and validating every YAML file again
cost ≈ 90 ms a time. A file is read again when its modification time or size changes, so an
edited product directory is still picked up.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from threading import Lock
from typing import TypeVar

T = TypeVar("T")
MOST_FILES = 1024  # tests point at many temporary product directories: stay bounded


def parsed_once(read: Callable[[Path], T]) -> Callable[[Path], T]:
    cache: dict[tuple[str, int, int], T] = {}
    lock = Lock()

    def cached(path: Path) -> T:
        status = path.stat()
        key = (str(path.resolve()), status.st_mtime_ns, status.st_size)
        with lock:
            if key in cache:
                return cache[key]
        value = read(path)  # a refusal (ProductDefinitionError) is not cached: raised each time
        with lock:
            if len(cache) >= MOST_FILES:
                cache.clear()
            cache[key] = value
        return value

    return cached
