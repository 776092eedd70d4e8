"""The side-by-side evaluation, calibration and reasons in words, on small seeded tables."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from claimdesk.fraud.association import Rule, non_redundant, value_bins
from claimdesk.fraud.columns import plan_columns
from claimdesk.fraud.encoding import encode
from claimdesk.fraud.evaluation import (
    PROJECT,
    compare_cross_validated,
    compare_out_of_time,
    recall_at,
    reliability,
)
from claimdesk.fraud.explain import explain
from claimdesk.fraud.model import (
    learner_contributions,
    load_model,
    raw_scores,
    save_model,
    score,
    train_model,
)
from claimdesk.fraud.reasons import column_words, sentences
from claimdesk.fraud.selection import REFERENCE, SHALLOW, choose
from claimdesk.fraud.shapes import LABEL, dated, few_rows
from tests.unit.fraud.tabular_builders import a_claims_table

FAST = {"n_estimators": 60, "learning_rate": 0.1}
SMALL_POOL = {"shallow": SHALLOW, "stable": {**SHALLOW, "time_stable": True}}


def test_given_a_table_when_compared_then_project_and_both_baselines_on_the_same_folds() -> None:
    table = few_rows(seed=1)
    comparison = compare_cross_validated(
        table, plan_columns(table, LABEL), folds=3, candidates=SMALL_POOL
    )
    assert set(comparison.methods) == {PROJECT, "logistic regression", "LightGBM default"}
    assert all(len(aucs) == 3 for aucs in comparison.fold_auc.values())
    assert len(comparison.choices) == 3 and set(comparison.choices) <= set(SMALL_POOL)
    assert comparison.methods[PROJECT].roc_auc > 0.65


def test_given_dated_rows_when_compared_out_of_time_then_test_rows_are_the_later_ones() -> None:
    table = dated(seed=2, rows=1500)
    plan = plan_columns(table, LABEL, time_column="incident_date")
    comparison = compare_out_of_time(
        table, plan, "incident_date", "2022-12-31", candidates=SMALL_POOL
    )
    later = sum(day.endswith(("2023", "2024")) for day in table["incident_date"])
    assert comparison.methods[PROJECT].rows == later
    assert comparison.methods["logistic regression"].rows == later


def test_given_a_later_period_when_choosing_then_validated_on_the_latest_training_rows() -> None:
    table = a_claims_table(rows=800)
    plan = plan_columns(table, "Fraud")
    chosen = choose(table, plan, order=np.arange(800.0), candidates=SMALL_POOL)
    assert chosen.name in SMALL_POOL and set(chosen.inner_auc) == set(SMALL_POOL)


def test_given_candidates_the_inner_check_cannot_separate_then_the_reference_is_chosen() -> None:
    """Issue 15: a lead within one standard error is noise; the library defaults keep it."""
    table = a_claims_table(rows=800)
    plan = plan_columns(table, "Fraud")
    same = {"twin": FAST, REFERENCE: FAST}  # identical: the twin is best only by being first
    chosen = choose(table, plan, order=np.arange(800.0), candidates=same)
    assert chosen.best == "twin" and chosen.lead == 0.0 and chosen.name == REFERENCE


def test_given_logistic_ahead_of_the_defaults_then_it_is_the_reference() -> None:
    table = a_claims_table(rows=800)
    plan = plan_columns(table, "Fraud")
    stump = {"n_estimators": 1, "num_leaves": 2, "learning_rate": 0.1}
    linear = {"kind": "logistic", "C": 0.3}
    pool = {"twin": linear, REFERENCE: stump, "logistic": linear}
    chosen = choose(table, plan, candidates=pool)
    assert chosen.best == "twin" and chosen.name == "logistic"


def test_given_a_candidate_clearly_ahead_of_the_reference_then_it_is_chosen() -> None:
    table = a_claims_table(rows=800)
    plan = plan_columns(table, "Fraud")
    stump = {"n_estimators": 1, "num_leaves": 2, "learning_rate": 0.1}
    chosen = choose(table, plan, candidates={REFERENCE: stump, "shallow": SHALLOW})
    assert chosen.name == chosen.best == "shallow"
    assert chosen.lead > chosen.lead_se > 0.0


def test_given_a_model_when_scored_then_calibration_keeps_the_ranking_of_raw_scores() -> None:
    table = a_claims_table()
    model = train_model(table, plan_columns(table, "Fraud"), FAST)
    raw, calibrated = raw_scores(model, table), score(model, table)
    order = np.argsort(raw, kind="stable")
    assert model.calibration[0] > 0
    assert np.all(np.diff(calibrated[order]) >= 0)


def test_given_scores_when_binned_then_predicted_means_rise_and_rows_add_up() -> None:
    rng = np.random.default_rng(0)
    probabilities = rng.random(1000)
    y = (rng.random(1000) < probabilities).astype(int)
    bins = reliability(y, probabilities)
    assert sum(b.rows for b in bins) == 1000
    assert [b.predicted for b in bins] == sorted(b.predicted for b in bins)
    assert abs(bins[-1].observed - bins[-1].predicted) < 0.1


def test_given_a_review_budget_when_recall_is_measured_then_share_of_frauds_in_the_top() -> None:
    y = np.array([1, 0, 1, 0, 0, 0, 0, 0, 0, 1])
    scores = np.linspace(1.0, 0.1, 10)
    assert recall_at(y, scores, 0.2) == 1 / 3 and recall_at(y, scores, 0.3) == 2 / 3


def test_given_a_risky_claim_when_explained_then_reasons_read_as_sentences() -> None:
    table = a_claims_table()
    model = train_model(table, plan_columns(table, "Fraud"), FAST)
    risky = table.filter(
        (pl.col("Fault") == "Policy Holder") & (pl.col("ReportDelay") == "more than 30")
    )
    fault = next(r for r in explain(model, risky.head(1), top=4)[0] if r.column == "Fault")
    assert fault.text_zh.startswith("责任方为 Policy Holder（此类欺诈率 ")
    assert fault.text_zh.endswith("推高风险") and "=" not in fault.text_zh
    assert fault.text_en.startswith("party at fault Policy Holder (fraud rate ")


def test_given_a_number_when_said_then_beside_the_typical_value_in_both_languages() -> None:
    profile = {"base_rate": 0.05, "columns": {"prior_claims": {"mean": 0.4}}}
    zh, en = sentences("prior_claims", "3", 0.8, profile)
    assert zh == "本保单年度既往理赔次数为 3（同类平均 0.4） — 推高风险"
    assert en == "earlier claims this policy year 3 (typical 0.4) — raises risk"
    assert column_words("DaysSinceReport_total") == ("days since report total",) * 2
    assert sentences("amount", "None", -0.2, profile)[0] == "理赔金额未填写 — 降低风险"


def test_given_the_logistic_candidate_when_trained_then_saved_explained_and_additive(
    tmp_path: Path,
) -> None:
    table = a_claims_table()
    model = train_model(table, plan_columns(table, "Fraud"), {"kind": "logistic"})
    save_model(model, tmp_path / "linear.json")
    assert np.allclose(score(load_model(tmp_path / "linear.json"), table), score(model, table))
    matrix = encode(model.encoder, table)
    pushes = learner_contributions(model.booster, model.encoder, matrix)
    assert np.allclose(pushes.sum(axis=1), raw_scores(model, table))
    risky = table.filter(pl.col("Fault") == "Policy Holder").head(1)
    assert any(r.column == "Fault" and r.contribution > 0 for r in explain(model, risky)[0])


def test_given_tied_numbers_when_binned_then_ties_share_a_bin_named_by_its_range() -> None:
    column = pl.Series("prior", [0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 5, 8])
    bins = value_bins(column).to_list()
    assert len(set(bins[:6])) == 1 and bins[0] == "0"
    assert bins[-1].endswith("–8") and all(b is not None for b in bins)


def test_given_rules_repeating_a_strong_item_when_filtered_then_the_top_rules_differ() -> None:
    rules = [
        Rule(("fault=holder", "area=urban"), "fraud", 0.02, 0.3, 3.0),
        Rule(("fault=holder",), "fraud", 0.05, 0.29, 2.9),
        Rule(("fault=holder", "sex=m"), "fraud", 0.02, 0.29, 2.9),
        Rule(("fault=holder", "car=sport"), "fraud", 0.01, 0.28, 2.8),
        Rule(("policy=liability",), "fraud", 0.04, 0.2, 2.0),
    ]
    kept = [rule.antecedent for rule in non_redundant(rules)]
    # A superset that barely beats its subset's lift adds nothing; the subset speaks for it.
    assert kept == [("fault=holder",), ("policy=liability",)]
