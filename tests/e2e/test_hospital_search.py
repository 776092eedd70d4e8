"""Issue 11, in a real browser: the customer types part of a hospital's name in the portal
report form, the registry's entries appear in the search-as-you-type list (htmx fills the
<datalist> from /hospitals/suggest) and the customer picks one; the stored visit names the
registry's hospital (its code), so designation, level and region come from the registry."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest

from tests.e2e.conftest import Site, shot

pytestmark = pytest.mark.e2e
REGISTRY_NAME = "复旦大学附属中山医院"  # SH-0001 in the demo registry, alias 中山医院


def test_the_customer_picks_the_hospital_from_the_registry_while_typing(
    new_page: Any, site: Site
) -> None:
    page = new_page("other", at=None)
    page.goto(f"{site.base}/portal/report")
    options = page.locator("#hospital-options option")
    assert options.count() == 0  # nothing suggested before typing

    page.click("#hospital_name")
    page.keyboard.type("中山", delay=50)  # part of the name: each key an input event
    options.first.wait_for(state="attached")  # htmx swapped the registry's entries in
    values = [options.nth(i).get_attribute("value") for i in range(options.count())]
    assert REGISTRY_NAME in values
    shown = page.locator(f'#hospital-options option[value="{REGISTRY_NAME}"]').inner_text()
    assert "三级" in shown and "上海" in shown  # labelled, never a bare code

    # Picking an entry of the list puts the registry's name in the field, as a click would.
    page.fill("#hospital_name", page.locator(f'#hospital-options option[value="{REGISTRY_NAME}"]')
              .get_attribute("value") or "")  # fmt: skip
    assert page.input_value("#hospital_name") == REGISTRY_NAME
    shot(page, "portal-hospital-search")

    visit = (site.container.clock.now().date() - timedelta(days=2)).isoformat()
    page.fill("#visit_date", visit)
    page.fill("#diagnosis", "急性胃肠炎")
    page.select_option("#line_type-1", "lab")
    page.fill("#amount-1", "120.00")
    page.click("#submit-report")
    page.wait_for_url(re.compile(r"/claims/\d+$"))
    claim_id = int(page.url.rsplit("/", 1)[1])
    with site.container.uow() as uow:
        (stored,) = uow.claims.get(claim_id).visits
    assert (stored.hospital_code, stored.hospital_name) == ("SH-0001", REGISTRY_NAME)
