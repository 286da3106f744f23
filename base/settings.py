"""The one settings object, built here and passed down to every step.

Values come from (highest first) constructor arguments, `CASEFOLIO_*` environment variables
(nested sections with `__`, e.g. `CASEFOLIO_OCR__WORKERS=2`), then `casefolio.toml` in the home
folder. Unknown keys are an error (`extra="forbid"`), so a typo never silently does nothing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)


class Section(BaseModel):
    """Base of the nested settings sections: unknown keys are an error."""

    model_config = ConfigDict(extra="forbid")


class LimitSettings(Section):
    """Limits that keep bad input from taking the service down."""

    max_file_mb: float = 200.0
    max_pages: int = 500
    max_page_pixels: int = 120_000_000  # ~ A3 at 600 dpi is 70 Mpx
    page_timeout_s: float = 180.0


class OcrSettings(Section):
    """OCR and page preprocessing."""

    language: str = "eng"
    workers: int = 0  # 0 = one per core
    render_dpi: int = 300
    min_text_chars: int = 20  # fewer characters than this on a page: the text layer is not used


class ArchiveSettings(Section):
    """The searchable copy: PDF/A-2b, its page images re-encoded to be small but read the same."""

    pdfa: bool = True  # declare PDF/A-2b (when every retained page conforms)
    jpeg_quality: int = Field(default=60, ge=20, le=95)  # grey and colour page images
    max_dpi: float = 450.0  # grey/colour page images above this resolution are scaled down ...
    target_dpi: float = 300.0  # ... to this one
    min_saving: float = 0.1  # a re-encoded image must be this much smaller, or the original stays
    min_image_bytes: int = 20_000  # smaller images are left as they are


class WatchSettings(Section):
    """The watched folder."""

    quiet_seconds: float = 5.0  # size and mtime unchanged this long before a file is taken
    poll: bool = False  # polling instead of inotify (network shares)
    poll_interval_s: float = 2.0


# Federal district court numbers: office, year, case type, sequence, judges' initials (1:21-cv-01234-KLM).
FEDERAL_CASE_PATTERN = r"\d:\d{2}-(?i:cv|cr|mj|md|mc|bk|ap|po|sw|gj)-\d{3,5}(?:-[A-Z]{2,4})*"


class ExtractionSettings(Section):
    """Agency-specific patterns and labels for entity extraction (used by extractors/).

    Number patterns are regular expressions over the canonical (OCR-clean) form, several per kind;
    forms may print them with other separators, without the format's leading letters behind a label,
    or with a short sequence behind a label (`extractors/formats.py`), and OCR'd pages tolerate
    letter/digit confusions. A case number pattern that names its groups `yy` and `seq` is re-printed
    with `case_number_format`; any other pattern's matches are filed in the canonical form itself.
    """

    # Agency case numbers: YY-NNNNNN by default; also written with an agency prefix (TPD24-003817)
    # or a short sequence behind a label ("Case # 24-3817").
    agency_prefixes: list[str] = Field(default_factory=lambda: ["TPD", "PPD", "SO"])
    any_agency_prefix: bool = True  # also take 2-6 capital letters glued to a full-width number
    case_number_pattern: str = r"(?P<yy>\d{2})-(?P<seq>\d{1,6})"
    case_number_alt_patterns: list[str] = Field(
        default_factory=lambda: [r"20(?P<yy>\d{2})-(?P<seq>\d{6})"]
    )
    case_number_format: str = "{yy}-{seq:06d}"
    case_number_full_digits: int = 6  # a sequence this long needs no label or prefix
    case_labels: list[str] = Field(default_factory=lambda: [
        "case", "agency case", "incident", "report", "dr", "file", "event", "occurrence",
        "related case", "ref", "reference", "police report", "ir",
    ])
    # Citation numbers: a letter then 6-7 digits by default; more formats in citation_alt_patterns.
    citation_pattern: str = r"[A-Z]\d{6,7}"
    citation_alt_patterns: list[str] = Field(default_factory=list)
    citation_labels: list[str] = Field(default_factory=lambda: [
        "citation", "cite", "cit", "ticket", "violation notice", "notice of infraction", "uniform citation",
        "infraction", "citation and complaint",
    ])
    citation_needs_label: bool = False  # True: only labelled citation numbers are taken
    # Court case numbers: Oregon circuit court style by default (24CR12345).
    court_case_pattern: str = r"\d{2}\s?(?:CR|VI|CV|MI|FE|TR|DR|SC|JU|CN|MD|FM|LT|PB|JV|VL)\s?\d{5}"
    # More court formats; the federal courts' (1:21-cv-01234, 2:19-cr-00456-ABC) by default.
    court_case_alt_patterns: list[str] = Field(default_factory=lambda: [FEDERAL_CASE_PATTERN])
    court_case_labels: list[str] = Field(default_factory=lambda: [
        "court case", "court no", "docket", "case no", "circuit court case", "court file",
    ])
    # Plates.
    default_state: str = "OR"  # assumed (and flagged for review) when no state is written
    plate_states: list[str] = Field(default_factory=lambda: [
        "OR", "WA", "CA", "ID", "NV", "AZ", "UT", "MT", "WY", "CO", "NM", "AK", "HI",
    ])
    extra_plate_formats: dict[str, list[str]] = Field(default_factory=dict)  # state -> regexes
    # Form labels by kind, merged over the built-in vocabulary (extractors/vocabulary.py): kinds are
    # case_number, citation_number, court_case_number, vin, plate, plate_state, state, licence, dob,
    # date, time, appearance_date, appearance_time, court, courtroom, phone, badge, statute, address,
    # offense, vehicle, person_detail, name, signature.
    labels: dict[str, list[str]] = Field(default_factory=dict)
    # Person labels: role -> form labels (matched case-insensitively, longest first).
    role_labels: dict[str, list[str]] = Field(default_factory=dict)  # merged over the built-ins
    # Document type title phrases: doc type -> phrases (merged over the built-ins).
    doc_type_titles: dict[str, list[str]] = Field(default_factory=dict)
    # Review thresholds.
    review_confidence: float = 0.80  # entities / OCR pages below this flag the document
    review_doc_type_confidence: float = 0.60
    ner: bool = True  # spaCy NER over narrative text (rules only when False)


class CourtSettings(Section):
    """Court dockets, packets and their delivery."""

    docket_columns: dict[str, str] = Field(default_factory=dict)  # our column -> court's column
    docket_feed: str = "docket"  # label of a docket export; a row gone from the same feed = cancelled
    docket_date_formats: list[str] = Field(
        default_factory=lambda: ["%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%d-%b-%Y"]
    )
    docket_time_formats: list[str] = Field(
        default_factory=lambda: ["%H:%M", "%I:%M %p", "%I:%M%p", "%H%M", "%H:%M:%S"]
    )
    cancelled_statuses: list[str] = Field(
        default_factory=lambda: ["cancelled", "canceled", "vacated", "stricken", "dismissed",
                                 "off calendar"]
    )
    days_ahead: int = 7
    reminder_days: int = 1  # 0 = no reminder
    appearance_minutes: int = 60  # length of the calendar event
    max_attachment_mb: float = 15.0
    link_expiry_hours: int = 168
    packet_cron: str = "0 6 * * *"
    timezone: str = "America/Los_Angeles"
    court_address: str = ""
    records_contact: str = "the records unit"  # who officers ask about missing documents


class PrefectSettings(Section):
    """Orchestration with Prefect (flows/): concurrency, retries, schedules and the Dask cluster."""

    dask_scheduler_address: str = ""  # e.g. tcp://scheduler:8786: page OCR fans out on that cluster
    ingest_concurrency: int = 4  # ingest flow runs at once (per watcher / deployment)
    task_retries: int = 3  # retries of a task that failed for a transient reason only
    retry_backoff_s: float = 5.0  # first retry delay; doubles each retry
    retry_backoff_max_s: float = 300.0
    maintenance_cron: str = "0 3 * * 0"  # weekly: re-verify checksums, reconcile index and store
    work_pool: str = ""  # register deployments with this work pool instead of serving them here
    ingest_timeout_s: float = 3600.0  # a dispatched ingest run still unfinished after this is retried


SYSTEM_USE_NOTICE = (
    "This system holds criminal justice information. Use is restricted to authorised users for "
    "official purposes. Use is monitored and recorded, including sign-ins, searches and every "
    "document viewed; unauthorised use is prohibited and may be subject to criminal, civil and "
    "administrative penalties. By signing in you consent to this monitoring."
)


class WebSettings(Section):
    """The archive web app and REST API (casefolio/web): accounts, sessions, links."""

    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str = ""  # how officers reach the app (links in mail); default http://host:port
    # A TLS proxy in front: its address(es), comma-separated. Its X-Forwarded-Proto/-For are then
    # believed (cookies get Secure, the audit log records the client's address), no one else's.
    trusted_proxies: str = ""
    session_idle_minutes: float = 30.0  # a session unused this long ends
    lockout_attempts: int = 5  # failed sign-ins within lockout_window_minutes lock the account
    lockout_window_minutes: float = 15.0
    reauth_minutes: float = 5.0  # user administration needs the password again after this long
    min_password_length: int = 8
    password_time_cost: int = 3  # argon2id
    password_memory_kib: int = 65536
    system_use_notice: str = SYSTEM_USE_NOTICE
    page_size: int = 25


class Settings(BaseSettings):
    """Every setting of casefolio. See the table in README.md and ../shared/DESIGN.md."""

    model_config = SettingsConfigDict(
        env_prefix="CASEFOLIO_",
        env_nested_delimiter="__",
        extra="forbid",
    )

    home: Path = Path("./casefolio-data")
    storage_url: str = ""
    database_url: str = ""
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = True
    smtp_from: str | None = None
    smtp_timeout_s: float = 30.0
    log_level: str = "INFO"

    limits: LimitSettings = Field(default_factory=LimitSettings)
    ocr: OcrSettings = Field(default_factory=OcrSettings)
    watch: WatchSettings = Field(default_factory=WatchSettings)
    archive: ArchiveSettings = Field(default_factory=ArchiveSettings)
    extraction: ExtractionSettings = Field(default_factory=ExtractionSettings)
    court: CourtSettings = Field(default_factory=CourtSettings)
    web: WebSettings = Field(default_factory=WebSettings)
    prefect: PrefectSettings = Field(default_factory=PrefectSettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        home = Path(os.environ.get("CASEFOLIO_HOME", "./casefolio-data"))
        toml = TomlConfigSettingsSource(settings_cls, toml_file=home / "casefolio.toml")
        return (init_settings, env_settings, toml)

    @model_validator(mode="after")
    def _derive_urls(self) -> Settings:
        self.home = self.home.expanduser().absolute()
        if not self.storage_url:
            self.storage_url = f"file://{self.home / 'objects'}"
        if not self.database_url:
            self.database_url = f"sqlite:///{self.home / 'index.db'}"
        return self

    @property
    def inbox(self) -> Path:
        return self.home / "inbox"

    @property
    def quarantine(self) -> Path:
        return self.home / "quarantine"

    @property
    def work_dir(self) -> Path:
        return self.home / "work"

    @property
    def ocr_workers(self) -> int:
        return self.ocr.workers or max(1, os.cpu_count() or 1)

    def ensure_folders(self) -> None:
        """Create the home, inbox and quarantine folders."""
        for folder in (self.home, self.inbox, self.quarantine, self.work_dir):
            folder.mkdir(parents=True, exist_ok=True)


def load_settings(**overrides: Any) -> Settings:
    """Build the settings from the environment and casefolio.toml, with explicit overrides on top."""
    return Settings(**overrides)
