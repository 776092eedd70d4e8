from __future__ import annotations

import os
from pathlib import Path

import pytest

from claimdesk.fraud.columns import DropReason, InvalidTable, plan_columns, read_table
from claimdesk.fraud.encoding import rank_of
from claimdesk.fraud.evaluation import cross_validate
from claimdesk.fraud.explain import explain
from claimdesk.fraud.model import SavedBooster, load_model, save_model, score, train_model
from tests.lightgbm_threads import predict_on_every_core, record_predict_threads
from tests.unit.fraud.tabular_builders import a_claims_table

FAST = {"n_estimators": 80, "learning_rate": 0.1}
ORACLE = Path(__file__).parents[3] / ".." / "shared" / "data" / "fraud_oracle.csv"


def test_given_a_table_when_planned_then_ids_constants_and_label_are_not_features() -> None:
    plan = plan_columns(a_claims_table(), "Fraud")
    assert plan.dropped == {
        "Fraud": DropReason.LABEL,
        "ClaimNumber": DropReason.ID_LIKE,
        "Constant": DropReason.CONSTANT,
    }
    assert set(plan.features) == {"Fault", "ReportDelay", "Amount", "Region"}


def test_given_a_copy_of_the_label_when_planned_then_it_is_dropped_as_leakage() -> None:
    table = a_claims_table().with_columns(Outcome=(a_claims_table()["Fraud"] * 7).cast(str))
    assert plan_columns(table, "Fraud").dropped["Outcome"] is DropReason.LEAKAGE


@pytest.mark.parametrize(
    ("low", "high"),
    [
        ("none", "1 to 7"),
        ("15 to 30", "more than 30"),
        ("under 6 months", "1 year"),
        ("less than 20000", "20000 to 29000"),
        ("Jan", "Dec"),
    ],
    ids=["none", "more_than", "months_vs_years", "less_than", "month_names"],
)
def test_given_range_labels_when_ranked_then_their_order_is_kept(low: str, high: str) -> None:
    assert rank_of(low) < rank_of(high)  # type: ignore[operator]


def test_given_a_non_binary_label_when_planned_then_refused_in_both_languages() -> None:
    with pytest.raises(InvalidTable, match=r"标签列.*binary"):
        plan_columns(a_claims_table(), "Region")


def test_given_a_planted_signal_when_cross_validated_then_it_is_learned() -> None:
    table = a_claims_table()
    metrics = cross_validate(table, plan_columns(table, "Fraud"), folds=3, params=FAST)
    assert metrics.roc_auc > 0.7 and 0.0 < metrics.top_decile_share <= 1.0


def test_given_a_trained_model_when_saved_and_loaded_then_it_scores_the_same(
    tmp_path: Path,
) -> None:
    table = a_claims_table()
    model = train_model(table, plan_columns(table, "Fraud"), FAST)
    save_model(model, tmp_path / "model.json")
    assert (score(load_model(tmp_path / "model.json"), table) == score(model, table)).all()


def test_given_a_saved_model_when_loaded_then_its_trees_are_built_on_the_first_score_only(
    tmp_path: Path,
) -> None:
    """Loading keeps LightGBM's text (servers load at start, score later); scores, reasons
    and a save of the loaded model are those of the trained one."""
    table = a_claims_table()
    model = train_model(table, plan_columns(table, "Fraud"), FAST)
    save_model(model, tmp_path / "model.json")
    loaded = load_model(tmp_path / "model.json")
    assert isinstance(loaded.booster, SavedBooster) and not loaded.booster.built
    assert (score(loaded, table) == score(model, table)).all()
    assert loaded.booster.built
    assert explain(loaded, table) == explain(model, table)
    save_model(loaded, tmp_path / "again.json")
    assert (score(load_model(tmp_path / "again.json"), table) == score(model, table)).all()


def test_given_a_risky_claim_when_explained_then_the_planted_columns_are_named() -> None:
    table = a_claims_table()
    model = train_model(table, plan_columns(table, "Fraud"), FAST)
    risky = table.filter(
        (table["Fault"] == "Policy Holder") & (table["ReportDelay"] == "more than 30")
    )
    reasons = explain(model, risky.head(1))[0]
    assert reasons[0].column in {"Fault", "ReportDelay"} and "raises risk" in reasons[0].text_en


@pytest.mark.skipif(
    not ORACLE.is_file() and os.environ.get("CI") != "true",
    reason="fraud_oracle.csv is not in ../shared/data/ on this machine",
)
def test_given_fraud_oracle_when_cross_validated_quickly_then_roc_auc_is_at_least_085() -> None:
    table = read_table(str(ORACLE))
    plan = plan_columns(table, "FraudFound_P")
    metrics = cross_validate(
        table, plan, folds=3, params={"n_estimators": 150, "learning_rate": 0.06}
    )
    assert "PolicyNumber" not in plan.features and metrics.roc_auc >= 0.85


def test_given_a_model_when_scoring_and_explaining_then_lightgbm_predicts_on_one_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every predict (trained or loaded trees, scores and reasons) on one thread: LightGBM's
    default is OpenMP on every core per call, whatever the training's `num_threads` — the
    figures are the same either way (rows are scored independently)."""
    table = a_claims_table()
    model = train_model(table, plan_columns(table, "Fraud"), FAST)
    save_model(model, tmp_path / "model.json")
    loaded = load_model(tmp_path / "model.json")
    threads = record_predict_threads(monkeypatch)
    scores, reasons = score(model, table), explain(loaded, table.head(3))
    assert (score(loaded, table) == scores).all()
    assert threads and set(threads) == {1}

    predict_on_every_core(monkeypatch)
    assert (score(model, table) == scores).all() and explain(loaded, table.head(3)) == reasons
