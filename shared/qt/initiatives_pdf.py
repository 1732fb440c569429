"""Paints the living initiative map (``initiative_map.LiveMap``) as A3 landscape pages for
department meetings, with Qt.

The figures come from ``shared.domain.initiative_map`` (the slide's: k-blocks, change, KPI);
this module only lays them out: per segment and goal its rows (what suppliers must improve,
the supplier department, the segment's score this month in the score scale's colour, the
change since last month, the KPI's last value and direction, the company's initiative).
Cells wrap, names stay whole; a segment moves to the next page whole when it fits one. The
bundled DejaVu fonts are embedded, so the text (Cyrillic included) can be searched and copied.
Needs a QGuiApplication.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QLocale, QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter

from shared.domain.initiative_map import LiveInitiative, LiveMap, LiveSegment
from shared.qt.fonts import load_fonts
from shared.qt.theme import score_color

log = logging.getLogger(__name__)

translate = QCoreApplication.translate

RESOLUTION = 300
PAGE_MM = (420.0, 297.0)  # A3 landscape
MARGIN_MM = 14.0
# Columns (mm): improvement, supplier department, score, change, KPI, company initiative.
COLUMNS_MM = (95.0, 80.0, 34.0, 30.0, 78.0, 75.0)
INK = QColor("#1a1a1a")
ACCENT = QColor("#1f4e79")
MUTED = QColor("#666666")
SHADE = QColor("#eef2f6")
RULE = QColor("#9aa9b8")
WRAP = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft) | int(
    Qt.AlignmentFlag.AlignTop)


def _mm(value: float) -> float:
    return value * RESOLUTION / 25.4


class _Page:
    def __init__(self, device: QPdfWriter, family: str, language: str) -> None:
        self.device = device
        self.locale = QLocale(QLocale.Language.Russian if language == "ru"
                              else QLocale.Language.English)
        self.language = language
        self.body = QFont(family, 11)
        self.bold = QFont(family, 11)
        self.bold.setBold(True)
        self.heading = QFont(family, 15)
        self.heading.setBold(True)
        self.title = QFont(family, 20)
        self.title.setBold(True)
        self.small = QFont(family, 9)
        self.score = QFont(family, 16)
        self.score.setBold(True)
        self.pad = _mm(1.8)

    def height(self, font: QFont, width: float, text: str) -> float:
        return QFontMetricsF(font, self.device).boundingRect(
            QRectF(0, 0, width, 1e6), WRAP, text).height()

    def number(self, value: float, decimals: int = 1) -> str:
        text = self.locale.toString(abs(value), "f", decimals)
        return ("\u2212" if value < 0 and text.strip("0,.") else "") + text

    def pick(self, ru: str | None, en: str | None) -> str:
        return (en or ru or "") if self.language == "en" else (ru or "")

    def cells(self, row: LiveInitiative, previous_month: str) -> list[str]:
        supplier = (self.pick(row.supplier_department, row.supplier_department_en)
                    if row.supplier_department
                    else translate("InitiativesPdf", "Any supplier"))
        score = (translate("InitiativesPdf", "not enough ratings yet")
                 if row.now.mean is None else self.number(row.now.mean))
        change = "\u2014"
        if row.change is not None:
            arrow = "\u25b2" if row.change > 0.05 else "\u25bc" if row.change < -0.05 \
                else "\u25c6"
            sign = "+" if round(row.change, 1) > 0 else ""
            change = f"{arrow} {sign}{self.number(row.change)}"
        elif row.now.mean is None and row.last.mean is not None:
            month = self.locale.standaloneMonthName(int(previous_month[5:7]))
            change = f"{month}: {self.number(row.last.mean)}"
        kpi = ""
        if row.kpi:
            way = {True: translate("InitiativesPdf", "better"),
                   False: translate("InitiativesPdf", "worse"), None: ""}[row.kpi.improving]
            value = self.locale.toString(row.kpi.values[-1], "g", 6)
            kpi = f"{row.kpi.metric}: {value}" + (f" ({way})" if way else "")
        return [self.pick(row.improvement, row.improvement_en), supplier, score, change, kpi,
                row.company_initiative or ""]

    def row_height(self, cells: list[str]) -> float:
        fonts = (self.body, self.bold, self.score, self.body, self.body, self.body)
        return max(self.height(f, _mm(w) - 2 * self.pad, c)
                   for f, w, c in zip(fonts, COLUMNS_MM, cells, strict=True)) + 2 * self.pad

    def heading_text(self, seg: LiveSegment) -> str:
        text = self.pick(seg.name, seg.name_en)
        if seg.goal:
            text += " \u2014 " + translate("InitiativesPdf", "goal: %1").replace("%1", seg.goal)
        return text


def render_initiatives_pdf(live: LiveMap, path: str | Path, *, company: str, tz: ZoneInfo,
                           language: str = "ru", generated_at: dt.datetime | None = None) -> int:
    """Write the map's pages; returns their number. Needs a QGuiApplication."""
    family = load_fonts()
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A3),
                                     QPageLayout.Orientation.Landscape, QMarginsF(0, 0, 0, 0)))
    writer.setTitle(translate("InitiativesPdf", "Initiative map, %1").replace("%1", live.month))
    writer.setCreator(company)
    page = _Page(writer, family, language)
    left, top = _mm(MARGIN_MM), _mm(MARGIN_MM)
    width = _mm(PAGE_MM[0] - 2 * MARGIN_MM)
    bottom = _mm(PAGE_MM[1] - MARGIN_MM - 8)
    # Blocks: (segment heading or row cells, height); a segment kept together if it fits.
    blocks: list[list[tuple[str, object, float]]] = []
    for seg in live.segments:
        block: list[tuple[str, object, float]] = [
            ("heading", seg, page.height(page.heading, width, page.heading_text(seg))
             + _mm(4))]
        for row in seg.initiatives:
            cells = page.cells(row, live.previous_month)
            block.append(("row", (cells, row.now.mean), page.row_height(cells)))
        if not seg.initiatives:
            block.append(("none", seg, page.height(page.body, width, "X") + _mm(3)))
        blocks.append(block)
    head_h = page.height(page.bold, _mm(COLUMNS_MM[0]), "X") + 2 * page.pad
    first_top = top + page.height(page.title, width, "X") * 2 + _mm(6)
    pages: list[list[tuple[str, object, float]]] = [[]]
    used, room = 0.0, bottom - first_top - head_h
    for block in blocks:
        total = sum(h for _k, _v, h in block)
        if pages[-1] and used + total > room and total <= room:
            pages.append([])
            used = 0.0
        for item in block:
            if pages[-1] and used + item[2] > room:
                pages.append([])
                used = 0.0
            pages[-1].append(item)
            used += item[2]
    stamp = (generated_at or dt.datetime.now(dt.UTC)).astimezone(tz)
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write the PDF {path}")
    try:
        for number, items in enumerate(pages, start=1):
            if number > 1:
                writer.newPage()
            y = _paint_frame(painter, page, live, company, number, len(pages), stamp, left,
                             top, width)
            y = _paint_head(painter, page, left, y, head_h)
            for kind, value, height in items:
                _paint_item(painter, page, kind, value, left, y, width, height)
                y += height
    finally:
        painter.end()
    log.info("initiative map %s: %d pages -> %s", live.month, len(pages), path)
    return len(pages)


