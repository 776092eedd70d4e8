"""Revisions of claims and tasks, read outside any unit of work (issue 17).

`claims.revision` is moved by database triggers in the same transaction as every write to
what the API's claim answer reads, `tasks.revision` by every write to the task's row
(migration 9c4e1f7a2d60); a revision is never given twice.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, bindparam, select

from claimdesk.adapters.db.claim_repository import page_given, page_select
from claimdesk.adapters.db.models import ClaimRow
from claimdesk.adapters.db.raw_reads import RawSelect
from claimdesk.adapters.db.task_repository import queue_given, queue_select
from claimdesk.services.ports import ClaimFilter

_CLAIMS = ClaimRow.__table__
_REVISION = RawSelect(select(_CLAIMS.c.revision).where(_CLAIMS.c.id == bindparam("id")))


def claim_revision(engine: Engine, claim_id: int) -> int | None:
    """The claim's committed revision now, None when there is no such claim. A driver error
    is raised as SQLAlchemy raises it (a database outage is still a 503)."""
    with engine.connect() as connection:
        rows = _REVISION.tuples_on(connection, id=claim_id)
    return rows[0][0] if rows else None


def page_revisions(
    engine: Engine, claim_filter: ClaimFilter, *, after_id: int | None, limit: int
) -> list[tuple[int, int]]:
    """The claims of the list page (`SqlClaimRepository.page`: same filter, order and limit,
    no search) as (id, revision), committed state now."""
    assert not claim_filter.search
    given = page_given(claim_filter, after_id)
    with engine.connect() as connection:
        pairs = page_select(frozenset(given), revisions=True).tuples_on(
            connection, limit=limit, **given
        )
    return pairs  # (id, revision): the select's two columns, as the driver gives them


def queue_revisions(
    engine: Engine, *, assignee_id: int, after: tuple[datetime, int] | None, limit: int
) -> list[tuple[int, int]]:
    """My queue's page (`SqlTasks.queue`: same filter, order and limit) as (id, revision),
    committed state now."""
    given = queue_given(assignee_id, None, after)
    with engine.connect() as connection:
        pairs = queue_select(frozenset(given), revisions=True).tuples_on(
            connection, limit=limit, **given
        )
    return pairs  # (id, revision): the select's two columns, as the driver gives them
