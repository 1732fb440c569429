"""The client-centricity map: who serves whom badly, readable from four metres.

Departments are nodes (colour = their clients' mean score on the colour-blind-safe scale,
size = volume), named by their short names at 30 px. Of the client -> supplier links only
the weakest few stand out (``weakest_links``: below the company's typical link, the worst
first), thick, in the scale's "unhappy" colour, with an arrow at the supplier's end, and
listed in words beside the map with their figures; the busiest other links are thin grey lines
that only show the structure. Links below k are not drawn. The layout is circular by
department group and only recomputed when the set of departments changes; every chart item
comes from a pool created once and updated with setData (flat memory for days).
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QLocale, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QLinearGradient,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from shared.domain.wallboard_data import MapEdge, MapNode, WallboardData, weakest_links
from shared.qt.theme import BACKGROUND, TEXT, WITHHELD, WORST, score_color
from wallboard.layout import circular_layout, edge_curve, spread
from wallboard.slides.base import Slide, label, pick
from wallboard.style import px

WEAKEST = 6  # links that stand out (and are listed beside the map)
CONTEXT_EDGES = 30  # the busiest other links, thin and grey
LABEL_PX = 30
NODE_MIN, NODE_MAX = 22, 40  # node diameters at 1080p: neighbours on an arc never touch


class ScoreLegend(QWidget):
    """A horizontal colour bar 1..5, its numbers underneath, painted inside its own rect."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.unit = 1.0
        self.rescale(1.0)

    def rescale(self, unit: float) -> None:
        self.unit = unit
        self.setFixedHeight(px(30 + 12 + 40, unit))
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = p.font()
        font.setPixelSize(px(LABEL_PX, self.unit))
        p.setFont(font)
        half = p.fontMetrics().horizontalAdvance("5") / 2 + 2
        bar = QRectF(half, 0, self.width() - 2 * half, px(30, self.unit))
        grad = QLinearGradient(bar.topLeft(), bar.topRight())
        for i in range(9):
            grad.setColorAt(i / 8, score_color(1 + i * 0.5))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(grad)
        p.drawRoundedRect(bar, px(8, self.unit), px(8, self.unit))
        p.setPen(TEXT)
        top = bar.bottom() + px(8, self.unit)
        for score in range(1, 6):
            x = bar.left() + bar.width() * (score - 1) / 4
            p.drawText(QRectF(x - half * 2, top, half * 4, self.height() - top),
                       int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), str(score))
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
        self.plot.setAspectLocked(True)  # a circle stays a circle
        self.nodes = pg.ScatterPlotItem(pxMode=True)
        self.nodes.setZValue(10)
        self.plot.addItem(self.nodes)
        # Label spacing is in screen pixels: placed again whenever the plot's size changes.
        self.plot.getViewBox().sigResized.connect(self._resized)
        self.context: list[pg.PlotCurveItem] = []
        self.edges: list[pg.PlotCurveItem] = []
        self.arrows: list[pg.ArrowItem] = []
        self.labels: list[pg.TextItem] = []
        self._layout_key: tuple[int, ...] = ()
        self._circle: dict[int, tuple[float, float]] = {}
        self._positions: dict[int, tuple[float, float]] = {}
        self._brushes: dict[float | None, QBrush] = {}
        self._node_pen = pg.mkPen(BACKGROUND, width=3)
        self._label_nodes: tuple[MapNode, ...] = ()
        self._data: WallboardData | None = None
        self._stretch = 1.0  # the arcs' height over their width: the map fills its place
        self._grow()
        # Beside the map: the weakest links in words, then the legend.
        self.list_heading = label("heading", wrap=True)
        self.rows: list[tuple[QLabel, QLabel, QLabel]] = []
        listing = QVBoxLayout()  # box layouts give a wrapped name its second line
        top = Qt.AlignmentFlag.AlignTop
        for i in range(WEAKEST):
            cells = (label("bodybold", str(i + 1), align=top | Qt.AlignmentFlag.AlignLeft),
                     label("body", wrap=True, align=top | Qt.AlignmentFlag.AlignLeft),
                     label("bodybold", align=top | Qt.AlignmentFlag.AlignRight))
            cells[0].setStyleSheet(f"color: {WORST.name()}")
            row = QHBoxLayout()
            row.addWidget(cells[0])
            row.addWidget(cells[1], 1)
            row.addWidget(cells[2])
            listing.addLayout(row)
            self.rows.append(cells)
        self.list_empty = label("muted", wrap=True)
        self.legend_title = label("bodybold", wrap=True)
        self.legend = ScoreLegend()
        self.legend_note = label("muted", wrap=True)
        self.summary = label("muted", wrap=True)
        side = QVBoxLayout()
        side.addWidget(self.list_heading)
        side.addLayout(listing)
        side.addWidget(self.list_empty)
        side.addStretch(1)
        side.addWidget(self.legend_title)
        side.addWidget(self.legend)
        side.addWidget(self.legend_note)
        side.addWidget(self.summary)
        outer = QHBoxLayout(self)
        outer.addWidget(self.plot, 2)
        outer.addLayout(side, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.list_heading.setText(self.tr("Weakest links this month"))
        self.list_empty.setText(self.tr("No link stands below the others yet."))
        self.legend_title.setText(self.tr("Circle: the department's mean score from its "
                                          "clients"))
        self.legend_note.setText(self.tr("Arrow: client \u2192 supplier, thicker = more "
                                         "ratings. Grey lines: the other busy links."))

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
        self._node_pen = pg.mkPen(BACKGROUND, width=3 * unit)
        self.legend.rescale(unit)

    def _grow(self, labels: int = 0) -> None:
        """The pool: made once (links) or grown to the number of departments (names)."""
        grey = QColor(WITHHELD)
        while len(self.context) < CONTEXT_EDGES:
            curve = pg.PlotCurveItem(pen=pg.mkPen(grey, width=2))
            curve.setZValue(1)
            self.plot.addItem(curve)
            self.context.append(curve)
        while len(self.edges) < WEAKEST:
            curve = pg.PlotCurveItem()
            curve.setZValue(5)
            arrow = pg.ArrowItem(headLen=24, tipAngle=40, pen=None)
            arrow.setZValue(6)
            for item in (curve, arrow):
                self.plot.addItem(item)
            self.edges.append(curve)
            self.arrows.append(arrow)
        while len(self.labels) < labels:
            text = pg.TextItem(color=TEXT)
            text.textItem.document().setDocumentMargin(0)  # the box is the text: no overlaps
            text.setZValue(20)
            self.plot.addItem(text)
            self.labels.append(text)

    def set_data(self, data: WallboardData) -> None:
        self._data = data
        key = tuple(n.department_id for n in data.map_nodes)
        if key != self._layout_key:  # only a new set of departments moves the nodes
            self._circle = circular_layout([(n.department_id, n.group, n.name)
                                            for n in data.map_nodes], serving_share(data))
            self._layout_key = key
        self._label_nodes = data.map_nodes
        self._fit_view()
        self._positions = {d: (x, y * self._stretch) for d, (x, y) in self._circle.items()}
        pos = self._positions
        locale = QLocale(QLocale.Language.Russian if self.language == "ru"
                         else QLocale.Language.English)
        _typical, weakest = weakest_links(data.map_edges, WEAKEST)
        worst = {(e.client_department_id, e.supplier_department_id) for e in weakest}
        others = sorted((e for e in data.map_edges if not e.withheld
                         and (e.client_department_id, e.supplier_department_id) not in worst),
                        key=lambda e: (-e.n, e.client_department_id,
                                       e.supplier_department_id))[:CONTEXT_EDGES]
        self._grow(len(data.map_nodes))
        for i, curve in enumerate(self.context):
            if i < len(others):
                e = others[i]
                a, b = pos[e.client_department_id], pos[e.supplier_department_id]
                xs, ys = edge_curve(_shrink(a, b, 0.06), _shrink(b, a, 0.06))
                curve.setData(xs, ys)
            curve.setVisible(i < len(others))
        max_n = max((e.n for e in weakest), default=1) or 1
        for i, curve in enumerate(self.edges):
            shown = i < len(weakest)
            for item in (curve, self.arrows[i]):
                item.setVisible(shown)
            if shown:
                self._draw_weak(i, weakest[i], max_n)
        max_volume = max([1, *(n.volume for n in data.map_nodes)])
        dept_mean = {d.department_id: d.score.mean for d in data.departments}
        spots = []
        for n in data.map_nodes:
            # Whole pixels and shared brushes: the scatter's symbol atlas caches one picture
            # per (size, pen, brush), and fresh objects every refresh made it grow for ever.
            size = round((NODE_MIN + (NODE_MAX - NODE_MIN) * math.sqrt(n.volume / max_volume))
                         * self.unit)
            spots.append({"pos": pos[n.department_id], "size": size,
                          "brush": self._brush(dept_mean.get(n.department_id)),
                          "pen": self._node_pen})
        self.nodes.setData(spots)
        self._place_labels()
        names = {n.department_id: self._name(n) for n in data.map_nodes}
        for i, (number, link, value) in enumerate(self.rows):
            shown = i < len(weakest)
            for cell in (number, link, value):
                cell.setVisible(shown)
            if shown:
                e = weakest[i]
                link.setText(f"{names[e.client_department_id]} \u2192 "
                             f"{names[e.supplier_department_id]}")
                value.setText(locale.toString(e.mean or 0.0, "f", 1))
                value.setStyleSheet(f"color: {score_color(e.mean).name()}")
        self.list_empty.setVisible(not weakest)
        links = sum(1 for e in data.map_edges if not e.withheld)
        self.summary.setText(self.tr("%1 departments, %2 client-supplier links this month")
                             .replace("%1", str(len(data.map_nodes))).replace("%2", str(links)))

    def _draw_weak(self, i: int, e: MapEdge, max_n: int) -> None:
        pos = self._positions
        a, b = pos[e.client_department_id], pos[e.supplier_department_id]
        xs, ys = edge_curve(_shrink(a, b, 0.07), _shrink(b, a, 0.10))
        width = (5 + 7 * math.sqrt(e.n / max_n)) * self.unit
        pen = QPen(WORST, width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setCosmetic(True)  # width in screen pixels, not in map units
        self.edges[i].setData(xs, ys)
        self.edges[i].setPen(pen)
        angle = math.degrees(math.atan2(ys[-1] - ys[-2], xs[-1] - xs[-2]))
        self.arrows[i].setStyle(angle=180 - angle, brush=WORST, headLen=(14 + width * 2.2),
                                tipAngle=40)
        self.arrows[i].setPos(xs[-1], ys[-1])

    def _name(self, n: MapNode) -> str:
        full = pick(n.name, n.name_en, self.language)
        return self._data.short_name(n.department_id, full, self.language) \
            if self._data is not None else full

    def available(self, data: WallboardData) -> bool:
        return bool(data.map_nodes)

    def _resized(self, *_args: object) -> None:
        """Label spacing and the arcs' shape are in screen pixels: drawn again."""
        if self._data is not None:
            self.set_data(self._data)

    def _place_labels(self) -> None:
        """Names beside their nodes, written outward (right arc: to the right; left arc: to
        the left), moved apart vertically where nodes are closer than a line of text."""
        nodes, pos = self._label_nodes, self._positions
        if not nodes:
            return
        font = self._label_font()
        pixel_w, pixel_h = self._pixel_size()
        line = (px(LABEL_PX, self.unit) * 1.25 + 2) * pixel_h
        beside = (px(NODE_MAX, self.unit) / 2 + px(8, self.unit)) * pixel_w
        sides: dict[bool, list[int]] = {True: [], False: []}
        for i, n in enumerate(nodes):
            sides[pos[n.department_id][0] >= 0].append(i)
        label_y: dict[int, float] = {}
        for members in sides.values():
            wanted = [pos[nodes[i].department_id][1] for i in members]
            limit = 1.15 * self._stretch
            for i, y in zip(members, spread(wanted, line, -limit, limit), strict=True):
                label_y[i] = y
        for i, text in enumerate(self.labels):
            if i >= len(nodes):
                text.setVisible(False)
                continue
            n = nodes[i]
            x, _y = pos[n.department_id]
            text.setText(self._name(n))
            text.setFont(font)
            right = x >= 0
            text.setAnchor((0.0, 0.5) if right else (1.0, 0.5))
            text.setPos(x + beside if right else x - beside, label_y[i])
            text.setVisible(True)

    def _label_font(self) -> QFont:
        font = self.font()
        font.setPixelSize(px(LABEL_PX, self.unit))
        font.setBold(True)
        return font

    def _fit_view(self) -> None:
        """Room for the longest name on either side of the arcs, whatever the names; the
        arcs as tall as the place allows (up to 1.6 times their width)."""
        metrics = QFontMetrics(self._label_font())
        widest = max((metrics.horizontalAdvance(self._name(n)) for n in self._label_nodes),
                     default=0)
        view = self.plot.getViewBox()
        width = view.width() if view.width() > 10 else 1300.0 * self.unit
        height = view.height() if view.height() > 10 else 850.0 * self.unit
        beside = px(NODE_MAX, self.unit) / 2 + px(16, self.unit) + widest
        # Pixels per map unit: the circle (radius 1) with a margin above and below, and
        # the widest name beside it on both sides, whichever is tighter.
        scale = max(1.0, min(height / 2.4, (width - 2 * beside) / 2))
        self._stretch = max(1.0, min(1.6, (height / 2.3) / scale))
        self.plot.setXRange(-width / 2 / scale, width / 2 / scale, padding=0)
        self.plot.setYRange(-height / 2 / scale, height / 2 / scale, padding=0)

    def _pixel_size(self) -> tuple[float, float]:
        """Map units per screen pixel (before the first layout: the 1080p plot's)."""
        try:
            w, h = self.plot.getViewBox().viewPixelSize()
        except Exception:  # noqa: BLE001 - no geometry yet
            w = h = 0.0
        if not (0 < w < 0.05 and 0 < h < 0.05):
            return 2.4 / 850, 2.4 / 850
        return w, h


def serving_share(data: WallboardData) -> dict[str, float]:
    """Each department group's share of its volume as the supplier (0 = only asks, 1 = only
    serves): the layout puts the askers on one arc and the servers on the other."""
    group = {n.department_id: n.group for n in data.map_nodes}
    served: dict[str, int] = {}
    total: dict[str, int] = {}
    for e in data.map_edges:
        for dep, serving in ((e.client_department_id, 0), (e.supplier_department_id, 1)):
            g = group.get(dep)
            if g is not None:
                total[g] = total.get(g, 0) + e.n
                served[g] = served.get(g, 0) + e.n * serving
    return {g: served[g] / total[g] for g in total if total[g]}


def _shrink(a: tuple[float, float], b: tuple[float, float], t: float) -> tuple[float, float]:
    """The point a moved toward b by the fraction t (edges stop short of the node discs)."""
    return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t


__all__ = ["MapSlide", "ScoreLegend", "serving_share"]
