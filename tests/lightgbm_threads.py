"""LightGBM's `Booster.predict` spied on: the thread counts the product asks for, and the same
predict on LightGBM's default (OpenMP on every core) to compare figures against."""

from __future__ import annotations

from typing import Any

import pytest


def record_predict_threads(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """From now on, every predict's `num_threads` option (None when not given) is appended to
    the returned list."""
    import lightgbm as lgb

    predict = lgb.Booster.predict
    threads: list[object] = []

    def spy(self: Any, data: object, **options: object) -> object:
        threads.append(options.get("num_threads"))
        return predict(self, data, **options)

    monkeypatch.setattr(lgb.Booster, "predict", spy)
    return threads


def predict_on_every_core(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, predict ignores the `num_threads` asked for (LightGBM's default)."""
    import lightgbm as lgb

    predict = lgb.Booster.predict

    def every_core(self: Any, data: object, **options: object) -> object:
        options.pop("num_threads", None)
        return predict(self, data, **options)

    monkeypatch.setattr(lgb.Booster, "predict", every_core)
