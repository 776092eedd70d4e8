"""The learned risk score: gradient boosting over any typed table, calibrated, explained.

Calibration is Platt scaling fitted on out-of-fold raw scores of the training rows (the
`CalibratedClassifierCV(method="sigmoid", ensemble=False)` recipe): the booster itself is fitted on
all training rows, so its SHAP contributions explain exactly the score that is shown.
A monotone sigmoid keeps the ranking, so ROC-AUC and PR-AUC are those of the booster.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np
import polars as pl

from claimdesk.fraud.columns import ColumnPlan, DropReason, binary_label
from claimdesk.fraud.dates import DateColumn
from claimdesk.fraud.encoding import Encoder, FeatureKind, FeatureSpec, encode, fit_encoder
from claimdesk.fraud.linear import LinearModel, contributions, fit_linear, margins
from claimdesk.fraud.reasons import column_profile

# LightGBM / scikit-learn (and SciPy under them) load only where a model is trained or
# scored: every server and CLI process imports this module, few of them fit or score.
if TYPE_CHECKING:
    import lightgbm as lgb

    Learner: TypeAlias = "lgb.Booster | SavedBooster | LinearModel"

# Reasonable, lightly tuned settings; see docs/fraud.md for how they were chosen.
DEFAULT_PARAMS: dict[str, Any] = {
    "objective": "binary",
    # 100 trees (was 400 at 0.03): the generic model must score ≥ 100,000 claims/s on one
    # core (issue 15); LightGBM's per-tree walk is the cost, so the same learning in fewer,
    # larger steps.
    "n_estimators": 100,
    "learning_rate": 0.12,
    "num_leaves": 15,
    "min_child_samples": 20,
    "subsample": 0.8,
    "subsample_freq": 1,
    "colsample_bytree": 0.5,
    "reg_lambda": 1.0,
    "cat_smooth": 10,
    "min_data_per_group": 20,
    "max_cat_to_onehot": 8,
    "verbose": -1,
    # One thread: predictable on shared machines, and OpenMP spin-waits hurt when cores are busy.
    "num_threads": 1,
}
CALIBRATION_FOLDS = 3
# Scoring on one thread as well: `num_threads` above is the training's only, `predict`
# otherwise starts OpenMP on every core for the one claim a move scores (≈ 10 ms wall a
# predict on a busy 2-core machine against 0.3 ms); rows are scored independently, so the
# scores are the same (docs/performance.md, branch suite11).
PREDICT_THREADS = 1


class SavedBooster:
    """A loaded model's trees, kept as LightGBM's text until the first score or save needs
    them. Every server and worker loads the model at start and after each retrain, but only
    scores when a claim moves (or in a batch re-score); importing LightGBM (scikit-learn and
    SciPy under it) costs those processes about 1.4 s of CPU each, for nothing until then."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._booster: lgb.Booster | None = None

    def booster(self) -> lgb.Booster:
        # Two threads of one server may both build it on a first use at the same moment: the
        # same text gives the same trees, and the one kept is then reused.
        if self._booster is None:
            import lightgbm as lgb

            self._booster = lgb.Booster(model_str=self._text)
        return self._booster

    @property
    def built(self) -> bool:
        return self._booster is not None

    def predict(self, matrix: np.ndarray, **options: Any) -> Any:
        return self.booster().predict(matrix, **options)

    def model_to_string(self) -> str:
        return str(self.booster().model_to_string())


@dataclass(frozen=True)
class RiskModel:
    plan: ColumnPlan
    encoder: Encoder
    # Trees (as trained, or as loaded from a file), or the logistic candidate when inner
    # validation chose it (`"kind": "logistic"`).
    booster: lgb.Booster | SavedBooster | LinearModel
    calibration: tuple[float, float]
    params: dict[str, Any] = field(default_factory=dict)
    # What a typical training row looks like, for reasons in words (reasons.column_profile).
    profile: dict[str, Any] = field(default_factory=dict)


def fit_booster(
    matrix: np.ndarray, y: np.ndarray, encoder: Encoder, params: dict[str, Any]
) -> lgb.Booster:
    """One LightGBM booster; categories are split natively, never one-hot expanded."""
    import lightgbm as lgb

    settings = {**DEFAULT_PARAMS, **params}
    for own in ("time_stable", "kind", "C"):
        settings.pop(own, None)
    rounds = int(settings.pop("n_estimators"))
    dataset = lgb.Dataset(
        matrix,
        label=y,
        feature_name=[f"f{i}" for i in range(matrix.shape[1])],
        categorical_feature=encoder.categorical_indices,
        free_raw_data=True,
    )
    return lgb.train(_booster_params(settings), dataset, num_boost_round=rounds)


def fit_learner(
    matrix: np.ndarray, y: np.ndarray, encoder: Encoder, params: dict[str, Any]
) -> Learner:
    if params.get("kind") == "logistic":
        return fit_linear(encoder, matrix, y, float(params.get("C", 0.3)))
    return fit_booster(matrix, y, encoder, params)


