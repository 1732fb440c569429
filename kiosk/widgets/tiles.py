"""Supplier tiles and avatars: a photo when there is one, otherwise the person's initials."""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QImage, QPainter, QPainterPath, QPaintEvent
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget

from kiosk import theme

_AVATAR_COLOURS = ("#3A6EA5", "#6B4E9B", "#2E8B7A", "#A0522D", "#4F6D7A", "#8E3B5E", "#5B7F2B")


def initials(name: str) -> str:
    """'Петров Иван Сергеевич' -> 'ПИ'; one word gives one letter."""
    parts = [p for p in name.replace("-", " ").split() if p]
    return "".join(p[0].upper() for p in parts[:2]) or "?"


def photo_image(data: bytes | None) -> QImage | None:
    if not data:
        return None
    image = QImage.fromData(data)
    return None if image.isNull() else image


def paint_avatar(painter: QPainter, rect: QRectF, name: str, photo: QImage | None) -> None:
    """A round photo, or the initials on a colour derived from the name (stable per person)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    clip = QPainterPath()
    clip.addEllipse(rect)
    painter.setClipPath(clip)
    if photo is not None:
        scaled = photo.scaled(rect.size().toSize(), Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                              Qt.TransformationMode.SmoothTransformation)
        sx = (scaled.width() - rect.width()) / 2
        sy = (scaled.height() - rect.height()) / 2
        painter.drawImage(rect, scaled, QRectF(sx, sy, rect.width(), rect.height()))
    else:
        index = int(hashlib.md5(name.encode("utf-8")).hexdigest()[:4], 16) % len(_AVATAR_COLOURS)
        painter.fillRect(rect, QColor(_AVATAR_COLOURS[index]))
        font = painter.font()
        font.setPixelSize(max(10, int(rect.height() * 0.38)))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor(theme.TEXT))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, initials(name))
    painter.restore()


class Avatar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._name = ""
        self._photo: QImage | None = None
        self.setMinimumSize(64, 64)

    def set_person(self, name: str, photo: bytes | None) -> None:
        self._name = name
        self._photo = photo_image(photo)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        side = min(self.width(), self.height())
        paint_avatar(painter, QRectF((self.width() - side) / 2, (self.height() - side) / 2,
                                     side, side), self._name, self._photo)
        painter.end()


class SupplierTile(QAbstractButton):
    """A tappable card: avatar, name, department. Named ``supplierTile-<personnel_no>``."""

    chosen = Signal(object)

    def __init__(self, supplier: object, name: str, department: str, photo: bytes | None,
                 scale: float = 1.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.supplier = supplier
        personnel_no = getattr(supplier, "personnel_no", "")
        self.setObjectName(f"supplierTile-{personnel_no}")
        self.setAccessibleName(f"supplierTile-{personnel_no}")
        self.setAccessibleDescription(name)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._name = name
        self._department = department
        self._photo = photo_image(photo)
        self._scale = scale
        self._width = round(420 * scale)
        self.clicked.connect(lambda: self.chosen.emit(self.supplier))

    @property
    def display_name(self) -> str:
        return self._name

    def set_width(self, width: int) -> None:
        if width != self._width:
            self._width = width
            self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(self._width, round(150 * self._scale))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        s = self._scale
        bg = QColor(theme.ACCENT if self.isDown() else theme.SURFACE)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(bg)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 20 * s, 20 * s)
        pad = 18 * s
        side = self.height() - 2 * pad
        paint_avatar(painter, QRectF(pad, pad, side, side), self._name, self._photo)
        text_x = pad * 2 + side
        text_w = self.width() - text_x - pad
        font = painter.font()
        font.setBold(True)
        name_rect = QRectF(text_x, pad, text_w, side * 0.64)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom
                    | Qt.TextFlag.TextWordWrap)
        # Long Russian names (surname, name, patronymic): shrink until they fit in two lines.
        size = round(28 * s)
        while True:
            font.setPixelSize(size)
            fits = QFontMetrics(font).boundingRect(name_rect.toRect(), flags, self._name)
            if fits.height() <= name_rect.height() or size <= round(18 * s):
                break
            size -= 1
        painter.setFont(font)
        painter.setPen(QColor(theme.ACCENT_TEXT if self.isDown() else theme.TEXT))
        painter.drawText(name_rect, flags, self._name)
        font.setBold(False)
        font.setPixelSize(round(22 * s))
        painter.setFont(font)
        painter.setPen(QColor(theme.TEXT_DIM if not self.isDown() else theme.ACCENT_TEXT))
        dep = painter.fontMetrics().elidedText(self._department, Qt.TextElideMode.ElideRight,
                                               int(text_w))
        painter.drawText(QRectF(text_x, pad + side * 0.66, text_w, side * 0.34),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), dep)
        painter.end()
