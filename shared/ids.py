"""Time-ordered UUIDs (the version 7 layout) so unique indexes grow at their end."""

from __future__ import annotations

import os
import random
import time
import uuid

_RAND_MASK = (1 << 74) - 1


def uuid7_int(ms: int, rand74: int) -> int:
    """The 128-bit value of a UUIDv7 from Unix milliseconds and 74 random bits."""
    rand74 &= _RAND_MASK
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((rand74 >> 62) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand74 & ((1 << 62) - 1)
    return value


def uuid7(now_ms: int | None = None, rand: random.Random | None = None) -> uuid.UUID:
    """A UUIDv7: 48-bit Unix milliseconds, version 7, 74 random bits (RFC 9562).

    ``rand``: a seeded source for reproducible ids (demo data, tests); default os.urandom.
    """
    ms = int(time.time() * 1000) if now_ms is None else now_ms
    bits = rand.getrandbits(74) if rand is not None else int.from_bytes(os.urandom(10), "big")
    return uuid.UUID(int=uuid7_int(ms, bits))
