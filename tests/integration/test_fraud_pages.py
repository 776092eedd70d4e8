"""Investigator pages: ranked claims, a claim's flags, rings, an investigation, the blacklist."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from claimdesk.bootstrap import Container
from tests.builders import PASSWORD, a_report_body, a_world, token_for


def _sign_in(client: TestClient, username: str) -> str:
    page = client.get("/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    data = {"username": username, "password": PASSWORD}
    if csrf:
        data["csrf_token"] = csrf.group(1)
    client.post("/login", data=data, follow_redirects=False)
    return csrf.group(1) if csrf else ""


def test_investigator_pages_render_and_the_outcome_form_works(
    client: TestClient, container: Container
) -> None:
    a_world(container)
    agent = token_for(client, "agent")
    claim = client.post("/api/claims", json=a_report_body(), headers=agent).json()
    specialist = token_for(client, "specialist")
    case = client.post(f"/api/claims/{claim['id']}/investigations", headers=specialist,
                       json={"reason": "核实就诊"}).json()  # fmt: skip
    _sign_in(client, "investigator")

    for path in ("/fraud", f"/fraud/claims/{claim['id']}", "/fraud/rings", "/fraud/blacklist",
                 f"/fraud/investigations/{case['id']}", f"/claims/{claim['id']}"):  # fmt: skip
        page = client.get(path)
        assert page.status_code == 200, (path, page.text[:300])
    page = client.get(f"/fraud/investigations/{case['id']}")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf is not None
    note = client.post(f"/fraud/investigations/{case['id']}/notes", follow_redirects=False,
                       data={"csrf_token": csrf.group(1), "text": "已电话核实"})  # fmt: skip
    assert note.status_code == 303
    closed = client.post(f"/fraud/investigations/{case['id']}/outcome", follow_redirects=False,
                         data={"csrf_token": csrf.group(1), "outcome": "not_proven"})  # fmt: skip
    assert closed.status_code == 303
    assert "已电话核实" in client.get(f"/fraud/investigations/{case['id']}").text
