"""Protects None, True and False from a reference leak in PySide6 6.12 on Python 3.11.

Measured here (PySide6 6.12.0, CPython 3.11): every Python override of a C++ virtual
(``paintEvent``, ``eventFilter``...) and every call of a method returning ``void``
(``QPainter.save``, ``setPen``...) takes one reference from ``None`` without giving it
(``True``/``False`` leak the same way in some paths). A kiosk paints thousands of times a
minute, so ``None``'s count reaches zero within minutes to hours and the interpreter
aborts with "none_dealloc: deallocating None". Python 3.12 made these objects immortal
(PEP 683); on 3.11 we do the same by adding 2**60 to their counts once at start-up,
which no leak can use up.
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)

_HEADROOM = 1 << 60
_done = False


def make_singletons_immortal() -> bool:
    """Call once, before the QApplication exists. Returns whether anything was changed."""
    global _done
    if _done or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    for obj in (None, True, False):
        # ob_refcnt is the first field of every CPython object.
        ctypes.c_ssize_t.from_address(id(obj)).value += _HEADROOM
    _done = True
    log.debug("None/True/False given reference headroom (PySide6 leak on Python 3.11)")
    return True
