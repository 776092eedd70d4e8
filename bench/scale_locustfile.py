"""The load of the scale bench (bench/scale_bench.py): what a claims office does all day.

Each simulated user acts as the demo's agent and specialist (bearer tokens signed in once by
the bench, in `CLAIMDESK_BENCH_TOKENS`, so Argon2 sign-ins do not swamp the figures),
weighted: reads (claim list, a claim, its timeline), reports a claim (with an
`Idempotency-Key`), uploads a material to a claim it reported, and accepts (受理) a reported
claim as the specialist. Seeded: the same run picks the same members, claims and moves.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import uuid
from typing import Any

from locust import HttpUser, between, task

PASSWORD = "claimdesk-demo"
POLICY_NO = "TA-GRP-2026-001"
MEMBERS = [f"E{1000 + n}" for n in range(1, 51)]
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + b"0" * 40_000  # a 40 KB scan
SEEDS = itertools.count(2026)


def report_body(member: str, n: int) -> dict[str, Any]:
    return {
        "policy_no": POLICY_NO,
        "member_no": member,
        "incident_date": "2026-05-20",
        "incident_description": f"急性支气管炎门诊 {n}",
        "visits": [
            {
                "visit_id": "V1",
                "kind": "outpatient",
                "date": "2026-05-20",
                "hospital": {"code": "SH-0001", "name": "复旦大学附属中山医院"},
                "diagnosis": "急性支气管炎",
                "lines": [
                    {
                        "line_id": "L1",
                        "type": "drug_western",
                        "name": "西药",
                        "amount": "300.00",
                        "self_pay": "300.00",
                        "days_supply": 5,
                    }
                ],
            }
        ],
    }


class ClaimsOffice(HttpUser):
    wait_time = between(0.05, 0.2)

    def on_start(self) -> None:
        self.rng = random.Random(next(SEEDS))
        tokens = json.loads(os.environ.get("CLAIMDESK_BENCH_TOKENS", "{}"))
        self.agent = self._bearer(tokens.get("agent")) or self._token("agent")
        self.specialist = self._bearer(tokens.get("specialist")) or self._token("specialist")
        self.mine: list[dict[str, Any]] = []  # claims this user reported: (id, version)
        self.known: list[int] = []

    @staticmethod
    def _bearer(token: str | None) -> dict[str, str] | None:
        return {"Authorization": f"Bearer {token}"} if token else None

    def _token(self, username: str) -> dict[str, str]:
        answer = self.client.post(
            "/api/auth/token", name="sign in", json={"username": username, "password": PASSWORD}
        )
        return {"Authorization": f"Bearer {answer.json()['access_token']}"}

    @task(4)
    def read_list(self) -> None:
        answer = self.client.get(
            "/api/claims?limit=20", headers=self.specialist, name="GET /api/claims"
        )
        if answer.ok and not self.known:
            self.known = [int(item["id"]) for item in answer.json().get("items", [])]

    @task(3)
    def read_claim(self) -> None:
        if self.known:
            claim_id = self.rng.choice(self.known)
            self.client.get(
                f"/api/claims/{claim_id}", headers=self.specialist, name="GET /api/claims/{id}"
            )
            self.client.get(
                f"/api/claims/{claim_id}/timeline",
                headers=self.specialist,
                name="GET /api/claims/{id}/timeline",
            )

    @task(2)
    def report(self) -> None:
        body = report_body(self.rng.choice(MEMBERS), self.rng.randrange(10**6))
        answer = self.client.post(
            "/api/claims",
            json=body,
            name="POST /api/claims",
            headers={**self.agent, "Idempotency-Key": str(uuid.uuid4())},
        )
        if answer.status_code == 201:
            claim = answer.json()
            self.mine.append({"id": claim["id"], "version": claim["version"]})

    @task(1)
    def upload(self) -> None:
        if self.mine:
            claim = self.rng.choice(self.mine)
            self.client.post(
                f"/api/claims/{claim['id']}/files",
                headers=self.agent,
                data={"code": "original_receipts"},
                files={"file": ("receipt.pdf", PDF, "application/pdf")},
                name="POST /api/claims/{id}/files",
            )

    @task(1)
    def accept(self) -> None:
        """受理: the specialist opens a reported claim (its current version) and accepts it."""
        if self.mine:
            claim_id = self.mine.pop(0)["id"]
            opened = self.client.get(
                f"/api/claims/{claim_id}", headers=self.specialist, name="GET /api/claims/{id}"
            )
            if not opened.ok:
                return
            answer = self.client.post(
                f"/api/claims/{claim_id}/transitions",
                headers=self.specialist,
                json={"to": "accepted", "reason": "", "version": opened.json()["version"]},
                name="POST /api/claims/{id}/transitions",
            )
            if answer.ok:
                self.known.append(int(claim_id))
