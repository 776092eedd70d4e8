"""Who reads which claim (get_claim, list_claims) on the in-memory fakes: no database.

The claims repository behind them is proven equal to SQL on both databases by
tests/integration/test_fakes_match_sql.py (claims_read_back_page_newest_first_and_filter).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from claimdesk.domain.claim import Claim, ClaimStatus, LineOfBusiness
from claimdesk.domain.errors import NotFound
from claimdesk.domain.users import Role, User
from claimdesk.services.claims.use_cases import get_claim, list_claims
from claimdesk.services.ports import ClaimFilter
from tests.fakes import FakeClock, FakeDatabase, ctx

NOW = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
S = ClaimStatus
AGENT = User(2, "agent", "坐席", Role.AGENT)
CUSTOMER = User(4, "customer", "客户", Role.CUSTOMER, insured_person_id=1)
OTHER_CUSTOMER = User(5, "other_customer", "客户二", Role.CUSTOMER, insured_person_id=2)
UNBOUND_CUSTOMER = User(6, "unbound", "未绑定", Role.CUSTOMER)


def _a_claim(n: int, insured_id: int) -> Claim:
    return Claim(None, f"LP2026060100000{n}", 1, insured_id, "tianan-group-medical",
                 LineOfBusiness.HEALTH, S.REPORTED, NOW, AGENT.id, date(2026, 5, 20),
                 claimed_amount=Decimal("300.00"))  # fmt: skip


def _database_with_claims(*insured_ids: int) -> tuple[FakeDatabase, list[int]]:
    database = FakeDatabase()
    with database.uow() as uow:
        ids = [uow.claims.add(_a_claim(n, i)).id or 0 for n, i in enumerate(insured_ids, 1)]
        uow.commit()
    return database, ids


def test_customer_cannot_read_another_customers_claim() -> None:
    database, (claim_id,) = _database_with_claims(2)
    context = ctx(database, FakeClock(NOW))
    with pytest.raises(NotFound):  # not even told that it exists
        get_claim(context, actor=CUSTOMER, claim_id=claim_id)
    assert get_claim(context, actor=OTHER_CUSTOMER, claim_id=claim_id).id == claim_id
    assert get_claim(context, actor=AGENT, claim_id=claim_id).id == claim_id


def test_a_customer_lists_only_their_own_claims_whatever_the_filter_asks() -> None:
    database, (mine, theirs, mine_too) = _database_with_claims(1, 2, 1)
    context = ctx(database, FakeClock(NOW))
    asked_for_theirs = ClaimFilter(insured_person_id=2)
    listed = list_claims(context, actor=CUSTOMER, claim_filter=asked_for_theirs, after_id=None,
                         limit=10)  # fmt: skip
    assert [c.id for c in listed] == [mine_too, mine]
    assert list_claims(context, actor=UNBOUND_CUSTOMER, claim_filter=ClaimFilter(),
                       after_id=None, limit=10) == []  # fmt: skip
    staff = list_claims(context, actor=AGENT, claim_filter=asked_for_theirs, after_id=None,
                        limit=10)  # fmt: skip
    assert [c.id for c in staff] == [theirs]
