"""The five score faces as buttons and icons (the one face design of ``shared.qt.faces``:
expression, colour and the number under it all differ)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractButton, QButtonGroup, QHBoxLayout, QSizePolicy, QWidget

from kiosk import theme
from shared.qt.faces import paint_face


def face_name(score: int) -> str:
    names = {
        1: QCoreApplication.translate("Faces", "Very unhappy"),
        2: QCoreApplication.translate("Faces", "Unhappy"),
        3: QCoreApplication.translate("Faces", "Neutral"),
        4: QCoreApplication.translate("Faces", "Happy"),
        5: QCoreApplication.translate("Faces", "Delighted"),
    }
    return names[score]


_IMAGES: dict[tuple[int, int, int, bool, bool], QImage] = {}


def face_image(score: int, side: int, dpr: float, *, selected: bool = False,
               dimmed: bool = False) -> QImage:
    """Face ``score`` drawn once into an image of ``side`` px (logical) and kept.

    Antialiased ellipses and curves cost ~2 ms a face; a screen change repaints six of
    them. An image (not a QPixmap: it may outlive the application at exit) draws in ~0.1 ms.
    """
    key = (score, side, round(dpr * 100), selected, dimmed)
    image = _IMAGES.get(key)
    if image is None:
        if len(_IMAGES) > 80:  # a resize or a DPI change: start over
            _IMAGES.clear()
        pixels = max(1, round(side * dpr))
        image = QImage(pixels, pixels, QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(dpr)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        paint_face(painter, QRectF(0, 0, side, side), score, selected=selected, dimmed=dimmed)
        painter.end()
        _IMAGES[key] = image
    return image


class FaceButton(QAbstractButton):
    """One big face; the number under it repeats the score for those who cannot tell colours."""

    def __init__(self, score: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.score = score
        self.setObjectName(f"face-{score}")
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(110, 130)
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(f"face-{self.score}")
        self.setAccessibleDescription(face_name(self.score))
        self.setToolTip(face_name(self.score))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(220, 260)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        w, h = self.width(), self.height()
        label_h = h * 0.22
        side = int(min(w, h - label_h))
        group = self.group()
        any_checked = group is not None and group.checkedButton() is not None
        painter.drawImage(QPointF((w - side) / 2, 0), face_image(
            self.score, side, self.devicePixelRatioF(), selected=self.isChecked(),
            dimmed=not self.isEnabled() or (any_checked and not self.isChecked())))
        font = painter.font()
        font.setPixelSize(max(12, int(label_h * 0.7)))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor(theme.TEXT))
        painter.drawText(QRectF(0, side, w, h - side), Qt.AlignmentFlag.AlignCenter,
                         str(self.score))
        painter.end()


class FaceRow(QWidget):
    """Five faces in a row; ``chosen(score)`` when one is tapped."""

    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("faceRow")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(24)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self.faces: dict[int, FaceButton] = {}
        for score in range(1, 6):
            button = FaceButton(score, self)
            self._group.addButton(button, score)
            layout.addWidget(button)
            self.faces[score] = button
            button.clicked.connect(lambda _=False, s=score: self._on_click(s))

    def _on_click(self, score: int) -> None:
        for b in self.faces.values():
            b.update()
        self.chosen.emit(score)

    def select(self, score: int | None) -> None:
        self._group.setExclusive(False)
        for s, b in self.faces.items():
            b.setChecked(s == score)
            b.update()
        self._group.setExclusive(True)


class FaceIcon(QWidget):
    """A face that is only shown (the thanks screen, the company mood)."""

    def __init__(self, score: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._score = score
        self.setMinimumSize(48, 48)

    def set_score(self, score: int) -> None:
        self._score = max(1, min(5, score))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        side = min(self.width(), self.height())
        painter.drawImage(QPointF((self.width() - side) / 2, (self.height() - side) / 2),
                          face_image(self._score, side, self.devicePixelRatioF()))
        painter.end()
