"""The score scale's colours as plain RGB: one scale for Qt (``shared.qt.theme``) and the web.

A blue-orange diverging scale (Okabe-Ito orange -> neutral grey -> sky blue): it stays
readable for the common colour-vision deficiencies, where red-green scales fail.
"""

from __future__ import annotations

RGB = tuple[int, int, int]

# (score, colour) stops: 1 = orange (unhappy), 3 = neutral, 5 = sky blue (delighted).
SCORE_STOPS: tuple[tuple[float, RGB], ...] = (
    (1.0, (213, 94, 0)), (2.0, (230, 159, 0)), (3.0, (170, 170, 170)),
    (4.0, (86, 180, 233)), (5.0, (0, 114, 178)))

WITHHELD_RGB: RGB = (90, 100, 115)


def score_rgb(score: float | None) -> RGB:
    """The scale's colour for a mean score 1..5 (the grey-blue 'withheld' colour for None)."""
    if score is None:
        return WITHHELD_RGB
    score = min(5.0, max(1.0, score))
    for (lo, c0), (hi, c1) in zip(SCORE_STOPS, SCORE_STOPS[1:], strict=False):
        if score <= hi:
            t = (score - lo) / (hi - lo)
            r, g, b = (round(a + (b - a) * t) for a, b in zip(c0, c1, strict=True))
            return (r, g, b)
    return SCORE_STOPS[-1][1]


def score_hex(score: float | None) -> str:
    """``score_rgb`` as a CSS colour, ``#rrggbb``."""
    return "#{:02x}{:02x}{:02x}".format(*score_rgb(score))
