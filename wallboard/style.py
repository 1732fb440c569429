"""Sizes and the style sheet of the wallboard, scaled from a 1920 x 1080 design to any screen.

Everything is sized for reading from 5 metres: body text is at least 30 px at 1080p (60 px at
4K), titles about 64 px. Labels pick their size by a ``role`` property.
"""

from __future__ import annotations

from shared.qt.theme import ACCENT, BACKGROUND, MUTED, PANEL, TEXT, WARNING

DESIGN_HEIGHT = 1080.0
ROLES = {  # role: (pixel size at 1080p, bold, colour)
    "title": (62, True, TEXT), "clock": (44, False, MUTED), "heading": (40, True, ACCENT),
    "big": (96, True, TEXT), "body": (36, False, TEXT), "bodybold": (36, True, TEXT),
    "muted": (32, False, MUTED), "small": (30, False, MUTED), "ticker": (36, False, TEXT),
    "banner": (34, True, BACKGROUND), "huge": (200, True, TEXT), "withheld": (40, False, MUTED),
}


def unit_for(height: int) -> float:
    return max(0.4, height / DESIGN_HEIGHT)


def px(size: float, unit: float) -> int:
    return max(1, round(size * unit))


def stylesheet(unit: float, family: str) -> str:
    rules = [f"QWidget#wallboard {{ background: {BACKGROUND.name()}; }}",
             f"QWidget {{ font-family: '{family}'; color: {TEXT.name()}; }}",
             f"QFrame[panel='true'] {{ background: {PANEL.name()}; "
             f"border-radius: {px(18, unit)}px; }}",
             f"QLabel[role='banner'] {{ background: {WARNING.name()}; padding: {px(10, unit)}px "
             f"{px(28, unit)}px; border-radius: {px(12, unit)}px; }}",
             "QPushButton#print-poster { background: transparent; border: none; }",
             "QGraphicsView { background: transparent; border: none; }"]
    for role, (size, bold, colour) in ROLES.items():
        weight = "bold" if bold else "normal"
        rules.append(f"QLabel[role='{role}'] {{ font-size: {px(size, unit)}px; "
                     f"font-weight: {weight}; color: {colour.name()}; }}")
    return "\n".join(rules)
