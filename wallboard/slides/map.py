"""The client-centricity map: departments as nodes, client -> supplier edges by satisfaction.

Edge colour = mean score on the colour-blind-safe scale (legend at the side), edge width =
volume, arrow at the supplier's end; grey thin edges have fewer than k clients. The layout is
circular by department group and only recomputed when the set of departments changes. Every
chart item comes from a pool created once and updated with setData (flat memory for days).
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QLinearGradient, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from shared.domain.wallboard_data import MapNode, WallboardData
from shared.qt.theme import BACKGROUND, TEXT, WITHHELD, score_color
from wallboard.layout import circular_layout, edge_curve, spread
from wallboard.slides.base import Slide, elide, label, pick
from wallboard.style import px

MAX_EDGES = 120


class ScoreLegend(QWidget):
    """A vertical colour bar 1..5 with faces' meaning, painted (no chart items)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.unit = 1.0
        self.setMinimumWidth(120)

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        bar = QRectF(0, px(10, self.unit), px(44, self.unit), self.height() - px(20, self.unit))
        grad = QLinearGradient(bar.topLeft(), bar.bottomLeft())
        for i in range(9):
            score = 5 - i * 0.5
            grad.setColorAt(i / 8, score_color(score))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(grad)
        p.drawRoundedRect(bar, px(8, self.unit), px(8, self.unit))
        font = p.font()
        font.setPixelSize(px(30, self.unit))
        p.setFont(font)
        p.setPen(TEXT)
        for score in range(1, 6):
            y = bar.top() + bar.height() * (5 - score) / 4
            p.drawText(QPointF(bar.right() + px(14, self.unit), y + px(10, self.unit)), str(score))
        p.end()


