"""Object storage on any S3-compatible server (MinIO/AIStor, Ceph RGW, Garage, SeaweedFS, AWS S3).

Selected by `CASEFOLIO_STORAGE_URL=s3://ACCESS:SECRET@host:port/bucket?secure=false`. Query options:

- `secure` (default true): HTTPS; `cert_check` (default true): verify the server certificate
- `region` (default us-east-1): sent with every request, so no bucket-location lookup is needed
- `retention` (governance|compliance, default governance) and `retain_days` (default 2557, about
  seven years): the object-lock retention put on objects stored with `retain=True`
- `timeout` (seconds, default 30): connect/read timeout of one request

The bucket is created on first use when missing, with object lock where the server supports it
(so originals stored with `retain=True` are write-once). Every upload sends its SHA-256
(`x-amz-checksum-sha256`, which S3 and MinIO check against the body) and keeps it as user metadata
`content-sha256`; after the upload the stored size and checksum are compared, and objects too
large for one PUT are read back and hashed. User metadata must be ASCII: names stay in the index,
objects carry only ids, types and numbers (non-ASCII values are percent-encoded).

minio, urllib3 and socket errors are translated here into `StorageError` (transient: server down,
5xx), `ObjectNotFound` and `IntegrityError`, each with one plain sentence.
"""

from __future__ import annotations

import base64
import hashlib
import io
import logging
import os
import re
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO, cast
from urllib.parse import parse_qs, quote, unquote, urlparse

import certifi
import urllib3
from minio import Minio
from minio.commonconfig import COMPLIANCE, GOVERNANCE
from minio.error import InvalidResponseError, MinioException, S3Error, ServerError
from minio.retention import Retention
from urllib3.exceptions import HTTPError as Urllib3HTTPError
from urllib3.exceptions import SSLError

from base.errors import IntegrityError, ObjectNotFound, StorageError, StorageRefused
from storage.keys import CHUNK, StoredObject, sha256_path

log = logging.getLogger(__name__)

MIN_PART = 5 * 1024 * 1024
DEFAULT_RETAIN_DAYS = 2557
MAX_LINK_SECONDS = 7 * 24 * 3600
SHA_META = "content-sha256"  # user metadata: the object's own SHA-256 (checked on every read)
MAX_METADATA_BYTES = 1800  # S3 allows 2 KB of user metadata in all; keep room for ours

_NOT_FOUND = {"NoSuchKey", "NoSuchObject", "NoSuchVersion", "ResourceNotFound"}
_BAD_CREDENTIALS = {
    "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken",
    "InvalidSecurity", "AuthorizationHeaderMalformed", "InvalidClientTokenId",
}
_NO_LOCK = {"ObjectLockConfigurationNotFoundError", "NotImplemented", "InvalidRequest",
            "MethodNotAllowed", "InvalidBucketState"}
_META_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*$")


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


class _HashingReader:
    """A read()-able file wrapper that hashes what passes through it."""

    def __init__(self, fh: BinaryIO) -> None:
        self._fh = fh
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self._fh.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


