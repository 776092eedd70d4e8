"""Issue 11: a material counts only as a checked upload; material codes are the product's."""

from __future__ import annotations

import hashlib

from fastapi.testclient import TestClient

from claimdesk.bootstrap import Container
from tests.builders import OUTPATIENT_MATERIALS, a_pdf, a_world, token_for
from tests.integration.test_claims_api import _move, _report


def _declare(client: TestClient, claim: dict, code: str, sha256: str) -> dict:
    body = {"code": code, "file_name": f"{code}.pdf", "content_type": "application/pdf",
            "size": 1000, "sha256": sha256}  # fmt: skip
    response = client.post(
        f"/api/claims/{claim['id']}/materials", json=body, headers=token_for(client, "agent")
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def _upload(client: TestClient, claim: dict, code: str, content: bytes, who: str) -> dict:
    response = client.post(
        f"/api/claims/{claim['id']}/files",
        data={"code": code},
        files={"file": (f"{code}.pdf", content, "application/pdf")},
        headers=token_for(client, who),
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_metadata_only_materials_do_not_satisfy_the_checklist(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    claim = _report(client)
    for code in OUTPATIENT_MATERIALS:
        declared = _declare(client, claim, code, "b" * 64)
        assert declared["status"] == "declared"
    accepted = _move(client, "specialist", claim, "accepted")
    assert accepted["status"] == "materials_pending"  # nothing was uploaded
    notices = client.get(
        f"/api/claims/{claim['id']}/notices", headers=token_for(client, "agent")
    ).json()
    assert sorted(i["code"] for i in notices[-1]["items"]) == sorted(OUTPATIENT_MATERIALS)

    for code in OUTPATIENT_MATERIALS:
        _upload(client, claim, code, a_pdf(code), "agent")
    submitted = client.post(
        f"/api/claims/{claim['id']}/submit-materials", headers=token_for(client, "agent")
    )
    assert submitted.json()["status"] == "under_review", submitted.text


def test_declaring_the_hash_of_another_persons_file_does_not_reveal_it(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    theirs = _report(client, who="customer")
    secret = a_pdf("病历：恶性肿瘤")
    _upload(client, theirs, "medical_record_copy", secret, "customer")
    mine = _report(client, who="agent", member_no="E2")
    declared = _declare(client, mine, "medical_record_copy", hashlib.sha256(secret).hexdigest())
    file_url = f"/api/claims/{mine['id']}/files/{declared['id']}"
    download = client.get(file_url, headers=token_for(client, "agent"))
    assert download.status_code == 409 and download.json()["code"] == "MATERIAL_NOT_UPLOADED"
    assert b"\xe6\x81\xb6" not in download.content  # no byte of the other claim's file
    accept = client.post(f"{file_url}/accept", headers=token_for(client, "specialist"))
    assert accept.json()["code"] == "MATERIAL_NOT_UPLOADED"


def test_a_material_code_not_in_the_product_is_refused(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    claim = _report(client)
    body = {"code": "selfie_with_cat", "file_name": "x.pdf", "content_type": "application/pdf",
            "size": 10, "sha256": "a" * 64}  # fmt: skip
    headers = token_for(client, "agent")
    declared = client.post(f"/api/claims/{claim['id']}/materials", json=body, headers=headers)
    uploaded = client.post(
        f"/api/claims/{claim['id']}/files",
        data={"code": "selfie_with_cat"},
        files={"file": ("x.pdf", a_pdf("x"), "application/pdf")},
        headers=headers,
    )
    for response in (declared, uploaded):
        error = response.json()
        assert response.status_code == 422 and error["code"] == "MATERIAL_CODE_UNKNOWN"
        assert error["field"] == "code" and "selfie_with_cat" in error["message_zh"]
        assert "tianan-group-medical" in error["message_en"]
    listed = client.get(f"/api/claims/{claim['id']}/materials", headers=headers).json()
    assert listed == []
