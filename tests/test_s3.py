"""S3Store against a real S3 server process on loopback (moto's server mode, no mock library)."""

from __future__ import annotations

import hashlib
import http.server
import io
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from base.errors import IntegrityError, ObjectNotFound, StorageError
from storage.objects import open_store, original_key
from storage.s3 import S3Store
from synth.servers import free_port
from tests.services import (  # noqa: F401  (pytest fixtures)
    S3Server,
    fresh_s3_url,
    s3_auth,
    s3_server,
    s3_url,
)

pytestmark = pytest.mark.service


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _moto_key(bucket: str, key: str):
    """moto's record of a stored object (to see the retention the server recorded)."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.s3.models import s3_backends

    return s3_backends[DEFAULT_ACCOUNT_ID]["aws"].buckets[bucket].keys[key]


@pytest.fixture
def store(fresh_s3_url: str) -> S3Store:  # noqa: F811
    s = open_store(fresh_s3_url)
    assert isinstance(s, S3Store)
    return s


def test_url_parsing_and_secret_redacted() -> None:
    s = S3Store.from_url(
        "s3://AK:se%2Fcret@minio.local:9000/records?secure=false&region=eu-west-1"
        "&retention=compliance&retain_days=30"
    )
    assert s.endpoint == "minio.local:9000" and s.bucket == "records"
    assert not s.secure and s.region == "eu-west-1"
    assert s.retention_mode == "COMPLIANCE" and s.retain_days == 30
    assert "se%2Fcret" not in s.url and "***" in s.url and "se/cret" not in repr(s)
    assert S3Store.from_url("s3://AK:SK@s3.example.org/b-1").secure is True
    for bad in ("s3://AK:SK@host:9000/", "s3://AK:SK@host:9000/a/b",
                "s3://AK:SK@host:9000/b?retention=forever", "s3://AK:SK@host:port/b"):
        with pytest.raises(StorageError):
            S3Store.from_url(bad)


def test_bucket_created_with_object_lock_when_missing(s3_server: S3Server) -> None:  # noqa: F811
    url = s3_server.url("cf-created-on-first-use")
    s = open_store(url)
    s.check()
    assert s3_server.client().bucket_exists("cf-created-on-first-use")
    assert s.lock_enabled
    s.check()  # twice is fine (a second worker finds the bucket)
    assert open_store(url).lock_enabled


def test_put_get_stat_download_list(store: S3Store, tmp_path: Path) -> None:
    data = b"%PDF-1.7 incident report 24-003817\n" * 100
    src = tmp_path / "scan.pdf"
    src.write_bytes(data)
    key = original_key(_sha(data), "pdf")
    meta = {"document-id": "d1", "doc-type": "incident_report", "case-numbers": "24-003817,24-1",
            "sha256": "the-original-document-sha"}
    stored = store.put_file(key, src, sha256=_sha(data), content_type="application/pdf",
                            metadata=meta, retain=True)
    assert stored.size == len(data) and stored.sha256 == _sha(data)
    assert store.exists(key) and not store.exists(key + ".nope")
    assert store.stat(key).sha256 == _sha(data)
    assert store.get_bytes(key) == data
    out = store.download(key, tmp_path / "out" / "copy.pdf")
    assert out.read_bytes() == data
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".tmp-")]
    got = store.metadata(key)
    assert got["document-id"] == "d1" and got["doc-type"] == "incident_report"
    assert got["case-numbers"] == "24-003817,24-1" and got["content-sha256"] == _sha(data)

    store.put_bytes("text/ab/x.json", b"{}", content_type="application/json")
    store.put_bytes("searchable/ab/x.pdf", b"pdf", content_type="application/pdf")
    assert list(store.iter_keys()) == sorted([key, "searchable/ab/x.pdf", "text/ab/x.json"])
    assert list(store.iter_keys("text/")) == ["text/ab/x.json"]


def test_put_file_is_idempotent(store: S3Store, tmp_path: Path) -> None:
    data = b"same bytes"
    src = tmp_path / "a.png"
    src.write_bytes(data)
    key = original_key(_sha(data), "png")
    first = store.put_file(key, src, sha256=_sha(data), content_type="image/png", retain=True)
    version = _moto_key(store.bucket, key).version_id
    again = store.put_file(key, src, sha256=_sha(data), content_type="image/png", retain=True)
    assert first == again
    assert _moto_key(store.bucket, key).version_id == version  # nothing uploaded the second time


def test_wrong_sha256_is_refused_before_upload(store: S3Store, tmp_path: Path) -> None:
    src = tmp_path / "a.pdf"
    src.write_bytes(b"real bytes")
    with pytest.raises(IntegrityError):
        store.put_file("originals/00/x.pdf", src, sha256=_sha(b"other bytes"),
                       content_type="application/pdf", retain=True)
    assert not store.exists("originals/00/x.pdf")


def test_retained_object_is_locked_on_the_server(store: S3Store) -> None:
    data = b"original scan"
    key = original_key(_sha(data), "tiff")
    store.put_bytes(key, data, content_type="image/tiff", retain=True)
    stored = _moto_key(store.bucket, key)
    assert stored.lock_mode == "GOVERNANCE"
    assert stored.lock_until  # a retain-until date was recorded
    # The searchable copy and text are not retained.
    store.put_bytes("text/aa/t.json", b"[]", content_type="application/json")
    assert not _moto_key(store.bucket, "text/aa/t.json").lock_mode
    # A retained version cannot be deleted without a governance bypass.
    client = store.client
    with pytest.raises(Exception, match="(?i)access|lock|denied|retention"):
        client.remove_object(store.bucket, key, version_id=stored.version_id)
    assert store.get_bytes(key) == data


def test_retain_without_object_lock_still_stores(s3_server: S3Server) -> None:  # noqa: F811
    url = s3_server.url("cf-no-lock")
    s3_server.client().make_bucket("cf-no-lock")
    s = open_store(url)
    assert not s.lock_enabled
    s.put_bytes("originals/aa/a.pdf", b"x", content_type="application/pdf", retain=True)
    assert s.get_bytes("originals/aa/a.pdf") == b"x"


def test_large_object_goes_in_parts_and_is_read_back(store: S3Store, tmp_path: Path) -> None:
    store.single_put_max = 5 * 1024 * 1024
    data = (b"0123456789abcdef" * 65536) * 6 + b"tail"  # 6 MiB + 4 bytes: two parts
    src = tmp_path / "big.pdf"
    src.write_bytes(data)
    key = original_key(_sha(data), "pdf")
    stored = store.put_file(key, src, sha256=_sha(data), content_type="application/pdf",
                            metadata={"document-id": "big"}, retain=True)
    assert stored.size == len(data)
    assert store.get_bytes(key) == data
    assert _moto_key(store.bucket, key).lock_mode == "GOVERNANCE"


def test_missing_objects(store: S3Store, tmp_path: Path) -> None:
    with pytest.raises(ObjectNotFound):
        store.get_bytes("originals/00/none.pdf")
    with pytest.raises(ObjectNotFound):
        store.stat("originals/00/none.pdf")
    with pytest.raises(ObjectNotFound):
        store.download("originals/00/none.pdf", tmp_path / "none.pdf")
    assert not (tmp_path / "none.pdf").exists()
    assert list(tmp_path.iterdir()) == []


def test_damaged_object_is_detected(store: S3Store) -> None:
    store.check()
    store.client.put_object(store.bucket, "text/00/bad.json", io.BytesIO(b"changed"), 7,
                            metadata={"content-sha256": _sha(b"original")})
    with pytest.raises(IntegrityError):
        store.get_bytes("text/00/bad.json")


def test_non_ascii_metadata_does_not_fail_the_upload(store: S3Store) -> None:
    store.put_bytes("text/00/m.json", b"{}", content_type="application/json",
                    metadata={"doc-type": "other", "note": "Jos\u00e9"})
    assert store.metadata("text/00/m.json")["note"] == "Jos%C3%A9"
    with pytest.raises(StorageError):
        store.put_bytes("text/00/n.json", b"{}", content_type="application/json",
                        metadata={"bad name": "x"})


def test_link_is_time_limited_and_downloads(store: S3Store) -> None:
    store.put_bytes("packets/2231/p.pdf", b"packet", content_type="application/pdf")
    url = store.link("packets/2231/p.pdf", 60)
    assert "X-Amz-Expires=60" in url and "X-Amz-Signature=" in url
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.read() == b"packet"
    for bad in (0, 8 * 24 * 3600):
        with pytest.raises(StorageError):
            store.link("packets/2231/p.pdf", bad)


def test_server_down_is_a_plain_transient_error() -> None:
    port = free_port()  # nothing listens here
    s = open_store(f"s3://AK:SK@127.0.0.1:{port}/casefolio?secure=false&timeout=3")
    started = time.monotonic()
    with pytest.raises(StorageError) as info:
        s.check()
    assert str(info.value) == f"cannot reach the object store at 127.0.0.1:{port}"
    assert info.value.transient and info.value.reason == "storage_unavailable"
    with pytest.raises(StorageError, match="cannot reach"):
        s.put_bytes("a/b", b"x", content_type="text/plain")
    assert time.monotonic() - started < 10


def test_wrong_credentials_are_refused(s3_server: S3Server,  # noqa: F811
                                       s3_auth: tuple[str, str]) -> None:  # noqa: F811
    access, secret = s3_auth
    good = open_store(s3_server.url("cf-auth", access, secret))
    good.check()
    good.put_bytes("a/b.txt", b"ok", content_type="text/plain")
    for bad_access, bad_secret in ((access, "wrong-secret"), ("AKIAWRONGWRONGWRONG1", "x")):
        bad = open_store(s3_server.url("cf-auth", bad_access, bad_secret))
        with pytest.raises(StorageError) as info:
            bad.check()
        assert str(info.value) == "the object store refused the credentials"
        assert not info.value.transient
        with pytest.raises(StorageError, match="refused the credentials"):
            bad.get_bytes("a/b.txt")


class _NotS3(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self._html()

    def do_HEAD(self) -> None:
        self._html()

    def do_PUT(self) -> None:
        self._html()

    def _html(self) -> None:
        body = b"<html>hello</html>"
        self.send_response(403)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def not_s3() -> Iterator[int]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _NotS3)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()


def test_a_server_that_is_not_s3(not_s3: int) -> None:
    s = open_store(f"s3://AK:SK@127.0.0.1:{not_s3}/casefolio?secure=false")
    with pytest.raises(StorageError) as info:
        s.check()
    assert "127.0.0.1" in str(info.value) or "credentials" in str(info.value)


def test_session_bucket_works(s3_url: str) -> None:  # noqa: F811
    s = open_store(s3_url)
    s.check()
    assert s.lock_enabled


def test_tls_to_a_plain_http_server_says_so(s3_server: S3Server) -> None:  # noqa: F811
    url = s3_server.url("cf-tls").replace("secure=false", "secure=true&cert_check=false")
    with pytest.raises(StorageError, match="cannot make a TLS connection to the object store"):
        open_store(url).check()
