"""The two baselines every evaluation prints beside the project's model, on the same rows.

- Regularised logistic regression: one-hot categories (unknown ones ignored) and scaled,
  median-imputed numerics with a missing indicator.
- LightGBM with its library defaults (100 trees, 31 leaves, learning rate 0.1).

Both see the same encoded features as the project's model (encoder fitted on the training
rows only), so the comparison measures the modelling, not the column handling.
"""

from __future__ import annotations

from collections.abc import Callable

import lightgbm as lgb
import numpy as np
import polars as pl
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from claimdesk.fraud.columns import ColumnPlan, binary_label
from claimdesk.fraud.encoding import encode, fit_encoder
from claimdesk.fraud.model import PREDICT_THREADS, score, train_model

Scorer = Callable[[pl.DataFrame], np.ndarray]
Fitter = Callable[[pl.DataFrame, ColumnPlan], Scorer]


def fit_logistic(train: pl.DataFrame, plan: ColumnPlan) -> Scorer:
    encoder = fit_encoder(train, plan)
    categorical = encoder.categorical_indices
    numeric = [i for i in range(len(encoder.specs)) if i not in categorical]
    columns = ColumnTransformer(
        [
            (
                "categories",
                make_pipeline(
                    SimpleImputer(strategy="constant", fill_value=-1.0),
                    OneHotEncoder(handle_unknown="ignore", min_frequency=5),
                ),
                categorical,
            ),
            (
                "numbers",
                make_pipeline(
                    SimpleImputer(strategy="median", add_indicator=True, keep_empty_features=True),
                    StandardScaler(),
                ),
                numeric,
            ),
        ]
    )
    pipeline = make_pipeline(columns, LogisticRegression(C=1.0, max_iter=2000))
    pipeline.fit(encode(encoder, train), binary_label(train, plan.label).to_numpy())
    return lambda rows: np.asarray(pipeline.predict_proba(encode(encoder, rows))[:, 1])


def fit_lightgbm_default(train: pl.DataFrame, plan: ColumnPlan) -> Scorer:
    encoder = fit_encoder(train, plan)
    dataset = lgb.Dataset(
        encode(encoder, train),
        label=binary_label(train, plan.label).to_numpy(),
        categorical_feature=encoder.categorical_indices,
    )
    booster = lgb.train({"objective": "binary", "verbose": -1, "num_threads": 1}, dataset)
    return lambda rows: np.asarray(
        booster.predict(encode(encoder, rows), num_threads=PREDICT_THREADS)
    )


def fit_project(params: dict[str, object]) -> Fitter:
    """The project's model with given settings: calibrated, as it is deployed."""

    def fit(train: pl.DataFrame, plan: ColumnPlan) -> Scorer:
        model = train_model(train, plan, dict(params))
        return lambda rows: score(model, rows)

    return fit
