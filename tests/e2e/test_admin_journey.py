"""The administrator's day in a real browser (issue 12): add a clerk, edit the clerk's name,
role and phone, see an approver's current limits pre-filled, disable the clerk (who is signed
out at once and cannot sign in again), and read a product in plain words."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import Site, shot
from tests.e2e.seed import PASSWORD

pytestmark = pytest.mark.e2e


def test_admin_edits_and_disables_a_user(new_page: Any, site: Site) -> None:
    admin = new_page("admin", at=None)
    admin.goto(f"{site.base}/admin/users")
    admin.fill("#new-username", "clerk-e2e")
    admin.fill("#new-display", "临时柜员")
    admin.select_option("#new-role", "agent")
    admin.fill("#new-password", PASSWORD)
    admin.click("form[action='/admin/users'] button[type=submit]")
    clerk = new_page("clerk-e2e")
    assert clerk.url.endswith("/workbench") or "/login" not in clerk.url

    admin.click("#edit-clerk-e2e")
    admin.fill("#ed-display", "王柜员")
    admin.select_option("#ed-role", "specialist")
    admin.fill("#ed-phone", "13800138000")
    admin.click("#save-user")
    assert "用户信息已保存" in admin.inner_text("#flash")
    assert admin.input_value("#ed-phone") == "13800138000"
    shot(admin, "admin-user-edit")

    admin.click("#account-active summary")
    admin.fill("#ac-reason", "离职")
    admin.click("#disable-user")
    assert "账号已停用" in admin.inner_text("#flash")
    assert "已停用" in admin.inner_text("h1")
    clerk.goto(f"{site.base}/workbench")
    assert "/login" in clerk.url  # signed out at once

    admin.goto(f"{site.base}/admin/users/{site.seed.users['approver'].id}")
    assert admin.input_value("#ap-level") == "2" and admin.input_value("#ap-health") != ""
    shot(admin, "admin-approver-limits")
    admin.goto(f"{site.base}/admin/products/tianan-group-medical")
    assert "70%" in admin.inner_text("#benefits") and "门急诊医疗" in admin.inner_text("#benefits")
    shot(admin, "admin-product-plain")
