"""The ticker: words for the public news (the snapshot has codes and parameters only) and the
line that shows them whole, scrolling the ones longer than the screen."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QPointF, QVariantAnimation
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QWidget

from shared.domain.wallboard_data import TickerItem
from wallboard.slides.base import pick, short_person


def _department(p: dict[str, object], language: str) -> str:
    """The department's short name (the ticker line has room for it), else its full name."""
    short = p.get("department_short_en" if language == "en" else "department_short")
    if short:
        return str(short)
    return pick(str(p["department"]), p.get("department_en"), language)  # type: ignore[arg-type]


def ticker_text(item: TickerItem, language: str) -> str:
    """One line of news; empty for a kind this version does not know."""
    p = item.params
    locale = QLocale(QLocale.Language.Russian if language == "ru" else QLocale.Language.English)
    if item.kind == "new_top_supplier":
        return (QCoreApplication.translate(
            "Ticker", "New most attractive supplier of the month: %1 (%2)")
                .replace("%1", short_person(pick(p["name"], p.get("name_en"), language)))
                .replace("%2", _department(p, language)))
    if item.kind == "department_streak":
        return (QCoreApplication.translate("Ticker", "%1: satisfaction up %2 weeks in a row")
                .replace("%1", _department(p, language))
                .replace("%2", str(p["weeks"])))
    if item.kind == "ratings_this_week":
        text = QCoreApplication.translate("Ticker", "%1 ratings given this week. Thank you!")
        return text.replace("%1", locale.toString(int(p["count"])))
    if item.kind == "best_department":
        return (QCoreApplication.translate(
            "Ticker", "Best rated department this month: %1, %2 % satisfied clients")
                .replace("%1", _department(p, language))
                .replace("%2", str(round(100 * float(p["csat"])))))
    return ""


SCROLL_PX_PER_S = 160  # readable while it moves, from four metres
SCROLL_PAUSE_MS = 1500  # the line's start stands still first, its end after


class TickerLabel(QLabel):
    """One line of news: shown whole when it fits; otherwise it stands, scrolls to its end
    and stands again (``text()`` is always the whole line, nothing is cut with "…")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.offset = 0.0
        self.scroller = QVariantAnimation(self)
        self.scroller.setObjectName("ticker-scroll")
        self.scroller.valueChanged.connect(self._moved)

    def overflow(self) -> int:
        """How many pixels of the line do not fit (0 when it fits)."""
        return max(0, self.fontMetrics().horizontalAdvance(self.text())
                   - self.contentsRect().width())

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self.restart()

    def restart(self) -> None:
        self.scroller.stop()
        self.offset = 0.0
        over = self.overflow()
        if over and self.isVisible():
            moving = round(1000 * over / SCROLL_PX_PER_S)
            total = moving + 2 * SCROLL_PAUSE_MS
            self.scroller.setDuration(total)
            self.scroller.setKeyValueAt(0.0, 0.0)
            self.scroller.setKeyValueAt(SCROLL_PAUSE_MS / total, 0.0)
            self.scroller.setKeyValueAt((SCROLL_PAUSE_MS + moving) / total, float(over))
            self.scroller.setKeyValueAt(1.0, float(over))
            self.scroller.start()
        self.update()

    def _moved(self, value: object) -> None:
        self.offset = float(value)  # type: ignore[arg-type]
        self.update()

    def resizeEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)  # type: ignore[arg-type]
        self.restart()

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)  # type: ignore[arg-type]
        self.restart()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        rect = self.contentsRect()
        painter.setClipRect(rect)
        painter.setPen(self.palette().windowText().color())
        metrics = self.fontMetrics()
        baseline = rect.top() + (rect.height() + metrics.ascent() - metrics.descent()) / 2
        painter.drawText(QPointF(rect.left() - self.offset, baseline), self.text())
        painter.end()
