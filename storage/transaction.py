"""One database transaction over every repository of the index (the unit of work).

    with index.transaction() as tx:
        rec = tx.appearances.get(42)
        rec.status = "cancelled"
        tx.appearances.save(rec)
        tx.outbox.add(OutboxMessage(...))
        tx.audit.append(actor="clerk", action="appearance.cancelled", subject="42")

Everything done through one `Transaction` commits together when the `with` block ends, or not at
all when it raises (an appearance change, its notice to the officer and its audit entry are never
split). Outside storage/ this is the only way to the database besides the `Index` methods; no
SQLAlchemy object ever leaves storage/.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from storage.accounts import ApiTokens, Sessions, Users
from storage.audit import AuditLog
from storage.corrections import Corrections
from storage.court import Appearances, Officers, Packets
from storage.outbox import Outbox


class Transaction:
    """The repositories of one open transaction."""

    def __init__(self, session: Session) -> None:
        self.officers = Officers(session)
        self.appearances = Appearances(session)
        self.packets = Packets(session)
        self.outbox = Outbox(session)
        self.audit = AuditLog(session)
        self.users = Users(session)
        self.sessions = Sessions(session)
        self.tokens = ApiTokens(session)
        self.corrections = Corrections(session)
