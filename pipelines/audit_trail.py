"""The audit trail beyond the database: anchors of its head in the object store, a verification
that also finds truncation, and the auditor's export.

The log is hash-chained (storage/audit.py): an edit or a deletion in the middle breaks the chain.
Cutting off the newest entries does not, so the head is anchored outside the database: each day's
last entry (id and hash) is written once to `audit/anchors/YYYY-MM-DD.json` (write-once where the
S3 bucket has object lock), and the newest entry to `audit/anchors/head.json`. `verify_trail`
checks the chain and then that every anchored entry is still there with its hash: entries cut off
after an anchor are found. The web app anchors at most once a minute; `casefolio audit anchor`
does it on demand (e.g. from cron).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field

from base.errors import ObjectNotFound
from storage.audit import AuditEntry
from storage.index import Index
from storage.objects import ObjectStore

log = logging.getLogger(__name__)

ANCHORS = "audit/anchors/"
HEAD = ANCHORS + "head.json"


@dataclass(frozen=True)
class Anchor:
    """An anchored entry: its id, hash and time."""

    key: str
    id: int
    hash: str
    at: str


@dataclass
class TrailCheck:
    """What `verify_trail` found: ok, the chain's first bad entry, anchors whose entry is gone or
    differs (truncation or rewrite), how many entries and anchors were checked."""

    ok: bool
    entries: int = 0
    anchors: int = 0
    first_bad: int | None = None
    broken_anchors: list[str] = field(default_factory=list)


def audit_entries(index: Index, *, since: dt.datetime | None = None, until: dt.datetime | None = None,
                  actor: str | None = None, action: str | None = None,
                  before_id: int | None = None, limit: int | None = 100) -> list[AuditEntry]:
    """Entries newest first, filtered."""
    with index.transaction() as tx:
        return tx.audit.entries(since=since, until=until, actor=actor, action=action,
                                before_id=before_id, newest_first=True, limit=limit)


def iter_window(index: Index, since: dt.datetime | None, until: dt.datetime | None,
                batch: int = 1000) -> Iterator[AuditEntry]:
    """Entries in a time window, oldest first, in batches."""
    after = 0
    while True:
        with index.transaction() as tx:
            rows = tx.audit.entries(since=since, until=until, after_id=after, limit=batch)
        if not rows:
            return
        yield from rows
        after = rows[-1].id


def _put(store: ObjectStore, key: str, entry: AuditEntry, *, retain: bool) -> Anchor:
    at = entry.at.isoformat()
    body = {"id": entry.id, "hash": entry.hash, "at": at}
    store.put_bytes(key, json.dumps(body).encode(), content_type="application/json", retain=retain)
    return Anchor(key, entry.id, entry.hash, at)


def read_anchors(store: ObjectStore) -> list[Anchor]:
    """Every anchor in the store (daily ones by day, then the head)."""
    out = []
    for key in sorted(store.iter_keys(ANCHORS)):
        try:
            body = json.loads(store.get_bytes(key))
            out.append(Anchor(key, int(body["id"]), str(body["hash"]), str(body["at"])))
        except (ObjectNotFound, ValueError, KeyError, TypeError):
            out.append(Anchor(key, -1, "", ""))
    return out


def anchor_head(index: Index, store: ObjectStore, now: dt.datetime) -> list[Anchor]:
    """Write the anchors due: the last entry of each finished day not anchored yet (once each;
    a query per such day that has entries), and the newest entry as the head."""
    with index.transaction() as tx:
        newest = tx.audit.entries(newest_first=True, limit=1)
    if not newest:
        return []
    anchors = read_anchors(store)
    done = max((a.id for a in anchors if a.key != HEAD), default=0)
    written: list[Anchor] = []
    while True:
        with index.transaction() as tx:
            following = tx.audit.entries(after_id=done, limit=1)
            if not following or following[0].at.date() >= now.date():
                break
            day = following[0].at.date()
            end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), dt.UTC)
            last = tx.audit.entries(until=end, newest_first=True, limit=1)[0]
        key = f"{ANCHORS}{day.isoformat()}.json"
        if not store.exists(key):
            written.append(_put(store, key, last, retain=True))
        done = last.id
    written.append(_put(store, HEAD, newest[0], retain=False))
    return written


def verify_trail(index: Index, store: ObjectStore | None) -> TrailCheck:
    """Check the hash chain, then every anchor: an anchored entry that is gone or differs means
    entries were cut off or rewritten."""
    with index.transaction() as tx:
        chain = tx.audit.verify()
    check = TrailCheck(ok=chain.ok, entries=chain.entries, first_bad=chain.first_bad)
    if store is None:
        return check
    anchors = read_anchors(store)
    check.anchors = len(anchors)
    with index.transaction() as tx:
        for a in anchors:
            entry = tx.audit.get(a.id) if a.id > 0 else None
            if entry is None or entry.hash != a.hash:
                check.broken_anchors.append(a.key)
    check.ok = check.ok and not check.broken_anchors
    return check
