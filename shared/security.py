"""Badge HMACs and PIN hashes: badges are never stored in clear, PINs use a slow hash; the
kiosks' offline copies of PIN hashes are keyed with the site secret."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

# scrypt cost: about 50 ms per check here; a PIN has 10^4..10^6 values, so it must be slow.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1


def normalize_badge(code: str) -> str:
    """Readers differ in case and padding; the same card must give the same HMAC."""
    return code.strip().upper()


# What a kiosk can read: the keyboard-wedge filter builds codes from the key codes 0-9 and
# A-Z only (kiosk/badge.py ``code_char``; a Russian layout's letters map back to Latin).
BADGE_CHARACTERS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def badge_code_problem(code: str, *, min_length: int, max_length: int
                       ) -> tuple[str, dict[str, object]] | None:
    """Why a kiosk could never read this badge code, as (code, params), or None if it can.

    Codes: ``badge_characters`` (``characters``: the ones a reader cannot type),
    ``badge_too_short`` / ``badge_too_long`` (``length``, ``min`` / ``max``: the kiosk's
    ``badge_min_length`` / ``badge_max_length``). Checked after ``normalize_badge``.
    """
    normalized = normalize_badge(code)
    bad = sorted({ch for ch in normalized if ch not in BADGE_CHARACTERS})
    if bad:
        return "badge_characters", {"characters": "".join(bad)}
    if len(normalized) < min_length:
        return "badge_too_short", {"length": len(normalized), "min": min_length}
    if len(normalized) > max_length:
        return "badge_too_long", {"length": len(normalized), "max": max_length}
    return None


BADGE_MESSAGES = {
    "badge_characters": "a badge reader cannot type {characters!r} (only 0-9 and A-Z)",
    "badge_too_short": "badge code of {length} characters, the kiosk reads at least {min} "
                       "(kiosk.badge_min_length)",
    "badge_too_long": "badge code of {length} characters, the kiosk reads at most {max} "
                      "(kiosk.badge_max_length)",
}


def badge_hmac(secret: bytes, code: str) -> str:
    """HMAC-SHA256 of the badge code with the site secret, as hex."""
    return hmac.new(secret, normalize_badge(code).encode("utf-8"), hashlib.sha256).hexdigest()


BADGE_KEY_PREFIX = "k:"


def badge_key(badge_hmac_or_key: str) -> str:
    """The badge look-up key: ``k:`` and the SHA-256 (hex) of the badge HMAC; a key stays as
    it is. The PostgreSQL kiosk role reads these instead of the HMACs (migration 0015) and
    the offline snapshot keeps them: they find the holder of a badge just scanned (whose
    HMAC the kiosk computes with the site secret), but cannot be presented as the HMAC to
    bind a person (``Database.present``)."""
    if badge_hmac_or_key.startswith(BADGE_KEY_PREFIX):
        return badge_hmac_or_key
    digest = hashlib.sha256(badge_hmac_or_key.encode("utf-8")).hexdigest()
    return BADGE_KEY_PREFIX + digest


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    if not pin.isdigit() or not 4 <= len(pin) <= 8:
        raise ValueError("a PIN is 4 to 8 digits")
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P,
                            dklen=32)
    enc = base64.b64encode
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${enc(salt).decode()}${enc(digest).decode()}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    expected = base64.b64decode(digest)
    got = hashlib.scrypt(pin.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                         dklen=len(expected))
    return hmac.compare_digest(got, expected)


# The kiosk's snapshot holds, instead of the server's PIN hash, the hash's digest keyed with
# the site secret: the PIN is checked offline as before (scrypt, then the HMAC), but the file
# alone does not allow a single guess (a 4-digit PIN falls in minutes against a plain hash).
_OFFLINE_SCHEME = "scrypt-hmac"


def offline_pin_verifier(secret: bytes, stored: str | None) -> str | None:
    """The snapshot's form of a PIN hash (None if there is none or its scheme is unknown)."""
    if not stored:
        return None
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return None
    if scheme != "scrypt":
        return None
    mac = hmac.new(secret, b"offline-pin-v1\n" + base64.b64decode(digest), hashlib.sha256)
    return f"{_OFFLINE_SCHEME}${n}${r}${p}${salt}${mac.hexdigest()}"


def verify_offline_pin(secret: bytes, pin: str, verifier: str) -> bool:
    """Check a PIN against ``offline_pin_verifier``'s value."""
    try:
        scheme, n, r, p, salt, mac = verifier.split("$")
    except ValueError:
        return False
    if scheme != _OFFLINE_SCHEME:
        return False
    got = hashlib.scrypt(pin.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                         dklen=32)
    expected = hmac.new(secret, b"offline-pin-v1\n" + got, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, mac)
