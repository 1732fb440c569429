"""The one palette of the kiosk, the wallboard and print: a colour-blind-safe score scale
(the five faces' colours too), the dark screen colours and the series colours.

The score scale is a blue-orange diverging one (Okabe-Ito orange -> neutral grey -> sky blue):
it stays readable for the common colour-vision deficiencies, where red-green scales fail; the
lightness steps as well, and the faces' expressions say the score without any colour.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from shared.palette import WITHHELD_RGB, score_rgb  # the score scale itself

BACKGROUND = QColor(14, 20, 30)
PANEL = QColor(27, 36, 50)  # cards and panels on the background
PANEL_HIGH = QColor(38, 52, 74)  # buttons on a panel
TEXT = QColor(240, 244, 248)
MUTED = QColor(150, 162, 178)
ACCENT = QColor(86, 180, 233)
ACCENT_TEXT = QColor(6, 18, 31)  # text on the accent or the warning colour
WARNING = QColor(230, 159, 0)
DANGER = QColor(213, 94, 0)  # Okabe-Ito vermillion, not a red a colour-blind eye loses
OK = QColor(0, 158, 115)  # Okabe-Ito bluish green
FACE_INK = QColor(16, 21, 28)  # eyes and mouths of the faces
WITHHELD = QColor(*WITHHELD_RGB)
WORST = QColor(DANGER)  # the scale's "very unhappy" end: what must catch the eye
# Series colours for groups/segments (Okabe-Ito, without black): distinguishable for everyone.
SERIES = (QColor(86, 180, 233), QColor(230, 159, 0), QColor(0, 158, 115), QColor(240, 228, 66),
          QColor(204, 121, 167), QColor(213, 94, 0), QColor(0, 114, 178))


def score_color(score: float | None) -> QColor:
    """The scale's colour for a mean score 1..5 (grey-blue 'withheld' colour for None)."""
    return QColor(*score_rgb(score))


def series_color(index: int) -> QColor:
    return QColor(SERIES[index % len(SERIES)])
