"""PII masking review (issue 16): every role without `view_pii` renders every page and JSON
endpoint on demo data, and no insured person's ID number, phone, bank account or e-mail is
shown unmasked — routes found from the app itself, so a new page is covered when it is added."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from httpx import ASGITransport, AsyncClient, Response
from starlette.routing import Route

from claimdesk.bootstrap import Container
from claimdesk.demo.health import DEMO_PASSWORD, PATHS, load_demo_data
from claimdesk.domain.notices import ContactPreference
from claimdesk.domain.users import ROLE_PERMISSIONS, Permission, Role
from claimdesk.services.ports import ClaimFilter

WITHOUT_PII = sorted(r for r, held in ROLE_PERMISSIONS.items() if Permission.VIEW_PII not in held)
# Not pages: signing out, downloads whose bytes are the stored file or a PDF/XLSX.
SKIPPED = re.compile(r"^/(logout|docs|redoc|openapi\.json|static)|\.(pdf|xlsx)$|/files/|/document$")
SEEN_AS = {"text/html", "application/json", "text/csv"}


def _secrets(container: Container) -> dict[int, dict[str, str]]:
    """Each insured's ID number, phone, bank account and e-mail, as found in the data."""
    found: dict[int, dict[str, str]] = {}
    with container.uow() as uow:
        policy = uow.policies.find_by_number("TA-GRP-2026-001")
        assert policy is not None and policy.id is not None
        people = uow.policies.insured_of_policy(policy.id, after_id=None, limit=100)
        for person in people:
            email = f"insured{person.id}@example.cn"  # notices by e-mail: a contact on file
            values = {person.id_number: "ID number", person.phone: "phone",
                      person.bank_account: "bank account", email: "e-mail"}  # fmt: skip
            found[person.id or 0] = {value: kind for value, kind in values.items() if value}
            uow.outbox.save_preference(
                ContactPreference(person.id or 0, ("sms", "email"), email, person.phone),  # type: ignore[arg-type]
                container.clock.now(),
            )
        uow.commit()
    return found


def _paths(client: TestClient, claim_ids: list[int], insured_ids: list[int]) -> Iterator[str]:
    """GET routes without a parameter, and those of one claim or insured, for every one."""
    for route in _flat(client.app.routes):  # type: ignore[attr-defined]
        if not isinstance(route, Route | APIRoute) or "GET" not in (route.methods or set()):
            continue
        path = route.path
        if SKIPPED.search(path):
            continue
        params = re.findall(r"{(\w+)}", path)
        if not params:
            yield path
        elif params == ["claim_id"]:
            yield from (path.replace("{claim_id}", str(c)) for c in claim_ids)
        elif len(params) == 1 and params[0].endswith("id"):  # a complaint, a user, a survey …
            yield from (path.replace(f"{{{params[0]}}}", str(n)) for n in range(1, 16))
    for insured_id in insured_ids:
        yield f"/api/me/notification-preferences?insured_person_id={insured_id}"


def _own(container: Container, username: str) -> int | None:
    with container.uow() as uow:
        found = uow.users.find_with_hash(username)
        return None if found is None else found[0].insured_person_id


def _flat(routes: list[object]) -> Iterator[object]:
    """Routes of included routers too (FastAPI keeps them behind the router they came from)."""
    for route in routes:
        included = getattr(route, "original_router", None)
        yield from _flat(included.routes) if included is not None else (route,)


async def _crawl(client: TestClient, paths: list[str], bearer: dict[str, str]) -> list[Response]:
    """GET every path, one after the other, as the signed-in client (its cookies; the bearer
    token on the API), in one call on the app's own event loop (the TestClient's): its
    `get` hands each request and every message of it to that loop's thread and back (≈ 15
    thread switches a request, a third of the crawl's CPU). The same app, requests, headers
    and cookies."""
    transport = ASGITransport(app=client.app)
    async with AsyncClient(transport=transport, base_url=str(client.base_url),
                           cookies=client.cookies) as crawler:  # fmt: skip
        return [await _get(crawler, path, bearer) for path in paths]


async def _get(crawler: AsyncClient, path: str, bearer: dict[str, str]) -> Response:
    headers = bearer if path.startswith("/api/") else None
    return await crawler.get(path, headers=headers, follow_redirects=False)


def _sign_in(client: TestClient, username: str) -> dict[str, str]:
    page = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    form = {"username": username, "password": DEMO_PASSWORD, "csrf_token": token.group(1)}
    signed = client.post("/login", data=form, follow_redirects=False)
    assert signed.status_code == 303, signed.text
    answer = client.post("/api/auth/token", json={"username": username, "password": DEMO_PASSWORD})
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


# SQLite only: the demo runs on SQLite; masking is in the read code, not in the database.
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_no_page_or_json_shows_an_insureds_pii_to_a_role_without_view_pii(
    container: Container, client: TestClient
) -> None:
    load_demo_data(container.uow, container.hasher, container.products, files=container.files,
                   claim_count=len(PATHS))  # fmt: skip
    secrets = _secrets(container)
    with container.uow() as uow:
        claims = [c.id or 0 for c in uow.claims.page(ClaimFilter(), after_id=None, limit=100)]
        insured = sorted(
            {c.insured_person_id for c in uow.claims.page(ClaimFilter(), after_id=None, limit=100)}
        )
    leaks: list[str] = []
    rendered = 0
    for role in WITHOUT_PII:
        username = role.value if role != Role.CUSTOMER else "customer"
        bearer = _sign_in(client, username)
        # A customer may see their own contacts (to correct them); nobody else's, ever.
        own = _own(container, username)
        shown = {v: k for person, values in secrets.items() if person != own
                 for v, k in values.items()}  # fmt: skip
        paths = list(_paths(client, claims, insured))
        assert client.portal is not None  # the fixture's client is open: the app's event loop
        answers = client.portal.call(_crawl, client, paths, bearer)
        for path, answer in zip(paths, answers, strict=True):
            kind = answer.headers.get("content-type", "").split(";")[0]
            if answer.status_code != 200 or kind not in SEEN_AS:
                continue
            rendered += 1
            leaks += [f"{role}: {path} shows a {what} ({value[-4:]})"
                      for value, what in shown.items() if value in answer.text]  # fmt: skip
    assert rendered > 100  # the crawl reached the pages (not only refusals)
    assert leaks == []
