"""A claim's revision: one primary-key read, outside any unit of work (issue 17).

`claims.revision` is moved by database triggers in the same transaction as every write to
what the API's claim answer reads (migration 9c4e1f7a2d60); a revision is never given twice.
"""

from __future__ import annotations

from sqlalchemy import Engine, bindparam, select

from claimdesk.adapters.db.models import ClaimRow
from claimdesk.adapters.db.raw_reads import RawSelect

_CLAIMS = ClaimRow.__table__
_REVISION = RawSelect(select(_CLAIMS.c.revision).where(_CLAIMS.c.id == bindparam("id")))


def claim_revision(engine: Engine, claim_id: int) -> int | None:
    """The claim's committed revision now, None when there is no such claim. A driver error
    is raised as SQLAlchemy raises it (a database outage is still a 503)."""
    with engine.connect() as connection:
        rows = _REVISION.rows_on(connection, id=claim_id)
    return rows[0].revision if rows else None
