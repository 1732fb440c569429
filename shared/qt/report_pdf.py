"""Paints the monthly dispute-points report (``MonthReport``) as an A4 portrait PDF with Qt.

The numbers come from ``shared.domain.points_report``; this module only lays them out:
a header with the company name and the month on every page, page numbers in the footer,
one section per department (people, wins/losses, bonus/fine or pool, disputes carried
over), then the regulations flagged for revision. Columns are measured from their content,
once for the whole report (every department shares one grid); names and titles take the
free width and wrap rather than being cut. Text is painted with the bundled
DejaVu fonts, so Cyrillic is embedded correctly. Needs a QGuiApplication.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QLocale, QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter

from shared.domain.points_report import DepartmentSection, MonthReport
from shared.qt.fonts import load_fonts
from shared.qt.i18n import company_line, currency_sign

log = logging.getLogger(__name__)

translate = QCoreApplication.translate

MINUS = "\u2212"
RESOLUTION = 300  # dots per inch of the PDF's device coordinates
MARGIN_MM = 15.0
HEADER_MM = 16.0
FOOTER_MM = 12.0
INK = QColor("#1a1a1a")
ACCENT = QColor("#1f4e79")
MUTED = QColor("#666666")
NEGATIVE = QColor("#b03030")
SHADE = QColor("#eef2f6")
RULE = QColor("#9aa9b8")


def _mm(value: float) -> float:
    return value * RESOLUTION / 25.4


@dataclass
class _Column:
    width_mm: float
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft


@dataclass
class _Item:
    """One line of the flow: a title, heading, paragraph, table head or table row."""

    kind: str  # title | heading | text | head | row | space
    cells: list[str] = field(default_factory=list)
    columns: list[_Column] = field(default_factory=list)
    colors: list[QColor | None] = field(default_factory=list)
    keep_with_next: int = 0  # move to the next page unless this many following items fit
    shaded: bool = False


class _Fonts:
    """The report's fonts, measured on the PDF device (not the screen: other DPI)."""

    def __init__(self, family: str, device: QPdfWriter) -> None:
        self.device = device
        self.body = QFont(family, 9)
        self.bold = QFont(family, 9)
        self.bold.setBold(True)
        self.heading = QFont(family, 12)
        self.heading.setBold(True)
        self.title = QFont(family, 16)
        self.title.setBold(True)
        self.small = QFont(family)
        self.small.setPointSizeF(7.5)

    def metrics(self, font: QFont) -> QFontMetricsF:
        return QFontMetricsF(font, self.device)

    def for_kind(self, kind: str) -> QFont:
        return {"title": self.title, "heading": self.heading, "head": self.bold,
                "text": self.body, "row": self.body, "space": self.body}[kind]


def month_title(month: str, locale: QLocale) -> str:
    year, mon = (int(p) for p in month.split("-"))
    return f"{locale.standaloneMonthName(mon, QLocale.FormatType.LongFormat)} {year}"


class _Words:
    """The report's words in the chosen language (Qt's translation catalog)."""

    def __init__(self, locale: QLocale) -> None:
        self.locale = locale

    def money(self, value: Decimal, currency: str) -> str:
        # Thousands grouped and the decimal mark as the locale writes them ("1 500,00 ₽").
        text = self.locale.toString(float(abs(value)), "f", 2)
        sign = MINUS if value < 0 else ""
        return f"{sign}{text}\u00a0{currency_sign(currency)}"

    def number_sign(self, dispute_id: int) -> str:
        """"№ 15" in Russian, "No. 15" in English (never "#15")."""
        return translate("MonthReportPdf", "No. {id}").format(id=dispute_id)

    def points(self, value: int) -> str:
        return f"+{value}" if value > 0 else (f"{MINUS}{-value}" if value < 0 else "0")

    def state(self, state: str) -> str:
        names = {
            "open": translate("MonthReportPdf", "awaiting answer"),
            "escalated": translate("MonthReportPdf", "with the manager"),
            "both_right": translate("MonthReportPdf", "both right"),
            "both_wrong": translate("MonthReportPdf", "both wrong"),
        }
        return names.get(state, state)

    def rule(self, section: DepartmentSection) -> str:
        rule = section.rule
        if rule is None:
            return translate("MonthReportPdf", "No conversion rule: points only.")
        if rule.kind == "money":
            return translate("MonthReportPdf", "Rule: {rate} per point; the department's fines "
                             "fund its bonuses.").format(
                rate=self.money(rule.money_per_point, rule.currency))
        if rule.money_per_point > 0:
            return translate("MonthReportPdf", "Rule: common pool \u201c{pool}\u201d fed by the "
                             "fines, {rate} per point.").format(
                pool=rule.pool_name, rate=self.money(rule.money_per_point, rule.currency))
        return translate("MonthReportPdf", "Rule: common pool \u201c{pool}\u201d fed by the "
                         "fines' points.").format(pool=rule.pool_name)