def learner_margins(learner: Learner, encoder: Encoder, matrix: np.ndarray) -> np.ndarray:
    if isinstance(learner, LinearModel):
        return margins(learner, encoder, matrix)
    return np.asarray(learner.predict(matrix, raw_score=True, num_threads=PREDICT_THREADS))


def learner_contributions(learner: Learner, encoder: Encoder, matrix: np.ndarray) -> np.ndarray:
    """Per-feature log-odds pushes (SHAP), the expected value in the last column."""
    if isinstance(learner, LinearModel):
        return contributions(learner, encoder, matrix)
    return np.asarray(learner.predict(matrix, pred_contrib=True, num_threads=PREDICT_THREADS))


def _booster_params(settings: dict[str, Any]) -> dict[str, Any]:
    aliases = {"subsample": "bagging_fraction", "subsample_freq": "bagging_freq"}
    renamed = {aliases.get(key, key): value for key, value in settings.items()}
    renamed["feature_fraction"] = renamed.pop("colsample_bytree", 1.0)
    renamed["min_data_in_leaf"] = renamed.pop("min_child_samples", 20)
    renamed["lambda_l2"] = renamed.pop("reg_lambda", 0.0)
    return renamed


def train_model(
    table: pl.DataFrame, plan: ColumnPlan, params: dict[str, Any] | None = None
) -> RiskModel:
    """Fit the encoder, the booster and its calibration on these rows only."""
    settings = params or {}
    encoder = fit_encoder(table, plan, bool(settings.get("time_stable")))
    matrix = encode(encoder, table)
    y = binary_label(table, plan.label).to_numpy()
    booster = fit_learner(matrix, y, encoder, settings)
    out_of_fold = _out_of_fold_margins(matrix, y, encoder, settings)
    profile = column_profile(table, encoder, y)
    return RiskModel(plan, encoder, booster, fit_sigmoid(out_of_fold, y), settings, profile)


def _out_of_fold_margins(
    matrix: np.ndarray, y: np.ndarray, encoder: Encoder, params: dict[str, Any]
) -> np.ndarray:
    from sklearn.model_selection import StratifiedKFold

    found = np.zeros(len(y))
    folds = StratifiedKFold(CALIBRATION_FOLDS, shuffle=True, random_state=7)
    for train_rows, held_out in folds.split(matrix, y):
        learner = fit_learner(matrix[train_rows], y[train_rows], encoder, params)
        found[held_out] = learner_margins(learner, encoder, matrix[held_out])
    return found


def fit_sigmoid(margins: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Platt scaling: probability = 1 / (1 + exp(-(slope * margin + intercept)))."""
    from sklearn.linear_model import LogisticRegression

    regression = LogisticRegression(C=1e6).fit(margins.reshape(-1, 1), y)
    return float(regression.coef_[0][0]), float(regression.intercept_[0])


def raw_scores(model: RiskModel, table: pl.DataFrame) -> np.ndarray:
    return learner_margins(model.booster, model.encoder, encode(model.encoder, table))


def score(model: RiskModel, table: pl.DataFrame) -> np.ndarray:
    """Calibrated fraud probability for each row."""
    slope, intercept = model.calibration
    return np.asarray(1.0 / (1.0 + np.exp(-(slope * raw_scores(model, table) + intercept))))


def save_model(model: RiskModel, path: Path) -> None:
    """A JSON file: the booster as LightGBM text, plus the plan, categories and calibration."""
    document = {
        "format": "claimdesk-risk-model/1",
        "plan": {
            "label": model.plan.label,
            "numeric": model.plan.numeric,
            "categorical": model.plan.categorical,
            "dropped": model.plan.dropped,
            "group_column": model.plan.group_column,
            "dates": [date.__dict__ for date in model.plan.dates],
        },
        "features": [spec.__dict__ for spec in model.encoder.specs],
        "calibration": model.calibration,
        "params": model.params,
        "profile": model.profile,
        **_learner_json(model.booster),
    }
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def _learner_json(learner: Learner) -> dict[str, Any]:
    if isinstance(learner, LinearModel):
        return {"linear": learner.to_json()}
    return {"booster": learner.model_to_string()}


def load_model(path: Path) -> RiskModel:
    document = json.loads(path.read_text(encoding="utf-8"))
    raw_plan = document["plan"]
    plan = ColumnPlan(
        raw_plan["label"],
        tuple(raw_plan["numeric"]),
        tuple(raw_plan["categorical"]),
        {name: DropReason(reason) for name, reason in raw_plan["dropped"].items()},
        raw_plan["group_column"],
        tuple(DateColumn(**date) for date in raw_plan.get("dates", [])),
    )
    specs = tuple(
        FeatureSpec(
            f["name"],
            f["source"],
            FeatureKind(f["kind"]),
            tuple(f["categories"]),
            tuple(f["partners"]),
        )
        for f in document["features"]
    )
    booster: Learner = (
        LinearModel.from_json(document["linear"])
        if "linear" in document
        else SavedBooster(document["booster"])
    )
    slope, intercept = document["calibration"]
    return RiskModel(
        plan,
        Encoder(specs),
        booster,
        (slope, intercept),
        document["params"],
        document.get("profile", {}),
    )
