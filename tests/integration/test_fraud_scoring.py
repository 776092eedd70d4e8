"""The learned score on stored claims: train on investigation outcomes (synthetic fallback),
score every claim from the CLI, rank open claims, re-score on a move when a model is loaded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from claimdesk.bootstrap import Container
from claimdesk.cli import app
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.claims.use_cases import report_claim
from tests.builders import a_lab_line, a_report, a_world, token_for

runner = CliRunner()


@pytest.fixture
def cli_env(container: Container, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("CLAIMDESK_DATABASE_URL", container.settings.database_url)
    monkeypatch.setenv("CLAIMDESK_HOME", str(container.settings.home))
    yield


def test_train_score_and_rank_stored_claims(
    client: TestClient, container: Container, cli_env: None
) -> None:
    world = a_world(container)
    for amount in ("100.00", "2900.00", "4850.00"):
        report = a_report(lines=(a_lab_line("L1", amount),))
        report_claim(
            container.context(), actor=world.users["agent"], report=report, idempotency_key=None
        )

    trained = runner.invoke(app, ["fraud", "train-claims", "--label-from", "investigations"])
    scored = runner.invoke(app, ["fraud", "score-claims"])

    assert trained.exit_code == 0, trained.output
    assert "synthetic" in trained.stdout  # no investigations yet: the documented fallback
    assert (container.settings.home / "fraud_model.json").is_file()
    assert scored.exit_code == 0, scored.output
    assert "scored: 3 claims" in scored.stdout
    investigator = token_for(client, "investigator")
    first = client.get("/api/fraud/claims?order=risk&limit=2", headers=investigator).json()
    rest = client.get(f"/api/fraud/claims?order=risk&limit=2&cursor={first['next_cursor']}",
                      headers=investigator).json()  # fmt: skip
    scores = [row["risk_score"] for row in first["items"] + rest["items"]]
    assert len(scores) == 3 and scores == sorted(scores, reverse=True)
    assert all(row["reasons"] for row in first["items"])
    fraud_view = client.get(f"/api/claims/{first['items'][0]['claim_id']}/fraud",
                            headers=investigator).json()  # fmt: skip
    assert fraud_view["risk_score"] is not None and fraud_view["top_reasons"]


def test_a_move_rescores_when_a_model_is_loaded(container: Container, cli_env: None) -> None:
    world = a_world(container)
    claim, _ = report_claim(
        container.context(), actor=world.users["agent"], report=a_report(), idempotency_key=None
    )
    assert runner.invoke(app, ["fraud", "train-claims"]).exit_code == 0
    assert container.fraud_model is None  # the model lives on the container, not a global
    assert container.reload_fraud_model() is not None
    move_claim(
        container.context(),
        actor=world.users["specialist"],
        claim_id=claim.id or 0,
        target=claim.status.ACCEPTED,
        reason="",
        expected_version=claim.version,
    )
    with container.uow() as uow:
        stored = uow.fraud.score_for(claim.id or 0)
    assert stored is not None and 0.0 <= stored.risk_score <= 1.0
