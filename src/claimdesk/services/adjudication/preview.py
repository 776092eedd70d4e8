"""The engine's own result on the lines as submitted, before any material is in (预赔 fall-back).

Nothing is stored or booked: the same request adjudication builds from the stored claim
(ledger, blacklist, hospital registry), the same gates, then the medical terms on every line
— the material checklist is skipped, as the estimate assumes the materials will arrive.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from claimdesk.domain.claim import Claim
from claimdesk.rules import benefit_ledger
from claimdesk.rules.claim_gates import denial_reasons
from claimdesk.rules.engine import medical_result
from claimdesk.rules.errors import InvalidRequest
from claimdesk.rules.product_checks import check_facts, check_request
from claimdesk.rules.terms import Product
from claimdesk.services.adjudication.request import claim_request
from claimdesk.services.fraud.blacklist import is_blacklisted
from claimdesk.services.hospitals.registry import registry_for
from claimdesk.services.ports import UnitOfWork


def engine_payable(
    uow: UnitOfWork, products: Mapping[str, Product], claim: Claim
) -> Decimal | None:
    """Inside a unit of work: the payable the medical terms give the submitted lines; None
    when the engine does not apply (no such product, an accident cover, no bill lines, or
    facts the engine refuses)."""
    product = products.get(claim.product_code)
    lines = any(visit.lines for visit in claim.visits)
    if product is None or product.accident is not None or not lines or claim.id is None:
        return None
    rows = uow.adjudications.ledger_rows(
        claim.insured_person_id, claim.policy_id, excluding_claim=claim.id
    )
    policy = uow.policies.get(claim.policy_id)
    insured = uow.policies.get_insured(claim.insured_person_id)
    request = claim_request(
        claim,
        policy,
        insured,
        (),
        benefit_ledger.add_deltas(product, rows),
        blacklisted=is_blacklisted(uow, insured, policy),
        hospitals=registry_for(uow, claim.visits),
    )
    try:
        check_facts(request)
        check_request(request, product)
        if denial_reasons(request, product):
            return Decimal("0.00")
        return medical_result(request, product).payable
    except InvalidRequest:  # facts the engine refuses: adjudication will say why, not the estimate
        return None
