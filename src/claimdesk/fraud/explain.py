"""Why a claim scored high: LightGBM SHAP contributions mapped back to the file's columns,
then said in words (reasons.sentences)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from claimdesk.fraud.encoding import describe_value, encode
from claimdesk.fraud.model import RiskModel, learner_contributions
from claimdesk.fraud.reasons import sentences


@dataclass(frozen=True)
class Reason:
    """One column's push on one claim's score, in log-odds (positive raises the risk)."""

    column: str
    value: str
    contribution: float
    text_zh: str = ""
    text_en: str = ""


def explain(model: RiskModel, table: pl.DataFrame, top: int = 3) -> list[list[Reason]]:
    """For each row, the columns that moved its score most, strongest first.

    A column can feed several features (its category and its rank), so contributions are
    summed per source column before ranking.
    """
    matrix = encode(model.encoder, table)
    contributions = learner_contributions(model.booster, model.encoder, matrix)[:, :-1]
    sources = [spec.source for spec in model.encoder.specs]
    columns = sorted(set(sources))
    per_column = np.zeros((table.height, len(columns)))
    for index, source in enumerate(sources):
        per_column[:, columns.index(source)] += contributions[:, index]
    return [
        _top_reasons(model, table, row, columns, per_column[row], top)
        for row in range(table.height)
    ]


def _top_reasons(
    model: RiskModel,
    table: pl.DataFrame,
    row: int,
    columns: list[str],
    values: np.ndarray,
    top: int,
) -> list[Reason]:
    order = np.argsort(-np.abs(values))[:top]
    specs = {spec.source: spec for spec in model.encoder.specs}
    reasons = []
    for i in order:
        if values[i] == 0:
            continue
        value = describe_value(specs[columns[i]], table, row)
        zh, en = sentences(columns[i], value, float(values[i]), model.profile)
        reasons.append(Reason(columns[i], value, float(values[i]), zh, en))
    return reasons
