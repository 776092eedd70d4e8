"""A process that keeps its own objects frozen (the test workers: tests/conftest.py) says so,
and its apps' lifespans then neither count the frozen objects (a walk of every one of them
per start) nor unfreeze them at a stop. Servers, which say nothing, are in
test_fast_reads.py's lifespan test."""

from __future__ import annotations

import gc

import pytest
from fastapi.testclient import TestClient

from claimdesk.bootstrap import Container, build_app
from claimdesk.web import app as web_app


def test_a_process_that_keeps_its_objects_frozen_is_not_asked_and_stays_frozen(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = build_app(container)
    count = gc.get_freeze_count
    gc.freeze()  # whatever the worker froze, this test's process has frozen objects
    frozen = count()
    asked: list[int] = []
    monkeypatch.setattr(gc, "get_freeze_count", lambda: asked.append(1) or count())
    monkeypatch.setattr(web_app, "PROCESS_KEEPS_FROZEN", True)
    with TestClient(app) as client:
        assert client.get("/login").status_code == 200
    assert asked == []
    # Not unfrozen by the stop (frozen objects freed since only lower the count a little).
    assert count() > frozen // 2
