"""The claim answers this process keeps (issue 17): `GET /api/claims/{id}` without its reads.

A claim's JSON is kept per role, with the claim's revision when it was read. A request reads
that revision again — one primary-key statement — and answers from what is kept when it is
the same. The revision moves in the same transaction as every write to anything the answer
shows (database triggers on the claim, its visits, their lines and the insured's name:
migration 9c4e1f7a2d60, so every writer in every process is covered), and a revision is
never given twice, so an equal revision means an equal answer.

What is kept is only ever the answer to a caller who passed today's checks: each request is
signed in as before (`ApiCall`), then the same `can_see_claim` runs on the kept claim, so a
claim hidden from this caller is the same 404. The body is kept per role because the moves it
offers (`moves_for`) depend on the caller's permissions, which are the role's
(`User.can`); nothing else of the caller is in the answer, and the claim JSON masks nothing.

The revision is read before the claim (its own statement, committed state): an answer kept
may be newer than its revision (then the next request rebuilds it), never older.

Bounded: least recently used claims go first past `capacity` claims or `max_bytes` of bodies.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from claimdesk.domain.claim import Claim
from claimdesk.domain.users import Role


@dataclass(slots=True)
class KeptClaim:
    revision: int
    claim: Claim  # for the visibility check and the bodies of other roles
    insured_name: str | None  # as the list shows it (the claim read shows the name)
    bodies: dict[Role, bytes] = field(default_factory=dict)
    size: int = 0


class ClaimAnswers:
    """Claim answers by claim id, least recently used first out."""

    def __init__(self, capacity: int = 4096, max_bytes: int = 32 * 1024 * 1024) -> None:
        self.capacity = capacity
        self.max_bytes = max_bytes
        self._kept: OrderedDict[int, KeptClaim] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, claim_id: int, revision: int) -> KeptClaim | None:
        """The claim kept at this revision, or None."""
        with self._lock:
            kept = self._kept.get(claim_id)
            if kept is None or kept.revision != revision:
                return None
            self._kept.move_to_end(claim_id)
            return kept

    def keep(self, claim_id: int, kept: KeptClaim) -> None:
        """Keep (or replace) a claim's entry; older revisions of it are dropped."""
        with self._lock:
            old = self._kept.pop(claim_id, None)
            if old is not None:
                self._bytes -= old.size
            self._kept[claim_id] = kept
            self._bytes += kept.size
            self._trim()

    def add_body(self, claim_id: int, kept: KeptClaim, role: Role, body: bytes) -> None:
        """A role's body for an entry already kept (ignored if it was replaced meanwhile)."""
        with self._lock:
            if self._kept.get(claim_id) is not kept or role in kept.bodies:
                return
            kept.bodies[role] = body
            kept.size += len(body)
            self._bytes += len(body)
            self._trim()

    def _trim(self) -> None:
        while self._kept and (len(self._kept) > self.capacity or self._bytes > self.max_bytes):
            _, dropped = self._kept.popitem(last=False)
            self._bytes -= dropped.size

    def __len__(self) -> int:
        return len(self._kept)

    @property
    def bytes(self) -> int:
        return self._bytes
