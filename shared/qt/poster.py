"""Print-ready posters of the month's most attractive suppliers (PDF, 300 dpi, A4/A3 portrait).

One page per supplier: photo (or initials), name, department, score with the five faces,
distinct clients, up to three anonymous praise quotes, the month, a small footer. Painted in
a logical 1000 x 1414 page (the ISO ratio), so A4 and A3 share one layout; the bundled DejaVu
fonts are embedded by QPdfWriter.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
)
from PySide6.QtWidgets import QApplication

from shared.domain.posters import FIGURE_DECIMALS, PosterEntry, face_for_figure, shown_figure
from shared.plurals import counted
from shared.qt.faces import paint_face
from shared.qt.fonts import load_fonts
from shared.qt.i18n import company_line
from shared.qt.theme import score_color

log = logging.getLogger(__name__)

PAGE_W, PAGE_H = 1000.0, 1414.0
SIZES = {"A4": QPageSize.PageSizeId.A4, "A3": QPageSize.PageSizeId.A3}
INK = QColor(24, 32, 44)
SOFT = QColor(96, 108, 124)
BAND = QColor(0, 90, 140)
PAPER_TINT = QColor(240, 246, 250)


_app: QApplication | None = None


def ensure_gui_application() -> QCoreApplication:
    """The running Qt application, or a new offscreen one (for the command line). A
    QApplication, not a bare QGuiApplication: Qt allows one application per process, and a
    process that draws a poster may show a widget later (a test run, a tool)."""
    global _app
    app = QCoreApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        # Kept for the life of the process: a Qt application must not be destroyed and
        # created again (PySide crashes at exit when one is garbage-collected early).
        app = _app = QApplication(["pulse"])
    return app


@contextmanager
def _speaking(language: str) -> Iterator[None]:
    """The poster's words in ``language`` whatever the application speaks: the command line
    installs no catalog at all (a Russian poster came out with English labels), and a
    wallboard may be set to the other language. The application's own language is put
    back afterwards."""
    from shared.qt.i18n import current_language, install_translations, uninstall_translations
    app = QCoreApplication.instance()
    if app is None:
        yield
        return
    before = current_language(app)
    if before == language:
        yield
        return
    install_translations(app, language)
    try:
        yield
    finally:
        if before is None:
            uninstall_translations(app)
        else:
            install_translations(app, before)



def month_title(month: str, language: str) -> str:
    """'November 2026' / 'Ноябрь 2026' from the locale, not from a word list."""
    year, mon = (int(p) for p in month.split("-"))
    locale = QLocale(QLocale.Language.Russian if language == "ru" else QLocale.Language.English)
    name = locale.standaloneMonthName(mon, QLocale.FormatType.LongFormat)
    return f"{name[:1].upper()}{name[1:]} {year}"


def initials(name: str) -> str:
    parts = [p for p in name.split() if p]
    return "".join(p[0] for p in parts[:2]).upper() or "?"


def _font(family: str, size: float, *, bold: bool = False, italic: bool = False) -> QFont:
    font = QFont(family)
    font.setPixelSize(max(1, round(size)))
    font.setBold(bold)
    font.setItalic(italic)
    return font


def paint_portrait(painter: QPainter, rect: QRectF, name: str, photo: bytes | None,
                   family: str, ring: QColor) -> None:
    """A round photo, or the initials on a tinted disc when there is no (readable) photo."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    image = QImage.fromData(photo) if photo else QImage()
    clip = QPainterPath()
    clip.addEllipse(rect)
    if not image.isNull():
        side = min(image.width(), image.height())
        square = image.copy((image.width() - side) // 2, (image.height() - side) // 2, side, side)
        painter.setClipPath(clip)
        painter.drawImage(rect, square)
        painter.setClipping(False)
    else:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(214, 232, 244))
        painter.drawEllipse(rect)
        painter.setPen(BAND)
        painter.setFont(_font(family, rect.height() * 0.36, bold=True))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, initials(name))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(ring, rect.width() * 0.03))
    painter.drawEllipse(rect)
    painter.restore()


