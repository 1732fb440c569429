"""Disputes: department standings of the month (points), the people who gained and lost the
most, last month's result (until the configured day) and regulations flagged for revision."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from shared.domain.points_report import PersonStanding
from shared.domain.wallboard_data import WallboardData
from shared.qt.theme import ACCENT, MUTED, WARNING
from wallboard.slides.bars import DepartmentBars
from wallboard.slides.base import Slide, elide, label, pick, short_person
from wallboard.slides.rankings import panel

MAX_DEPARTMENTS = 12
MAX_REGULATIONS = 4  # with two-line titles, what the panel holds at 1080p
TITLE_CHARS = 64


def month_of(month: str, language: str) -> str:
    """The month as "Results of …" needs it: "November 2026", "ноября 2026" (genitive, from
    the locale's format month names)."""
    year, mon = (int(p) for p in month.split("-"))
    russian = language == "ru"
    locale = QLocale(QLocale.Language.Russian if russian else QLocale.Language.English)
    return f"{locale.monthName(mon, QLocale.FormatType.LongFormat)} {year}"


def signed(points: int) -> str:
    """+3, 0, \u22122 (a real minus sign, readable from afar)."""
    return f"{points:+d}".replace("-", "\u2212") if points else "0"


class DisputesSlide(Slide):
    name = "disputes"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        left = panel()
        left_layout = QVBoxLayout(left)
        self.standings_heading = label("heading")
        left_layout.addWidget(self.standings_heading)
        self.chart = DepartmentBars()
        self.plot, self.bars = self.chart.plot, self.chart.bars
        self.zero = pg.InfiniteLine(pos=0, angle=90, pen=pg.mkPen(MUTED, width=2))
        self.plot.addItem(self.zero)
        self.standings_empty = label("withheld", align=Qt.AlignmentFlag.AlignCenter, wrap=True)
        left_layout.addWidget(self.plot, 1)
        left_layout.addWidget(self.standings_empty, 1)
        self.people = label("body", wrap=True)
        self.people.setObjectName("disputePeople")
        self.previous = label("muted", wrap=True)
        self.previous.setObjectName("disputePreviousMonth")
        left_layout.addWidget(self.people)
        left_layout.addWidget(self.previous)
        right = panel()
        right_layout = QVBoxLayout(right)
        self.regulations_heading = label("heading", wrap=True)
        right_layout.addWidget(self.regulations_heading)
        self.regulations: list[tuple[QLabel, QLabel]] = []
        for _ in range(MAX_REGULATIONS):
            code, title = label("bodybold"), label("body", wrap=True)
            code.setStyleSheet(f"color: {WARNING.name()}")
            right_layout.addWidget(code)
            right_layout.addWidget(title)
            self.regulations.append((code, title))
        self.regulations_more = label("muted")
        self.regulations_empty = label("withheld", wrap=True)
        right_layout.addWidget(self.regulations_more)
        right_layout.addWidget(self.regulations_empty)
        right_layout.addStretch(1)
        outer = QHBoxLayout(self)
        outer.addWidget(left, 3)
        outer.addWidget(right, 2)
        self.standings_heading.setText(self.tr("Dispute points by department this month"))
        self.regulations_heading.setText(self.tr("Regulations flagged for revision"))
        self.standings_empty.setText(self.tr("No dispute points yet this month."))
        self.regulations_empty.setText(self.tr("No regulation is flagged: the rules are clear."))

    def title(self) -> str:
        return self.tr("Disputes")

    def rescale(self, unit: float) -> None:
        super().rescale(unit)
        self.chart.rescale(unit)

    def set_data(self, data: WallboardData) -> None:
        standings = list(data.standings)
        if len(standings) > MAX_DEPARTMENTS:  # the best and the worst, not only the best
            half = MAX_DEPARTMENTS // 2
            standings = standings[:half] + standings[-half:]
        rows = list(reversed(standings))
        # Short names, whole: "Служба охраны труда и…" cut at 24 characters told nobody which.
        self.chart.set_rows([data.short_name(r.department_id, pick(r.name, r.name_en,
                                                                   self.language),
                                             self.language) for r in rows],
                            [min(0, r.points) for r in rows], [abs(r.points) for r in rows],
                            [ACCENT if r.points >= 0 else WARNING for r in rows],
                            self.language)
        low = min([r.points for r in rows] + [0])
        high = max([r.points for r in rows] + [1])
        self.plot.setXRange(low - 0.5, high + 0.5, padding=0.05)
        self.plot.setVisible(bool(rows))
        self.standings_empty.setVisible(not rows)
        self._show_people(data)
        self._show_previous(data)
        flagged = data.flagged_regulations
        for i, (code, title) in enumerate(self.regulations):
            shown = i < len(flagged)
            code.setVisible(shown)
            title.setVisible(shown)
            if shown:
                code.setText(flagged[i].code)
                # Two lines at most, so four fit whole above "and N more".
                title.setText(elide(flagged[i].title, TITLE_CHARS))
        extra = len(flagged) - MAX_REGULATIONS
        self.regulations_more.setText(self.tr("and %1 more").replace("%1", str(extra)))
        self.regulations_more.setVisible(extra > 0)
        self.regulations_empty.setVisible(not flagged)

    def _show_people(self, data: WallboardData) -> None:
        def names(people: tuple[PersonStanding, ...]) -> str:
            return " · ".join(
                f"{short_person(pick(p.full_name, p.full_name_en, self.language))} "
                f"{signed(p.points)}" for p in people)
        parts = []
        if data.gained:
            parts.append(self.tr("Most points: %1.").replace("%1", names(data.gained)))
        if data.lost:
            parts.append(self.tr("Most lost: %1.").replace("%1", names(data.lost)))
        self.people.setText("  ".join(parts))
        self.people.setVisible(bool(parts))

    def _show_previous(self, data: WallboardData) -> None:
        rows = data.previous_standings[:3]
        shown = data.previous_month is not None and bool(rows)
        self.previous.setVisible(shown)
        if not shown or data.previous_month is None:
            return
        month = month_of(data.previous_month, self.language)
        ranking = " · ".join(
            f"{i}. {elide(pick(r.name, r.name_en, self.language), 20)} {signed(r.points)}"
            for i, r in enumerate(rows, start=1))
        self.previous.setText(self.tr("Results of %1: %2").replace("%1", month)
                              .replace("%2", ranking))