def _people_head(money: bool) -> list[str]:
    head = [translate("MonthReportPdf", "Employee"), translate("MonthReportPdf", "No."),
            translate("MonthReportPdf", "Points"), translate("MonthReportPdf", "Wins"),
            translate("MonthReportPdf", "Losses")]
    if money:
        head += [translate("MonthReportPdf", "Bonus"), translate("MonthReportPdf", "Fine")]
    return head


def _people_rows(section: DepartmentSection, words: _Words,
                 money: bool) -> list[tuple[list[str], list[QColor | None]]]:
    """A section's people as cells and colours: the money columns (blank without a money
    rule) whenever any department of the report has them, so every section shares a grid."""
    out = []
    for p in section.people:
        cells = [p.full_name, p.personnel_no, words.points(p.points), str(p.wins),
                 str(p.losses)]
        colors: list[QColor | None] = [None, MUTED, NEGATIVE if p.points < 0 else None,
                                       None, None]
        if money:
            has = section.rule is not None and section.rule.kind == "money"
            currency = section.rule.currency if section.rule else ""
            cells += [words.money(p.bonus, currency) if has and p.bonus else "",
                      words.money(p.fine, currency) if has and p.fine else ""]
            colors += [None, NEGATIVE]
        out.append((cells, colors))
    return out


def _carried_head() -> list[str]:
    return [translate("MonthReportPdf", "No.", "dispute"),
            translate("MonthReportPdf", "Regulation"),
            translate("MonthReportPdf", "Initiator"), translate("MonthReportPdf", "Respondent"),
            translate("MonthReportPdf", "State"), translate("MonthReportPdf", "Opened")]


def _carried_rows(section: DepartmentSection, words: _Words, tz: ZoneInfo) -> list[list[str]]:
    return [[str(d.dispute_id), d.regulation_code, d.initiator_name, d.respondent_name,
             words.state(d.state), f"{d.opened_at.astimezone(tz):%d.%m.%Y}"]
            for d in section.carried]


def _department_items(section: DepartmentSection, words: _Words, tz: ZoneInfo,
                      grids: _Grids) -> list[_Item]:
    money = section.rule is not None and section.rule.kind == "money"
    items = [_Item("heading", [section.name], keep_with_next=3),
             _Item("text", [words.rule(section)], colors=[MUTED])]
    if section.people:
        items.append(_Item("head", _people_head(grids.money), grids.people, keep_with_next=1))
        for i, (cells, colors) in enumerate(_people_rows(section, words, grids.money)):
            items.append(_Item("row", cells, grids.people, colors, shaded=i % 2 == 1))
        total = translate("MonthReportPdf", "Department total: points {points}, wins {wins}, "
                          "losses {losses}.").format(points=words.points(section.points),
                                                     wins=section.wins, losses=section.losses)
        items.append(_Item("text", [total]))
    if money and section.rule is not None:
        cur = section.rule.currency
        balance = section.balance
        if balance > 0:
            note = translate("MonthReportPdf", "money left over")
        elif balance < 0:
            note = translate("MonthReportPdf", "the department pays the difference")
        else:
            note = translate("MonthReportPdf", "fines and bonuses are even")
        items.append(_Item("text", [translate(
            "MonthReportPdf", "Bonuses {bonuses}; fines {fines}; balance {balance} ({note}).")
            .format(bonuses=words.money(section.bonuses, cur),
                    fines=words.money(section.fines, cur),
                    balance=words.money(balance, cur), note=note)]))
    elif section.rule is not None and section.rule.kind == "pool":
        if section.pool_money is not None:
            text = translate("MonthReportPdf", "Pool \u201c{pool}\u201d: %n point(s) = {money}.",
                             "", section.pool_points).format(
                pool=section.rule.pool_name,
                money=words.money(section.pool_money, section.rule.currency))
        else:
            text = translate("MonthReportPdf", "Pool \u201c{pool}\u201d: %n point(s).", "",
                             section.pool_points).format(pool=section.rule.pool_name)
        items.append(_Item("text", [text]))
    if section.carried:
        items.append(_Item("text", [translate(
            "MonthReportPdf", "Disputes carried over to next month: {n}").format(
            n=len(section.carried))], keep_with_next=2))
        items.append(_Item("head", _carried_head(), grids.carried, keep_with_next=1))
        for i, cells in enumerate(_carried_rows(section, words, tz)):
            items.append(_Item("row", cells, grids.carried, shaded=i % 2 == 1))
    items.append(_Item("space"))
    return items


