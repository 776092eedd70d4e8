"""Accounts: sign-in throttling, password policy, token and session revocation, production
settings and security headers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from claimdesk.adapters.clock import FixedClock
from claimdesk.bootstrap import Container, build_app
from claimdesk.config import Settings
from claimdesk.domain.errors import DomainError
from claimdesk.domain.users import Role
from claimdesk.services.users import sign_in as sign_in_flow
from claimdesk.services.users import use_cases as user_service
from tests.builders import PASSWORD, a_world, token_for
from tests.integration.test_web_pages import _csrf, sign_in

LONG_SECRET = "s" * 40


def _token(client: TestClient, username: str, password: str) -> int:
    response = client.post("/api/auth/token", json={"username": username, "password": password})
    return response.status_code


def test_five_failures_lock_the_account_with_backoff_then_it_opens_again(
    container: Container, client: TestClient, clock: FixedClock
) -> None:
    a_world(container)
    assert [_token(client, "agent", "wrong-guess") for _ in range(5)] == [401] * 5
    locked = client.post("/api/auth/token", json={"username": "agent", "password": PASSWORD})
    assert locked.status_code == 429
    assert locked.json()["code"] == "TOO_MANY_ATTEMPTS" and int(locked.headers["Retry-After"]) > 0
    assert "登录失败次数过多" in locked.json()["message_zh"]
    clock.moment += timedelta(seconds=31)
    assert _token(client, "agent", PASSWORD) == 200
    with container.uow() as uow:
        actions = [record.entry.action for record in uow.audit.all_records()]
    assert actions.count("sign_in_failed") == 5 and "sign_in_locked" in actions


def test_lock_doubles_with_each_further_failure() -> None:
    start = datetime(2026, 6, 1, tzinfo=UTC)
    state = None
    for _ in range(5):
        state = sign_in_flow.after_failure(state, start, 5)
    assert state is not None and sign_in_flow.seconds_locked(state, start) == 30
    state = sign_in_flow.after_failure(state, start, 5)
    assert sign_in_flow.seconds_locked(state, start) == 60
    for _ in range(30):
        state = sign_in_flow.after_failure(state, start, 5)
    assert sign_in_flow.seconds_locked(state, start) == 3600


def test_unknown_user_costs_a_password_check_too(container: Container) -> None:
    calls: list[str] = []
    real = container.hasher

    class Counting:
        def hash(self, password: str) -> str:
            return real.hash(password)

        def verify(self, password: str, password_hash: str) -> bool:
            calls.append(password)
            return real.verify(password, password_hash)

    with pytest.raises(DomainError):
        sign_in_flow.sign_in(
            container.context(),
            hasher=Counting(),
            username="nobody",
            password="x" * 9,
            address="127.0.0.1",
        )
    assert calls == ["x" * 9]


@pytest.mark.parametrize(
    "password", ["aaaaaaaa", "password123", "Qwerty123", "1111111x", "wang-2026-x"]
)
def test_weak_passwords_are_refused(container: Container, password: str) -> None:
    with pytest.raises(DomainError) as refused:
        user_service.add_user(
            container.context(),
            hasher=container.hasher,
            username="wang",
            password=password,
            role=Role.AGENT,
        )
    assert refused.value.field == "password"


def test_api_logout_revokes_the_token_and_everywhere_revokes_all(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    first, second = token_for(client, "agent"), token_for(client, "agent")
    assert client.post("/api/auth/logout", headers=first).status_code == 204
    assert client.get("/api/claims", headers=first).status_code == 401
    assert client.get("/api/claims", headers=second).status_code == 200
    third = token_for(client, "agent")
    assert client.post("/api/auth/logout-everywhere", headers=third).status_code == 204
    assert client.get("/api/claims", headers=second).status_code == 401
    assert client.get("/api/claims", headers=third).status_code == 401


def test_a_saved_session_cookie_dies_with_sign_out(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    sign_in(client, "agent")
    saved = client.cookies.get("claimdesk_session")
    assert saved
    client.post("/logout", data={"csrf_token": _csrf(client.get("/claims").text)})
    client.cookies.set("claimdesk_session", saved)  # an attacker replays the copied cookie
    replay = client.get("/claims", follow_redirects=False)
    assert replay.status_code == 303 and replay.headers["location"].startswith("/login")


def test_production_refuses_a_short_secret_and_insecure_cookies(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="at least 32"):
        Settings(
            home=tmp_path, environment="production", secret_key="x", session_cookie_secure=True
        )
    with pytest.raises(ValidationError, match="SESSION_COOKIE_SECURE"):
        Settings(home=tmp_path, environment="production", secret_key=LONG_SECRET)
    Settings(
        home=tmp_path, environment="production", secret_key=LONG_SECRET, session_cookie_secure=True
    )


def test_production_hides_the_api_docs_and_sends_hsts(container: Container) -> None:
    container.settings = container.settings.model_copy(
        update={
            "environment": "production",
            "secret_key": LONG_SECRET,
            "session_cookie_secure": True,
        }
    )
    with TestClient(build_app(container)) as client:
        for path in ("/docs", "/openapi.json", "/redoc"):
            assert client.get(path).status_code == 404, path
        assert "max-age" in client.get("/login").headers["Strict-Transport-Security"]


def test_security_headers_on_pages_and_json(container: Container, client: TestClient) -> None:
    a_world(container)
    for response in (
        client.get("/login"),
        client.get("/api/claims", headers=token_for(client, "agent")),
    ):
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in client.get("/login").headers  # not in development
