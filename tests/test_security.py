"""Badge HMACs, PIN hashes and time-ordered UUIDs."""

from __future__ import annotations

import time

import pytest

from shared.ids import uuid7
from shared.security import badge_hmac, hash_pin, verify_pin


def test_badge_hmac_depends_on_secret_and_ignores_case() -> None:
    assert badge_hmac(b"s1", "3f00a1b2c3") == badge_hmac(b"s1", " 3F00A1B2C3\n")
    assert badge_hmac(b"s1", "3F00A1B2C3") != badge_hmac(b"s2", "3F00A1B2C3")
    assert "3F00A1B2C3" not in badge_hmac(b"s1", "3F00A1B2C3")
    assert len(badge_hmac(b"s1", "1")) == 64


def test_pin_hash_round_trip() -> None:
    stored = hash_pin("4711")
    assert stored.startswith("scrypt$") and "4711" not in stored
    assert verify_pin("4711", stored)
    assert not verify_pin("4712", stored)
    assert not verify_pin("4711", "garbage")
    assert hash_pin("4711") != stored  # salted
    with pytest.raises(ValueError):
        hash_pin("12a4")


def test_uuid7_is_time_ordered_and_versioned() -> None:
    ids = []
    for _ in range(3):
        ids.append(uuid7())
        time.sleep(0.002)
    assert ids == sorted(ids)
    assert all(u.version == 7 and u.variant == "specified in RFC 4122" for u in ids)
    assert uuid7(now_ms=1000).int >> 80 == 1000
