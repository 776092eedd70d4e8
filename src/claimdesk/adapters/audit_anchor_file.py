"""Audit checkpoints as JSON lines in a file outside the database, and the signing key.

The key comes from CLAIMDESK_AUDIT_KEY or a file `<home>/audit_key` (created 0600 on first use);
in production, keep the checkpoint file and the key where the database's writers cannot reach
(another volume, WORM storage) — docs/operations.md.
"""

from __future__ import annotations

import json
import os
import secrets
from datetime import datetime
from pathlib import Path

from claimdesk.domain.audit_anchor import Checkpoint


class CheckpointFile:
    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, checkpoint: Checkpoint) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        row = {"seq": checkpoint.seq, "hash": checkpoint.hash, "at": checkpoint.at.isoformat()}
        line = json.dumps({**row, "signature": checkpoint.signature})
        descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(descriptor, "a", encoding="utf-8") as out:
            out.write(line + "\n")
            out.flush()
            os.fsync(out.fileno())  # an anchor that can vanish on power loss anchors nothing

    def read(self) -> list[Checkpoint]:
        if not self.path.exists():
            return []
        found = []
        for line in self.path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                at = datetime.fromisoformat(row["at"])
                found.append(Checkpoint(int(row["seq"]), row["hash"], at, row["signature"]))
        return found

    def newest(self) -> Checkpoint | None:
        checkpoints = self.read()
        return checkpoints[-1] if checkpoints else None


def audit_key(configured: str, home: Path) -> bytes:
    """The configured key, else a per-installation key file beside (not inside) the database."""
    if configured:
        return configured.encode()
    path = home / "audit_key"
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write(secrets.token_urlsafe(48))
    return path.read_text().strip().encode()