class S3Store:
    """Objects in one bucket of an S3-compatible server, through the minio SDK."""

    #: Objects up to this size go up in one PUT carrying their SHA-256 (checked by the server);
    #: larger ones in parts of this size, then are read back and hashed.
    single_put_max: int = 64 * 1024 * 1024

    def __init__(self, endpoint: str, bucket: str, *, access_key: str = "", secret_key: str = "",
                 secure: bool = True, cert_check: bool = True, region: str = "us-east-1",
                 retention_mode: str = GOVERNANCE, retain_days: int = DEFAULT_RETAIN_DAYS,
                 timeout_s: float = 30.0, url: str | None = None) -> None:
        self.endpoint = endpoint
        self.bucket = bucket
        self.secure = secure
        self.region = region
        self.retention_mode = retention_mode
        self.retain_days = retain_days
        scheme = "https" if secure else "http"
        self.url = url or f"s3://{endpoint}/{bucket}"
        self._bucket_ready = False
        self._lock_enabled: bool | None = None
        self._guard = threading.Lock()
        http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=min(timeout_s, 10.0), read=timeout_s),
            maxsize=16,
            cert_reqs="CERT_REQUIRED" if cert_check else "CERT_NONE",
            ca_certs=(os.environ.get("SSL_CERT_FILE") or certifi.where()) if cert_check else None,
            retries=urllib3.Retry(total=2, connect=1, read=2, backoff_factor=0.2,
                                  status_forcelist=[500, 502, 503, 504]),
        )
        if not cert_check:
            urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
        try:
            self.client = Minio(endpoint, access_key=access_key or None,
                                secret_key=secret_key or None, secure=secure, region=region,
                                http_client=http)
        except ValueError as e:
            raise StorageError(f"bad object store address {scheme}://{endpoint}: {e}") from e

    @classmethod
    def from_url(cls, url: str) -> S3Store:
        """Build a store from `s3://ACCESS:SECRET@host:port/bucket?secure=false&...`."""
        parsed = urlparse(url)
        if parsed.scheme != "s3" or not parsed.hostname:
            raise StorageError("an S3 storage URL looks like s3://ACCESS:SECRET@host:port/bucket")
        bucket = parsed.path.strip("/")
        if not bucket or "/" in bucket:
            raise StorageError(f"the S3 storage URL names no single bucket: {_redact(url)}")
        query = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        mode = query.get("retention", "governance").strip().upper()
        if mode not in (GOVERNANCE, COMPLIANCE):
            raise StorageError(f"retention must be governance or compliance, not {mode.lower()!r}")
        try:
            retain_days = int(query.get("retain_days", DEFAULT_RETAIN_DAYS))
            timeout_s = float(query.get("timeout", 30))
            port = parsed.port
        except ValueError as e:
            raise StorageError(f"bad value in the S3 storage URL: {e}") from e
        host = parsed.hostname
        if ":" in host:  # IPv6 literal
            host = f"[{host}]"
        endpoint = f"{host}:{port}" if port else host
        return cls(
            endpoint, bucket,
            access_key=unquote(parsed.username or ""), secret_key=unquote(parsed.password or ""),
            secure=_bool(query.get("secure"), True),
            cert_check=_bool(query.get("cert_check"), True),
            region=query.get("region", "us-east-1"), retention_mode=mode,
            retain_days=retain_days, timeout_s=timeout_s, url=_redact(url),
        )

    # --- error translation -------------------------------------------------------------

    @contextmanager
    def _errors(self, action: str, key: str | None = None) -> Iterator[None]:
        """Translate minio/urllib3/socket errors raised inside into StorageError subclasses."""
        try:
            yield
        except StorageError:
            raise
        except S3Error as e:
            raise self._s3_error(e, action, key) from e
        except ServerError as e:
            raise StorageError(
                f"the object store at {self.endpoint} failed while {action} "
                f"(HTTP {e.status_code}); try again later"
            ) from e
        except InvalidResponseError as e:
            raise StorageError(
                f"the server at {self.endpoint} did not answer like an S3 object store while "
                f"{action} (check the host, port and secure= in the storage URL)"
            ) from e
        except (Urllib3HTTPError, ConnectionError, TimeoutError) as e:
            if isinstance(getattr(e, "reason", e), SSLError):
                raise StorageError(
                    f"cannot make a TLS connection to the object store at {self.endpoint} "
                    "(check secure= and cert_check= in the storage URL)"
                ) from e
            raise StorageError(f"cannot reach the object store at {self.endpoint}") from e
        except MinioException as e:
            raise StorageError(f"the object store failed while {action}: {e}") from e
        except ValueError as e:  # minio argument checks: bad bucket or object name
            raise StorageError(f"invalid object store request while {action}: {e}") from e

    def _s3_error(self, e: S3Error, action: str, key: str | None) -> StorageError:
        code = e.code or ""
        if code in _NOT_FOUND:
            return ObjectNotFound(f"no object {key}" if key else f"not found while {action}")
        if code == "NoSuchBucket":
            return StorageRefused(f"the bucket {self.bucket} does not exist on {self.endpoint}")
        if code in _BAD_CREDENTIALS:
            return StorageRefused("the object store refused the credentials")
        if code in ("AccessDenied", "AllAccessDisabled", "Forbidden"):
            return StorageRefused(
                f"the object store refused the credentials (access denied while {action})"
            )
        if code in ("SlowDown", "ServiceUnavailable", "InternalError", "RequestTimeout"):
            return StorageError(f"the object store at {self.endpoint} is busy ({code}); try later")
        return StorageRefused(f"the object store refused {action}: {code} {e.message or ''}".strip())

    # --- bucket ------------------------------------------------------------------------

    def _ensure_bucket(self) -> None:
        """Create the bucket when missing (with object lock where supported), once."""
        if self._bucket_ready:
            return
        with self._guard:
            if self._bucket_ready:
                return
            with self._errors(f"opening the bucket {self.bucket}"):
                if not self._bucket_exists():
                    self._make_bucket()
            self._bucket_ready = True

    def _bucket_exists(self) -> bool:
        """Whether the bucket exists, by a GET of a key that is not there.

        A GET (unlike the HEAD of bucket_exists) carries an error body, so wrong credentials are
        told apart from a missing bucket or a missing permission.
        """
        try:
            response = self.client.get_object(self.bucket, ".casefolio-check")
        except S3Error as e:
            if e.code in _NOT_FOUND:
                return True
            if e.code == "NoSuchBucket":
                return False
            raise
        response.close()
        response.release_conn()
        return True

    def _make_bucket(self) -> None:
        try:
            self.client.make_bucket(self.bucket, object_lock=True)
            log.info("created bucket %s on %s with object lock", self.bucket, self.endpoint)
            self._lock_enabled = True
            return
        except S3Error as e:
            if e.code in ("BucketAlreadyOwnedByYou",):
                return
            if e.code not in _NO_LOCK | {"InvalidArgument", "MalformedXML"}:
                raise
            log.warning("the object store at %s has no object lock (%s); originals are not "
                        "write-once on the server", self.endpoint, e.code)
        try:
            self.client.make_bucket(self.bucket)
        except S3Error as e:
            if e.code != "BucketAlreadyOwnedByYou":
                raise
        self._lock_enabled = False

    @property
    def lock_enabled(self) -> bool:
        """Whether the bucket has object lock (retention) enabled."""
        self._ensure_bucket()
        if self._lock_enabled is None:
            with self._errors("reading the bucket's object lock"):
                try:
                    self.client.get_object_lock_config(self.bucket)
                    self._lock_enabled = True
                except S3Error as e:
                    if e.code not in _NO_LOCK:
                        raise
                    self._lock_enabled = False
        return self._lock_enabled

    def _retention(self) -> Retention:
        until = datetime.now(UTC).replace(microsecond=0) + timedelta(days=self.retain_days)
        return Retention(self.retention_mode, until)

    # --- writing -----------------------------------------------------------------------

    def _headers(self, sha256: str, metadata: dict[str, str] | None,
                 single: bool) -> dict[str, str]:
        headers: dict[str, str] = {}
        total = 0
        for name, value in (metadata or {}).items():
            if not _META_KEY.match(name) or name.lower() == SHA_META:
                raise StorageError(f"object metadata names are letters, digits and '-': {name!r}")
            text = str(value)
            if not text.isascii():
                text = quote(text, safe=" ,;:/-_.@#")  # S3 metadata is ASCII only
            total += len(name) + len(text)
            if total > MAX_METADATA_BYTES:
                log.warning("object metadata too long; %s left off", name)
                continue
            headers[name] = text
        headers[SHA_META] = sha256
        if single:
            headers["x-amz-checksum-sha256"] = base64.b64encode(bytes.fromhex(sha256)).decode()
            headers["x-amz-sdk-checksum-algorithm"] = "SHA256"
        return headers

    def _upload(self, key: str, stream: BinaryIO, size: int, sha256: str, content_type: str,
                metadata: dict[str, str] | None, retain: bool) -> tuple[str, bool]:
        """PUT one object; return the SHA-256 of what was sent and whether it went in one PUT."""
        self._ensure_bucket()
        single = size <= self.single_put_max
        use_lock = retain and self.lock_enabled
        if retain and not use_lock:
            log.debug("bucket %s has no object lock; %s stored without retention", self.bucket, key)
        reader = _HashingReader(stream)
        with self._errors(f"storing object {key}", key):
            self.client.put_object(
                self.bucket, key, cast(BinaryIO, reader), size,
                content_type=content_type or "application/octet-stream",
                metadata=dict(self._headers(sha256, metadata, single)),
                part_size=max(size, MIN_PART) if single else max(self.single_put_max, MIN_PART),
                num_parallel_uploads=1 if single else 3,
                retention=self._retention() if use_lock and single else None,
            )
        sent = reader.digest.hexdigest()
        if sent != sha256 or reader.size != size:
            self._discard(key)
            raise IntegrityError(f"object {key} changed while it was stored (sha256 mismatch)")
        if not single:
            self._verify_by_reading(key, sha256)
            if use_lock:
                with self._errors(f"setting retention on object {key}", key):
                    self.client.set_object_retention(self.bucket, key, self._retention())
        return sent, single

    def _verify_after(self, key: str, sha256: str, size: int) -> StoredObject:
        """Compare the stored object's size and checksums with what was sent."""
        with self._errors(f"checking object {key}", key):
            st = self.client.stat_object(self.bucket, key,
                                         extra_headers={"x-amz-checksum-mode": "ENABLED"})
        headers = {k.lower(): v for k, v in (st.metadata or {}).items()}
        stored_sha = headers.get(f"x-amz-meta-{SHA_META}")
        server_sum = headers.get("x-amz-checksum-sha256")
        expected_sum = base64.b64encode(bytes.fromhex(sha256)).decode()
        if st.size != size or (stored_sha and stored_sha != sha256) or (
                server_sum and "-" not in server_sum and server_sum != expected_sum):
            raise IntegrityError(f"object {key} does not match what was stored (sha256 mismatch)")
        return StoredObject(key=key, size=st.size or 0, sha256=sha256)

    def _verify_by_reading(self, key: str, sha256: str) -> None:
        digest = hashlib.sha256()
        with self._errors(f"reading back object {key}", key):
            response = self.client.get_object(self.bucket, key)
            try:
                for chunk in response.stream(CHUNK):
                    digest.update(chunk)
            finally:
                response.close()
                response.release_conn()
        if digest.hexdigest() != sha256:
            self._discard(key)
            raise IntegrityError(f"object {key} does not match what was stored (sha256 mismatch)")

    def _discard(self, key: str) -> None:
        """Best effort removal of a bad upload (a retained object cannot be removed)."""
        try:
            self.client.remove_object(self.bucket, key)
        except (MinioException, Urllib3HTTPError, ValueError) as e:
            log.warning("could not remove bad object %s: %s", key, e)

    def _existing(self, key: str, sha256: str) -> StoredObject | None:
        """The object under key when it already holds exactly these bytes."""
        try:
            st = self.stat(key)
        except ObjectNotFound:
            return None
        return st if st.sha256 == sha256 else None

    def put_file(self, key: str, path: Path, *, sha256: str, content_type: str,
                 metadata: dict[str, str] | None = None, retain: bool = False) -> StoredObject:
        """Store a file under key (skipped when an identical object is already there).

        Raises IntegrityError when the file's SHA-256 is not `sha256` (before anything is sent),
        or when it changed during the upload or the server holds different bytes afterwards.
        """
        self._ensure_bucket()
        existing = self._existing(key, sha256)
        if existing:
            return existing
        try:
            actual = sha256_path(path)
            size = path.stat().st_size
        except OSError as e:
            raise StorageError(f"cannot read {path}: {e.strerror or e}") from e
        if actual != sha256:
            raise IntegrityError(f"object {key}: the file's sha256 is not the one given")
        try:
            with open(path, "rb") as fh:
                self._upload(key, fh, size, sha256, content_type, metadata, retain)
        except OSError as e:
            raise StorageError(f"cannot read {path}: {e.strerror or e}") from e
        return self._verify_after(key, sha256, size)

    def put_bytes(self, key: str, data: bytes, *, content_type: str,
                  metadata: dict[str, str] | None = None, retain: bool = False) -> StoredObject:
        """Store bytes under key."""
        sha256 = hashlib.sha256(data).hexdigest()
        if retain:  # retained objects cannot be replaced; an identical one is fine
            existing = self._existing(key, sha256)
            if existing:
                return existing
        self._upload(key, io.BytesIO(data), len(data), sha256, content_type, metadata, retain)
        return self._verify_after(key, sha256, len(data))

    # --- reading -----------------------------------------------------------------------

    def get_bytes(self, key: str) -> bytes:
        """The object's bytes (checked against its stored SHA-256 when it has one)."""
        with self._errors(f"reading object {key}", key):
            response = self.client.get_object(self.bucket, key)
            try:
                data = response.read()
                stored_sha = response.headers.get(f"x-amz-meta-{SHA_META}")
            finally:
                response.close()
                response.release_conn()
        if stored_sha and hashlib.sha256(data).hexdigest() != stored_sha:
            raise IntegrityError(f"object {key} is damaged (sha256 mismatch)")
        return data

    def download(self, key: str, dest: Path) -> Path:
        """Copy the object to dest (written to a temp file, checked, then renamed)."""
        dest = Path(dest)
        digest = hashlib.sha256()
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", dir=dest.parent)
        except OSError as e:
            raise StorageError(f"cannot write {dest}: {e.strerror or e}") from e
        try:
            with os.fdopen(fd, "wb") as out, self._errors(f"reading object {key}", key):
                response = self.client.get_object(self.bucket, key)
                try:
                    stored_sha = response.headers.get(f"x-amz-meta-{SHA_META}")
                    for chunk in response.stream(CHUNK):
                        out.write(chunk)
                        digest.update(chunk)
                finally:
                    response.close()
                    response.release_conn()
            if stored_sha and digest.hexdigest() != stored_sha:
                raise IntegrityError(f"object {key} is damaged (sha256 mismatch)")
            os.replace(tmp_name, dest)
        except OSError as e:
            raise StorageError(f"cannot write {dest}: {e.strerror or e}") from e
        finally:
            if os.path.exists(tmp_name):
                os.unlink(tmp_name)
        return dest

    def exists(self, key: str) -> bool:
        """Whether an object is stored under key."""
        try:
            self.stat(key)
        except ObjectNotFound:
            return False
        return True

    def stat(self, key: str) -> StoredObject:
        """Size and SHA-256 (from its metadata) of the object under key."""
        with self._errors(f"reading object {key}", key):
            st = self.client.stat_object(self.bucket, key)
        headers = {k.lower(): v for k, v in (st.metadata or {}).items()}
        return StoredObject(key=key, size=st.size or 0,
                            sha256=headers.get(f"x-amz-meta-{SHA_META}"))

    def metadata(self, key: str) -> dict[str, str]:
        """The user metadata stored with the object (names without the x-amz-meta- prefix)."""
        with self._errors(f"reading object {key}", key):
            st = self.client.stat_object(self.bucket, key)
        prefix = "x-amz-meta-"
        return {k.lower()[len(prefix):]: v for k, v in (st.metadata or {}).items()
                if k.lower().startswith(prefix)}

    def iter_keys(self, prefix: str = "") -> Iterator[str]:
        """Every key under prefix, in key order."""
        self._ensure_bucket()
        with self._errors("listing objects"):
            for obj in self.client.list_objects(self.bucket, prefix=prefix or None, recursive=True):
                if not obj.is_dir and obj.object_name:
                    yield obj.object_name

    def link(self, key: str, expires_s: int) -> str:
        """A presigned GET URL for the object, valid for expires_s seconds (at most 7 days)."""
        if not 1 <= int(expires_s) <= MAX_LINK_SECONDS:
            raise StorageError(f"a download link lasts 1 s to 7 days, not {expires_s} s")
        with self._errors(f"making a link to object {key}", key):
            return self.client.presigned_get_object(self.bucket, key,
                                                    expires=timedelta(seconds=int(expires_s)))

    def check(self) -> None:
        """Raise StorageError unless the server answers, accepts the credentials and has the bucket.

        Creates the bucket when missing (like the first write would). The probe is a GET of a key
        that is not there: its error body tells bad credentials from a missing object.
        """
        self._bucket_ready = False  # look again: the bucket may have gone since
        self._ensure_bucket()
        log.debug("object store %s ok (object lock %s)", self.url,
                  "on" if self.lock_enabled else "off")

    def __repr__(self) -> str:
        return f"S3Store({self.url!r})"


def _redact(url: str) -> str:
    """The URL with its secret key replaced by ***."""
    parsed = urlparse(url)
    if parsed.password is None:
        return url
    netloc = parsed.netloc.rsplit("@", 1)
    user = (parsed.username or "")
    return parsed._replace(netloc=f"{user}:***@{netloc[-1]}").geturl()


def describe(store: Any) -> dict[str, Any]:
    """What `casefolio doctor` may print about a store (no secrets)."""
    if isinstance(store, S3Store):
        return {"backend": "s3", "url": store.url, "bucket": store.bucket,
                "object_lock": store.lock_enabled}
    return {"backend": "file", "url": getattr(store, "url", "")}
