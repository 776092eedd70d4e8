"""Policies and insured persons: create, import from CSV/Excel (all or nothing), PII masking."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from openpyxl import Workbook

from claimdesk.bootstrap import Container
from tests.builders import a_world, token_for

HEADER = "member_no,name,id_number,phone,bank_account,conditions\n"
ROWS = (
    "E10,王五,11010519491231002X,13912345678,6222020200112233446,高血压\n"
    "E11,赵六,310101199001011234,13812345678,,\n"
)


def _new_policy(client: TestClient, headers: dict[str, str]) -> int:
    response = client.post(
        "/api/policies",
        headers=headers,
        json={
            "policy_no": "TA-GRP-2026-900",
            "product_code": "tianan-group-medical",
            "policyholder": "某大学工会",
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
        },
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def test_csv_import_creates_every_insured(container: Container, client: TestClient) -> None:
    a_world(container)
    headers = token_for(client, "manager")
    policy_id = _new_policy(client, headers)
    files = {"file": ("名单.csv", (HEADER + ROWS).encode("utf-8-sig"), "text/csv")}
    response = client.post(
        f"/api/policies/{policy_id}/insured/import", headers=headers, files=files
    )
    assert response.status_code == 201 and response.json()["created"] == 2
    listed = client.get(f"/api/policies/{policy_id}/insured", headers=headers).json()
    assert [p["name"] for p in listed] == ["王五", "赵六"]


def test_gbk_csv_from_excel_on_windows_is_read(container: Container, client: TestClient) -> None:
    a_world(container)
    headers = token_for(client, "manager")
    policy_id = _new_policy(client, headers)
    files = {"file": ("名单.csv", (HEADER + ROWS).encode("gbk"), "text/csv")}
    response = client.post(
        f"/api/policies/{policy_id}/insured/import", headers=headers, files=files
    )
    assert response.status_code == 201 and response.json()["created"] == 2


def test_excel_import_is_detected_by_content(container: Container, client: TestClient) -> None:
    a_world(container)
    headers = token_for(client, "manager")
    policy_id = _new_policy(client, headers)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["member_no", "name", "id_number"])
    sheet.append(["E20", "钱七", "11010519491231002X"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    files = {"file": ("list.dat", buffer.getvalue(), "application/octet-stream")}
    response = client.post(
        f"/api/policies/{policy_id}/insured/import", headers=headers, files=files
    )
    assert response.status_code == 201 and response.json()["created"] == 1


def test_one_bad_row_names_itself_and_nothing_is_imported(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    headers = token_for(client, "manager")
    policy_id = _new_policy(client, headers)
    bad = ROWS + "E12,孙八,110105194912310021,,,\n"
    files = {"file": ("名单.csv", (HEADER + bad).encode(), "text/csv")}
    response = client.post(
        f"/api/policies/{policy_id}/insured/import", headers=headers, files=files
    )
    assert response.status_code == 422
    body = response.json()
    assert body["field"] == "rows[4].id_number" and "第 4 行" in body["message_zh"]
    assert client.get(f"/api/policies/{policy_id}/insured", headers=headers).json() == []


def test_personal_data_is_masked_for_roles_that_do_not_need_it(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    policy_id = world.policy.id
    agent_view = client.get(
        f"/api/policies/{policy_id}/insured", headers=token_for(client, "agent")
    ).json()
    manager_view = client.get(
        f"/api/policies/{policy_id}/insured", headers=token_for(client, "manager")
    ).json()
    assert agent_view[0]["id_number"] == "110105********002X"
    assert agent_view[0]["phone"] == "139****5678"
    assert manager_view[0]["id_number"] == "11010519491231002X"


def test_customers_cannot_manage_policies(container: Container, client: TestClient) -> None:
    a_world(container)
    response = client.post(
        "/api/policies",
        headers=token_for(client, "customer"),
        json={
            "policy_no": "X",
            "product_code": "p",
            "policyholder": "h",
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
        },
    )
    assert response.status_code == 403


def test_policy_period_must_end_after_it_starts(container: Container, client: TestClient) -> None:
    a_world(container)
    response = client.post(
        "/api/policies",
        headers=token_for(client, "manager"),
        json={
            "policy_no": "TA-X",
            "product_code": "p",
            "policyholder": "h",
            "period_start": "2026-12-31",
            "period_end": "2026-01-01",
        },
    )
    assert response.status_code == 422 and response.json()["field"] == "period_end"
