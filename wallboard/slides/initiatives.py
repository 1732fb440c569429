"""The living initiative map: per segment and goal, what its suppliers must improve, who, how
the segment rates them this month (k-blocks), the change since last month and the KPI trend.

It only draws ``WallboardData.initiatives`` (``shared.domain.initiative_map.LiveMap``). The
rows are painted, not laid out by widgets: a cell wraps its text so that names stay whole
(nothing that tells two rows apart is elided), and the slide splits the segments over as
many pages as the screen needs, each page its own playlist step (``pages``/``show_page``).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QLocale, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from shared.domain.initiative_map import KpiTrend, LiveInitiative, LiveMap, LiveSegment
from shared.domain.wallboard_data import WallboardData
from shared.qt.fonts import CONDENSED, FAMILY
from shared.qt.theme import ACCENT, BACKGROUND, MUTED, PANEL, TEXT, WARNING, score_color
from wallboard.slides.base import Slide, pick
from wallboard.style import px

# Column widths at 1920 x 1080 (the last column takes the rest), and the gap between them.
COLUMNS = (400, 470, 150, 190)
GAP = 24
PAD = 9             # above and below a row's text
SPARK = (150, 46)   # the KPI sparkline
WRAP = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft) | int(
    Qt.AlignmentFlag.AlignTop)


def _font(unit: float, size: float, *, bold: bool = False, condensed: bool = True) -> QFont:
    font = QFont(CONDENSED if condensed else FAMILY)
    font.setPixelSize(px(size, unit))
    font.setBold(bold)
    return font


@dataclass
class _Block:
    """One thing painted on a page: a segment's heading or one of its rows."""

    segment: LiveSegment
    row: LiveInitiative | None   # None: the segment's heading, or its "no initiatives" line
    height: int
    continued: bool = False      # a heading repeated on the next page
    nothing: bool = False        # the "no initiatives yet" line


