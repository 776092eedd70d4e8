"""拍照识别 on the report form: what was read from the receipt photo put into the form's fields
for the customer to confirm or correct (never submitted by itself), and the short summary
shown above them (hospital in the registry or not, date, total, whether the items add up)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from claimdesk.domain.receipts import ReceiptFields
from claimdesk.web.ui.portal_forms import LINE_ROWS, LineInput, ReportForm


@dataclass(frozen=True)
class ReceiptSummary:
    fields: ReceiptFields
    items_left_out: int  # items beyond the form's rows: the customer adds them by hand

    @property
    def adds_up(self) -> bool:
        return self.fields.total is not None and self.fields.total == self.fields.items_total


def prefilled(form: ReportForm, fields: ReceiptFields, photo: str) -> ReportForm:
    """The form with each field read put in; a field not read keeps what the customer typed."""
    lines = tuple(
        LineInput(item.line_type, item.name, f"{item.amount:.2f}")
        for item in fields.items[:LINE_ROWS]
    )
    rows = lines + tuple(LineInput() for _ in range(LINE_ROWS - len(lines)))
    return replace(
        form,
        hospital_name=fields.hospital_name or form.hospital_name,
        visit_date=fields.date.isoformat() if fields.date else form.visit_date,
        lines=rows if lines else form.lines,
        receipt_photo=photo,
    )


def summary(fields: ReceiptFields) -> ReceiptSummary:
    return ReceiptSummary(fields, max(len(fields.items) - LINE_ROWS, 0))
