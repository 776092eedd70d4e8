"""Browser tests: a real uvicorn server on a free port over a fresh SQLite database, and
Debian's Chromium driven by Playwright (no browser download). Without Chromium the tests skip
with the reason — except under CI=true, where that is a failure."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import uvicorn

from claimdesk.bootstrap import Container, build_app, build_container, migrate
from claimdesk.config import Settings
from tests.e2e.seed import PASSWORD, Seed, seed

CHROMIUM = os.environ.get("CLAIMDESK_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """On a worker that runs several browser journeys, the health journey runs first. (An
    xdist_group does not hold with pytest 9.2 + xdist 3.8: nodeid suffixes are ignored, so
    each journey brings its own data instead.)"""
    here = Path(__file__).parent

    def rank(item: pytest.Item) -> int:
        path = Path(str(item.fspath))
        if here not in path.parents:
            return 0
        # The health journey first: its amounts assume the insured's yearly deductible unused.
        return 1 if path.name == "test_journey.py" else 2

    items.sort(key=rank)  # stable: every other test keeps its place


@dataclass
class Site:
    base: str
    seed: Seed
    container: Container


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    home = tmp_path_factory.mktemp("e2e-home")
    settings = Settings(home=home, secret_key="e2e-secret-key", sla_sweep_interval_seconds=0)
    migrate(settings)
    container = build_container(settings, fast_hashing=True)
    data = seed(container)
    port = _free_port()
    config = uvicorn.Config(build_app(container), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    _wait_until_up(base)
    yield Site(base, data, container)
    server.should_exit = True
    thread.join(timeout=10)
    container.engine.dispose()


def _wait_until_up(base: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)  # readiness polling only
    raise AssertionError("server did not come up")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but Chromium is missing at {CHROMIUM}")
        pytest.skip(f"Chromium not found at {CHROMIUM} (set CLAIMDESK_CHROMIUM)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def signed_in() -> dict[str, Any]:
    """Each user's browser state (the signed session cookie) after their first sign-in through
    the login form on this worker; later pages of that user start from it. A sign-in through
    the form is a login page, a post and the landing page: ≈ 1–2.5 s a page on the busy
    machine, for over thirty pages a run. The form itself is still exercised: by each user's
    first page and by the second-factor journey, which signs in and out on its own."""
    return {}


@pytest.fixture
def new_page(browser: Any, site: Site, signed_in: dict[str, Any]) -> Iterator[Any]:
    """Opens a fresh browser context (own cookies) per user, signed in and at `at` (the user's
    landing page unless told; None: wherever the sign-in left it, the caller navigates);
    closes them all afterwards."""
    contexts = []

    def open_as(username: str, *, mobile: bool = False, at: str | None = "/") -> Any:
        size = {"width": 390, "height": 844} if mobile else {"width": 1280, "height": 900}
        state = signed_in.get(username)
        context = browser.new_context(viewport=size, locale="zh-CN", storage_state=state)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        if state is not None and at is None:
            return page
        if state is not None:
            page.goto(f"{site.base}{at}")
            if not _at_login(page):
                return page
        sign_in(page, site.base, username, then=at or "/")
        signed_in[username] = context.storage_state()
        return page

    yield open_as
    for context in contexts:
        context.close()


def _at_login(page: Any) -> bool:
    """A kept session that no longer holds (the user signed out everywhere) lands on the login
    page: the caller then signs in through the form again."""
    return str(page.url).split("?", 1)[0].endswith("/login")


def sign_in(page: Any, base: str, username: str, *, then: str = "/") -> None:
    """Through the login form; the server then redirects to `then` (a local path)."""
    page.goto(f"{base}/login?next={quote(then, safe='/')}")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    submit(page, "button[type=submit].primary")


def submit(page: Any, target: Any) -> None:
    """Clicks what posts a form or follows a link (a selector or a locator) and waits for the
    next page's load event. The pages' forms are plain posts (htmx only suggests hospitals and
    searches the workbench), so "the next document has loaded" is the condition to wait on;
    `networkidle` added a fixed 500 ms quiet window to every step. A click that loads no page
    (say, a form the browser refuses to send) times out and fails."""
    with page.expect_navigation():
        (page.locator(target) if isinstance(target, str) else target).click()


def shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def retire_surveyors(site: Site, usernames: tuple[str, ...]) -> None:
    """Disable a journey's own surveyors when it ends: dispatch goes to the least-loaded active
    surveyor, so surveyors left idle by one journey would take the next journey's dispatch on
    this shared site (the journeys run in any order)."""
    with site.container.uow() as uow:
        for user in uow.users.all_users():
            if user.username in usernames:
                uow.users.set_active(user.id or 0, False)
        uow.commit()
