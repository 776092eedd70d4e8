"""The complaints slice's port: the stored complaint case and its store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from claimdesk.domain.channels import Channel
from claimdesk.domain.complaints import CaseStatus, RootCause, Severity
from claimdesk.workflow.deadlines import Deadline, DeadlineStatus, deadline_status


@dataclass(frozen=True)
class ComplaintCase:
    id: int | None
    claim_id: int | None
    insured_person_id: int | None
    channel: Channel
    text: str
    received_at: datetime
    created_by: int
    internal: Deadline
    regulator: Deadline
    severity: Severity = Severity.ORDINARY
    root_cause: RootCause | None = None
    status: CaseStatus = CaseStatus.OPEN
    portal_complaint_id: int | None = None
    answer: str = ""
    answered_at: datetime | None = None
    satisfied: bool | None = None
    customer_comment: str = ""
    confirmed_at: datetime | None = None

    def internal_status(self, now: datetime) -> DeadlineStatus:
        return deadline_status(self.internal, now, done_at=self.answered_at)

    def regulator_status(self, now: datetime) -> DeadlineStatus:
        return deadline_status(self.regulator, now, done_at=self.answered_at)


class ComplaintStore(Protocol):
    def add(self, case: ComplaintCase) -> ComplaintCase: ...
    def get(self, case_id: int) -> ComplaintCase: ...
    def save(self, case: ComplaintCase) -> ComplaintCase: ...
    def page(
        self, *, status: CaseStatus | None, insured_person_id: int | None, after_id: int | None,
        limit: int,
    ) -> list[ComplaintCase]: ...  # fmt: skip
    def received_between(self, start: datetime, end: datetime) -> list[ComplaintCase]: ...
    def by_due_date(
        self, *, statuses: frozenset[CaseStatus], limit: int
    ) -> list[ComplaintCase]: ...  # the desk's queue: earliest internal due date first
    def for_claim(self, claim_id: int) -> list[ComplaintCase]: ...
    def claim_numbers(self, claim_ids: list[int]) -> dict[int, str]: ...  # id → 赔案号
