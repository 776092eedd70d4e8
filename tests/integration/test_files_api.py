"""Material files over HTTP: multipart upload typed by content, download, rejection, notices."""

from __future__ import annotations

import httpx
from fastapi.testclient import TestClient

from claimdesk.bootstrap import Container
from tests.builders import OUTPATIENT_MATERIALS, a_report_body, a_world, token_for

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"


def _claim(client: TestClient, who: str = "customer") -> dict:
    response = client.post("/api/claims", json=a_report_body(), headers=token_for(client, who))
    assert response.status_code == 201, response.text
    return response.json()


def _upload(
    client: TestClient, claim: dict, who: str, code: str, content: bytes, name: str = "a.pdf"
) -> httpx.Response:
    return client.post(
        f"/api/claims/{claim['id']}/files",
        data={"code": code},
        files={"file": (name, content, "application/pdf")},
        headers=token_for(client, who),
    )


def test_customer_uploads_downloads_and_follows_their_own_claim(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    claim = _claim(client)

    uploaded = _upload(client, claim, "customer", "id_copy", PNG, "身份证.pdf")
    material = uploaded.json()
    download = client.get(
        f"/api/claims/{claim['id']}/files/{material['id']}", headers=token_for(client, "customer")
    )

    assert uploaded.status_code == 201, uploaded.text
    assert material["content_type"] == "image/png"  # the declared type and the name are ignored
    assert download.status_code == 200 and download.content == PNG
    assert download.headers["content-type"] == "image/png"
    deadlines = client.get(
        f"/api/claims/{claim['id']}/deadlines", headers=token_for(client, "customer")
    ).json()
    rows = {row["code"]: row for row in deadlines}
    assert set(rows) == {"missing_materials_notice", "first_feedback", "registration"}
    assert rows["first_feedback"]["status"] == "on_track"
    assert rows["first_feedback"]["name_zh"] == "受理后首次反馈"


def test_another_customer_cannot_fetch_the_file(container: Container, client: TestClient) -> None:
    a_world(container)
    claim = _claim(client)
    material = _upload(client, claim, "customer", "id_copy", PDF).json()
    url = f"/api/claims/{claim['id']}/files/{material['id']}"

    stranger = client.get(url, headers=token_for(client, "other_customer"))
    staff = client.get(url, headers=token_for(client, "specialist"))

    assert stranger.status_code == 404 and stranger.json()["code"] == "NOT_FOUND"
    assert staff.status_code == 200 and staff.content == PDF
    upload = _upload(client, claim, "other_customer", "id_copy", PDF)
    assert upload.status_code == 404
    # A file of a refused type does not tell a stranger the claim exists (404, not 415).
    disguised = _upload(client, claim, "other_customer", "id_copy", b"MZ\x90\x00" * 8)
    assert disguised.status_code == 404 and disguised.json()["code"] == "NOT_FOUND"


def test_disguised_executable_and_oversize_are_refused(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    claim = _claim(client)
    container.settings.upload_limit_bytes = 1024

    disguised = _upload(client, claim, "customer", "id_copy", b"MZ\x90\x00" * 8, "invoice.pdf")
    too_big = _upload(client, claim, "customer", "id_copy", PDF + b"0" * 2000)

    assert disguised.status_code == 415
    assert disguised.json()["code"] == "UNSUPPORTED_FILE_TYPE"
    assert disguised.json()["field"] == "file"
    assert too_big.status_code == 413 and too_big.json()["field"] == "file"


def test_rejected_file_reason_reaches_the_customer_notice(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    claim = _claim(client)
    ids = {
        code: _upload(client, claim, "customer", code, PDF + code.encode()).json()["id"]
        for code in OUTPATIENT_MATERIALS
    }
    reject_url = f"/api/claims/{claim['id']}/files/{ids['id_copy']}/reject"

    no_reason = client.post(
        reject_url, json={"reason": ""}, headers=token_for(client, "specialist")
    )
    rejected = client.post(
        reject_url, json={"reason": "身份证反面缺失"}, headers=token_for(client, "specialist")
    )
    submitted = client.post(
        f"/api/claims/{claim['id']}/submit-materials", headers=token_for(client, "customer")
    )
    notices = client.get(
        f"/api/claims/{claim['id']}/notices", headers=token_for(client, "customer")
    )

    assert no_reason.status_code == 422 and no_reason.json()["code"] == "REASON_REQUIRED"
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    assert submitted.json()["status"] == "reported"  # not accepted yet: told, not moved
    (notice,) = notices.json()
    assert notice["kind"] == "missing_materials" and notice["channel"] == "in_app"
    assert notice["items"] == [
        {
            "code": "id_copy",
            "kind": "rejected",
            "material_id": ids["id_copy"],
            "reason": "身份证反面缺失",
        }
    ]


def test_reviewer_accepts_a_file_and_a_customer_cannot(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    claim = _claim(client)
    uploaded = _upload(client, claim, "customer", "id_copy", PDF).json()
    accept_url = f"/api/claims/{claim['id']}/files/{uploaded['id']}/accept"
    assert client.post(accept_url, headers=token_for(client, "customer")).status_code == 403
    accepted = client.post(accept_url, headers=token_for(client, "specialist"))
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    with container.uow() as uow:
        actions = [r.entry.action for r in uow.audit.for_entity("claim", str(claim["id"]))]
    assert "accept_material" in actions
