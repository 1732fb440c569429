"""The PySide6 reference leak on None is neutralised (shared/qt/refcount.py)."""

from __future__ import annotations

import sys

import pytest

from shared.qt.refcount import make_singletons_immortal


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal since Python 3.12")
def test_none_has_headroom_after_the_guard() -> None:
    make_singletons_immortal()
    assert sys.getrefcount(None) > 1 << 59
    assert sys.getrefcount(True) > 1 << 59 and sys.getrefcount(False) > 1 << 59
    make_singletons_immortal()  # idempotent
    assert sys.getrefcount(None) < 1 << 61
