"""What a fresh app's first request costs the suite: building every included route (FastAPI
builds them lazily, per app), with and without the test suite's shared route-field adapters
and signatures (tests/fastapi_adapters.py). Interleaved rounds, CPU seconds per app.

    PYTHONPATH=src:. .venv/bin/python bench/app_build_bench.py [rounds]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from fastapi.routing import _IncludedRouter
from tests import fastapi_adapters

from claimdesk.bootstrap import Container, build_app, build_container
from claimdesk.config import Settings


def build_routes(container: Container) -> float:
    app = build_app(container)
    started = time.process_time()
    for route in app.router.routes:
        if isinstance(route, _IncludedRouter):
            route.effective_candidates()
            route.effective_low_priority_routes()
    return time.process_time() - started


def main(rounds: int) -> None:
    home = Path(tempfile.mkdtemp(prefix="claimdesk-app-bench-"))
    settings = Settings(home=home, database_url=f"sqlite:///{home / 'unused.db'}",
                        secret_key="bench-secret-key")  # fmt: skip
    container = build_container(settings, fast_hashing=True)
    build_routes(container)  # imports and first-use caches out of the way
    for _ in range(rounds):
        fastapi_adapters.uninstall()
        plain = sorted(build_routes(container) for _ in range(3))
        fastapi_adapters.install()
        shared = sorted(build_routes(container) for _ in range(3))
        print(f"per app, median of 3: plain {plain[1]:.3f} s  shared {shared[1]:.3f} s")
    container.engine.dispose()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