class MapSlide(Slide):
    name = "map"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = pg.PlotWidget(background=None)
        self.plot.hideAxis("left")
        self.plot.hideAxis("bottom")
        self.plot.setMouseEnabled(False, False)
        self.plot.hideButtons()
        self.plot.setAspectLocked(True)
        self.plot.setXRange(-2.4, 2.4, padding=0)  # names beside the circle, outward
        self.plot.setYRange(-1.3, 1.3, padding=0)
        self.nodes = pg.ScatterPlotItem(pxMode=True)
        self.nodes.setZValue(10)
        self.plot.addItem(self.nodes)
        # Label spacing is in screen pixels: placed again whenever the plot's size changes.
        self.plot.getViewBox().sigResized.connect(self._place_labels)
        self.edges: list[pg.PlotCurveItem] = []
        self.arrows: list[pg.ArrowItem] = []
        self.labels: list[pg.TextItem] = []
        self._layout_key: tuple[int, ...] = ()
        self._positions: dict[int, tuple[float, float]] = {}
        self._brushes: dict[float | None, QBrush] = {}
        self._node_pen = pg.mkPen(TEXT, width=2)
        self._label_nodes: tuple[MapNode, ...] = ()
        self.legend = ScoreLegend()
        self.legend_title = label("bodybold", wrap=True)
        self.legend_high = label("muted", wrap=True)
        self.legend_low = label("muted", wrap=True)
        self.legend_width = label("muted", wrap=True)
        self.legend_grey = label("muted", wrap=True)
        self.summary = label("muted", wrap=True)
        side = QVBoxLayout()
        side.addWidget(self.legend_title)
        side.addWidget(self.legend_high)
        row = QHBoxLayout()
        row.addWidget(self.legend)
        row.addStretch(1)
        side.addLayout(row, 3)
        side.addWidget(self.legend_low)
        side.addSpacing(24)
        side.addWidget(self.legend_width)
        side.addWidget(self.legend_grey)
        side.addStretch(1)
        side.addWidget(self.summary)
        outer = QHBoxLayout(self)
        outer.addWidget(self.plot, 4)
        outer.addLayout(side, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.legend_title.setText(self.tr("Mean score of the clients"))
        self.legend_high.setText(self.tr("5 = delighted"))
        self.legend_low.setText(self.tr("1 = very unhappy"))
        self.legend_width.setText(self.tr("Arrow: client \u2192 supplier. Thicker = more ratings."))
        self.legend_grey.setText(self.tr("Grey: not enough ratings yet."))

    def title(self) -> str:
        return self.tr("Who serves whom, and how well")

    def _brush(self, mean: float | None) -> QBrush:
        # Quantised to a tenth of a point: a bounded set of colours, each brush made once.
        key = None if mean is None else round(mean, 1)
        brush = self._brushes.get(key)
        if brush is None:
            brush = self._brushes[key] = pg.mkBrush(score_color(key))
        return brush

    def rescale(self, unit: float) -> None:
        super().rescale(unit)
        self._node_pen = pg.mkPen(TEXT, width=2 * unit)
        self.legend.unit = unit
        self.legend.setMinimumWidth(px(110, unit))
        self.legend.update()

    def _grow(self, edges: int, labels: int) -> None:
        while len(self.edges) < edges:
            curve = pg.PlotCurveItem()
            arrow = pg.ArrowItem(headLen=16, tipAngle=40, pen=None)
            self.plot.addItem(curve)
            self.plot.addItem(arrow)
            self.edges.append(curve)
            self.arrows.append(arrow)
        while len(self.labels) < labels:
            backdrop = QColor(BACKGROUND)
            backdrop.setAlpha(170)  # names stay readable over the arrows beneath
            text = pg.TextItem(color=TEXT, fill=pg.mkBrush(backdrop))
            text.setZValue(20)
            self.plot.addItem(text)
            self.labels.append(text)

    def set_data(self, data: WallboardData) -> None:
        key = tuple(n.department_id for n in data.map_nodes)
        if key != self._layout_key:  # only a new set of departments moves the nodes
            self._positions = circular_layout([(n.department_id, n.group, n.name)
                                               for n in data.map_nodes])
            self._layout_key = key
        pos = self._positions
        dept_mean = {d.department_id: d.score.mean for d in data.departments}
        edges = sorted(data.map_edges, key=lambda e: (-e.n, e.client_department_id,
                                                      e.supplier_department_id))[:MAX_EDGES]
        self._grow(len(edges), len(data.map_nodes))
        # Withheld edges carry n = 0: with only those, the widest is 1 (no division by zero).
        max_n = max((e.n for e in edges), default=1) or 1
        for i, curve in enumerate(self.edges):
            arrow = self.arrows[i]
            if i >= len(edges):
                curve.setVisible(False)
                arrow.setVisible(False)
                continue
            e = edges[i]
            a, b = pos[e.client_department_id], pos[e.supplier_department_id]
            xs, ys = edge_curve(_shrink(a, b, 0.07), _shrink(b, a, 0.09))
            width = (1.5 + 9 * math.sqrt(e.n / max_n)) * self.unit
            color = QColor(WITHHELD) if e.withheld else score_color(e.mean)
            color.setAlpha(150 if e.withheld else 220)
            pen = QPen(color, width if not e.withheld else 1.5 * self.unit)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setCosmetic(True)  # width in screen pixels, not in map units
            if e.withheld:
                pen.setStyle(Qt.PenStyle.DashLine)
            curve.setData(xs, ys)
            curve.setPen(pen)
            curve.setZValue(2 if e.withheld else 3 + e.n / max_n)
            angle = math.degrees(math.atan2(ys[-1] - ys[-2], xs[-1] - xs[-2]))
            arrow.setStyle(angle=180 - angle, brush=color, headLen=(12 + width * 1.6),
                           tipAngle=36)
            arrow.setPos(xs[-1], ys[-1])
            curve.setVisible(True)
            arrow.setVisible(not e.withheld)
        max_volume = max((n.volume for n in data.map_nodes), default=1) or 1
        spots = []
        for n in data.map_nodes:
            x, y = pos[n.department_id]
            # Whole pixels and shared brushes: the scatter's symbol atlas caches one picture
            # per (size, pen, brush), and fresh objects every refresh made it grow for ever.
            size = round((26 + 34 * math.sqrt(n.volume / max_volume)) * self.unit)
            spots.append({"pos": (x, y), "size": size,
                          "brush": self._brush(dept_mean.get(n.department_id)),
                          "pen": self._node_pen})
        self.nodes.setData(spots)
        self._label_nodes = data.map_nodes
        self._place_labels()
        shown = sum(1 for e in edges if not e.withheld)
        self.summary.setText(self.tr("%1 departments, %2 client-supplier links this month")
                             .replace("%1", str(len(data.map_nodes))).replace("%2", str(shown)))

    def available(self, data: WallboardData) -> bool:
        return bool(data.map_nodes)

    def _place_labels(self, *_args: object) -> None:
        """Names beside their nodes, written outward (right arc: to the right; left arc: to
        the left), moved apart vertically where nodes are closer than a line of text."""
        nodes, pos = self._label_nodes, self._positions
        font = self.font()
        font.setPixelSize(px(23, self.unit))
        font.setBold(True)
        pixel_w, pixel_h = self._pixel_size()
        line = (px(23, self.unit) * 1.3 + 2) * pixel_h
        beside = (px(60, self.unit) / 2 + px(10, self.unit)) * pixel_w
        sides: dict[bool, list[int]] = {True: [], False: []}
        for i, n in enumerate(nodes):
            sides[pos[n.department_id][0] >= 0].append(i)
        label_y: dict[int, float] = {}
        for members in sides.values():
            wanted = [pos[nodes[i].department_id][1] for i in members]
            for i, y in zip(members, spread(wanted, line, -1.25, 1.25), strict=True):
                label_y[i] = y
        for i, text in enumerate(self.labels):
            if i >= len(nodes):
                text.setVisible(False)
                continue
            n = nodes[i]
            x, _y = pos[n.department_id]
            text.setText(elide(pick(n.name, n.name_en, self.language), 23))
            text.setFont(font)
            right = x >= 0
            text.setAnchor((0.0, 0.5) if right else (1.0, 0.5))
            text.setPos(x + beside if right else x - beside, label_y[i])
            text.setVisible(True)

    def _pixel_size(self) -> tuple[float, float]:
        """Map units per screen pixel (before the first layout: the 1080p plot's)."""
        try:
            w, h = self.plot.getViewBox().viewPixelSize()
        except Exception:  # noqa: BLE001 - no geometry yet
            w = h = 0.0
        if not (0 < w < 0.05 and 0 < h < 0.05):
            return 2.6 / 850, 2.6 / 850
        return w, h


def _shrink(a: tuple[float, float], b: tuple[float, float], t: float) -> tuple[float, float]:
    """The point a moved toward b by the fraction t (edges stop short of the node discs)."""
    return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