@dataclass
class _Grids:
    """The report's column grids, measured once over every department: a name column
    takes what the figures leave and wraps if it must (names were cut at 48 mm while the
    money columns stood half empty)."""

    money: bool
    people: list[_Column]
    carried: list[_Column]


def _grid(fonts: _Fonts, width: float, head: list[str], rows: list[list[str]],
          flexible: tuple[int, ...], right: tuple[int, ...] = ()) -> list[_Column]:
    """Columns as wide as their widest cell (head included); the ``flexible`` ones share
    what is left of ``width`` in proportion to their own widest cell."""
    body, bold = fonts.metrics(fonts.body), fonts.metrics(fonts.bold)
    pad = 2 * _mm(1.5) + _mm(0.5)
    natural = [max([bold.horizontalAdvance(h)] + [body.horizontalAdvance(r[i]) for r in rows])
               + pad for i, h in enumerate(head)]
    fixed = sum(w for i, w in enumerate(natural) if i not in flexible)
    wanted = sum(natural[i] for i in flexible) or 1.0
    rest = width - fixed
    widths = []
    for i, w in enumerate(natural):
        if i in flexible:
            w = rest * natural[i] / wanted
        elif rest < 0:  # even the figures do not fit: shrink all alike
            w = w * width / fixed
        widths.append(w)
    one_mm = _mm(1)
    return [_Column(w / one_mm, Qt.AlignmentFlag.AlignRight if i in right
                    else Qt.AlignmentFlag.AlignLeft) for i, w in enumerate(widths)]


def _grids(report: MonthReport, words: _Words, tz: ZoneInfo, fonts: _Fonts,
           width: float) -> _Grids:
    money = any(s.rule is not None and s.rule.kind == "money" for s in report.departments)
    people = [cells for s in report.departments for cells, _c in _people_rows(s, words, money)]
    carried = [cells for s in report.departments for cells in _carried_rows(s, words, tz)]
    figures = (2, 3, 4, 5, 6) if money else (2, 3, 4)
    return _Grids(money, _grid(fonts, width, _people_head(money), people, (0,), figures),
                  _grid(fonts, width, _carried_head(), carried, (2, 3)))


def _items(report: MonthReport, words: _Words, tz: ZoneInfo, fonts: _Fonts,
           width: float) -> list[_Item]:
    grids = _grids(report, words, tz, fonts, width)
    items = [_Item("title", [translate("MonthReportPdf", "Dispute points: {month}").format(
        month=month_title(report.month, words.locale))])]
    summary = translate("MonthReportPdf", "Departments: {departments}. Points in total: "
                        "{points}; wins: {wins}; losses: {losses}. Disputes carried over: "
                        "{carried}.").format(
        departments=len(report.departments), points=words.points(report.points),
        wins=report.wins, losses=report.losses, carried=report.carried)
    items += [_Item("text", [summary], colors=[MUTED]), _Item("space")]
    if not report.departments:
        items.append(_Item("text", [translate("MonthReportPdf",
                                              "No dispute points this month.")]))
    for section in report.departments:
        items += _department_items(section, words, tz, grids)
    items.append(_Item("heading", [translate("MonthReportPdf",
                                             "Regulations flagged for revision")],
                       keep_with_next=2))
    if not report.flagged:
        items.append(_Item("text", [translate("MonthReportPdf",
                                              "No regulation was flagged this month.")]))
    else:
        head = [translate("MonthReportPdf", "Code"), translate("MonthReportPdf", "Title"),
                translate("MonthReportPdf", "Disputes")]
        rows = [[f.code, f.title, ", ".join(f"{words.number_sign(d)} ({words.state(v)})"
                                            for d, v in f.disputes)] for f in report.flagged]
        cols = _grid(fonts, width, head, rows, (1, 2))  # titles and disputes wrap
        items.append(_Item("head", head, cols, keep_with_next=1))
        for i, cells in enumerate(rows):
            items.append(_Item("row", cells, cols, shaded=i % 2 == 1))
    return items + _proposal_items(report, fonts, width)


