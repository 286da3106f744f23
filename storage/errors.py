"""Errors raised by object storage and the index, translated from third-party errors here."""

from __future__ import annotations

from extractors.errors import CasefolioError


class StorageError(CasefolioError):
    """The object store could not be reached or refused the operation."""

    reason = "storage_unavailable"
    transient = True


class IntegrityError(StorageError):
    """A stored object's checksum does not match what was written."""

    reason = "integrity"
    transient = False


class ObjectNotFound(StorageError):
    reason = "not_found"
    transient = False


class IndexUnavailable(CasefolioError):
    """The database could not be reached."""

    reason = "database_unavailable"
    transient = True
