"""The friendly screen before the first rating exists (or while the first data is loading)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from shared.domain.wallboard_data import WallboardData
from shared.qt.faces import paint_face
from wallboard.slides.base import Slide, label


class Faces(QWidget):
    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        size = min(self.height(), self.width() / 6)
        left = (self.width() - 5 * size * 1.2) / 2
        for i in range(5):
            paint_face(p, QRectF(left + i * size * 1.2, (self.height() - size) / 2, size, size),
                       i + 1)
        p.end()


class WaitingSlide(Slide):
    name = "waiting"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headline = label("big", align=Qt.AlignmentFlag.AlignCenter, wrap=True)
        self.hint = label("body", align=Qt.AlignmentFlag.AlignCenter, wrap=True)
        self.faces = Faces()
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.faces, 2)
        layout.addSpacing(40)
        layout.addWidget(self.headline)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        self.connecting()

    def title(self) -> str:
        return self.tr("Supplier Pulse")

    def connecting(self) -> None:
        self.headline.setText(self.tr("Loading the latest ratings\u2026"))
        self.hint.setText(self.tr("The wallboard is connecting to the database."))

    def set_data(self, data: WallboardData) -> None:
        self.headline.setText(self.tr("Waiting for the first ratings"))
        self.hint.setText(self.tr("Rate the colleagues who serve you at the kiosk: tap your "
                                  "badge and pick a face. The first results appear here."))
