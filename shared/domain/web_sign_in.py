"""Sign-in without passwords for the personal web page: single-use links and signed sessions.

A link (shown as a QR code on the kiosk after a badge tap, sent to the person's messenger,
or printed by ``pulse web link``) carries a random token of 192 bits; the database keeps
only its SHA-256, so a copy of the database or of a backup signs nobody in. Redeeming is a
compare-and-set (``used_at IS NULL AND expires_at > now``): two phones opening the same link
at once get one session between them. The row then stands for the session: the cookie
names it and is signed with a key derived from the site secret (never the secret itself),
and signing out stamps ``signed_out_at`` so that a copied cookie dies with the session.

Refusals (unknown or forged token, expired, already used, the person no longer active)
change nothing and are returned as a code for the page to put in words; each sign-in is an
audit entry (``web.sign_in``), as is each link issued (``web.link_issued``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from shared import audit
from shared.config import Config
from shared.db.base import utcnow
from shared.db.models import Employee, WebSignIn

__all__ = ["LINK_PATH", "IssuedLink", "SignInRefused", "WebSession", "issue_link",
           "redeem_link", "session_key", "session_cookie", "read_session_cookie",
           "current_session", "sign_out", "csrf_token", "link_url", "REFUSALS",
           "sign_in_trusted"]

# The web page's path of a sign-in link: /s/<token> (short, for a small QR code).
LINK_PATH = "/s/"
# A token: 24 random bytes, URL-safe base64 (32 characters).
_TOKEN_BYTES = 24
REFUSALS = ("unknown", "expired", "used", "inactive")


class SignInRefused(Exception):
    """A link that signs nobody in; ``code`` is one of ``REFUSALS``."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class IssuedLink:
    token: str  # shown once, in the link; never stored
    sign_in_id: int
    employee_id: int
    expires_at: dt.datetime


@dataclass(frozen=True)
class WebSession:
    sign_in_id: int
    employee_id: int
    expires_at: dt.datetime


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def link_url(config: Config, token: str) -> str:
    """The address of a link: ``web.base_url`` (else the host and port) + /s/<token>."""
    base = config.web.base_url.rstrip("/") or f"http://{config.web.host}:{config.web.port}"
    return f"{base}{LINK_PATH}{token}"


def issue_link(session: Session, config: Config, *, employee_id: int, issued_by: str,
               now: dt.datetime | None = None, minutes: int | None = None) -> IssuedLink:
    """A new single-use link for an active employee, valid ``minutes`` (default
    ``web.link_minutes``: the kiosk's QR code); audited. ``SignInRefused("inactive")`` for
    someone unknown or no longer active."""
    now = now or utcnow()
    person = session.get(Employee, employee_id)
    if person is None or not person.active:
        raise SignInRefused("inactive")
    token = secrets.token_urlsafe(_TOKEN_BYTES)
    expires = now + dt.timedelta(minutes=minutes or config.web.link_minutes)
    row = WebSignIn(token_hash=_hash(token), employee_id=employee_id, issued_by=issued_by[:100],
                    created_at=now, expires_at=expires)
    session.add(row)
    session.flush()
    audit.record(session, actor=issued_by[:100], action="web.link_issued",
                 details={"employee_id": employee_id, "sign_in_id": row.id,
                          "expires_at": expires.isoformat()}, at=now)
    return IssuedLink(token, row.id, employee_id, expires)


def redeem_link(session: Session, config: Config, *, token: str,
                now: dt.datetime | None = None, client: str = "") -> WebSession:
    """Use a link once: the session it opens (lasting ``web.session_hours``), audited.
    ``SignInRefused`` with the reason otherwise; then nothing is changed."""
    now = now or utcnow()
    if not token or len(token) > 64:
        raise SignInRefused("unknown")
    digest = _hash(token)
    row = session.execute(select(WebSignIn.id, WebSignIn.employee_id, WebSignIn.expires_at,
                                 WebSignIn.used_at, Employee.active)
                          .join(Employee, Employee.id == WebSignIn.employee_id)
                          .where(WebSignIn.token_hash == digest)).one_or_none()
    if row is None:
        raise SignInRefused("unknown")
    sign_in_id, employee_id, expires_at, used_at, active = row
    if used_at is not None:
        raise SignInRefused("used")
    if expires_at <= now:
        raise SignInRefused("expired")
    if not active:
        raise SignInRefused("inactive")
    # Compare-and-set: of two concurrent redeemers, one sees the row already used.
    done = session.execute(update(WebSignIn)
                           .where(WebSignIn.id == sign_in_id, WebSignIn.used_at.is_(None),
                                  WebSignIn.expires_at > now)
                           .values(used_at=now)
                           .execution_options(synchronize_session=False))
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise SignInRefused("used")
    audit.record(session, actor=f"web:{employee_id}", action="web.sign_in",
                 details={"employee_id": employee_id, "sign_in_id": sign_in_id,
                          "client": client[:100]}, at=now)
    return WebSession(sign_in_id, employee_id, now + dt.timedelta(hours=config.web.session_hours))


