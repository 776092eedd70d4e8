"""SMS through a provider interface; the demo adapter appends JSON lines to a file."""

from __future__ import annotations

import json
import os
from pathlib import Path

from claimdesk.domain.notices import OutboxMessage


class FileSms:
    """Demo provider: one JSON line per text in `<home>/sms-outbox.jsonl` (tail -f to watch)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def send(self, message: OutboxMessage) -> None:
        line = {"to": message.recipient, "text": message.body, "event": message.event_key}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as file:
            file.write(json.dumps(line, ensure_ascii=False) + "\n")
            file.flush()
            os.fsync(file.fileno())  # handed over only once it is on disk
