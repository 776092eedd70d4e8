from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimdesk.cli import app
from tests.unit.fraud.tabular_builders import a_claims_csv

runner = CliRunner()


def test_given_a_labelled_csv_when_trained_then_a_model_file_and_explained_top_claims(
    tmp_path: Path,
) -> None:
    data = a_claims_csv(tmp_path, rows=600)
    result = runner.invoke(
        app,
        [
            "fraud",
            "train",
            "--data",
            str(data),
            "--label",
            "Fraud",
            "--model-out",
            str(tmp_path / "m.json"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "m.json").is_file() and "risk" in result.output
    assert "ClaimNumber (id_like)" in result.output


def test_given_a_time_column_when_evaluated_then_cv_and_out_of_time_figures_are_printed(
    tmp_path: Path,
) -> None:
    data = a_claims_csv(tmp_path, rows=600)
    # Two folds: each fold is a configuration search and three fits, and what is checked here is
    # the command (options, both comparisons printed), not the estimate (tests/unit/fraud).
    args = ["fraud", "evaluate", "--data", str(data), "--label", "Fraud", "--folds", "2"]
    result = runner.invoke(
        app, [*args, "--time-column", "ClaimNumber", "--train-until", "400", "--explain-plan"]
    )
    assert result.exit_code == 0, result.output
    assert "2-fold CV" in result.output and "out-of-time (ClaimNumber > 400)" in result.output
    assert "| LightGBM default |" in result.output and "| logistic regression |" in result.output
    assert "Constant: 不使用 / dropped — 只有一个取值 / a single value" in result.output


def test_given_an_unparseable_time_column_when_evaluated_then_refused_with_exit_2(
    tmp_path: Path,
) -> None:
    data = a_claims_csv(tmp_path, rows=200)
    args = ["fraud", "evaluate", "--data", str(data), "--label", "Fraud", "--folds", "2"]
    result = runner.invoke(app, [*args, "--time-column", "Region", "--train-until", "华东"])
    assert result.exit_code == 2 and "neither dates nor numbers" in result.output
    assert "fold CV" not in result.output  # refused before any model is fitted


def test_given_a_csv_when_patterns_are_asked_then_rules_and_clusters_are_reported(
    tmp_path: Path,
) -> None:
    data = a_claims_csv(tmp_path, rows=600)
    result = runner.invoke(
        app, ["fraud", "patterns", "--data", str(data), "--label", "Fraud", "--clusters", "3"]
    )
    assert result.exit_code == 0, result.output
    assert "⇒ fraud" in result.output and "cluster 2" in result.output


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--data", "missing.csv", "--label", "Fraud"], "data file not found"),
        (["--label", "Nope"], "label column not found"),
        (["--label", "Region"], "must be binary"),
    ],
    ids=["missing_file", "unknown_label", "non_binary_label"],
)
def test_given_invalid_input_when_evaluated_then_exit_2_with_a_bilingual_message(
    tmp_path: Path, arguments: list[str], message: str
) -> None:
    data = a_claims_csv(tmp_path, rows=100)
    full = arguments if "--data" in arguments else ["--data", str(data), *arguments]
    result = runner.invoke(app, ["fraud", "evaluate", *full])
    assert result.exit_code == 2 and message in result.output


def test_given_no_patterns_extra_when_patterns_are_asked_then_it_says_which_extra_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    real_find_spec = importlib.util.find_spec

    def without_mlxtend(name: str, *rest: object) -> object:
        return None if name == "mlxtend" else real_find_spec(name, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(importlib.util, "find_spec", without_mlxtend)
    data = a_claims_csv(tmp_path, rows=50)
    result = runner.invoke(app, ["fraud", "patterns", "--data", str(data)])
    assert result.exit_code == 2
    assert "claimdesk[patterns]" in result.output
