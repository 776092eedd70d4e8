"""What the receipt slice needs of an OCR engine (the adapter: `adapters/receipt_ocr.py`)."""

from __future__ import annotations

from typing import Protocol

from claimdesk.domain.receipts import TextBox


class ReceiptReader(Protocol):
    def read(self, image: bytes) -> list[TextBox]:
        """The text boxes on the image; raises `ReceiptReadingUnavailable` without an engine."""
        ...