def _height(painter: QPainter, rect: QRectF, text: str, font: QFont,
            flags: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
            ) -> float:
    """The height ``text`` needs when wrapped to ``rect``'s width in ``font`` (not drawn)."""
    painter.setFont(font)
    tall = QRectF(rect.left(), rect.top(), rect.width(), 10 * PAGE_H)
    return painter.boundingRect(tall, int(flags | Qt.TextFlag.TextWordWrap), text).height()


def _text(painter: QPainter, rect: QRectF, text: str, font: QFont, color: QColor,
          flags: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
          *, shrink_to: float = 0.5) -> float:
    """Draw wrapped text, shrinking the font until it fits the rect; returns the height used."""
    size = font.pixelSize()
    min_size = max(1, round(size * shrink_to))
    painter.setPen(color)  # boundingRect measures nothing with NoPen
    while True:
        painter.setFont(font)
        bound = painter.boundingRect(rect, int(flags | Qt.TextFlag.TextWordWrap), text)
        if bound.height() <= rect.height() or font.pixelSize() <= min_size:
            break
        font.setPixelSize(font.pixelSize() - 1)
    painter.setPen(color)
    painter.drawText(rect, int(flags | Qt.TextFlag.TextWordWrap), text)
    return min(bound.height(), rect.height())


@dataclass(frozen=True)
class _Frame:
    """Where the upper half of a page goes: roomy, or compact to leave room for quotes."""

    band: float
    portrait_top: float
    portrait: float
    panel: float
    after_panel: float


ROOMY = _Frame(band=330, portrait_top=240, portrait=320, panel=270, after_panel=50)
COMPACT = _Frame(band=290, portrait_top=216, portrait=220, panel=246, after_panel=34)
QUOTE_PX, QUOTE_MIN_PX = 34, 26  # a quote is never printed smaller than QUOTE_MIN_PX
QUOTE_GAP = 28
QUOTES_BOTTOM = PAGE_H - 120  # the footer's rule is at PAGE_H - 100
QUOTE_LEFT, QUOTE_WIDTH = 170.0, 760.0  # the text, right of the bar and the quote mark


@dataclass(frozen=True)
class PosterLayout:
    """What a page shows of the quotes: each quote printed with its box and font size."""

    quotes: tuple[tuple[str, QRectF, int], ...]


def _fit_quotes(painter: QPainter, quotes: Sequence[str], top: float,
                family: str) -> list[tuple[str, float, int]]:
    """The quotes that fit between ``top`` and the footer, in order, each at the largest
    size from QUOTE_PX down to QUOTE_MIN_PX that fits: ``(quote, height, pixel size)``. A
    quote that would not fit whole is left out, never squeezed or cut."""
    fitted: list[tuple[str, float, int]] = []
    y = top
    for quote in quotes:
        for size in range(QUOTE_PX, QUOTE_MIN_PX - 1, -2):
            height = _height(painter, QRectF(QUOTE_LEFT, y, QUOTE_WIDTH, 1), quote,
                             _font(family, size, italic=True), Qt.AlignmentFlag.AlignLeft)
            if y + max(height, 56.0) <= QUOTES_BOTTOM:
                fitted.append((quote, max(height, 56.0), size))
                y += max(height, 56.0) + QUOTE_GAP
                break
        else:
            break
    return fitted


