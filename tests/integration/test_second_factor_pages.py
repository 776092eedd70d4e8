"""两步验证 in the browser pages (issue 16): a staff member turns it on at
/account/second-factor (secret, otpauth:// address and recovery codes shown once, confirmed by a
code), zh by default and in English; CSRF checked; customers refused; an administrator resets it
from the user's admin page (with a confirmation tick; audited); others cannot reset."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
from fastapi.testclient import TestClient

from claimdesk.adapters.clock import FixedClock
from claimdesk.bootstrap import Container
from tests.builders import PASSWORD, a_world
from tests.integration.test_finance_pages import csrf
from tests.integration.test_web_pages import sign_in

PAGE = "/account/second-factor"


def _secret(html: str) -> str:
    found = re.search(r'id="totp-secret">([A-Z2-7]+)</code>', html)
    assert found, "no secret on the page"
    return found.group(1)


def _enrol(client: TestClient) -> str:
    page = client.get(PAGE)
    assert page.status_code == 200 and 'data-state="off"' in page.text
    shown = client.post(f"{PAGE}/enrol", data={"csrf_token": csrf(page.text)})
    assert shown.status_code == 200, shown.text
    assert shown.headers["cache-control"] == "no-store"
    return shown.text


def test_staff_member_turns_it_on_in_the_page(
    container: Container, client: TestClient, clock: FixedClock
) -> None:
    a_world(container)
    sign_in(client, "specialist")
    assert f'href="{PAGE}"' in client.get("/workbench").text  # linked from the top bar
    shown = _enrol(client)
    secret = _secret(shown)
    assert "以下信息只显示这一次" in shown and "开启两步验证" not in shown.split("<main")[1]
    assert f"otpauth://totp/ClaimDesk:specialist?secret={secret}" in shown
    codes = re.findall(r"<li><code>([0-9A-F]{5}-[0-9A-F]{5})</code></li>", shown)
    assert len(codes) == 10 == len(set(codes))
    # Shown once: coming back shows the pending state and the confirm form, not the secret.
    again = client.get(PAGE)
    assert 'data-state="pending"' in again.text and secret not in again.text
    assert codes[0] not in again.text and 'id="confirm-second-factor"' in again.text

    wrong = client.post(f"{PAGE}/confirm", data={"code": "000000", "csrf_token": csrf(again.text)})
    assert wrong.status_code == 422 and "动态验证码或恢复码不正确" in wrong.text
    assert 'id="sf-code-error"' in wrong.text or 'aria-invalid="true"' in wrong.text
    code = pyotp.TOTP(secret).at(clock.now())
    done = client.post(f"{PAGE}/confirm", data={"code": code, "csrf_token": csrf(wrong.text)})
    assert "两步验证已开启" in done.text and 'data-state="on"' in done.text
    assert 'id="enrol"' not in done.text  # no second enrolment over a working one

    client.post("/logout", data={"csrf_token": csrf(done.text)})
    clock.moment += timedelta(seconds=30)
    form = {"username": "specialist", "password": PASSWORD}
    refused = client.post("/login", data={**form, "csrf_token": csrf(client.get("/login").text)})
    assert refused.status_code == 401 and "两步验证" in refused.text
    signed_in = client.post(
        "/login",
        data={**form, "totp_code": pyotp.TOTP(secret).at(clock.now()),
              "csrf_token": csrf(refused.text)},
        follow_redirects=False,
    )  # fmt: skip
    assert signed_in.status_code == 303, signed_in.text
    with container.uow() as uow:
        actions = [r.entry.action for r in uow.audit.all_records()]
    for action in ("second_factor_enrolment_started", "second_factor_confirm_failed",
                   "second_factor_enabled"):  # fmt: skip
        assert action in actions, action


def test_english_csrf_and_refusals(container: Container, client: TestClient) -> None:
    a_world(container)
    anonymous = client.get(PAGE, follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    sign_in(client, "approver")
    english = client.get(f"{PAGE}?lang=en")
    assert "Turn on the second factor" in english.text and 'lang="en"' in english.text
    assert "开启两步验证" not in english.text
    forged = client.post(f"{PAGE}/enrol", data={"csrf_token": "forged"})
    assert forged.status_code == 403 and "CSRF" in forged.text
    assert "totp-secret" not in forged.text
    nothing = client.post(f"{PAGE}/confirm", data={"code": "123456",
                                                  "csrf_token": csrf(english.text)})  # fmt: skip
    assert nothing.status_code == 409 and "no second-factor enrolment awaits" in nothing.text
    shown = client.post(f"{PAGE}/enrol", data={"csrf_token": csrf(english.text)})
    assert "This is shown only once" in shown.text and _secret(shown.text)

    client.cookies.clear()
    sign_in(client, "customer")
    assert client.get(PAGE).status_code == 403
    assert f'href="{PAGE}"' not in client.get("/portal").text
    page = client.get("/portal")
    refused = client.post(f"{PAGE}/enrol", data={"csrf_token": csrf(page.text)})
    assert refused.status_code == 403 and "仅供工作人员" in refused.text


def test_administrator_resets_it_on_the_users_page(
    container: Container, client: TestClient, clock: FixedClock
) -> None:
    world = a_world(container)
    sign_in(client, "specialist")
    secret = _secret(_enrol(client))
    page = client.get(PAGE)
    client.post(f"{PAGE}/confirm", data={"code": pyotp.TOTP(secret).at(clock.now()),
                                         "csrf_token": csrf(page.text)})  # fmt: skip
    specialist = world.users["specialist"].id
    path = f"/admin/users/{specialist}/second-factor/reset"

    client.cookies.clear()
    sign_in(client, "approver")
    token = csrf(client.get("/workbench").text)
    assert client.post(path, data={"csrf_token": token, "confirm": "yes"}).status_code == 403

    client.cookies.clear()
    sign_in(client, "admin")
    admin_page = client.get(f"/admin/users/{specialist}")
    assert 'id="user-second-factor" data-state="on"' in admin_page.text
    assert "重置两步验证" in admin_page.text
    token = csrf(admin_page.text)
    assert client.post(path, data={"csrf_token": "forged", "confirm": "yes"}).status_code == 403
    unticked = client.post(path, data={"csrf_token": token})
    assert unticked.status_code == 422 and "请勾选确认" in unticked.text
    with container.uow() as uow:
        assert "second_factor_reset" not in [r.entry.action for r in uow.audit.all_records()]
    done = client.post(path, data={"csrf_token": token, "confirm": "yes"})
    assert "两步验证已重置" in done.text and 'data-state="off"' in done.text
    assert 'id="reset-second-factor"' not in done.text
    english = client.get(f"/admin/users/{specialist}?lang=en")
    assert "Second factor" in english.text and ">Off<" in english.text
    with container.uow() as uow:
        records = [r.entry for r in uow.audit.all_records()]
    assert [(e.actor, e.entity_id) for e in records if e.action == "second_factor_reset"] == [
        ("admin", "specialist")
    ]
    # The specialist signs in with the password alone again.
    client.cookies.clear()
    sign_in(client, "specialist")
