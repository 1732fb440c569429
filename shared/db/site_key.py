"""The site secret's key-check value in the database, and where the audit log became keyed.

A machine given another site secret than the plant's (a typo, a copied config from another
site) would match no badge and key audit entries nobody can verify. The database keeps a
key-check value (HMAC of a fixed text with the secret, ``site_key_check.kcv``): every app
and ``pulse`` compares it with their own secret when they open the database, and refuse to
start with one line if it differs (``SiteSecretMismatch``); every audit append checks it too.

The same row records how many unkeyed (version 1, plain SHA-256) audit entries existed when
the log became keyed, and the last one's hash, under a MAC with the secret. From then on an
unkeyed entry after them, or an unkeyed anchor, is tampering (``shared.audit.verify``):
someone without the secret re-hashed the log in the old format.

The row is written by the schema upgrade that adds it (``0009_secret_check``, run with the
secret by the apps and ``pulse db upgrade``) or, on an empty log, by the first audit entry
(``shared.audit.establish_key_check``: it reads the log's legacy part).
It is never re-created over existing entries: a deleted row stays missing, and ``verify``
reports it (re-creating it would accept a downgraded log as the old one).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from sqlalchemy.orm import Session

from shared.config import SiteSecretMismatch
from shared.db.models import SiteKeyCheck

_KCV_TEXT = b"supplier-pulse site key check v1"


def key_check_value(key: bytes) -> str:
    """What the database keeps to recognise the secret (reveals nothing of it)."""
    return hmac.new(key, _KCV_TEXT, hashlib.sha256).hexdigest()


def row_mac(key: bytes, legacy_entries: int, legacy_hash: str, created_at: dt.datetime) -> str:
    stamp = created_at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    message = f"audit-keyed-since\n{legacy_entries}\n{legacy_hash}\n{stamp}".encode("ascii")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def read(session: Session) -> SiteKeyCheck | None:
    return session.get(SiteKeyCheck, 1)


MISMATCH = ("the site secret of this machine is not the one the database was set up with "
            "(its key-check value differs): set the plant's secret (site.secret, PULSE_SECRET "
            "or secret.key) as on the other machines")


def check(session: Session, key: bytes) -> None:
    """Refuse a secret the database does not recognise (``SiteSecretMismatch``). Read only;
    a database without the row yet (a new one) passes."""
    row = read(session)
    if row is not None and not hmac.compare_digest(row.kcv, key_check_value(key)):
        raise SiteSecretMismatch(MISMATCH)


def row_intact(row: SiteKeyCheck, key: bytes) -> bool:
    return hmac.compare_digest(row.mac, row_mac(key, row.legacy_entries, row.legacy_hash,
                                                row.created_at))