def paint_poster_page(painter: QPainter, entry: PosterEntry, *, company: str, language: str,
                      family: str, printed: dt.date, in_department: bool = False
                      ) -> PosterLayout:
    """One poster in the logical 1000 x 1414 page (the caller set the transform). With
    quotes, the upper half is made compact when a roomy one would leave no room for them
    (a three-part Russian name takes two lines)."""
    sup = entry.supplier
    name = (sup.full_name_en or sup.full_name) if language == "en" else sup.full_name
    department = ((sup.department_name_en or sup.department_name) if language == "en"
                  else sup.department_name)
    figure = shown_figure(sup)  # the ranking's figure, as the rankings print it
    score_col = score_color(figure)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(INK)
    name_font = _font(family, 76, bold=True)
    name_h = min(150.0, _height(painter, QRectF(50, 0, 900, 1), name, name_font))
    dep_h = min(90.0, _height(painter, QRectF(50, 0, 900, 1), department, _font(family, 40)))

    def quotes_top(frame: _Frame) -> float:
        below_portrait = frame.portrait_top + frame.portrait + 30
        return below_portrait + name_h + 8 + dep_h + 30 + frame.panel + frame.after_panel + 62

    frame = ROOMY
    if entry.quotes and len(_fit_quotes(painter, entry.quotes, quotes_top(ROOMY), family)) < \
            min(2, len(entry.quotes)):
        frame = COMPACT
    fitted = _fit_quotes(painter, entry.quotes, quotes_top(frame), family)
    painter.fillRect(QRectF(0, 0, PAGE_W, PAGE_H), QColor("white"))
    # Header band.
    painter.fillRect(QRectF(0, 0, PAGE_W, frame.band), BAND)
    white = QColor("white")
    _text(painter, QRectF(60, 36, 880, 40), company_line(company).upper(),
          _font(family, 28, bold=True), QColor(190, 225, 245))
    headline = _headline(entry.rank, in_department)
    _text(painter, QRectF(60, 84, 880, 70), headline, _font(family, 54, bold=True), white)
    _text(painter, QRectF(60, 150, 880, 50), month_title(entry.month, language),
          _font(family, 40), QColor(210, 235, 250))
    # Portrait overlapping the band.
    portrait = QRectF(PAGE_W / 2 - frame.portrait / 2, frame.portrait_top, frame.portrait,
                      frame.portrait)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(white)
    painter.drawEllipse(portrait.adjusted(-14, -14, 14, 14))
    paint_portrait(painter, portrait, name, entry.photo, family, score_col)
    # Name and department.
    y = portrait.bottom() + 30
    y += _text(painter, QRectF(50, y, 900, 150), name, name_font, INK, shrink_to=0.55) + 8
    y += _text(painter, QRectF(50, y, 900, 90), department, _font(family, 40), SOFT) + 30
    # Score with faces.
    panel = QRectF(70, y, 860, frame.panel)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(PAPER_TINT)
    painter.drawRoundedRect(panel, 28, 28)
    locale = QLocale(QLocale.Language.Russian if language == "ru" else QLocale.Language.English)
    score_text = locale.toString(figure, "f", FIGURE_DECIMALS)
    painter.setPen(INK)
    painter.setFont(_font(family, 96, bold=True))
    painter.drawText(QRectF(panel.left() + 20, panel.top() + 10, 270, 160),
                     int(Qt.AlignmentFlag.AlignCenter), score_text)
    painter.setFont(_font(family, 24))
    painter.setPen(SOFT)
    painter.drawText(QRectF(panel.left() + 20, panel.top() + 160, 270, 40),
                     int(Qt.AlignmentFlag.AlignCenter),
                     QCoreApplication.translate("Poster", "index, of 5"))
    best = face_for_figure(figure)
    total = max(1, sum(entry.face_counts))
    for i in range(5):
        score = i + 1
        size = 96.0 if score == best else 74.0
        cx = panel.left() + 350 + i * 108
        face_rect = QRectF(cx - size / 2, panel.top() + 90 - size / 2, size, size)
        paint_face(painter, face_rect, score, dimmed=score != best)
        share = entry.face_counts[i] / total
        painter.setPen(INK if score == best else SOFT)
        painter.setFont(_font(family, 26, bold=score == best))
        painter.drawText(QRectF(cx - 54, panel.top() + 142, 108, 40),
                         int(Qt.AlignmentFlag.AlignCenter), f"{round(share * 100)} %")
    painter.setFont(_font(family, 30, bold=True))
    painter.setPen(INK)
    painter.drawText(QRectF(panel.left(), panel.bottom() - 58, panel.width(), 44),
                     int(Qt.AlignmentFlag.AlignCenter),
                     _clients_line(sup.clients, sup.n))
    y = panel.bottom() + frame.after_panel
    # Quotes: only those that fit whole, at a readable size.
    shown: list[tuple[str, QRectF, int]] = []
    if fitted:
        _text(painter, QRectF(70, y, 860, 44),
              QCoreApplication.translate("Poster", "What clients say"),
              _font(family, 34, bold=True), BAND, Qt.AlignmentFlag.AlignLeft)
        y += 62
        for quote, height, px in fitted:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(score_col))
            painter.drawRoundedRect(QRectF(70, y, 10, height), 5, 5)
            painter.setPen(score_col)
            painter.setFont(_font(family, 90, bold=True))
            painter.drawText(QRectF(94, y - 22, 80, 100), int(Qt.AlignmentFlag.AlignLeft),
                             "\u201c")
            box = QRectF(QUOTE_LEFT, y, QUOTE_WIDTH, height)
            painter.setPen(INK)
            painter.setFont(_font(family, px, italic=True))
            painter.drawText(box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                                      | Qt.TextFlag.TextWordWrap), quote)
            shown.append((quote, box, px))
            y += height + QUOTE_GAP
    room = PAGE_H - 110 - y
    if room >= 180:
        # The colleagues' thanks fill what the quotes leave, so the page never has a hole.
        _text(painter, QRectF(70, y, 860, room),
              QCoreApplication.translate("Poster", "Thank you from your colleagues!"),
              _font(family, 60 if room > 300 else 44, bold=True), BAND,
              Qt.AlignmentFlag.AlignCenter)
    # Footer.
    painter.setPen(QPen(QColor(210, 216, 224), 2))
    painter.drawLine(QPointF(70, PAGE_H - 100), QPointF(PAGE_W - 70, PAGE_H - 100))
    footer = QCoreApplication.translate(
        "Poster", "Rated anonymously by colleagues at the kiosks. Index: the mean score, "
        "corrected for strict raters and for few ratings. Printed %1.").replace(
        "%1", locale.toString(QDate(printed.year, printed.month, printed.day),
                                    QLocale.FormatType.ShortFormat))
    _text(painter, QRectF(70, PAGE_H - 88, PAGE_W - 140, 60), footer, _font(family, 22), SOFT)
    return PosterLayout(tuple(shown))


