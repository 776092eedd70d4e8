"""A small generated claims CSV with a planted fraud signal, for model and CLI tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl


def a_claims_table(rows: int = 1200, seed: int = 0) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    fault = rng.choice(["Policy Holder", "Third Party"], rows)
    delay = rng.choice(["none", "1 to 7", "8 to 15", "more than 30"], rows)
    amount = rng.gamma(2.0, 1500.0, rows).round(2)
    risk = -3.0 + 2.0 * (fault == "Policy Holder") + 1.5 * (delay == "more than 30")
    fraud = rng.random(rows) < 1 / (1 + np.exp(-risk))
    return pl.DataFrame(
        {
            "ClaimNumber": np.arange(rows),
            "Fault": fault,
            "ReportDelay": delay,
            "Amount": amount,
            "Region": rng.choice(["华北", "华东", "华南"], rows),
            "Constant": ["x"] * rows,
            "Fraud": fraud.astype(int),
        }
    )


def a_claims_csv(directory: Path, rows: int = 1200) -> Path:
    path = directory / "claims.csv"
    a_claims_table(rows).write_csv(path)
    return path
