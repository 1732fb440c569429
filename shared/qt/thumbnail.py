"""Photo thumbnails for the kiosk's offline snapshot (Qt image codecs; no widgets needed)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage

log = logging.getLogger(__name__)

THUMBNAIL_SIZE = 192  # px, the longest side: a supplier tile on a 1080p kiosk


def photo_thumbnail(photo: bytes, size: int = THUMBNAIL_SIZE) -> bytes | None:
    """A JPEG of at most ``size`` px on the longest side, or None if the photo is unreadable.

    Pass it to ``SyncWorker(thumbnail=photo_thumbnail)``.
    """
    image = QImage.fromData(photo)
    if image.isNull():
        log.info("a photo could not be decoded; the kiosk shows initials")
        return None
    if max(image.width(), image.height()) > size:
        image = image.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # PySide6's stub types the format as bytes; the binding accepts only str.
    image.convertToFormat(QImage.Format.Format_RGB32).save(  # type: ignore[call-overload]
        buffer, "JPEG", 85)
    buffer.close()
    return bytes(data.data())
