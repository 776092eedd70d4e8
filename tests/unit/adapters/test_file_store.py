"""The material file store: content-addressed, synced to disk unless the data is throw-away."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimdesk.adapters import file_store
from claimdesk.adapters.file_store import LocalFileStore


@pytest.mark.parametrize(("sync", "syncs"), [(True, 2), (False, 0)], ids=["durable", "throwaway"])
def test_a_stored_file_reads_back_and_is_synced_only_when_durable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sync: bool, syncs: int
) -> None:
    synced: list[int] = []
    monkeypatch.setattr(file_store.os, "fsync", synced.append)
    store = LocalFileStore(tmp_path, sync=sync)

    digest = store.put(b"%PDF-1.4\n%%EOF\n")

    assert b"".join(store.chunks(digest)) == b"%PDF-1.4\n%%EOF\n"
    assert len(synced) == syncs  # the file, then its directory entry
