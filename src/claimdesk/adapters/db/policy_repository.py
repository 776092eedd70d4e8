"""Policies and insured persons."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from claimdesk.adapters.db.mapping import (
    insured_from_row,
    insured_to_row,
    parameter_to_json,
    policy_from_row,
)
from claimdesk.adapters.db.models import InsuredPersonRow, PolicyRow
from claimdesk.adapters.db.raw_reads import RawSelect
from claimdesk.adapters.db.transaction_memo import INSURED, POLICIES, TransactionMemo, forget_in
from claimdesk.domain.errors import NotFound
from claimdesk.domain.policy import InsuredPerson, Policy


class SqlPolicyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        # A report reads its policy and insured person for the new claim, the fraud facts and
        # the 预赔 engine request: once per transaction (a write to them forgets them).
        self._policies: TransactionMemo[int, Policy] = TransactionMemo(session, POLICIES)
        self._insured: TransactionMemo[int, InsuredPerson] = TransactionMemo(session, INSURED)

    def add(self, policy: Policy, at: datetime) -> Policy:
        row = PolicyRow(
            policy_no=policy.policy_no,
            product_code=policy.product_code,
            policyholder=policy.policyholder,
            period_start=policy.period_start,
            period_end=policy.period_end,
            line_of_business=policy.line_of_business,
            premium=policy.premium,
            parameters={k: parameter_to_json(v) for k, v in policy.parameters.items()} or None,
            created_at=at,
        )
        forget_in(self.session, POLICIES)
        self.session.add(row)
        self.session.flush()
        return policy_from_row(row)

    def get(self, policy_id: int) -> Policy:
        if (known := self._policies.get(policy_id)) is not None:
            return known
        row = self.session.get(PolicyRow, policy_id)
        if row is None:
            raise NotFound("保单 policy", policy_id)
        return self._policies.put(policy_id, policy_from_row(row))

    def find_by_number(self, policy_no: str) -> Policy | None:
        values = {"policy_no": policy_no}
        row = self.session.execute(_FIND_BY_NUMBER, values).scalar_one_or_none()
        return None if row is None else self._policies.put(row.id, policy_from_row(row))

    def page(self, *, after_id: int | None, limit: int) -> list[Policy]:
        query = select(PolicyRow).order_by(PolicyRow.id.desc()).limit(limit)
        if after_id is not None:
            query = query.where(PolicyRow.id < after_id)
        return [policy_from_row(row) for row in self.session.execute(query).scalars()]

    def add_insured(self, person: InsuredPerson) -> InsuredPerson:
        forget_in(self.session, INSURED)
        row = insured_to_row(person)
        self.session.add(row)
        self.session.flush()
        return insured_from_row(row)

    def get_insured(self, insured_id: int) -> InsuredPerson:
        if (known := self._insured.get(insured_id)) is not None:
            return known
        self.session.flush()  # plain row (issue 17), what this unit changed read back
        rows = _INSURED.rows(self.session, ids=[insured_id])
        row = rows[0] if rows else None
        if row is None:
            raise NotFound("被保险人 insured person", insured_id)
        return self._insured.put(insured_id, insured_from_row(cast(InsuredPersonRow, row)))

    def find_insured(self, policy_id: int, member_no: str) -> InsuredPerson | None:
        values = {"policy_id": policy_id, "member_no": member_no}
        row = self.session.execute(_FIND_INSURED, values).scalar_one_or_none()
        return None if row is None else self._insured.put(row.id, insured_from_row(row))

    def insured_of_policy(
        self, policy_id: int, *, after_id: int | None, limit: int
    ) -> list[InsuredPerson]:
        query = (
            select(InsuredPersonRow)
            .where(InsuredPersonRow.policy_id == policy_id)
            .order_by(InsuredPersonRow.id)
            .limit(limit)
        )
        if after_id is not None:
            query = query.where(InsuredPersonRow.id > after_id)
        return [insured_from_row(row) for row in self.session.execute(query).scalars()]

    def insured_by_ids(self, ids: set[int]) -> dict[int, InsuredPerson]:
        """One query for a page of claims: no N+1."""
        if not ids:
            return {}
        self.session.flush()
        rows = _INSURED.rows(self.session, ids=sorted(ids))
        return {row.id: insured_from_row(cast(InsuredPersonRow, row)) for row in rows}

    def count_insured(self, policy_id: int) -> int:
        query = select(func.count()).where(InsuredPersonRow.policy_id == policy_id)
        return int(self.session.execute(query).scalar_one())


# Built once, run on the driver's cursor (issue 17): the insured of a claim read, or of a page
# of claims.
_INSURED = RawSelect(
    select(InsuredPersonRow.__table__).where(
        InsuredPersonRow.__table__.c.id.in_(bindparam("ids", expanding=True))
    )
)
# Built once, values as parameters: every report looks its policy and member up (issue 10).
_FIND_BY_NUMBER = select(PolicyRow).where(PolicyRow.policy_no == bindparam("policy_no"))
_FIND_INSURED = select(InsuredPersonRow).where(
    InsuredPersonRow.policy_id == bindparam("policy_id"),
    InsuredPersonRow.member_no == bindparam("member_no"),
)
