"""Optional second factor for staff (两步验证, TOTP): enrol (secret and recovery codes shown once),
confirm, sign in by API token and by the sign-in page, no replay of a code, recovery codes work
once, wrong codes count towards the lockout, an administrator resets a lost device; audited.
Codes are computed by pyotp from the test's fixed clock."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pyotp
from fastapi.testclient import TestClient

from claimdesk.adapters.clock import FixedClock
from claimdesk.bootstrap import Container
from tests.builders import PASSWORD, a_world, token_for
from tests.integration.test_finance_pages import csrf


def _token(client: TestClient, username: str, code: str | None = None) -> httpx.Response:
    body = {"username": username, "password": PASSWORD}
    if code is not None:
        body["totp_code"] = code
    return client.post("/api/auth/token", json=body)


def _enrol(client: TestClient, clock: FixedClock, username: str) -> tuple[pyotp.TOTP, list[str]]:
    headers = token_for(client, username)
    enrolment = client.post("/api/auth/second-factor", headers=headers)
    assert enrolment.status_code == 201, enrolment.text
    shown = enrolment.json()
    assert shown["provisioning_uri"].startswith(f"otpauth://totp/ClaimDesk:{username}?secret=")
    assert len(shown["recovery_codes"]) == 10 == len(set(shown["recovery_codes"]))
    totp = pyotp.TOTP(shown["secret"])
    wrong = client.post("/api/auth/second-factor/confirm", json={"code": "000000"}, headers=headers)
    assert wrong.status_code == 401 and wrong.json()["code"] == "TOTP_INVALID"
    code = totp.at(clock.now())
    confirmed = client.post("/api/auth/second-factor/confirm", json={"code": code}, headers=headers)
    assert confirmed.status_code == 204, confirmed.text
    again = client.post("/api/auth/second-factor", headers=headers)
    assert again.status_code == 409 and again.json()["code"] == "TOTP_ALREADY_ENABLED"
    clock.moment += timedelta(seconds=30)  # the confirming code is used up: the next step
    return totp, shown["recovery_codes"]


def test_staff_sign_in_needs_the_code_once_enrolled(
    container: Container, client: TestClient, clock: FixedClock
) -> None:
    a_world(container)
    totp, recovery = _enrol(client, clock, "specialist")

    missing = _token(client, "specialist")
    assert missing.status_code == 401 and missing.json()["code"] == "TOTP_REQUIRED"
    assert missing.json()["message_en"].startswith("this account uses a second factor")
    assert "两步验证" in missing.json()["message_zh"]
    code = totp.at(clock.now())
    assert _token(client, "specialist", code).status_code == 200
    replay = _token(client, "specialist", code)
    assert replay.status_code == 401 and replay.json()["code"] == "TOTP_INVALID"
    clock.moment += timedelta(seconds=30)
    assert _token(client, "specialist", totp.at(clock.now())).status_code == 200
    # A recovery code works once, in any case and with spaces around it.
    assert _token(client, "specialist", f" {recovery[0].lower()} ").status_code == 200
    assert _token(client, "specialist", recovery[0]).status_code == 401
    # Others are not affected: no second factor, no code asked.
    assert _token(client, "approver").status_code == 200

    with container.uow() as uow:
        actions = [r.entry.action for r in uow.audit.all_records()]
    for action in ("second_factor_enrolment_started", "second_factor_confirm_failed",
                   "second_factor_enabled", "sign_in_second_factor_required",
                   "sign_in_second_factor_failed"):  # fmt: skip
        assert action in actions, action


def test_sign_in_page_asks_for_the_code(
    container: Container, client: TestClient, clock: FixedClock
) -> None:
    a_world(container)
    totp, _ = _enrol(client, clock, "specialist")
    form = {"username": "specialist", "password": PASSWORD}

    page = client.get("/login")
    assert 'name="totp_code"' in page.text
    refused = client.post("/login", data={**form, "csrf_token": csrf(page.text)})
    assert refused.status_code == 401 and "两步验证" in refused.text
    signed_in = client.post(
        "/login",
        data={**form, "totp_code": totp.at(clock.now()), "csrf_token": csrf(refused.text)},
        follow_redirects=False,
    )
    assert signed_in.status_code == 303, signed_in.text


def test_wrong_codes_count_towards_the_lockout(
    container: Container, client: TestClient, clock: FixedClock
) -> None:
    a_world(container)
    _enrol(client, clock, "specialist")
    answers = [_token(client, "specialist", "123456").status_code for _ in range(6)]
    assert answers[:5] == [401] * 5 and answers[5] == 429


def test_customers_do_not_enrol_and_an_administrator_resets_a_lost_device(
    container: Container, client: TestClient, clock: FixedClock
) -> None:
    world = a_world(container)
    refused = client.post("/api/auth/second-factor", headers=token_for(client, "customer"))
    assert refused.status_code == 403 and refused.json()["code"] == "TOTP_STAFF_ONLY"
    _enrol(client, clock, "specialist")
    specialist_id = world.users["specialist"].id
    path = f"/api/auth/second-factor/users/{specialist_id}"

    by_approver = client.delete(path, headers=token_for(client, "approver"))
    assert by_approver.status_code == 403
    assert _token(client, "specialist").status_code == 401
    assert client.delete(path, headers=token_for(client, "admin")).status_code == 204
    assert _token(client, "specialist").status_code == 200  # enrols again when it suits
    with container.uow() as uow:
        records = uow.audit.all_records()
    reset = [r for r in records if r.entry.action == "second_factor_reset"]
    assert [(r.entry.actor, r.entry.entity_id) for r in reset] == [("admin", "specialist")]
    unknown = client.delete(
        "/api/auth/second-factor/users/999999", headers=token_for(client, "admin")
    )
    assert unknown.status_code == 404
