"""Quarantine: where files that cannot be filed go, each beside a JSON note saying why.

A file is never deleted before it is safely somewhere: the note is written first, then the file
is copied (fsync) and only then removed from the inbox.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class QuarantineEntry:
    """A quarantined file and the note beside it."""

    path: Path
    reason: str
    message: str
    when: str
    sha256: str | None
    source: str


def _free_name(folder: Path, name: str) -> Path:
    candidate = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    n = 1
    while candidate.exists() or candidate.with_name(candidate.name + ".json").exists():
        candidate = folder / f"{stem}.{n}{suffix}"
        n += 1
    return candidate


def quarantine_file(source: Path, root: Path, *, reason: str, message: str,
                    sha256: str | None, move: bool) -> QuarantineEntry:
    """Put `source` into `root/<reason>/` with a `<name>.json` note; move it or keep a copy."""
    folder = root / reason
    folder.mkdir(parents=True, exist_ok=True)
    dest = _free_name(folder, source.name)
    when = datetime.now(UTC).replace(microsecond=0).isoformat()
    note = {"reason": reason, "message": message, "when": when, "sha256": sha256,
            "source": str(source), "file": dest.name}
    note_path = dest.with_name(dest.name + ".json")
    note_path.write_text(json.dumps(note, indent=2) + "\n", encoding="utf-8")
    if source.is_file() and not source.is_symlink():
        tmp = dest.with_name(f".{dest.name}.part")
        shutil.copyfile(source, tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
        if move:
            source.unlink()
    log.warning("quarantined %s: %s (%s)", source.name, reason, message)
    return QuarantineEntry(dest, reason, message, when, sha256, str(source))


def list_quarantine(root: Path) -> list[QuarantineEntry]:
    """Every quarantined file with its note, newest first."""
    entries = []
    for note_path in root.glob("*/*.json"):
        try:
            note = json.loads(note_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        entries.append(QuarantineEntry(note_path.with_name(note.get("file", note_path.stem)),
                                       note.get("reason", note_path.parent.name),
                                       note.get("message", ""), note.get("when", ""),
                                       note.get("sha256"), note.get("source", "")))
    return sorted(entries, key=lambda e: e.when, reverse=True)
