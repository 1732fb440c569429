"""The one Qt corner of shared/: fonts, theme and painting used by both apps and the CLI.

Importing it also guards against a reference-count bug of the PySide6 6.12 wheels on
Python 3.11: calls of Qt methods that return nothing (or a bool) hand back ``None`` (or
``True``/``False``) without a reference, so their count falls by one each time (measured:
about 280 per wallboard slide change) and the process aborts with "none_dealloc: deallocating
None" after ~150 slide changes, or at exit ("bool_dealloc"). Python 3.12+ makes these
singletons immortal, which hides the bug; on older versions their counts are raised once far
beyond reach (2**60), the same effect.
"""

from __future__ import annotations

import sys


def _guard_none_refcount() -> None:
    if sys.version_info >= (3, 12):
        return
    import ctypes
    for singleton in (None, True, False, NotImplemented, Ellipsis):
        count = ctypes.c_ssize_t.from_address(id(singleton))
        if count.value < 1 << 59:
            count.value += 1 << 60


_guard_none_refcount()
