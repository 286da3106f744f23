"""What every object store shares: keys derived from SHA-256, checksums, and the `ObjectStore`
protocol the file store (`storage/objects.py`) and the S3 store (`storage/s3.py`) implement."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

CHUNK = 1 << 20


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of bytes."""
    return hashlib.sha256(data).hexdigest()


def sha256_path(path: Path) -> str:
    """Hex SHA-256 of a file, streamed."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class StoredObject:
    """What the store holds under a key."""

    key: str
    size: int
    sha256: str | None = None


class ObjectStore(Protocol):
    """What every backend offers. Keys are '/'-separated relative paths."""

    url: str

    def put_file(self, key: str, path: Path, *, sha256: str, content_type: str,
                 metadata: dict[str, str] | None = None, retain: bool = False) -> StoredObject: ...

    def put_bytes(self, key: str, data: bytes, *, content_type: str,
                  metadata: dict[str, str] | None = None, retain: bool = False) -> StoredObject: ...

    def get_bytes(self, key: str) -> bytes: ...

    def download(self, key: str, dest: Path) -> Path: ...

    def exists(self, key: str) -> bool: ...

    def stat(self, key: str) -> StoredObject: ...

    def iter_keys(self, prefix: str = "") -> Iterator[str]: ...

    def link(self, key: str, expires_s: int) -> str: ...

    def check(self) -> None: ...


def original_key(sha256: str, kind: str) -> str:
    """Key of an original file: by content hash, sharded by its first two hex digits."""
    return f"originals/{sha256[:2]}/{sha256}.{kind}"


def searchable_key(sha256: str) -> str:
    """Key of the searchable PDF made from the original with this hash."""
    return f"searchable/{sha256[:2]}/{sha256}.pdf"


def text_key(sha256: str) -> str:
    """Key of the pages/words JSON made from the original with this hash."""
    return f"text/{sha256[:2]}/{sha256}.json"


def packet_key(officer_badge: str, sha256: str) -> str:
    """Key of a built court packet."""
    return f"packets/{officer_badge}/{sha256}.pdf"
