"""Checkpoints of the audit chain kept outside the database (锚定), signed with a key that is
not in the database either.

The hash chain alone shows an edit only to someone who did not recompute it: with write access
to the database, an attacker can edit a record, recompute every later hash and the head, and the
chain verifies. A checkpoint records (seq, hash) of the head at a moment, HMAC-signed; once a
record is covered by a checkpoint, rewriting it changes the hash at the checkpoint's seq and
verification names it. Records after the newest checkpoint are protected from the next one on.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from claimdesk.domain.audit import ChainBreak


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    at: datetime
    signature: str


def _message(seq: int, record_hash: str, at: datetime) -> bytes:
    return f"{seq}|{record_hash}|{at.astimezone(UTC).isoformat()}".encode()


def sign(key: bytes, seq: int, record_hash: str, at: datetime) -> Checkpoint:
    signature = hmac.new(key, _message(seq, record_hash, at), hashlib.sha256).hexdigest()
    return Checkpoint(seq, record_hash, at, signature)


def signed_by(key: bytes, checkpoint: Checkpoint) -> bool:
    expected = sign(key, checkpoint.seq, checkpoint.hash, checkpoint.at).signature
    return hmac.compare_digest(expected, checkpoint.signature)


def check_anchors(
    key: bytes, checkpoints: Iterable[Checkpoint], hashes: Mapping[int, str]
) -> ChainBreak | None:
    """The first checkpoint that is forged or no longer matches the chain, if any.

    `hashes` maps each record's seq to its stored hash (the chain itself is checked by
    audit.verify_chain); a checkpoint beyond the newest record means records were deleted.
    """
    for checkpoint in checkpoints:
        if not signed_by(key, checkpoint):
            return ChainBreak(checkpoint.seq, "checkpoint signature invalid (checkpoint forged)")
        stored = hashes.get(checkpoint.seq)
        if stored is None:
            return ChainBreak(checkpoint.seq, "record covered by a checkpoint is missing (deleted)")
        if stored != checkpoint.hash:
            return ChainBreak(
                checkpoint.seq, "chain rewritten before this checkpoint (records altered)"
            )
    return None
