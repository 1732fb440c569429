"""The five rating faces (very unhappy -> delighted), painted with QPainter at any size."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from shared.qt.theme import score_color


def paint_face(painter: QPainter, rect: QRectF, score: int, *, color: QColor | None = None,
               ink: QColor | None = None, dimmed: bool = False) -> None:
    """One face for ``score`` 1..5 in ``rect`` (a square works best)."""
    fill = QColor(color or score_color(score))
    if dimmed:
        fill.setAlpha(70)
    ink = QColor(ink or QColor(20, 24, 32))
    if dimmed:
        ink.setAlpha(120)
    size = min(rect.width(), rect.height())
    c = rect.center()
    r = size / 2
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(fill)
    painter.drawEllipse(c, r * 0.96, r * 0.96)
    painter.setBrush(ink)
    eye = r * 0.11
    painter.drawEllipse(QPointF(c.x() - r * 0.33, c.y() - r * 0.22), eye, eye * 1.3)
    painter.drawEllipse(QPointF(c.x() + r * 0.33, c.y() - r * 0.22), eye, eye * 1.3)
    pen = QPen(ink, max(1.0, r * 0.11))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    # Mouth: a quadratic curve bending from a frown (1) to a wide smile (5).
    bend = (score - 3) * 0.16 * r
    y = c.y() + r * 0.32 - (bend * 0.3)
    half = r * (0.36 + 0.04 * abs(score - 3))
    path = QPainterPath(QPointF(c.x() - half, y))
    path.quadTo(QPointF(c.x(), y + 2 * bend), QPointF(c.x() + half, y))
    painter.drawPath(path)
    painter.restore()


def face_for_mean(mean: float) -> int:
    """The face a mean score rounds to (1..5)."""
    return max(1, min(5, int(mean + 0.5)))
