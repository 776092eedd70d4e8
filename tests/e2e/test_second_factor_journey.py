"""两步验证 in a real browser (issue 16): a staff member turns it on from the top bar's link
(the secret read off the page gives the code, computed by pyotp), signs out, signs in with
password + code, and the administrator resets it on the user's page (a lost phone)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pyotp
import pytest

from claimdesk.domain.users import Role, User
from claimdesk.services.users import use_cases as user_service
from tests.e2e.conftest import Site, shot, submit
from tests.e2e.seed import PASSWORD

pytestmark = pytest.mark.e2e
USERNAME = "totp-agent"  # its own account: the shared seed users keep signing in by password


def _staff(site: Site) -> User:
    c = site.container
    return user_service.add_user(c.context(), hasher=c.hasher, username=USERNAME,
                                 password=PASSWORD, role=Role.AGENT,
                                 display_name="王五")  # fmt: skip


def _sign_in(page: Any, site: Site, code: str | None = None) -> None:
    page.goto(f"{site.base}/login")
    page.fill("#username", USERNAME)
    page.fill("#password", PASSWORD)
    if code is not None:
        page.fill("#totp_code", code)
    submit(page, "button[type=submit].primary")


def test_staff_enrols_signs_in_with_the_code_and_the_admin_resets_it(
    browser: Any, new_page: Any, site: Site
) -> None:
    staff = _staff(site)
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        _sign_in(page, site)
        page.click("#nav-second-factor")
        assert page.inner_text("#second-factor-state") == "未开启"
        submit(page, "#enrol")
        secret = page.inner_text("#totp-secret").strip()
        assert page.inner_text("#totp-uri").startswith(f"otpauth://totp/ClaimDesk:{USERNAME}")
        assert page.locator("#recovery-codes li").count() == 10
        shot(page, "second-factor-enrolment")
        totp = pyotp.TOTP(secret)
        page.fill("#sf-code", totp.at(site.container.clock.now()))
        submit(page, "#confirm-code")
        assert page.inner_text("#flash").startswith("两步验证已开启")
        assert page.inner_text("#second-factor-state") == "已开启"
        assert page.locator("#totp-secret").count() == 0  # shown once only

        submit(page, "header form button[type=submit]")  # 退出登录
        _sign_in(page, site)  # the password alone no longer does
        assert "已启用两步验证" in page.inner_text("[role=alert]")
        assert "/login" in page.url
        # The next step's code (accepted: one step of drift), never the confirming one again.
        _sign_in(page, site, totp.at(site.container.clock.now() + timedelta(seconds=30)))
        assert "/login" not in page.url
        assert page.locator("#nav-second-factor").count() == 1
    finally:
        context.close()

    admin = new_page("admin", at=None)
    admin.goto(f"{site.base}/admin/users/{staff.id}")
    assert admin.inner_text("#user-second-factor-state") == "已开启"
    admin.click("#user-second-factor summary")
    shot(admin, "second-factor-reset")
    admin.check("#confirm-reset")
    submit(admin, "#reset-second-factor")
    assert admin.inner_text("#flash").startswith("两步验证已重置")
    assert admin.inner_text("#user-second-factor-state") == "未开启"
    with site.container.uow() as uow:
        entries = [r.entry for r in uow.audit.all_records() if r.entry.entity_id == USERNAME]
    assert [e.actor for e in entries if e.action == "second_factor_reset"] == ["admin"]

    again = browser.new_context(locale="zh-CN")
    try:
        page = again.new_page()
        _sign_in(page, site)  # the password alone works again
        assert "/login" not in page.url
    finally:
        again.close()
