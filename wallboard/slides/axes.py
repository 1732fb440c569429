"""Chart axes that write numbers as the screen's language does, and the still plot.

pyqtgraph formats tick values with ``%g``: a hyphen for the minus sign and a decimal point
whatever the language. On the wall a negative value reads better with a true minus sign
(U+2212, the width of a plus) and a Russian screen writes 0,5, not 0.5.
"""

from __future__ import annotations

import pyqtgraph as pg

from shared.qt.theme import MUTED, TEXT

MINUS = "\u2212"


def number_text(text: str, language: str) -> str:
    """A tick label (``%g``-formatted by pyqtgraph) as ``language`` writes numbers."""
    if text.startswith("-"):
        text = MINUS + text[1:]
    if language == "ru":
        text = text.replace(".", ",")
    return text


class NumberAxis(pg.AxisItem):
    """A value axis whose tick labels follow ``language`` (see ``set_axes_language``)."""

    def __init__(self, orientation: str) -> None:
        super().__init__(orientation)
        self.language = "ru"

    def tickStrings(self, values: list[float], scale: float,  # noqa: N802 - pyqtgraph API
                    spacing: float) -> list[str]:
        texts: list[str] = super().tickStrings(values, scale, spacing)
        return [number_text(text, self.language) for text in texts]


def set_axes_language(plot: pg.PlotItem | pg.PlotWidget, language: str) -> None:
    """Tell a plot's language-aware axes the screen's language; they redraw if it changed."""
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        if getattr(axis, "language", language) != language:
            axis.language = language
            axis.picture = None  # the tick texts are cached in the axis' picture
            axis.update()


def still_plot(numbers: tuple[str, ...] = ("bottom",)) -> pg.PlotWidget:
    """A plot for a wall: no mouse, no buttons, muted axes with light tick text; the axes
    named in ``numbers`` carry values and write them in the screen's language."""
    plot = pg.PlotWidget(background=None,
                         axisItems={name: NumberAxis(name) for name in numbers})
    plot.setMouseEnabled(False, False)
    plot.hideButtons()
    for axis in ("left", "bottom"):
        plot.getAxis(axis).setPen(MUTED)
        plot.getAxis(axis).setTextPen(TEXT)
    return plot
