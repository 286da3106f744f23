"""The one exception tree of casefolio.

Every error the project raises on purpose is a `CasefolioError`. Each class carries a stable
`reason` (the quarantine folder name, the outbox's and the audit log's reason), whether it is
`transient` (worth trying again later) and the `exit_code` the CLI ends with. Third-party errors
are translated into these at the one module that talks to that program or service
(`raise StorageError(...) from e`); `pipelines/ingest.outcome_for` turns them into outcomes.

    CasefolioError                       reason "error"                           exit 1
     |
     +-- InputError                      the input cannot be filed as it is (quarantine)
     |    +-- EmptyFileError             "empty"
     |    +-- EncryptedError             "encrypted"
     |    +-- UnreadableError            "unreadable"
     |    +-- TooLargeError              "too_large"
     |    +-- UnsupportedTypeError       "unsupported_type"
     |
     +-- OcrFailedError                  "ocr_failed"          tesseract failed on a page
     |    +-- OcrTimeoutError            "ocr_timeout"         transient: a quieter machine may do it
     |    +-- WorkerCrashed              "worker_crashed"      a worker process died on this file twice
     |
     +-- StorageError                    "storage_unavailable" transient: the object store
     |    +-- StorageRefused             "storage_refused"     bad bucket, credentials or request
     |    +-- IntegrityError             "integrity"           a stored object's checksum differs
     |    +-- ObjectNotFound             "not_found"
     +-- IndexUnavailable                "database_unavailable" transient: the database
     +-- DocumentNotFound                "document_not_found"  no filed document has that id
     +-- OrchestrationUnavailable        "orchestration_unavailable" transient: the Prefect API
     +-- FlowRunFailed                   "flow_run"            transient: a dispatched run failed
     +-- InternalError                   "internal_error"      an unexpected exception (a bug)
     +-- ConfigurationError              "configuration"       settings that cannot work together  exit 2
     |
     +-- AccessError                     "access"              signing in and permissions           exit 2
     |    +-- SignInRefused              "sign_in_refused"     wrong user name or password, or disabled
     |    +-- AccountLocked              "account_locked"      too many failed sign-ins: a manager unlocks
     |    +-- AccessDenied               "access_denied"       this role may not do this (or not to this)
     |    +-- WeakPassword               "weak_password"       too short, too common, or the user name
     |    +-- AccountInvalid             "account_invalid"     a taken name, an unknown role or badge
     |
     +-- CourtInputError                 "court_input"         a roster or docket file is unusable  exit 2
     |    +-- DocketRowError             "docket_row"          one docket row is unusable (skipped)
     |
     +-- MailError                       mail could not be sent (`connection`: stop the whole run)
          +-- MailNotConfigured          "smtp_not_configured" no SMTP server set        (connection)
          +-- MailUnavailable            "smtp_unavailable"    transient: server down    (connection)
          +-- MailLoginRefused           "smtp_auth"           login refused             (connection)
          +-- MailTlsFailed              "smtp_tls"            TLS/STARTTLS failed       (connection)
          +-- MailRecipientRefused       "recipient_refused"   the server refused this address (5xx)
          |    +-- MailRecipientDeferred "recipient_refused"   transient: refused for now (4xx)
          +-- MailRejected               "smtp_rejected"       the server refused the message (5xx)
          |    +-- MailDeferred          "smtp_rejected"       transient: refused for now (4xx)
          +-- MailMessageTooLarge        "message_too_large"   the server refused the size (552)
          +-- NoEmailOnRoster            "no_email"            transient: the roster has no address
          +-- PacketMissing              "packet_missing"      the packet's stored PDF is gone
               +-- PacketUnreadable      "packet_missing"      transient: the store failed for now

A subclass that only says "for now" keeps its parent's reason (what the outbox shows) and differs
in `transient` alone; every class's `reason` and `transient` are fixed by its class.

A file's SHA-256, once known, travels with the error (`sha256`) so that the quarantine note and
the outcome carry it.
"""

from __future__ import annotations


