"""Browser tests: a real uvicorn server on a free port over a fresh SQLite database, and
Debian's Chromium driven by Playwright (no browser download). Without Chromium the tests skip
with the reason — except under CI=true, where that is a failure."""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from claimdesk.bootstrap import Container, build_app, build_container, migrate
from claimdesk.config import Settings
from tests.e2e.seed import PASSWORD, Seed, seed

# Debian's chromium-headless-shell (the headless-only build Playwright itself runs headless)
# when installed: the full browser in headless mode took 2.6× its CPU over the same pages and
# screenshots (7.4 s against 2.8 s, docs/performance.md, branch e2e9).
SHELL = "/usr/bin/chromium-headless-shell"
CHROMIUM = os.environ.get(
    "CLAIMDESK_CHROMIUM", SHELL if Path(SHELL).exists() else "/usr/bin/chromium"
)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
SESSION_COOKIE = "claimdesk_session"  # web/app.py
KEEP_IDLE = 8  # signed-in contexts kept per worker between tests (a renderer process each)


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


# The site, the browser and the signed-in users last for the journeys (package scope), not the
# worker's session: Playwright's sync API leaves its event loop running in the thread while it
# is open, where `asyncio.run` in a test run after the journeys on the same worker fails (the
# journeys come last today; branch suite11 ran them first).
@pytest.fixture(scope="package")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    home = tmp_path_factory.mktemp("e2e-home")
    # Throw-away data (as the other tests' databases): no fsync per commit, upload or DDL
    # statement; the migration alone took 4.7–5.2 s with it on the busy machine, 0.5 s without.
    settings = Settings(home=home, secret_key="e2e-secret-key", sla_sweep_interval_seconds=0,
                        sqlite_synchronous="NORMAL")  # fmt: skip
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


@pytest.fixture(scope="package")
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


class SignedIn:
    """Each user's session cookie, and the browser contexts tests have finished with, kept on
    this worker for the next test that opens a page as the same user with the same viewport.

    A user is signed in once per worker by the login form's own post (`POST /login` with the
    form's CSRF token, over HTTP: the same request the browser sends) and their cookie goes
    into each context of theirs. Signing in in the browser was a login page, a post and a
    landing page, and each fresh context a new renderer process: ≈ 1.5–3 s a page on the busy
    2-core machine, for over forty pages a run. The form in the browser is still exercised:
    the second-factor journey signs in and out through it, and axe checks the login page. A
    kept context is handed out on a blank page with its cookies reset to the user's kept
    cookie, so a test starts from what a fresh context would hold (the pages keep nothing
    else: no local storage)."""

    def __init__(self, browser: Any, base: str) -> None:
        self.browser, self.base = browser, base
        self.cookies: dict[str, list[dict[str, Any]]] = {}
        self.idle: list[tuple[tuple[str, bool], Any]] = []  # oldest first

    def context(self, username: str, mobile: bool) -> Any:
        """A context holding only the user's session cookie, with one page on about:blank."""
        cookies = self.cookies.get(username) or self.sign_in(username)
        for n, (key, context) in enumerate(reversed(self.idle)):
            if key == (username, mobile):
                del self.idle[len(self.idle) - 1 - n]
                context.clear_cookies()
                context.add_cookies(cookies)
                return context
        state = {"cookies": cookies, "origins": []}
        context = self.browser.new_context(viewport=_size(mobile), locale="zh-CN",
                                           storage_state=state)  # fmt: skip
        context.new_page()
        return context

    def sign_in(self, username: str) -> list[dict[str, Any]]:
        with httpx.Client(base_url=self.base, timeout=30) as client:
            form = client.get("/login")
            token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
            assert token is not None, form.text
            fields = {"username": username, "password": PASSWORD, "csrf_token": token[1]}
            answer = client.post("/login", data=fields)
            assert answer.status_code == 303, (username, answer.status_code)
            value = client.cookies[SESSION_COOKIE]
        self.cookies[username] = [{"name": SESSION_COOKIE, "value": value, "url": self.base,
                                   "httpOnly": True, "sameSite": "Lax"}]  # fmt: skip
        return self.cookies[username]

    def put_back(self, username: str, mobile: bool, context: Any) -> None:
        """Kept if it still has its one page, on about:blank (no page script left running
        between tests), at its viewport; the oldest beyond KEEP_IDLE are closed."""
        from playwright.sync_api import Error

        pages = context.pages
        if len(pages) != 1:
            context.close()
            return
        try:
            pages[0].goto("about:blank")
            pages[0].set_viewport_size(_size(mobile))
        except Error:  # a crashed page: not kept
            context.close()
            return
        self.idle.append(((username, mobile), context))
        while len(self.idle) > KEEP_IDLE:
            self.idle.pop(0)[1].close()


def _size(mobile: bool) -> dict[str, int]:
    return {"width": 390, "height": 844} if mobile else {"width": 1280, "height": 900}


@pytest.fixture(scope="package")
def signed_in(browser: Any, site: Site) -> SignedIn:
    return SignedIn(browser, site.base)


@pytest.fixture
def new_page(site: Site, signed_in: SignedIn) -> Iterator[Any]:
    """A page in a browser context of its own per call (own cookies), signed in and at `at`
    (the user's landing page unless told; None: on about:blank, for a caller that navigates
    at once). Contexts are given back for later tests afterwards."""
    opened: list[tuple[str, bool, Any]] = []

    def open_as(username: str, *, mobile: bool = False, at: str | None = "/") -> Any:
        context = signed_in.context(username, mobile)
        opened.append((username, mobile, context))
        page = context.pages[0]
        page.set_default_timeout(10_000)
        if at is not None:
            page.goto(f"{site.base}{at}")
            if _at_login(page):  # the kept session no longer holds: a new one
                context.clear_cookies()
                context.add_cookies(signed_in.sign_in(username))
                page.goto(f"{site.base}{at}")
        return page

    yield open_as
    for username, mobile, context in opened:
        signed_in.put_back(username, mobile, context)


def _at_login(page: Any) -> bool:
    """A session of a user who signed out everywhere lands on the login page."""
    return str(page.url).split("?", 1)[0].endswith("/login")


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
