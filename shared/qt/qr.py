"""A QR code as a Qt image (segno makes the code; Qt paints it), for links a person should
open on their phone: a regulation's text on the kiosk's dispute card.

Painted module by module at a whole number of pixels each, black on white with the quiet
zone the standard asks for (4 modules), so a phone camera reads it off a kiosk screen.
"""

from __future__ import annotations

import segno
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter

QUIET_ZONE = 4  # modules of white around the code (ISO/IEC 18004)
MIN_MODULE = 3  # pixels: below this a phone camera struggles off a kiosk screen


def qr_image(text: str, size: int) -> QImage:
    """``text`` as a QR code (error correction M) no larger than ``size`` pixels square,
    unless that would make a module smaller than ``MIN_MODULE`` pixels."""
    code = segno.make(text, error="m", micro=False)
    rows = [list(row) for row in code.matrix]
    count = len(rows) + 2 * QUIET_ZONE
    module = max(MIN_MODULE, size // count)
    side = count * module
    image = QImage(side, side, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        for y, row in enumerate(rows):
            for x, dark in enumerate(row):
                if dark:
                    painter.fillRect((x + QUIET_ZONE) * module, (y + QUIET_ZONE) * module,
                                     module, module, Qt.GlobalColor.black)
    finally:
        painter.end()
    return image


__all__ = ["MIN_MODULE", "QUIET_ZONE", "qr_image"]
