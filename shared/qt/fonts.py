"""Registers the product's bundled fonts (DejaVu Sans, with Cyrillic) with Qt."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFontDatabase

from shared.resources import asset

log = logging.getLogger(__name__)

FAMILY = "DejaVu Sans"
CONDENSED = "DejaVu Sans Condensed"
_loaded = False


def load_fonts() -> str:
    """Load every bundled font once (needs a QGuiApplication); returns the main family."""
    global _loaded
    if not _loaded:
        for path in sorted(asset("fonts").glob("*.ttf")):
            if QFontDatabase.addApplicationFont(str(path)) < 0:
                log.error("could not load font %s", path)
        _loaded = True
    return FAMILY
