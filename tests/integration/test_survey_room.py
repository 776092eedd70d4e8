"""The surveyor room through its pages (issues 12 + 14), on SQLite and PostgreSQL: my dispatches
with the contact and arrival deadlines and a masked phone, the contact call, content-checked
photos, the assessment with a line above its agreed price (the customer cannot sign until it
has a reason), the tender from registry shops with compliance, and the staff page panel."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from claimdesk.bootstrap import Container
from claimdesk.domain.auto_claim import SurveyStatus
from claimdesk.services.partners import registry
from claimdesk.workflow.deadlines import SHANGHAI
from tests.builders import AutoWorld, an_auto_report_body, an_auto_world, repair_shops, token_for
from tests.integration.test_code_labels import codes_in, visible
from tests.integration.test_web_pages import sign_in
from tests.services.test_auto_settlement import FIRST

# The six lines of the tender example, and the windscreen priced by a glass agreement (2,000).
GLASS = ("前挡风玻璃", "GLS-PST-F", "replace", "2400.00", "300.00", "玻璃贯穿性破裂")
LINES = (GLASS, *FIRST)  # 33,400.00

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
SHOPS = {"湘江合作修理厂": "cooperating", "长沙星沙4S店": "4s", "岳麓汽修": "cooperating"}


def _csrf(client: TestClient, path: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert match, path
    return match.group(1)


def _reported(client: TestClient, container: Container) -> tuple[AutoWorld, dict[str, Any], str]:
    world = an_auto_world(container)
    body = an_auto_report_body(estimated_loss="36000.00", suspicions=["夜间单方事故"])
    claim = client.post("/api/auto-claims", json=body, headers=token_for(client, "agent")).json()
    surveyor_id = claim["surveys"][0]["surveyor_id"]
    surveyor = next(name for name, user in world.users.items() if user.id == surveyor_id)
    return world, claim, surveyor


def _lines(over_reason: str = "") -> dict[str, str]:
    form: dict[str, str] = {"scene_facts": "夜间撞护栏，车头受损"}
    for n, (part, code, action, amount, labour, reason) in enumerate(LINES):
        form |= {f"part_{n}": part, f"part_code_{n}": code, f"action_{n}": action,
                 f"amount_{n}": amount, f"labour_{n}": labour, f"reason_{n}": reason}  # fmt: skip
    return form | {"over_price_reason_0": over_reason, "salvage_description": "旧保险杠",
                   "salvage_value": "100.00"}  # fmt: skip


def _surveyed(client: TestClient, container: Container) -> tuple[AutoWorld, dict[str, Any], str]:
    """Reported, called, photographed and assessed at 31,000 by the assigned surveyor."""
    world, claim, surveyor = _reported(client, container)
    admin = world.users["admin"]
    agreement = {"kind": "glass", "part_code": "GLS-PST-F", "part_name": "前挡风玻璃",
                 "vehicle_model": "大众帕萨特", "agreed_price": "2000.00",
                 "valid_from": "2026-01-01", "valid_to": "2026-12-31"}  # fmt: skip
    registry.save_agreement(container.context(), actor=admin, fields=agreement)
    path = f"/survey/{claim['id']}"
    sign_in(client, surveyor)
    token = _csrf(client, path)
    soon = (container.clock.now() + timedelta(hours=2)).astimezone(SHANGHAI)
    called = client.post(f"{path}/contact", data={"csrf_token": token, "reached": "yes",
                         "appointment": soon.strftime("%Y-%m-%dT%H:%M")})  # fmt: skip
    assert called.status_code == 200 and "已记录联系客户" in called.text
    photo = {"photos": ("车头.png", PNG, "image/png")}
    assert client.post(f"{path}/photos", data={"csrf_token": token}, files=photo).status_code == 200
    saved = client.post(f"{path}/record", data=_lines() | {"csrf_token": token})
    assert saved.status_code == 200 and "定损已保存" in saved.text, visible(saved.text)
    return world, claim, surveyor


def test_my_dispatches_show_deadlines_and_a_masked_phone(
    container: Container, client: TestClient
) -> None:
    _, claim, surveyor = _reported(client, container)
    sign_in(client, surveyor)
    page = client.get("/survey")
    assert page.status_code == 200
    card = visible(page.text)
    assert claim["claim_no"] in card and "京A12345" in card and "碰撞" in card
    assert "139****5678" in card and "13912345678" not in page.text  # no view_pii
    assert "正常" in card and "待与客户约定" in card  # contact on track, arrival not yet agreed
    assert 'href="/survey"' in client.get("/claims").text  # the nav link of the role
    assert not codes_in(card), codes_in(card)
    sign_in(client, "customer")
    assert client.get("/survey").status_code == 403


def test_contact_call_not_reached_then_an_appointment(
    container: Container, client: TestClient
) -> None:
    _, claim, surveyor = _reported(client, container)
    path = f"/survey/{claim['id']}"
    sign_in(client, surveyor)
    token = _csrf(client, path)
    missed = client.post(f"{path}/contact", data={"csrf_token": token, "reached": "no"})
    assert "未接通" in missed.text and 'id="contact-form"' in missed.text  # call again
    past = (container.clock.now() - timedelta(hours=1)).astimezone(SHANGHAI)
    refused = client.post(f"{path}/contact", data={"csrf_token": token, "reached": "yes",
                          "appointment": past.strftime("%Y-%m-%dT%H:%M")})  # fmt: skip
    assert refused.status_code == 422 and "约定查勘时间" in refused.text
    soon = (container.clock.now() + timedelta(minutes=20)).astimezone(SHANGHAI)
    ok = client.post(f"{path}/contact", data={"csrf_token": token, "reached": "yes",
                     "appointment": soon.strftime("%Y-%m-%dT%H:%M")})  # fmt: skip
    text = visible(ok.text)
    assert "已联系客户，待定损" in text and "即将超时" in text  # arrival within 30 minutes
    again = client.post(f"{path}/contact", data={"csrf_token": token, "reached": "yes"})
    assert again.status_code == 422 and "已记录联系客户" in again.text


def test_photos_are_content_checked_and_the_assessment_validated(
    container: Container, client: TestClient
) -> None:
    _, claim, surveyor = _reported(client, container)
    path = f"/survey/{claim['id']}"
    sign_in(client, surveyor)
    token = _csrf(client, path)
    client.post(f"{path}/contact", data={"csrf_token": token, "reached": "yes"})
    fake = {"photos": ("photo.png", b"not an image", "image/png")}
    refused = client.post(f"{path}/photos", data={"csrf_token": token}, files=fake)
    assert refused.status_code == 415 or refused.status_code == 422, refused.status_code
    assert 'id="photo-list"' not in refused.text  # nothing stored
    no_reason = _lines() | {"reason_0": "", "csrf_token": token}
    refused = client.post(f"{path}/record", data=no_reason)
    assert refused.status_code == 422 and "前保险杠" in refused.text  # the form keeps the input
    negative = _lines() | {"amount_1": "-5", "csrf_token": token}
    refused = client.post(f"{path}/record", data=negative)
    assert refused.status_code == 422 and "items.1.amount" in refused.text
    with container.uow() as uow:
        assert uow.auto.surveys_for(claim["id"])[0].record is None


def test_over_agreed_price_needs_a_reason_before_the_customer_signs(
    container: Container, client: TestClient
) -> None:
    _, claim, surveyor = _surveyed(client, container)
    page = visible(client.get(f"/survey/{claim['id']}").text)
    assert "高于协议价" in page and "须填写原因" in page and "33,400.00" in page
    sign_in(client, "auto_customer")
    portal = client.get(f"/claims/{claim['id']}")
    assert 'id="sign-survey"' in portal.text
    start = portal.text.index('id="auto-survey"')
    section = visible(portal.text[start : portal.text.index("</section>", start)])
    assert "33,400.00" in section and not codes_in(section), codes_in(section)
    token = _csrf(client, f"/claims/{claim['id']}")
    refused = client.post(f"/claims/{claim['id']}/survey/sign", data={"csrf_token": token})
    assert refused.status_code == 422 and "协议价" in refused.text
    sign_in(client, surveyor)
    token = _csrf(client, f"/survey/{claim['id']}")
    again = _lines("进口原厂件，无协议件") | {"csrf_token": token}
    assert client.post(f"/survey/{claim['id']}/record", data=again).status_code == 200
    sign_in(client, "auto_customer")
    token = _csrf(client, f"/claims/{claim['id']}")
    signed = client.post(f"/claims/{claim['id']}/survey/sign", data={"csrf_token": token})
    assert signed.status_code == 200 and "定损单已签字确认" in signed.text
    with container.uow() as uow:
        assert uow.auto.surveys_for(claim["id"])[0].status is SurveyStatus.SIGNED


def test_tender_from_registry_shops_marks_the_lowest_compliant(
    container: Container, client: TestClient
) -> None:
    world, claim, surveyor = _surveyed(client, container)
    shops = repair_shops(container, world.users["admin"], SHOPS)
    token = _csrf(client, f"/survey/{claim['id']}")
    again = _lines("原厂件") | {"csrf_token": token}
    assert client.post(f"/survey/{claim['id']}/record", data=again).status_code == 200
    sign_in(client, "agent")  # an agent signs for the customer
    token = _csrf(client, f"/claims/{claim['id']}")
    signed = client.post(f"/claims/{claim['id']}/survey/sign", data={"csrf_token": token})
    assert signed.status_code == 200
    sign_in(client, surveyor)
    path = f"/survey/{claim['id']}"
    token = _csrf(client, path)
    form = {"csrf_token": token}
    bids = (("长沙星沙4S店", "30000.00"), ("湘江合作修理厂", "30800.00"), ("岳麓汽修", "31500.00"))
    for n, (name, amount) in enumerate(bids):
        form |= {f"shop_{n}": str(shops[name]), f"quote_{n}": amount}
    free_text = form | {"shop_0": "999999"}
    refused = client.post(f"{path}/quotes", data=free_text)
    assert refused.status_code == 422 and "合作机构不存在" in refused.text
    done = client.post(f"{path}/quotes", data=form)
    assert done.status_code == 200, visible(done.text)
    text = visible(done.text)
    assert "不合规：非合作修理厂" in text
    winner = re.search(r'class="card winner">([^<]+)<', done.text)
    assert winner and "湘江合作修理厂" in winner.group(1) and "30,800.00" in winner.group(1)

    sign_in(client, "specialist")
    staff = client.get(f"/claims/{claim['id']}")
    start = staff.text.index('id="auto-survey"')
    section = visible(staff.text[start : staff.text.index("</section>", start)])
    assert "最低合规报价" in section and "高于协议价：原厂件" in section and "查勘照片" in section
    assert "旧保险杠" in section and not codes_in(section), codes_in(section)
    token = _csrf(client, f"/claims/{claim['id']}")
    resurvey = client.post(f"/claims/{claim['id']}/resurvey", data={"csrf_token": token})
    assert resurvey.status_code == 200 and "已指派复勘" in resurvey.text