def sign_in_trusted(session: Session, config: Config, *, identity: str, header: str,
                    now: dt.datetime | None = None, client: str = "") -> WebSession:
    """A session for the person a trusted proxy header names (``web.trusted_header``, its
    value matched against ``web.trusted_header_match``); audited like a link's sign-in. The
    row is born used, with the hash of a token nobody knows. ``SignInRefused("unknown")``
    for nobody in the directory, ``("inactive")`` for someone no longer active."""
    now = now or utcnow()
    identity = identity.strip()
    if not identity or len(identity) > 200:
        raise SignInRefused("unknown")
    if config.web.trusted_header_match == "email":
        where = func.lower(Employee.email) == identity.lower()
    else:
        where = Employee.personnel_no == identity
    found = session.execute(select(Employee.id, Employee.active).where(where)).all()
    if len(found) != 1:  # nobody, or an email two people share: name no one
        raise SignInRefused("unknown")
    employee_id, active = found[0]
    if not active:
        raise SignInRefused("inactive")
    row = WebSignIn(token_hash=_hash(secrets.token_urlsafe(_TOKEN_BYTES)), employee_id=employee_id,
                    issued_by=f"header:{header}"[:100], created_at=now, expires_at=now,
                    used_at=now)
    session.add(row)
    session.flush()
    audit.record(session, actor=f"web:{employee_id}", action="web.sign_in",
                 details={"employee_id": employee_id, "sign_in_id": row.id,
                          "method": "trusted_header", "client": client[:100]}, at=now)
    return WebSession(row.id, employee_id, now + dt.timedelta(hours=config.web.session_hours))


def current_session(session: Session, sign_in_id: int, now: dt.datetime) -> int | None:
    """The employee a signed cookie's session belongs to, while it is not signed out and the
    person is active (None otherwise); the cookie's own expiry is checked by its reader."""
    row = session.execute(select(WebSignIn.employee_id)
                          .join(Employee, Employee.id == WebSignIn.employee_id)
                          .where(WebSignIn.id == sign_in_id, WebSignIn.used_at.is_not(None),
                                 WebSignIn.used_at <= now,
                                 WebSignIn.signed_out_at.is_(None),
                                 Employee.active.is_(True))).scalar_one_or_none()
    return int(row) if row is not None else None


def sign_out(session: Session, *, sign_in_id: int, employee_id: int,
             now: dt.datetime | None = None) -> bool:
    """End a session (its cookie stops working everywhere); audited. False if already ended."""
    now = now or utcnow()
    done = session.execute(update(WebSignIn)
                           .where(WebSignIn.id == sign_in_id,
                                  WebSignIn.employee_id == employee_id,
                                  WebSignIn.signed_out_at.is_(None))
                           .values(signed_out_at=now)
                           .execution_options(synchronize_session=False))
    if done.rowcount != 1:  # type: ignore[attr-defined]
        return False
    audit.record(session, actor=f"web:{employee_id}", action="web.sign_out",
                 details={"employee_id": employee_id, "sign_in_id": sign_in_id}, at=now)
    return True


# --- the cookie ---------------------------------------------------------------

def session_key(site_secret: bytes) -> bytes:
    """The cookie's signing key, derived from the site secret for this one purpose."""
    return hmac.new(site_secret, b"supplier-pulse web session v1", hashlib.sha256).digest()


def _sign(key: bytes, body: str) -> str:
    return hmac.new(key, body.encode("ascii"), hashlib.sha256).hexdigest()


def session_cookie(key: bytes, web_session: WebSession) -> str:
    """``<sign-in id>.<employee id>.<expiry, unix seconds>.<HMAC>``."""
    body = (f"{web_session.sign_in_id}.{web_session.employee_id}."
            f"{int(web_session.expires_at.timestamp())}")
    return f"{body}.{_sign(key, body)}"


def read_session_cookie(key: bytes, value: str, now: dt.datetime) -> WebSession | None:
    """The session a cookie names if its signature holds and it has not expired."""
    if len(value) > 200 or not value.isascii():
        return None
    parts = value.split(".")
    if len(parts) != 4 or not all(p.isdigit() and len(p) <= 12 for p in parts[:3]):
        return None
    body = ".".join(parts[:3])
    if not hmac.compare_digest(_sign(key, body), parts[3]):
        return None
    try:
        expires = dt.datetime.fromtimestamp(int(parts[2]), dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None
    if expires <= now:
        return None
    return WebSession(int(parts[0]), int(parts[1]), expires)


def csrf_token(key: bytes, web_session: WebSession) -> str:
    """The token a signed-in page puts in its forms: bound to the session."""
    return _sign(key, f"csrf.{web_session.sign_in_id}")[:32]
