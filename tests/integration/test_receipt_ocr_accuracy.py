"""拍照识别 with the real engine (RapidOCR on ONNX Runtime, the `test` extra installs it) on
seeded generated 医疗收费票据 photos with known text — offline: any network use fails the test.
The wider measurement (more receipts, more tilt, seconds per image) is bench/ocr_bench.py."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimdesk.adapters.receipt_ocr import RapidReceiptReader
from claimdesk.demo.hospitals import REGISTRY
from claimdesk.domain.hospitals import Hospital
from claimdesk.domain.receipts import read_receipt
from tests.receipt_images import FONTS, receipts

HOSPITALS = [Hospital(row[0], row[1]) for row in REGISTRY]
CODES = {h.name: h.code for h in HOSPITALS}


def _engine_or_skip() -> None:
    missing = []
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        missing.append("rapidocr-onnxruntime (pip install -e '.[test]')")
    if not any(path.exists() for path in FONTS):
        missing.append("a CJK font (fonts-noto-cjk or fonts-wqy-zenhei)")
    if missing and os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but missing: {', '.join(missing)}")
    if missing:
        pytest.skip(f"missing: {', '.join(missing)}")


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Any connection attempt (a model download) fails loudly."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network use during OCR: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield


def test_the_engine_loads_its_models_from_the_installed_wheel() -> None:
    _engine_or_skip()
    from rapidocr_onnxruntime.main import DEFAULT_CFG_PATH, read_yaml, update_model_path

    config = update_model_path(read_yaml(DEFAULT_CFG_PATH))
    package = DEFAULT_CFG_PATH.parent
    for stage in ("Det", "Cls", "Rec"):
        model = Path(config[stage]["model_path"])
        assert model.is_file() and package in model.parents, model


def test_ten_generated_receipts_are_read_offline(offline: None) -> None:
    _engine_or_skip()
    reader = RapidReceiptReader()
    made = receipts(10, seed=12)
    read = [read_receipt(reader.read(photo), HOSPITALS) for _, photo in made]
    truths = [truth for truth, _ in made]
    total = sum(r.total == t.total for r, t in zip(read, truths, strict=True))
    hospital = sum(r.hospital_code == CODES[t.hospital] for r, t in zip(read, truths, strict=True))
    day = sum(r.date == t.date for r, t in zip(read, truths, strict=True))
    items = sum(tuple((i.name, i.amount) for i in r.items) == t.items
                for r, t in zip(read, truths, strict=True))  # fmt: skip
    assert total >= 9, f"total exact on {total}/10"
    assert hospital >= 9 and day >= 9, f"hospital {hospital}/10, date {day}/10"
    assert items >= 8, f"items exact on {items}/10"