def _proposal_items(report: MonthReport, fonts: _Fonts, width: float) -> list[_Item]:
    """Proposal points: a section of their own, apart from the dispute points."""
    items = [_Item("space"), _Item("heading", [translate(
        "MonthReportPdf", "Improvement proposals: reward points")], keep_with_next=2)]
    if not report.proposals:
        return [*items, _Item("text", [translate("MonthReportPdf",
                                                 "No proposal was rewarded this month.")])]
    head = [translate("MonthReportPdf", "Supplier"), translate("MonthReportPdf", "Department"),
            translate("MonthReportPdf", "Accepted"), translate("MonthReportPdf", "Implemented"),
            translate("MonthReportPdf", "Points")]
    rows = [[ln.full_name, ln.department, str(ln.accepted), str(ln.implemented),
             str(ln.points)] for ln in report.proposals]
    cols = _grid(fonts, width, head, rows, (0, 1), (2, 3, 4))  # names wrap, figures right
    items.append(_Item("head", head, cols, keep_with_next=1))
    for i, cells in enumerate(rows):
        items.append(_Item("row", cells, cols, shaded=i % 2 == 1))
    return items


def _height(item: _Item, fonts: _Fonts, width: float) -> float:
    metrics = fonts.metrics(fonts.for_kind(item.kind))
    line = metrics.height()
    if item.kind == "space":
        return _mm(4)
    if item.kind in ("head", "row"):
        # A cell that does not fit its column wraps: the row is as tall as its tallest cell.
        pad = 2 * _mm(1.5)
        lines = max([1.0] + [metrics.boundingRect(
            QRectF(0, 0, _mm(c.width_mm) - pad, 1e6), int(Qt.TextFlag.TextWordWrap),
            cell).height() / line for cell, c in zip(item.cells, item.columns, strict=False)])
        return line * (lines + 0.55)
    # Titles, headings and paragraphs wrap at the page width.
    text = metrics.boundingRect(QRectF(0, 0, width, 1e6), int(Qt.TextFlag.TextWordWrap),
                                item.cells[0]).height()
    extra = {"title": 0.6, "heading": 0.9}.get(item.kind, 0.45)
    return text + line * extra


def _paginate(items: list[_Item], fonts: _Fonts, available: float,
              width: float) -> list[list[_Item]]:
    pages: list[list[_Item]] = [[]]
    used = 0.0
    table_head: _Item | None = None
    for index, item in enumerate(items):
        if item.kind == "head":
            table_head = item
        elif item.kind != "row":
            table_head = None
        following = items[index + 1:index + 1 + item.keep_with_next]
        need = _height(item, fonts, width) + sum(_height(nxt, fonts, width) for nxt in following)
        if used + need > available and pages[-1]:
            pages.append([])
            used = 0.0
            if item.kind == "row" and table_head is not None:
                pages[-1].append(table_head)  # the table continues: repeat its head
                used += _height(table_head, fonts, width)
        if item.kind == "space" and not pages[-1]:
            continue
        pages[-1].append(item)
        used += _height(item, fonts, width)
    return pages


def _paint_item(painter: QPainter, item: _Item, fonts: _Fonts, x: float, y: float,
                width: float, height: float) -> None:
    font = fonts.for_kind(item.kind)
    painter.setFont(font)
    if item.kind == "space":
        return
    if item.kind in ("title", "heading", "text"):
        painter.setPen(ACCENT if item.kind != "text" else (item.colors[0] if item.colors
                                                            and item.colors[0] else INK))
        painter.drawText(QRectF(x, y, width, height),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                             | Qt.TextFlag.TextWordWrap), item.cells[0])
        return
    if item.kind == "head":
        painter.fillRect(QRectF(x, y, width, height), SHADE)
        painter.setPen(RULE)
        painter.drawLine(int(x), int(y + height), int(x + width), int(y + height))
    elif item.shaded:
        painter.fillRect(QRectF(x, y, width, height), QColor("#f7f9fb"))
    pad = _mm(1.5)
    cx = x
    for i, (cell, column) in enumerate(zip(item.cells, item.columns, strict=False)):
        cw = _mm(column.width_mm)
        color = item.colors[i] if i < len(item.colors) and item.colors[i] else INK
        painter.setPen(color if item.kind == "row" else ACCENT)
        painter.drawText(QRectF(cx + pad, y, cw - 2 * pad, height),
                         int(column.align | Qt.AlignmentFlag.AlignVCenter
                             | Qt.TextFlag.TextWordWrap), cell)
        cx += cw


