"""The five rating faces (very unhappy -> delighted), one design for the kiosk, the wallboard
and print, painted with QPainter at any size.

The expression is the primary cue (brows, eyes, mouth all differ, the 5 laughs with its eyes);
the colour comes from the one colour-blind-safe score scale of ``shared.qt.theme``.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from shared.qt.theme import FACE_INK, TEXT, score_color


def paint_face(painter: QPainter, rect: QRectF, score: int, *, selected: bool = False,
               dimmed: bool = False, ring: QColor | None = None) -> None:
    """Face ``score`` (1..5) in ``rect`` (a square works best); ``selected`` draws a ring."""
    side = min(rect.width(), rect.height())
    c = rect.center()
    r = side / 2 * 0.92
    colour = score_color(score)
    if dimmed:
        colour.setAlphaF(0.35)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    ring_colour = QColor(ring or TEXT) if selected else QColor(0, 0, 0, 0)
    painter.setPen(QPen(ring_colour, max(3.0, side * 0.05)))
    painter.setBrush(colour)
    painter.drawEllipse(c, r, r)
    ink = QColor(FACE_INK)
    if dimmed:
        ink.setAlphaF(0.5)
    pen = QPen(ink, max(2.0, side * 0.055), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(ink)
    ex, ey, er = r * 0.36, r * 0.25, r * 0.11
    left, right = QPointF(c.x() - ex, c.y() - ey), QPointF(c.x() + ex, c.y() - ey)
    if score == 5:
        # Laughing eyes: upward arcs.
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for eye in (left, right):
            painter.drawArc(QRectF(eye.x() - er * 1.4, eye.y() - er, er * 2.8, er * 2.4),
                            0, 180 * 16)
    else:
        painter.drawEllipse(left, er, er)
        painter.drawEllipse(right, er, er)
    if score in (1, 2):
        # Brows slanting down to the middle (angry for 1, worried-flat for 2).
        tilt = r * (0.16 if score == 1 else 0.06)
        by = c.y() - ey - r * 0.24
        bw = er * 1.6
        painter.drawLine(QPointF(left.x() - bw, by - tilt), QPointF(left.x() + bw, by + tilt))
        painter.drawLine(QPointF(right.x() - bw, by + tilt), QPointF(right.x() + bw, by - tilt))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    mw, my = r * 0.52, c.y() + r * 0.35
    path = QPainterPath()
    if score == 1:
        path.moveTo(c.x() - mw, my + r * 0.18)
        path.quadTo(QPointF(c.x(), my - r * 0.42), QPointF(c.x() + mw, my + r * 0.18))
    elif score == 2:
        path.moveTo(c.x() - mw * 0.8, my + r * 0.08)
        path.quadTo(QPointF(c.x(), my - r * 0.16), QPointF(c.x() + mw * 0.8, my + r * 0.08))
    elif score == 3:
        path.moveTo(c.x() - mw * 0.75, my)
        path.lineTo(c.x() + mw * 0.75, my)
    elif score == 4:
        path.moveTo(c.x() - mw * 0.8, my - r * 0.08)
        path.quadTo(QPointF(c.x(), my + r * 0.22), QPointF(c.x() + mw * 0.8, my - r * 0.08))
    else:
        path.moveTo(c.x() - mw, my - r * 0.14)
        path.quadTo(QPointF(c.x(), my + r * 0.55), QPointF(c.x() + mw, my - r * 0.14))
        path.closeSubpath()
        painter.setBrush(ink)
    painter.drawPath(path)
    painter.restore()
