"""The learned risk score on stored claims: export features, train on investigation outcomes,
score in batch, re-score one claim after a move (only when a model is loaded), rank.

The model is the generic pipeline's JSON file (`settings.fraud_model_path`). Re-scoring in
the move's transaction costs one feature query and one predict; without a model it is a no-op.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from claimdesk.domain.users import User
from claimdesk.fraud.cases import ClaimScore
from claimdesk.fraud.claim_features import (
    LABEL,
    claim_plan,
    enough_labels,
    feature_table,
    synthetic_claim_table,
)
from claimdesk.fraud.explain import explain
from claimdesk.fraud.model import RiskModel, load_model, save_model, score, train_model
from claimdesk.services.fraud.blacklist import require_fraud_role
from claimdesk.services.fraud.ports import RankedClaim
from claimdesk.services.ports import Clock, UnitOfWork

# 30 shallow trees: as good as 120 on the claims table and >100,000 claims/s (docs/fraud.md).
CLAIM_MODEL_PARAMS = {"n_estimators": 30, "learning_rate": 0.25, "num_leaves": 7}


def stored_model(path: Path | None) -> RiskModel | None:
    """The model the after-move re-score uses (None, or a missing file: no re-scoring);
    loaded by the composition root, carried by the request's context."""
    return load_model(path) if path is not None and path.is_file() else None


def rescore_claim(uow: UnitOfWork, clock: Clock, model: RiskModel | None, claim_id: int) -> None:
    """Cheap and optional: only when a model is loaded."""
    if model is not None:
        store_scores(uow, clock, model, [claim_id])


def store_scores(
    uow: UnitOfWork, clock: Clock, model: RiskModel, claim_ids: Sequence[int] | None
) -> int:
    """Inside a unit of work: score these claims (all when None) and store score + reasons."""
    table = feature_table(uow.fraud.feature_facts(claim_ids))
    if table.height == 0:
        return 0
    probabilities = score(model, table)
    reasons = explain(model, table)
    now = clock.now()
    uow.fraud.save_scores(
        ClaimScore(int(claim_id), float(p), tuple(_reason(r) for r in why), now)
        for claim_id, p, why in zip(table["claim_id"], probabilities, reasons, strict=True)
    )
    return table.height


def _reason(reason: object) -> dict[str, object]:
    return {
        "column": getattr(reason, "column", ""),
        "value": getattr(reason, "value", ""),
        "contribution": round(float(getattr(reason, "contribution", 0.0)), 4),
        "text_zh": getattr(reason, "text_zh", ""),
        "text_en": getattr(reason, "text_en", ""),
    }


def score_claims(uow: UnitOfWork, clock: Clock, model_path: Path) -> int:
    """`claimdesk fraud score-claims`: score every stored claim with the saved model."""
    model = load_model(model_path)
    with uow:
        count = store_scores(uow, clock, model, None)
        uow.commit()
        return count


def export_features(uow: UnitOfWork) -> pl.DataFrame:
    """The stored claims as a generic table, labelled by investigation outcome where known."""
    with uow:
        table = feature_table(uow.fraud.feature_facts(None))
        labels = uow.fraud.outcome_labels()
    label = pl.Series(LABEL, [labels.get(int(i)) for i in table["claim_id"]], dtype=pl.Int64)
    return table.with_columns(label)


def training_table(uow: UnitOfWork, seed: int = 0) -> tuple[pl.DataFrame, bool]:
    """Labelled stored claims; when too few of either class, the synthetic book is added."""
    labelled = export_features(uow).drop_nulls(LABEL)
    if enough_labels(labelled[LABEL].to_list()):
        return labelled, False
    synthetic = synthetic_claim_table(seed=seed).select(labelled.columns)
    return pl.concat([labelled, synthetic.cast(labelled.schema)]), True


def train_claims(uow: UnitOfWork, model_out: Path, seed: int = 0) -> tuple[int, bool]:
    """`claimdesk fraud train-claims --label-from investigations`; returns rows and fallback."""
    table, synthetic = training_table(uow, seed)
    model = train_model(table, claim_plan(), CLAIM_MODEL_PARAMS)
    save_model(model, model_out)
    return table.height, synthetic


def ranked_claims(
    uow: UnitOfWork, actor: User, after: tuple[float, int] | None, limit: int
) -> list[RankedClaim]:
    """Open claims by risk score, highest first (keyset pages), for investigators."""
    require_fraud_role(actor)
    with uow:
        return uow.fraud.ranked_open(after=after, limit=limit)