def _paint_frame(painter: QPainter, page: _Page, live: LiveMap, company: str, number: int,
                 total: int, stamp: dt.datetime, left: float, top: float, width: float) -> float:
    painter.setPen(ACCENT)
    painter.setFont(page.title)
    year, month = (int(p) for p in live.month.split("-"))
    month_name = f"{page.locale.standaloneMonthName(month)} {year}"
    title = translate("InitiativesPdf", "Initiative map \u2014 %1").replace("%1", month_name)
    line = page.height(page.title, width, "X")
    painter.drawText(QRectF(left, top, width, line), WRAP, title)
    painter.setFont(page.small)
    painter.setPen(MUTED)
    note = translate("InitiativesPdf",
                     "%1. Score: the mean the segment's people gave the supplier department "
                     "this month, counted in blocks of at least %2 different colleagues; "
                     "page %3 of %4; printed %5")
    for key, value in (("%1", company), ("%2", str(live.k)), ("%3", str(number)),
                       ("%4", str(total)), ("%5", stamp.strftime("%Y-%m-%d %H:%M"))):
        note = note.replace(key, value)
    painter.drawText(QRectF(left, top + line, width, line), WRAP, note)
    return top + line * 2 + _mm(6)


def _paint_head(painter: QPainter, page: _Page, left: float, y: float, height: float) -> float:
    heads = (translate("InitiativesPdf", "What suppliers must improve"),
             translate("InitiativesPdf", "Supplier department"),
             translate("InitiativesPdf", "Score"), translate("InitiativesPdf", "Change"),
             translate("InitiativesPdf", "Segment KPI"),
             translate("InitiativesPdf", "Company initiative"))
    width = sum(_mm(w) for w in COLUMNS_MM)
    painter.fillRect(QRectF(left, y, width, height), SHADE)
    painter.setFont(page.bold)
    painter.setPen(ACCENT)
    x = left
    for text, w in zip(heads, COLUMNS_MM, strict=True):
        painter.drawText(QRectF(x + page.pad, y + page.pad, _mm(w) - 2 * page.pad, height),
                         WRAP, text)
        x += _mm(w)
    return y + height


def _paint_item(painter: QPainter, page: _Page, kind: str, value: object, left: float,
                y: float, width: float, height: float) -> None:
    if kind == "heading":
        assert isinstance(value, LiveSegment)
        painter.setFont(page.heading)
        painter.setPen(ACCENT)
        painter.drawText(QRectF(left, y + _mm(2.5), width, height), WRAP,
                         page.heading_text(value))
        return
    if kind == "none":
        painter.setFont(page.body)
        painter.setPen(MUTED)
        painter.drawText(QRectF(left + page.pad, y, width, height), WRAP,
                         translate("InitiativesPdf", "No initiatives for this segment yet."))
        return
    assert isinstance(value, tuple)
    cells, mean = value
    x = left
    fonts = (page.body, page.bold, page.score, page.body, page.body, page.body)
    for i, (text, w, font) in enumerate(zip(cells, COLUMNS_MM, fonts, strict=True)):
        rect = QRectF(x + page.pad, y + page.pad, _mm(w) - 2 * page.pad, height - page.pad)
        painter.setFont(font)
        painter.setPen(INK)
        if i == 2 and mean is not None:
            chip = QRectF(x + page.pad, y + page.pad, _mm(22), page.height(font, _mm(22), "0"))
            painter.fillRect(chip, score_color(mean))
            painter.drawText(chip, int(Qt.AlignmentFlag.AlignCenter), text)
        else:
            if i == 2:
                painter.setFont(page.small)
                painter.setPen(MUTED)
            painter.drawText(rect, WRAP, text)
        x += _mm(w)
    painter.setPen(RULE)
    painter.drawLine(int(left), int(y + height), int(left + width), int(y + height))