def ensure_gui_application(language: str) -> None:
    """For the command line: a QGuiApplication for painting (offscreen without a display)
    speaking ``language``. An application that already exists (an app, a test) keeps its
    own language settings."""
    import os

    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication  # one application per process: widgets may follow

    from shared.qt.i18n import install_translations
    global _app
    if QGuiApplication.instance() is None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _app = QApplication(["pulse"])
        install_translations(_app, language)


_app: object | None = None  # the application this module created, kept alive


def render_month_report_pdf(report: MonthReport, path: str | Path, *, tz: ZoneInfo,
                            language: str = "ru",
                            generated_at: dt.datetime | None = None) -> int:
    """Write the PDF; returns the number of pages. Needs a QGuiApplication."""
    family = load_fonts()
    locale = QLocale(QLocale.Language.Russian if language == "ru" else QLocale.Language.English)
    words = _Words(locale)
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    writer.setTitle(translate("MonthReportPdf", "Dispute points: {month}").format(
        month=report.month))
    writer.setCreator(company_line(report.company_name))
    fonts = _Fonts(family, writer)
    page_w, page_h = _mm(210), _mm(297)
    left, width = _mm(MARGIN_MM), page_w - 2 * _mm(MARGIN_MM)
    top = _mm(MARGIN_MM + HEADER_MM)
    bottom = page_h - _mm(MARGIN_MM + FOOTER_MM)
    pages = _paginate(_items(report, words, tz, fonts, width), fonts, bottom - top, width)
    stamp = (generated_at or dt.datetime.now(dt.UTC)).astimezone(tz)
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write the PDF {path}")
    try:
        for number, page in enumerate(pages, start=1):
            if number > 1:
                writer.newPage()
            _paint_frame(painter, report, words, fonts, number, len(pages), stamp,
                         left, width, page_h)
            y = top
            for item in page:
                h = _height(item, fonts, width)
                _paint_item(painter, item, fonts, left, y, width, h)
                y += h
    finally:
        painter.end()
    log.info("report %s: %d pages -> %s", report.month, len(pages), path)
    return len(pages)


def _paint_frame(painter: QPainter, report: MonthReport, words: _Words, fonts: _Fonts,
                 number: int, total: int, stamp: dt.datetime, left: float, width: float,
                 page_h: float) -> None:
    """Header (company, month) and footer (page numbers, when made) of one page."""
    header_y = _mm(MARGIN_MM)
    header_h = _mm(HEADER_MM - 6)
    painter.setPen(ACCENT)
    painter.setFont(fonts.heading)
    painter.drawText(QRectF(left, header_y, width * 0.6, header_h),
                     int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                     fonts.metrics(fonts.heading).elidedText(
                         company_line(report.company_name), Qt.TextElideMode.ElideRight,
                         width * 0.6))
    painter.setFont(fonts.body)
    painter.setPen(INK)
    painter.drawText(QRectF(left + width * 0.6, header_y, width * 0.4, header_h),
                     int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                     translate("MonthReportPdf", "Dispute points, {month}").format(
                         month=month_title(report.month, words.locale)))
    painter.setPen(RULE)
    line_y = int(header_y + header_h + _mm(1.5))
    painter.drawLine(int(left), line_y, int(left + width), line_y)
    footer_y = page_h - _mm(MARGIN_MM + FOOTER_MM - 4)
    painter.setFont(fonts.small)
    painter.setPen(MUTED)
    painter.drawText(QRectF(left, footer_y, width / 2, _mm(6)),
                     int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                     translate("MonthReportPdf", "Made {when}").format(
                         when=f"{stamp:%d.%m.%Y %H:%M}"))
    painter.drawText(QRectF(left + width / 2, footer_y, width / 2, _mm(6)),
                     int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                     translate("MonthReportPdf", "Page {page} of {pages}").format(
                         page=number, pages=total))