class CasefolioError(Exception):
    """Base of every error the project raises on purpose."""

    reason: str = "error"
    transient: bool = False
    exit_code: int = 1

    def __init__(self, message: str, *, sha256: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.sha256 = sha256

    def with_sha256(self, sha256: str | None) -> CasefolioError:
        """This error, carrying the SHA-256 of the file it concerns (when not set already)."""
        if self.sha256 is None:
            self.sha256 = sha256
        return self


# --- input files ---------------------------------------------------------------------------------

class InputError(CasefolioError):
    """The input file cannot be filed as it is."""

    reason = "unreadable"


class EmptyFileError(InputError):
    """The file has no bytes."""

    reason = "empty"


class EncryptedError(InputError):
    """The PDF is password-protected."""

    reason = "encrypted"


class UnreadableError(InputError):
    """The file is damaged or cannot be decoded."""

    reason = "unreadable"


class TooLargeError(InputError):
    """The file, a page or an image is over a configured limit."""

    reason = "too_large"


class UnsupportedTypeError(InputError):
    """The content is not a PDF, TIFF, JPEG or PNG."""

    reason = "unsupported_type"


# --- OCR -----------------------------------------------------------------------------------------

class OcrFailedError(CasefolioError):
    """Tesseract failed on a page (or could not be started)."""

    reason = "ocr_failed"


class WorkerCrashed(OcrFailedError):
    """A worker process died while reading this file (a crash in a native library). The
    orchestrator tries such a file once more at once; a second crash quarantines it."""

    reason = "worker_crashed"


class OcrTimeoutError(OcrFailedError):
    """Tesseract ran past its time limit; may succeed on a quieter machine."""

    reason = "ocr_timeout"
    transient = True


# --- services ------------------------------------------------------------------------------------

class StorageError(CasefolioError):
    """The object store could not be reached or refused the operation."""

    reason = "storage_unavailable"
    transient = True


class StorageRefused(StorageError):
    """The object store refused the request: no such bucket, bad credentials, a bad request."""

    reason = "storage_refused"
    transient = False


class IntegrityError(StorageError):
    """A stored object's checksum does not match what was written."""

    reason = "integrity"
    transient = False


class ObjectNotFound(StorageError):
    """No object under that key."""

    reason = "not_found"
    transient = False


class IndexUnavailable(CasefolioError):
    """The database could not be reached."""

    reason = "database_unavailable"
    transient = True


class DocumentNotFound(CasefolioError):
    """No filed document has that id (or unique id prefix)."""

    reason = "document_not_found"


class OrchestrationUnavailable(CasefolioError):
    """The Prefect API failed; the file stays where it is for a later try."""

    reason = "orchestration_unavailable"
    transient = True


class FlowRunFailed(CasefolioError):
    """A dispatched ingest flow run failed, crashed or left its file in place."""

    reason = "flow_run"
    transient = True


class InternalError(CasefolioError):
    """An unexpected exception (a bug): the file is quarantined so nothing is lost."""

    reason = "internal_error"

    @classmethod
    def wrap(cls, e: BaseException) -> InternalError:
        """The InternalError for an unexpected exception `e`."""
        return cls(f"internal error: {type(e).__name__}: {e}")


class ConfigurationError(CasefolioError):
    """The settings ask for something this installation cannot do (a work pool without a Prefect
    server, a Dask scheduler without prefect-dask)."""

    reason = "configuration"
    exit_code = 2


# --- accounts and access ------------------------------------------------------------------------

class AccessError(CasefolioError):
    """Signing in, accounts and permissions (casefolio/web, `casefolio users`)."""

    reason = "access"
    exit_code = 2


class SignInRefused(AccessError):
    """A wrong user name or password, a disabled account, or an unknown, revoked or expired
    session or token (the message never says which)."""

    reason = "sign_in_refused"


class AccountLocked(AccessError):
    """Too many failed sign-ins in a short time: the account waits for a records manager."""

    reason = "account_locked"


class AccessDenied(AccessError):
    """The signed-in user's role may not do this, or not to this object."""

    reason = "access_denied"


class WeakPassword(AccessError):
    """A password that is too short, on the list of common passwords, or the user name itself."""

    reason = "weak_password"


class AccountInvalid(AccessError):
    """An account that cannot be made as asked: a taken user name, an unknown role, an officer
    account without a roster badge."""

    reason = "account_invalid"


# --- court input ---------------------------------------------------------------------------------

class CourtInputError(CasefolioError):
    """A roster or docket file cannot be imported (a required column is missing)."""

    reason = "court_input"
    exit_code = 2


class DocketRowError(CourtInputError):
    """One docket row cannot be read (a bad date or time, no number, no officer); the import
    skips it and lists it."""

    reason = "docket_row"


# --- mail ----------------------------------------------------------------------------------------

class MailError(CasefolioError):
    """Mail could not be sent. `connection` errors stop a delivery run; the others concern one
    message."""

    reason = "mail_failed"
    transient = True
    connection = False


class MailNotConfigured(MailError):
    """No SMTP server is configured."""

    reason = "smtp_not_configured"
    transient = False
    connection = True


class MailUnavailable(MailError):
    """The SMTP server cannot be reached or hung up."""

    reason = "smtp_unavailable"
    transient = True
    connection = True


class MailLoginRefused(MailError):
    """The SMTP server refused the login."""

    reason = "smtp_auth"
    transient = False
    connection = True


class MailTlsFailed(MailError):
    """TLS or STARTTLS failed, or the server lacks it."""

    reason = "smtp_tls"
    transient = False
    connection = True


class MailRecipientRefused(MailError):
    """The server refused the recipient's address for good (5xx)."""

    reason = "recipient_refused"
    transient = False


class MailRecipientDeferred(MailRecipientRefused):
    """The server refused the recipient's address for now (4xx): try again later."""

    transient = True


class MailRejected(MailError):
    """The server refused the message for good (a 5xx answer)."""

    reason = "smtp_rejected"
    transient = False


class MailDeferred(MailRejected):
    """The server refused the message for now (a 4xx answer): try again later."""

    transient = True


class MailMessageTooLarge(MailError):
    """The server refused the message for its size (552)."""

    reason = "message_too_large"
    transient = False


class NoEmailOnRoster(MailError):
    """The officer has no email address on the roster (sent once the roster has one)."""

    reason = "no_email"
    transient = True


class PacketMissing(MailError):
    """The packet's stored PDF is unknown or cannot be read."""

    reason = "packet_missing"
    transient = False


class PacketUnreadable(PacketMissing):
    """The object store could not give the packet's PDF for now: try again later."""

    transient = True
