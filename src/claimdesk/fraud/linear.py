"""A regularised logistic model over the same encoded features, as a candidate the inner
validation may choose (small or nearly linear books, where trees overfit).

Design: each categorical feature one-hot over its training categories (unknown → all zero),
each number median-imputed, scaled, with a missing indicator. Per-feature contributions are
coef · (design value − training average of that design value), the exact SHAP values of a
linear model with independent inputs, summed over the feature's design columns — so the
reasons are computed the same way as for the trees.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from claimdesk.fraud.encoding import Encoder, FeatureKind


@dataclass(frozen=True)
class LinearModel:
    medians: tuple[float, ...]
    scales: tuple[float, ...]
    # One weight list per feature: numbers [value, missing], categories one per code.
    weights: tuple[tuple[float, ...], ...]
    averages: tuple[tuple[float, ...], ...]
    intercept: float

    def to_json(self) -> dict[str, Any]:
        return {key: value for key, value in self.__dict__.items()}

    @staticmethod
    def from_json(document: dict[str, Any]) -> LinearModel:
        return LinearModel(
            tuple(document["medians"]),
            tuple(document["scales"]),
            tuple(tuple(w) for w in document["weights"]),
            tuple(tuple(a) for a in document["averages"]),
            float(document["intercept"]),
        )


def _blocks(
    encoder: Encoder, matrix: np.ndarray, medians: np.ndarray, scales: np.ndarray
) -> list[np.ndarray]:
    blocks = []
    for index, spec in enumerate(encoder.specs):
        column = matrix[:, index]
        missing = np.isnan(column)
        if spec.kind is FeatureKind.CATEGORY:
            codes = np.arange(len(spec.categories))
            blocks.append((column[:, None] == codes[None, :]).astype(float))
        else:
            scaled = (np.where(missing, medians[index], column) - medians[index]) / scales[index]
            blocks.append(np.column_stack([scaled, missing.astype(float)]))
    return blocks


def fit_linear(encoder: Encoder, matrix: np.ndarray, y: np.ndarray, c: float = 0.3) -> LinearModel:
    # scikit-learn loads only when a model is fitted (every server imports this module).
    from sklearn.linear_model import LogisticRegression

    medians = np.nan_to_num(np.nanmedian(np.where(np.isnan(matrix), np.nan, matrix), axis=0))
    spread = np.nan_to_num(np.nanstd(matrix, axis=0))
    scales = np.where(spread > 0, spread, 1.0)
    blocks = _blocks(encoder, matrix, medians, scales)
    design = np.column_stack(blocks) if blocks else np.zeros((len(y), 0))
    regression = LogisticRegression(C=c, max_iter=3000).fit(design, y)
    weights, averages, start = [], [], 0
    for block in blocks:
        width = block.shape[1]
        weights.append(tuple(float(w) for w in regression.coef_[0][start : start + width]))
        averages.append(tuple(float(a) for a in block.mean(axis=0)))
        start += width
    return LinearModel(
        tuple(float(m) for m in medians),
        tuple(float(s) for s in scales),
        tuple(weights),
        tuple(averages),
        float(regression.intercept_[0]),
    )


def contributions(model: LinearModel, encoder: Encoder, matrix: np.ndarray) -> np.ndarray:
    """Per-feature pushes on the log-odds, plus the expected value as the last column."""
    blocks = _blocks(encoder, matrix, np.array(model.medians), np.array(model.scales))
    pushes = [
        (block - np.array(average)) @ np.array(weight)
        for block, weight, average in zip(blocks, model.weights, model.averages, strict=True)
    ]
    expected = model.intercept + sum(
        float(np.dot(w, a)) for w, a in zip(model.weights, model.averages, strict=True)
    )
    return np.column_stack([*pushes, np.full(len(matrix), expected)])


def margins(model: LinearModel, encoder: Encoder, matrix: np.ndarray) -> np.ndarray:
    return np.asarray(contributions(model, encoder, matrix).sum(axis=1))
