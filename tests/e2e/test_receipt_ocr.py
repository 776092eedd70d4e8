"""拍照识别 on a phone (390 px): the customer photographs a 医疗收费票据 (a generated one with
known text) on the report form; the real engine reads it and the hospital (the registry's),
date and bill lines are filled in for the customer to confirm — nothing is reported yet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import Site, shot
from tests.e2e.test_accessibility import serious
from tests.receipt_images import receipts

pytestmark = pytest.mark.e2e
READING_TIMEOUT_MS = 120_000  # the engine's first load and one photo, on a busy 2-core machine


def test_a_receipt_photo_prefills_the_report_on_a_phone(
    new_page: Any, site: Site, tmp_path: Path
) -> None:
    pytest.importorskip("rapidocr_onnxruntime", reason="the `ocr` extra is not installed")
    ((truth, photo),) = receipts(1, seed=12)
    picture = tmp_path / "票据.png"
    picture.write_bytes(photo)
    page = new_page("customer", mobile=True, at=None)
    page.goto(f"{site.base}/portal/report")
    before = page.locator("#hospital_name").input_value()

    page.set_input_files("#receipt_photo_file", str(picture))
    page.click("#read-receipt", timeout=READING_TIMEOUT_MS)  # waits for the page it posts to
    page.locator("#receipt-result").wait_for()

    assert before == ""
    assert page.input_value("#hospital_name") == truth.hospital
    assert page.input_value("#visit_date") == truth.date.isoformat()
    for n, (name, amount) in enumerate(truth.items, start=1):
        assert page.input_value(f"#line_name-{n}") == name
        assert page.input_value(f"#amount-{n}") == f"{amount:.2f}"
    result = page.locator("#receipt-result").inner_text()
    assert "目录内医院" in result and "请核对" in result
    assert page.url.endswith("/portal/report/receipt")  # still the form: nothing submitted
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    assert serious(page) == []  # axe-core: no serious or critical violation on the result
    shot(page, "portal-receipt-ocr-390")
