"""Every code of a labelled family has a zh and an en label (domain/labels.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from claimdesk.domain import labels
from claimdesk.domain.auto_injury import DeathDisabilityKind
from claimdesk.domain.investigations import InvestigationStatus
from claimdesk.domain.payment import PaymentKind, PaymentStatus
from claimdesk.domain.users import Permission, Role
from claimdesk.fraud.cases import Outcome
from claimdesk.fraud.red_flag_config import KNOWN_CODES
from claimdesk.fraud.red_flags import Routing
from claimdesk.fraud.rings import LINK_KINDS

PRODUCTS = Path(labels.__file__).parents[1] / "products"


def _product_materials() -> set[str]:
    found: set[str] = set()
    for path in PRODUCTS.glob("*.yaml"):
        document = yaml.safe_load(path.read_text("utf-8"))
        found |= {rule["material"] for rule in document.get("materials") or ()}
    return found


@pytest.mark.parametrize(
    ("family", "codes"),
    [
        ("material", _product_materials()),
        ("role", {r.value for r in Role}),
        ("permission", {p.value for p in Permission}),
        ("red_flag", set(KNOWN_CODES)),
        ("routing", {r.value for r in Routing}),
        ("ring_link", set(LINK_KINDS)),
        ("investigation_status", {s.value for s in InvestigationStatus}),
        ("investigation_outcome", {o.value for o in Outcome}),
        ("payment_kind", {k.value for k in PaymentKind}),
        ("payment_status", {s.value for s in PaymentStatus}),
        ("death_disability_kind", {k.value for k in DeathDisabilityKind}),
    ],
)
def test_every_code_of_the_family_has_both_labels(family: str, codes: set[str]) -> None:
    assert codes, family
    unlabelled = codes - set(labels.FAMILIES[family])
    assert unlabelled == set()
    for code in codes:
        zh, en = labels.both(family, code)
        assert any("\u4e00" <= char <= "\u9fff" for char in zh), (family, code)
        assert en and "_" not in en and en != zh, (family, code)


def test_an_unknown_code_is_shown_as_it_is_and_english_is_one_argument_away() -> None:
    assert labels.label("material", "bank_book_copy") == "银行卡或存折复印件"
    assert labels.label("material", "bank_book_copy", "en") == "Copy of the bank card or passbook"
    assert labels.label("material", "no_such_thing") == "no_such_thing"
