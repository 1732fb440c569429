"""Horizontal bars with a department's name on each (the rankings' CSAT, the disputes'
points): one plot and one bar item made once, re-filled by ``set_rows``."""

from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtGui import QColor

from wallboard.slides.axes import set_axes_language, still_plot
from wallboard.slides.base import axis_font, fit_axis


class DepartmentBars:
    """A pyqtgraph plot (``plot``, to put in a layout) with one bar per named row, the first
    row at the bottom; names on the left axis, sized so pyqtgraph does not drop them."""

    def __init__(self) -> None:
        self.plot = still_plot()
        self.bars = pg.BarGraphItem(x0=[], y=[], height=0.7, width=[], brushes=[])
        self.plot.addItem(self.bars)
        self.unit = 1.0

    def rescale(self, unit: float) -> None:
        self.unit = unit
        for axis in ("left", "bottom"):
            self.plot.getAxis(axis).setStyle(tickFont=axis_font(unit))
        fit_axis(self.plot.getAxis("bottom"), unit)

    def set_rows(self, names: Sequence[str], starts: Sequence[float],
                 widths: Sequence[float], colours: Sequence[QColor],
                 language: str = "ru") -> None:
        set_axes_language(self.plot, language)
        self.bars.setOpts(x0=list(starts), y=list(range(len(names))), height=0.7,
                          width=list(widths), brushes=[pg.mkBrush(c) for c in colours],
                          pen=pg.mkPen(None))
        self.plot.getAxis("left").setTicks([list(enumerate(names)), []])
        fit_axis(self.plot.getAxis("left"), self.unit, list(names))
        self.plot.setYRange(-0.6, max(len(names), 4) - 0.4, padding=0)