class InitiativesSlide(Slide):
    name = "initiatives"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.live: LiveMap | None = None
        self.page = 0
        self._pages: list[list[_Block]] = []
        self._laid_out_for: tuple[int, int, float, str, int] | None = None
        self._continued = False
        self._generation = 0  # one per snapshot: the pages are laid out again

    def title(self) -> str:
        return self.tr("Initiative map")

    def available(self, data: WallboardData) -> bool:
        return data.initiatives is not None and not data.initiatives.empty

    def set_data(self, data: WallboardData) -> None:
        self.live = data.initiatives
        self._generation += 1
        self._laid_out_for = None
        self.update()

    # --- pages ----------------------------------------------------------------

    def _area(self) -> QSize:
        """The slide's size, also while another slide is on screen: the stack gives only its
        current page a geometry, and the playlist asks for the pages before this one shows."""
        parent = self.parentWidget()
        return parent.contentsRect().size() if parent is not None else self.size()

    def _width(self) -> int:
        return self._area().width()

    def _height(self) -> int:
        return self._area().height()

    def pages(self) -> int:
        return max(1, len(self._layout()))

    def show_page(self, page: int) -> None:
        self.page = page
        self.update()

    def _fonts(self) -> dict[str, QFont]:
        u = self.unit
        return {"head": _font(u, 30), "segment": _font(u, 40, bold=True, condensed=False),
                "goal": _font(u, 34), "text": _font(u, 32), "dep": _font(u, 32, bold=True),
                "chip": _font(u, 44, bold=True, condensed=False), "small": _font(u, 30),
                "change": _font(u, 36, bold=True), "kpi": _font(u, 34, bold=True)}

    def _columns(self) -> list[QRect]:
        """x and width of each column (height unused)."""
        u, x, out = self.unit, 0, []
        for width in COLUMNS:
            out.append(QRect(x, 0, px(width, u), 0))
            x += px(width + GAP, u)
        out.append(QRect(x, 0, max(px(200, u), self._width() - x), 0))
        return out

    def _text_height(self, font: QFont, width: int, text: str) -> int:
        return QFontMetrics(font).boundingRect(QRect(0, 0, width, 100000), WRAP, text).height()

    def _heading_parts(self, seg: LiveSegment) -> tuple[str, str, bool]:
        """Name, goal, and whether the goal fits on the name's line."""
        f = self._fonts()
        name, goal = self._heading_text(seg)
        if self._continued:
            name += " " + self.tr("(continued)")
        goal = self.tr("goal: %1").replace("%1", goal) if goal else ""
        inner = self._width() - px(32, self.unit)
        one_line = (QFontMetrics(f["segment"]).horizontalAdvance(name + "   ")
                    + QFontMetrics(f["goal"]).horizontalAdvance(goal)) <= inner
        return name, goal, one_line

    def _heading_height(self, seg: LiveSegment, continued: bool = False) -> int:
        f, u = self._fonts(), self.unit
        self._continued = continued
        name, goal, one_line = self._heading_parts(seg)
        inner = self._width() - px(32, u)
        height = self._text_height(f["segment"], inner, name)
        if goal and not one_line:
            height += self._text_height(f["goal"], inner, goal)
        return height + px(PAD * 2, u)

    def _row_height(self, row: LiveInitiative | None) -> int:
        f, cols, u = self._fonts(), self._columns(), self.unit
        if row is None:  # "no initiatives yet"
            return QFontMetrics(f["text"]).height() + px(PAD * 2, u)
        heights = [self._text_height(f["text"], cols[0].width(), self._improvement(row)),
                   self._text_height(f["dep"], cols[1].width(), self._department(row)),
                   px(64, u),
                   self._text_height(f["small"], cols[4].width(), row.metric)
                   + px(SPARK[1] + 6, u) if row.kpi else 0]
        return max(heights) + px(PAD * 2, u)

    def _header_height(self) -> int:
        return QFontMetrics(self._fonts()["head"]).height() + px(PAD, self.unit)

    def _footer_height(self) -> int:
        return QFontMetrics(self._fonts()["small"]).height() + px(PAD * 2, self.unit)

    def _layout(self) -> list[list[_Block]]:
        """Segments over pages: a segment stays on one page when it fits; one longer than a
        page goes on with its heading repeated."""
        key = (self._width(), self._height(), self.unit, self.language, self._generation)
        if key == self._laid_out_for:
            return self._pages
        self._laid_out_for = key
        pages: list[list[_Block]] = []
        if self.live is None or self.live.empty:
            self._pages = pages
            return pages
        room = max(1, self._height() - self._header_height() - self._footer_height())
        current: list[_Block] = []
        used = 0
        for seg in self.live.segments:
            heading = _Block(seg, None, self._heading_height(seg))
            rows = [_Block(seg, r, self._row_height(r)) for r in seg.initiatives] or [
                _Block(seg, None, self._row_height(None), nothing=True)]
            total = heading.height + sum(r.height for r in rows)
            if current and used + total > room and total <= room:
                pages.append(current)
                current, used = [], 0
            if not current or used + heading.height + rows[0].height <= room:
                current.append(heading)
                used += heading.height
            for block in rows:
                if current and used + block.height > room:
                    pages.append(current)
                    again = _Block(seg, None, self._heading_height(seg, True), continued=True)
                    current, used = [again], again.height
                current.append(block)
                used += block.height
        if current:
            pages.append(current)
        self._pages = pages
        return pages

    # --- words ----------------------------------------------------------------

    def _locale(self) -> QLocale:
        return QLocale(QLocale.Language.Russian if self.language == "ru"
                       else QLocale.Language.English)

    def _number(self, value: float, decimals: int = 1) -> str:
        text = self._locale().toString(abs(value), "f", decimals)
        return ("\u2212" if value < 0 and text.strip("0,.") else "") + text

    def _heading_text(self, seg: LiveSegment) -> tuple[str, str]:
        return pick(seg.name, seg.name_en, self.language), seg.goal or ""

    def _improvement(self, row: LiveInitiative) -> str:
        return pick(row.improvement, row.improvement_en, self.language)

    def _department(self, row: LiveInitiative) -> str:
        if row.supplier_department is None:
            return self.tr("Any supplier")
        return "\u2192 " + pick(row.supplier_department, row.supplier_department_en,
                                self.language)

    def _kpi_value(self, value: float) -> str:
        decimals = 2 if abs(value) < 10 else 1 if abs(value) < 1000 else 0
        text = self._number(value, decimals)
        point = self._locale().decimalPoint()
        return text.rstrip("0").rstrip(point) if point in text else text

    def shown_texts(self) -> list[str]:
        """Every text the current page paints (tests read the screen through this)."""
        texts: list[str] = []
        pages = self._layout()
        if not pages:
            return texts
        for block in pages[min(self.page, len(pages) - 1)]:
            if block.nothing:
                texts.append(self.tr("No initiatives for this segment yet."))
            if block.row is None:
                if not block.nothing:
                    self._continued = block.continued
                    texts.extend(t for t in self._heading_parts(block.segment)[:2] if t)
                continue
            row = block.row
            texts += [self._improvement(row), self._department(row), self._cell_text(row),
                      self._change_text(row)]
            if row.kpi:
                texts += [row.metric, self._kpi_value(row.kpi.values[-1])]
        return texts

    def _cell_text(self, row: LiveInitiative) -> str:
        if row.now.mean is None:
            return self.tr("not enough ratings yet")
        return self._number(row.now.mean)

    def _change_text(self, row: LiveInitiative) -> str:
        change = row.change
        if change is not None:
            arrow = "\u25b2" if change > 0.05 else "\u25bc" if change < -0.05 else "\u25c6"
            sign = "+" if round(change, 1) > 0 else ""
            return f"{arrow} {sign}{self._number(change)}"
        if row.now.mean is None and row.last.mean is not None and self.live is not None:
            month = int(self.live.previous_month[5:7])
            name = self._locale().standaloneMonthName(month, QLocale.FormatType.LongFormat)
            return f"{name}: {self._number(row.last.mean)}"
        return "\u2014"

    # --- painting -------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        pages = self._layout()
        if not pages:
            return
        self.page = min(self.page, len(pages) - 1)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        f, cols, u = self._fonts(), self._columns(), self.unit
        y = self._paint_header(p, f, cols)
        for block in pages[self.page]:
            if block.row is None and not block.nothing:
                self._paint_heading(p, f, block, y)
            else:
                self._paint_row(p, f, cols, block.row, QRect(0, y, self._width(), block.height))
            y += block.height
        # Footer: what the figures are, and the page.
        p.setFont(f["small"])
        p.setPen(MUTED)
        foot = QRect(0, self._height() - self._footer_height() + px(PAD, u),
                     self._width() - px(140, u), self._footer_height())
        p.drawText(foot, WRAP, self.tr(
            "Score: the segment's mean this month, counted in blocks of at least %1 different "
            "colleagues").replace(
            "%1", str(self.live.k if self.live else "")))
        if len(pages) > 1:
            p.setFont(f["change"])
            p.drawText(QRect(0, foot.top(), self._width(), foot.height()),
                       int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
                       f"{self.page + 1} / {len(pages)}")
        p.end()

    def _paint_header(self, p: QPainter, f: dict[str, QFont], cols: list[QRect]) -> int:
        p.setFont(f["head"])
        p.setPen(MUTED)
        height = self._header_height()
        heads = (self.tr("What suppliers must improve"), self.tr("Supplier department"),
                 self.tr("Score"), self.tr("Change"), self.tr("Segment KPI"))
        for col, text in zip(cols, heads, strict=True):
            p.drawText(QRect(col.x(), 0, col.width() + px(GAP, self.unit), height),
                       int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)
        return height

    def _paint_heading(self, p: QPainter, f: dict[str, QFont], block: _Block, y: int) -> None:
        u = self.unit
        self._continued = block.continued
        name, goal, one_line = self._heading_parts(block.segment)
        p.fillRect(QRect(0, y + px(PAD // 2, u), self._width(), block.height - px(PAD // 2, u)),
                   PANEL)
        p.setFont(f["segment"])
        p.setPen(ACCENT)
        inner = QRect(px(16, u), y + px(PAD, u), self._width() - px(32, u), block.height)
        used = p.drawText(inner, WRAP, name)
        if goal:
            p.setFont(f["goal"])
            p.setPen(TEXT)
            if one_line:  # on the name's baseline
                x = used.right() + QFontMetrics(f["segment"]).horizontalAdvance("   ")
                base = used.top() + QFontMetrics(f["segment"]).ascent()
                p.drawText(x, base, goal)
            else:
                p.drawText(inner.adjusted(0, used.height(), 0, 0), WRAP, goal)

    def _paint_row(self, p: QPainter, f: dict[str, QFont], cols: list[QRect],
                   row: LiveInitiative | None, rect: QRect) -> None:
        u = self.unit
        top = rect.top() + px(PAD, u)
        p.setPen(QPen(QColor(PANEL), max(1, px(2, u))))
        p.drawLine(0, rect.bottom(), self._width(), rect.bottom())
        if row is None:
            p.setFont(f["text"])
            p.setPen(MUTED)
            p.drawText(QRect(px(16, u), top, self._width(), rect.height()), WRAP,
                       self.tr("No initiatives for this segment yet."))
            return
        p.setFont(f["text"])
        p.setPen(TEXT)
        p.drawText(QRect(cols[0].x(), top, cols[0].width(), rect.height()), WRAP,
                   self._improvement(row))
        p.setFont(f["dep"])
        p.drawText(QRect(cols[1].x(), top, cols[1].width(), rect.height()), WRAP,
                   self._department(row))
        self._paint_score(p, f, QRect(cols[2].x(), top, cols[2].width(), px(64, u)), row)
        self._paint_change(p, f, QRect(cols[3].x(), top, cols[3].width(), px(64, u)), row)
        if row.kpi:
            self._paint_kpi(p, f, QRect(cols[4].x(), top, cols[4].width(), rect.height()),
                            row.kpi)

    def _paint_score(self, p: QPainter, f: dict[str, QFont], rect: QRect,
                     row: LiveInitiative) -> None:
        if row.now.mean is None:
            p.setFont(f["small"])
            p.setPen(MUTED)
            p.drawText(rect.adjusted(0, 0, 0, px(40, self.unit)), WRAP, self._cell_text(row))
            return
        colour = score_color(row.now.mean)
        chip = QRectF(rect.x(), rect.y(), px(130, self.unit), rect.height())
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        p.drawRoundedRect(chip, px(12, self.unit), px(12, self.unit))
        p.setFont(f["chip"])
        light = 0.299 * colour.red() + 0.587 * colour.green() + 0.114 * colour.blue() > 120
        p.setPen(BACKGROUND if light else TEXT)
        p.drawText(chip, int(Qt.AlignmentFlag.AlignCenter), self._cell_text(row))

    def _paint_change(self, p: QPainter, f: dict[str, QFont], rect: QRect,
                      row: LiveInitiative) -> None:
        change = row.change
        if change is None:
            p.setFont(f["small"])
            p.setPen(MUTED)
        else:
            p.setFont(f["change"])
            p.setPen(ACCENT if change > 0.05 else WARNING if change < -0.05 else MUTED)
        if change is not None:
            p.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                       self._change_text(row))
        else:
            p.drawText(rect.adjusted(0, 0, 0, px(40, self.unit)), WRAP, self._change_text(row))

    def _paint_kpi(self, p: QPainter, f: dict[str, QFont], rect: QRect, kpi: KpiTrend) -> None:
        u = self.unit
        p.setFont(f["small"])
        p.setPen(MUTED)
        p.drawText(rect.adjusted(0, px(SPARK[1] + 6, u), 0, 0), WRAP, kpi.metric)
        spark = QRectF(rect.x(), rect.y() + px(4, u), px(SPARK[0], u), px(SPARK[1] - 8, u))
        improving = kpi.improving
        colour = ACCENT if improving else WARNING if improving is False else MUTED
        values = kpi.values
        lo, hi = min(values), max(values)
        span = (hi - lo) or 1.0
        step = spark.width() / max(1, len(values) - 1)
        line = QPolygonF([QPointF(spark.x() + i * step,
                                  spark.bottom() - (v - lo) / span * spark.height())
                          for i, v in enumerate(values)])
        p.setPen(QPen(colour, max(2, px(4, u))))
        p.drawPolyline(line)
        arrow = "" if improving is None else ("\u25b2" if values[-1] > values[-2] else "\u25bc")
        p.setFont(f["kpi"])
        p.setPen(colour if improving is not None else TEXT)
        p.drawText(QRectF(spark.right() + px(14, u), spark.y() - px(6, u),
                          rect.right() - spark.right(), spark.height() + px(12, u)),
                   int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                   f"{self._kpi_value(values[-1])} {arrow}".strip())