def _headline(rank: int, in_department: bool) -> str:
    """The poster's title: company-wide, or among one department's suppliers only."""
    if in_department:
        return (QCoreApplication.translate("Poster", "Most attractive in the department")
                if rank == 1 else
                QCoreApplication.translate("Poster", "Among the department's most attractive"))
    if rank == 1:
        return QCoreApplication.translate("Poster", "Most attractive supplier")
    return QCoreApplication.translate("Poster", "Among the most attractive suppliers")


def _clients_line(clients: int, ratings: int) -> str:
    text = QCoreApplication.translate("Poster", "%1 clients \u00b7 %2 ratings")
    return text.replace("%1", str(clients)).replace("%2", str(ratings))


def write_posters(entries: Sequence[PosterEntry], path: Path | str, *, size: str = "A4",
                  company: str = "Supplier Pulse", language: str = "ru",
                  printed: dt.date | None = None, in_department: bool = False) -> int:
    """Write one page per entry to ``path`` (needs a QGuiApplication); returns the page count.
    ``in_department``: the entries are one department's best, and the title says so."""
    if size not in SIZES:
        raise ValueError(f"unknown poster size {size!r}: use A4 or A3")
    if not entries:
        raise ValueError("no supplier to put on a poster")
    family = load_fonts()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _speaking(language):
        writer = QPdfWriter(str(path))
        writer.setResolution(300)
        writer.setTitle(_headline(1, in_department) + " " + entries[0].month)
        writer.setCreator("Supplier Pulse")
        writer.setPageLayout(QPageLayout(QPageSize(SIZES[size]), QPageLayout.Orientation.Portrait,
                                         QMarginsF(0, 0, 0, 0)))
        painter = QPainter(writer)
        try:
            printed = printed or dt.date.today()
            for i, entry in enumerate(entries):
                if i:
                    writer.newPage()
                painter.save()
                target = painter.viewport()
                painter.scale(target.width() / PAGE_W, target.height() / PAGE_H)
                paint_poster_page(painter, entry, company=company, language=language,
                                  family=family, printed=printed, in_department=in_department)
                painter.restore()
        finally:
            painter.end()
    log.info("wrote %s to %s", counted(len(entries), "poster page"), path)
    return len(entries)
