"""Object storage: the one module that talks to the file store or an S3-compatible server.

Objects are write-once and addressed by keys derived from SHA-256. `open_store(url)` picks the
backend from the URL: `file:///path` (default) or `s3://ACCESS:SECRET@host:port/bucket?secure=false`.
Every `put_*` verifies the SHA-256 of what was stored, so a stored object is never silently wrong.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

from base.errors import IntegrityError, ObjectNotFound, StorageError
from storage.keys import (
    CHUNK,
    ObjectStore,
    StoredObject,
    original_key,
    packet_key,
    searchable_key,
    sha256_bytes,
    sha256_path,
    text_key,
)

__all__ = ["CHUNK", "FileStore", "ObjectStore", "StoredObject", "open_store", "original_key", "packet_key",
           "searchable_key", "sha256_bytes", "sha256_path", "text_key"]

log = logging.getLogger(__name__)

class FileStore:
    """Objects as files under a root folder; writes are atomic (temp file, fsync, rename)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.url = f"file://{root}"
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StorageError(f"cannot create the object folder {root}: {e.strerror}") from e

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise StorageError(f"object key escapes the store: {key!r}")
        return path

    def _write_atomic(self, key: str, source: Path | bytes, sha256: str | None) -> StoredObject:
        dest = self._path(key)
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", dir=dest.parent)
            digest = hashlib.sha256()
            size = 0
            with os.fdopen(fd, "wb") as out:
                if isinstance(source, bytes):
                    out.write(source)
                    digest.update(source)
                    size = len(source)
                else:
                    with open(source, "rb") as fh:
                        for chunk in iter(lambda: fh.read(CHUNK), b""):
                            out.write(chunk)
                            digest.update(chunk)
                            size += len(chunk)
                out.flush()
                os.fsync(out.fileno())
            actual = digest.hexdigest()
            if sha256 is not None and actual != sha256:
                os.unlink(tmp_name)
                raise IntegrityError(f"object {key} changed while it was stored (sha256 mismatch)")
            os.replace(tmp_name, dest)
            _fsync_dir(dest.parent)
        except OSError as e:
            raise StorageError(f"cannot write object {key}: {e.strerror or e}") from e
        return StoredObject(key=key, size=size, sha256=actual)

    def put_file(self, key: str, path: Path, *, sha256: str, content_type: str,
                 metadata: dict[str, str] | None = None, retain: bool = False) -> StoredObject:
        """Store a file under key (skipped when an identical object is already there)."""
        existing = self._path(key)
        if existing.exists() and sha256_path(existing) == sha256:
            return StoredObject(key=key, size=existing.stat().st_size, sha256=sha256)
        return self._write_atomic(key, path, sha256)

    def put_bytes(self, key: str, data: bytes, *, content_type: str,
                  metadata: dict[str, str] | None = None, retain: bool = False) -> StoredObject:
        """Store bytes under key."""
        return self._write_atomic(key, data, sha256_bytes(data))

    def get_bytes(self, key: str) -> bytes:
        """The object's bytes."""
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError as e:
            raise ObjectNotFound(f"no object {key}") from e
        except OSError as e:
            raise StorageError(f"cannot read object {key}: {e.strerror}") from e

    def download(self, key: str, dest: Path) -> Path:
        """Copy the object to dest."""
        try:
            shutil.copyfile(self._path(key), dest)
        except FileNotFoundError as e:
            raise ObjectNotFound(f"no object {key}") from e
        except OSError as e:
            raise StorageError(f"cannot read object {key}: {e.strerror}") from e
        return dest

    def exists(self, key: str) -> bool:
        """Whether an object is stored under key."""
        return self._path(key).is_file()

    def stat(self, key: str) -> StoredObject:
        """Size of the object under key."""
        try:
            return StoredObject(key=key, size=self._path(key).stat().st_size)
        except FileNotFoundError as e:
            raise ObjectNotFound(f"no object {key}") from e

    def iter_keys(self, prefix: str = "") -> Iterator[str]:
        """Every key under prefix, sorted."""
        base = self.root
        for path in sorted(base.rglob("*")):
            if path.is_file() and not path.name.startswith(".tmp-"):
                key = path.relative_to(base).as_posix()
                if key.startswith(prefix):
                    yield key

    def link(self, key: str, expires_s: int) -> str:
        """A file:// URL (the file store has no expiring links)."""
        return self._path(key).as_uri()

    def check(self) -> None:
        """Raise StorageError unless the store can be written."""
        probe = self.root / ".tmp-probe"
        try:
            probe.write_bytes(b"ok")
            probe.unlink()
        except OSError as e:
            raise StorageError(f"object folder {self.root} is not writable: {e.strerror}") from e


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def open_store(url: str) -> ObjectStore:
    """The object store for a storage URL (file:// or s3://)."""
    parsed = urlparse(url)
    if parsed.scheme in ("", "file"):
        return FileStore(Path(parsed.path if parsed.scheme else url))
    if parsed.scheme == "s3":
        from storage.s3 import S3Store

        return S3Store.from_url(url)
    raise StorageError(f"unsupported storage URL scheme {parsed.scheme!r} (use file:// or s3://)")
