"""The adjudication table of a claim page: engine lines, reasons in words, overrides beside them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from claimdesk.domain.claim import Visit
from claimdesk.domain.labels import line_names, visit_names
from claimdesk.domain.money import format_amount
from claimdesk.rules.explain import describe
from claimdesk.rules.terms import Product
from claimdesk.services.adjudication.records import StoredAdjudication, StoredOverride


@dataclass(frozen=True)
class LineRow:
    visit_id: str
    line_id: str
    submitted: str
    eligible: str
    deductible: str
    payable: str
    reasons: tuple[str, ...]
    override: StoredOverride | None
    visit_name: str = ""
    line_name: str = ""


@dataclass(frozen=True)
class AdjudicationView:
    record: StoredAdjudication
    decision: str
    claim_reasons: tuple[str, ...]
    visit_reasons: tuple[str, ...]
    rows: tuple[LineRow, ...]


def adjudication_view(
    record: StoredAdjudication,
    products: Mapping[str, Product],
    lang: str,
    visits: Sequence[Visit] = (),
) -> AdjudicationView:
    product = products.get(record.product_code)
    visit_name, line_name = visit_names(visits), line_names(visits, lang)
    latest = {(o.visit_id, o.line_id): o for o in record.overrides}
    rows = tuple(
        LineRow(
            visit.visit_id,
            line.line_id,
            format_amount(line.submitted),
            format_amount(line.eligible),
            format_amount(line.deductible),
            format_amount(line.payable),
            tuple(describe(code, product, lang) for code in line.reasons),
            latest.get((visit.visit_id, line.line_id)),
            visit_name.get(visit.visit_id, visit.visit_id),
            line_name.get((visit.visit_id, line.line_id), line.line_id),
        )
        for visit in record.result.visits
        for line in visit.lines
    )
    visit_reasons = tuple(
        f"{visit_name.get(visit.visit_id, visit.visit_id)}: {describe(reason.code, product, lang)}"
        for visit in record.result.visits
        for reason in visit.reasons
    )
    claim_reasons = tuple(describe(r.code, product, lang) for r in record.result.reasons)
    return AdjudicationView(record, str(record.decision), claim_reasons, visit_reasons, rows)
