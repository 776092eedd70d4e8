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

My queue (`GET /api/tasks/mine`) likewise keeps each task's JSON with the task's revision
(moved by a trigger on every write to the task's row, the only table its JSON reads); the
page's (id, revision) pairs are one statement, and the page is written from the kept tasks
when each is kept at its revision, else read as before.

Bounded: least recently used entries go first past `capacity` entries or `max_bytes` of bodies.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from claimdesk.domain.claim import Claim
from claimdesk.domain.tasks import Task
from claimdesk.domain.users import Role


@dataclass(slots=True)
class KeptClaim:
    revision: int
    claim: Claim  # for the visibility check and the bodies of other roles
    insured_name: str | None  # as the list shows it (the claim read shows the name)
    bodies: dict[Role, bytes] = field(default_factory=dict)
    size: int = 0


@dataclass(frozen=True, slots=True)
class KeptTask:
    """A task of my queue: its JSON is the same for every caller (no role, no masking)."""

    revision: int
    task: Task
    body: bytes
    size: int


class _Kept(Protocol):
    @property
    def revision(self) -> int: ...
    @property
    def size(self) -> int: ...


K = TypeVar("K", bound=_Kept)


class KeptAnswers(Generic[K]):
    """Answers by row id, least recently used first out."""

    def __init__(self, capacity: int = 4096, max_bytes: int = 32 * 1024 * 1024) -> None:
        self.capacity = capacity
        self.max_bytes = max_bytes
        self._kept: OrderedDict[int, K] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: int, revision: int) -> K | None:
        """The entry kept at this revision, or None."""
        with self._lock:
            kept = self._kept.get(key)
            if kept is None or kept.revision != revision:
                return None
            self._kept.move_to_end(key)
            return kept

    def get_all(self, seen: list[tuple[int, int]]) -> list[K] | None:
        """The entries of a page's (id, revision) pairs, in order, or None when one is not
        kept at its revision: `get` for each under one lock (a page is 20–50 of them)."""
        found = []
        with self._lock:
            kept_now = self._kept
            for key, revision in seen:
                kept = kept_now.get(key)
                if kept is None or kept.revision != revision:
                    return None
                found.append(kept)
            for key, _ in seen:
                kept_now.move_to_end(key)
        return found

    def keep(self, key: int, kept: K) -> None:
        """Keep (or replace) an entry; an older revision of it is dropped."""
        with self._lock:
            old = self._kept.pop(key, None)
            if old is not None:
                self._bytes -= old.size
            self._kept[key] = kept
            self._bytes += kept.size
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


class ClaimAnswers(KeptAnswers[KeptClaim]):
    """Claim answers by claim id, a body per role."""

    def add_body(self, claim_id: int, kept: KeptClaim, role: Role, body: bytes) -> None:
        """A role's body for an entry already kept (ignored if it was replaced meanwhile)."""
        with self._lock:
            if self._kept.get(claim_id) is not kept or role in kept.bodies:
                return
            kept.bodies[role] = body
            kept.size += len(body)
            self._bytes += len(body)
            self._trim()


class TaskAnswers(KeptAnswers[KeptTask]):
    """My queue's tasks by task id."""
