"""The README's first command for real: `claimdesk demo` on a fresh home serves over HTTP."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

CLAIMDESK = Path(sys.executable).parent / "claimdesk"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(base: str, process: subprocess.Popen[bytes], deadline_seconds: float) -> None:
    deadline = time.monotonic() + deadline_seconds
    # One client for every poll (`httpx.get` builds an SSL context per call: ≈ 24 ms of CPU,
    # taken from the loading demo).
    with httpx.Client(timeout=1) as http:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                errors = process.stderr.read().decode()[-3000:] if process.stderr else ""
                raise AssertionError(f"demo exited early with {process.returncode}: {errors}")
            try:
                if http.get(f"{base}/healthz").status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)  # readiness polling, not timing: the assertion never depends on it
    raise AssertionError("demo server did not come up")


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("demo-home")
    port = _free_port()
    env = {**os.environ, "CLAIMDESK_HOME": str(home)}
    env.pop("CLAIMDESK_DATABASE_URL", None)
    process = subprocess.Popen(
        [str(CLAIMDESK), "demo", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process, deadline_seconds=420)
        assert (home / "claimdesk.db").exists()
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _all_claims(base: str, headers: dict[str, str]) -> list[dict[str, object]]:
    items, cursor = [], None
    while True:
        params = {"limit": 100, **({"cursor": cursor} if cursor else {})}
        page = httpx.get(f"{base}/api/claims", params=params, headers=headers, timeout=10).json()
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items


def test_demo_serves_about_200_claims_in_every_state(demo_server: str) -> None:
    token = httpx.post(
        f"{demo_server}/api/auth/token", json={"username": "manager", "password": "claimdesk-demo"}
    ).json()
    claims = _all_claims(demo_server, {"Authorization": f"Bearer {token['access_token']}"})
    assert len(claims) == 221  # 200 health + 20 auto + the 人伤 claim (demo/auto_injury.py)
    # Every lifecycle state; "accepted" ones are auto claims waiting for their survey.
    assert len({claim["status"] for claim in claims}) == 14
    assert all(str(claim["claim_no"]).startswith("LP2026") for claim in claims)


def test_demo_customer_sees_only_their_claims(demo_server: str) -> None:
    token = httpx.post(
        f"{demo_server}/api/auth/token", json={"username": "customer", "password": "claimdesk-demo"}
    ).json()
    claims = _all_claims(demo_server, {"Authorization": f"Bearer {token['access_token']}"})
    assert 0 < len(claims) < 10
    assert len({claim["insured_person_id"] for claim in claims}) == 1


def test_demo_sign_in_page_is_chinese(demo_server: str) -> None:
    page = httpx.get(f"{demo_server}/login")
    assert page.status_code == 200 and "登录" in page.text


def test_demo_investigator_list_is_ranked_from_the_start(demo_server: str) -> None:
    """The demo trains the stored-claims risk model at load: the investigator sees a list."""
    token = httpx.post(
        f"{demo_server}/api/auth/token",
        json={"username": "investigator", "password": "claimdesk-demo"},
    ).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    ranked = httpx.get(f"{demo_server}/api/fraud/claims", headers=headers, timeout=10).json()
    assert ranked["items"], ranked
    scores = [item["risk_score"] for item in ranked["items"]]
    assert scores == sorted(scores, reverse=True) and 0.0 <= scores[-1] <= scores[0] <= 1.0


def test_demo_claims_awaiting_a_decision_show_their_estimate(demo_server: str) -> None:
    """预赔 (issue 15): the demo estimates its loaded claims as the 2-hour job would."""
    token = httpx.post(
        f"{demo_server}/api/auth/token", json={"username": "manager", "password": "claimdesk-demo"}
    ).json()
    claims = _all_claims(demo_server, {"Authorization": f"Bearer {token['access_token']}"})
    waiting = [c for c in claims if c["status"] == "under_review"]
    assert waiting
    with httpx.Client(base_url=demo_server, timeout=10) as client:
        found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
        assert found
        form = {"username": "specialist", "password": "claimdesk-demo", "csrf_token": found[1]}
        assert client.post("/login", data=form).status_code in (200, 303)
        page = client.get(f"/claims/{waiting[0]['id']}").text
    assert 'id="estimate-range"' in page and 'id="estimate-basis"' in page
