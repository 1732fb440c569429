"""Impact: clients' satisfaction with suppliers vs their own KPIs by segment, with the fitted
effect "+10 % satisfaction <-> +x % KPI" and its 95 % interval; below, the three strongest
initiatives of `pulse impact` (their effect on the segment's KPI and, where the KPI has a
value per unit, what +10 % satisfaction is worth in roubles a year); skipped with too little
data."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from shared.domain.initiative_impact import InitiativeImpact
from shared.domain.wallboard_data import WallboardData
from shared.qt.theme import ACCENT, SERIES, TEXT, series_color
from wallboard.slides.axes import set_axes_language, still_plot
from wallboard.slides.base import Slide, axis_font, fit_axis, label
from wallboard.slides.rankings import panel

MAX_SERIES = 8

MARKERS = (("o", "\u25cf"), ("s", "\u25a0"), ("t1", "\u25b2"))
STRONGEST = 3


class InitiativeCard(QFrame):
    """One of the strongest initiatives on the slide's second page: segment and KPI and the
    suppliers its initiatives name on the left; the effect and its money on the right."""

    def __init__(self) -> None:
        super().__init__()
        self.setProperty("panel", True)
        row = QHBoxLayout(self)
        left, right = QVBoxLayout(), QVBoxLayout()
        self.what = label("bodybold", wrap=True)
        self.suppliers = label("muted", wrap=True)
        left.addWidget(self.what)
        left.addWidget(self.suppliers)
        left.addStretch(1)
        right_align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        self.effect = label("heading", align=right_align, wrap=True)
        self.money = label("body", align=right_align, wrap=True)
        right.addWidget(self.effect)
        right.addWidget(self.money)
        right.addStretch(1)
        row.addLayout(left, 3)
        row.addLayout(right, 2)


class ImpactSlide(Slide):
    name = "impact"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = still_plot(numbers=("left", "bottom"))
        self.plot.showGrid(x=True, y=True, alpha=0.15)
        self.fit = pg.PlotCurveItem()
        self.fit.setZValue(10)
        self.plot.addItem(self.fit)
        self.scatters = [pg.ScatterPlotItem(pxMode=True) for _ in range(MAX_SERIES)]
        for scatter in self.scatters:
            self.plot.addItem(scatter)
        side_frame = panel()
        side = QVBoxLayout(side_frame)
        self.effect = label("big", wrap=True)
        self.effect_caption = label("body", wrap=True)
        self.interval = label("muted", wrap=True)
        self.legend: list[QLabel] = [label("body") for _ in range(MAX_SERIES)]
        self.axis_note = label("small", wrap=True)
        side.addWidget(self.effect)
        side.addWidget(self.effect_caption)
        side.addWidget(self.interval)
        side.addSpacing(30)
        for item in self.legend:
            side.addWidget(item)
        side.addStretch(1)
        side.addWidget(self.axis_note)
        scatter_page = QWidget()
        top = QHBoxLayout(scatter_page)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.plot, 3)
        top.addWidget(side_frame, 2)
        # The second page: the company figure and the three strongest initiatives.
        initiatives_page = QWidget()
        page = QVBoxLayout(initiatives_page)
        page.setContentsMargins(0, 0, 0, 0)
        self.company = label("body", wrap=True)
        self.band_title = label("heading", wrap=True)
        page.addWidget(self.company)
        page.addSpacing(12)
        page.addWidget(self.band_title)
        self.cards = [InitiativeCard() for _ in range(STRONGEST)]
        for card in self.cards:
            page.addWidget(card)
        self.band_note = label("muted", wrap=True)
        page.addWidget(self.band_note)
        page.addStretch(1)
        self.stack = QStackedLayout(self)
        self.stack.addWidget(scatter_page)
        self.stack.addWidget(initiatives_page)
        self._has_map = False
        self.effect.setStyleSheet(f"color: {ACCENT.name()}")
        self.axis_note.setText(self.tr("Each dot: one segment's change from the previous "
                                       "month, in %. Across: satisfaction with suppliers; up: "
                                       "the segment's KPI (up = better)."))

    def title(self) -> str:
        return self.tr("Happier clients, better results")

    def rescale(self, unit: float) -> None:
        super().rescale(unit)
        for axis in ("left", "bottom"):
            self.plot.getAxis(axis).setStyle(tickFont=axis_font(unit))
            fit_axis(self.plot.getAxis(axis), unit)

    def pages(self) -> int:
        """The scatter; then, with an initiative map, its strongest initiatives."""
        return 2 if self._has_map else 1

    def show_page(self, page: int) -> None:
        self.stack.setCurrentIndex(min(page, self.pages() - 1))

    def available(self, data: WallboardData) -> bool:
        return data.impact is not None and data.impact.enough

    def set_data(self, data: WallboardData) -> None:
        set_axes_language(self.plot, self.language)
        impact = data.impact
        series = impact.series[:MAX_SERIES] if impact else ()
        xs_all: list[float] = []
        for i, scatter in enumerate(self.scatters):
            if i >= len(series):
                scatter.setVisible(False)
                self.legend[i].setVisible(False)
                continue
            s = series[i]
            colour = series_color(i)
            # Past the palette's seven colours the colours come round again with another
            # marker (circle, square, triangle), so no two series look the same.
            symbol, glyph = MARKERS[(i // len(SERIES)) % len(MARKERS)]
            scatter.setData(list(s.satisfaction_dev), list(s.kpi_dev), size=18 * self.unit,
                            symbol=symbol, brush=pg.mkBrush(colour),
                            pen=pg.mkPen(TEXT, width=1))
            scatter.setVisible(True)
            xs_all += s.satisfaction_dev
            self.legend[i].setText(f"{glyph} {s.owner}: {s.metric}")
            self.legend[i].setStyleSheet(f"color: {colour.name()}")
            self.legend[i].setVisible(True)
        locale = QLocale(QLocale.Language.Russian if self.language == "ru"
                         else QLocale.Language.English)
        self._strongest(data, locale)
        if (impact is None or not impact.enough or impact.effect_per_10 is None
                or impact.ci_low is None or impact.ci_high is None):
            self.fit.setVisible(False)
            self.effect.setText("")
            self.effect_caption.setText(self.tr("Not enough months of KPIs and ratings yet."))
            self.interval.setText("")
            return
        span = max([abs(x) for x in xs_all] + [1.0]) * 1.1
        slope = impact.effect_per_10 / 10.0
        self.fit.setData([-span, span], [-span * slope, span * slope],
                         pen=pg.mkPen(ACCENT, width=5 * self.unit))
        self.fit.setVisible(True)
        sign = "+" if impact.effect_per_10 >= 0 else "\u2212"
        self.effect.setText(f"{sign}{locale.toString(abs(impact.effect_per_10), 'f', 1)} %")
        self.effect_caption.setText(self.tr("KPI for every +10 % satisfaction with suppliers"))
        self.interval.setText(self.tr("95 % interval: %1 \u2026 %2 % (%3 points)")
                              .replace("%1", locale.toString(impact.ci_low, "f", 1))
                              .replace("%2", locale.toString(impact.ci_high, "f", 1))
                              .replace("%3", str(impact.n_points)))
        self.plot.setXRange(-span, span, padding=0.05)
        self.effect.setAlignment(Qt.AlignmentFlag.AlignLeft)

    def _strongest(self, data: WallboardData, locale: QLocale) -> None:
        """The second page: the company figure, the three strongest initiatives of `pulse
        impact`, or "not measurable yet (N months)" while none is; no page without a map."""
        self._has_map = data.initiative_months is not None
        impact = data.impact
        if (impact is not None and impact.enough and impact.effect_per_10 is not None
                and impact.ci_low is not None and impact.ci_high is not None):
            sign = "+" if impact.effect_per_10 >= 0 else "\u2212"
            self.company.setText(
                self.tr("Plant-wide: %1 % on client KPIs for every +10 % satisfaction with "
                        "suppliers (95 % interval %2 \u2026 %3 %).")
                .replace("%1", sign + locale.toString(abs(impact.effect_per_10), "f", 1))
                .replace("%2", locale.toString(impact.ci_low, "f", 1))
                .replace("%3", locale.toString(impact.ci_high, "f", 1)))
        else:
            self.company.setText(self.tr("Not enough months of KPIs and ratings yet."))
        self.band_title.setText(self.tr("Initiatives with the strongest effect"))
        for i, card in enumerate(self.cards):
            item = data.strongest[i] if i < len(data.strongest) else None
            card.setVisible(item is not None)
            if item is not None:
                self._card(card, item, locale)
        if data.strongest:
            self.band_note.setText(self.tr("Effect on the segment's KPI for +10 % "
                                           "satisfaction with the suppliers it names "
                                           "(+ = better); money at the KPI's value per unit."))
        else:
            # lupdate reads the context from the translate() call's first argument.
            self.band_note.setText(QCoreApplication.translate(
                "ImpactSlide", "Not measurable yet (%n month(s) of KPIs and ratings).", "",
                data.initiative_months or 0))

    def _card(self, card: InitiativeCard, item: InitiativeImpact, locale: QLocale) -> None:
        segment = item.segment_en if self.language == "en" and item.segment_en else item.segment
        card.what.setText(f"{segment} \u00b7 {item.metric}")
        effect = item.per_10pct or 0.0
        sign = "+" if effect >= 0 else "\u2212"
        card.effect.setText(self.tr("%1 % per +10 % satisfaction")
                            .replace("%1", sign + locale.toString(abs(effect), "f", 1)))
        card.money.setVisible(item.roubles_year is not None)
        if item.roubles_year is not None:
            millions = item.roubles_year / 1e6
            if abs(millions) >= 1:
                text = self.tr("\u2248 %1 million roubles a year").replace(
                    "%1", locale.toString(millions, "f", 1))
            else:
                text = self.tr("\u2248 %1 thousand roubles a year").replace(
                    "%1", locale.toString(round(item.roubles_year / 1e3)))
            card.money.setText(text)
        card.suppliers.setText(", ".join(item.departments) if item.departments
                               else self.tr("any supplier"))
