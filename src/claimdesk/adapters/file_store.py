"""Material files on local disk, content-addressed: files/ab/cd/<sha256>, each content once."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

from claimdesk.domain.errors import NotFound

CHUNK = 64 * 1024
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class LocalFileStore:
    def __init__(self, root: Path, *, sync: bool = True) -> None:
        self.root = root
        # False only beside a throw-away database (demo, tests): its files are throw-away too,
        # and two fsyncs per file were most of the demo's loading wait (issue 10).
        self.sync = sync

    def put(self, content: bytes) -> str:
        """Store the bytes once; the same content uploaded again is not written twice."""
        digest = hashlib.sha256(content).hexdigest()
        path = self._path(digest)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            # Write beside, then rename: a reader never sees half a file.
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
                stream.flush()
                if self.sync:  # on disk before it is named: no empty file after a crash
                    os.fsync(stream.fileno())
            os.replace(temporary, path)
            if self.sync:
                _sync_directory(path.parent)
        return digest

    def delete(self, sha256: str) -> bool:
        """Remove the content (档案销毁); False if it was not stored."""
        path = self._path(sha256)
        if not path.is_file():
            return False
        path.unlink()
        if self.sync:
            _sync_directory(path.parent)
        return True

    def chunks(self, sha256: str) -> Iterator[bytes]:
        path = self._path(sha256)
        if not path.is_file():
            raise NotFound("文件 file", sha256)
        return _read(path)

    def _path(self, sha256: str) -> Path:
        if not _SHA256.match(sha256):
            raise NotFound("文件 file", sha256)
        return self.root / sha256[:2] / sha256[2:4] / sha256


def _sync_directory(directory: Path) -> None:
    """Make a rename or unlink in `directory` durable (POSIX; a no-op where unsupported)."""
    try:
        handle = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _read(path: Path) -> Iterator[bytes]:
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            yield chunk
