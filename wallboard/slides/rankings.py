"""Rankings: top suppliers by attractiveness index, most improved, departments' CSAT (bars).

Only suppliers and departments with at least k distinct clients appear (the snapshot already
withholds the rest); rows are label sets created once and re-texted on every refresh.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from shared.domain.posters import FIGURE_DECIMALS, shown_figure
from shared.domain.wallboard_data import WallboardData
from shared.qt.theme import ACCENT, score_color
from wallboard.slides.bars import DepartmentBars
from wallboard.slides.base import Slide, index_note, label, pick, short_person
from wallboard.style import px

MAX_DEPARTMENTS = 12
DEPARTMENT_WIDTH = 300  # px at 1080p: the short names fit
IMPROVED_ROWS = 5


def panel() -> QFrame:
    frame = QFrame()
    frame.setProperty("panel", True)
    return frame


class RankingsSlide(Slide):
    name = "rankings"

    def __init__(self, parent: QWidget | None = None, rows: int = 10) -> None:
        super().__init__(parent)
        self.rows = rows
        right_align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        # Top suppliers.
        top = panel()
        top_layout = QVBoxLayout(top)
        self.top_heading = label("heading")
        top_layout.addWidget(self.top_heading)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        self.top_rows: list[tuple[QLabel, QLabel, QLabel, QLabel]] = []
        for i in range(rows):
            cells = (label("muted"), label("bodybold", elided=True),
                     label("muted", elided=True), label("bodybold", align=right_align))
            cells[3].setStyleSheet(f"color: {ACCENT.name()}")
            cells[0].setText(f"{i + 1}.")
            cells[2].setProperty("role", "small")
            cells[2].mode = Qt.TextElideMode.ElideMiddle  # type: ignore[attr-defined]
            grid.addWidget(cells[0], i, 0)
            grid.addWidget(cells[1], i, 1)
            grid.addWidget(cells[2], i, 2)
            grid.addWidget(cells[3], i, 3)
            grid.setRowStretch(i, 1)
            self.top_rows.append(cells)
        top_layout.addLayout(grid, 1)
        self.top_empty = label("withheld", wrap=True)
        top_layout.addWidget(self.top_empty)
        self.top_note = label("small", index_note(), wrap=True)
        top_layout.addWidget(self.top_note)
        # Most improved.
        improved = panel()
        improved_layout = QVBoxLayout(improved)
        self.improved_heading = label("heading")
        improved_layout.addWidget(self.improved_heading)
        self.improved_rows: list[tuple[QLabel, QLabel]] = []
        for _ in range(IMPROVED_ROWS):
            row = QHBoxLayout()
            pair = (label("body", elided=True), label("bodybold", align=right_align))
            row.addWidget(pair[0], 1)
            row.addWidget(pair[1])
            improved_layout.addLayout(row)
            self.improved_rows.append(pair)
        self.improved_empty = label("withheld", wrap=True)
        improved_layout.addWidget(self.improved_empty)
        improved_layout.addStretch(1)
        # Departments' CSAT.
        deps = panel()
        deps_layout = QVBoxLayout(deps)
        self.deps_heading = label("heading", wrap=True)
        deps_layout.addWidget(self.deps_heading)
        self.chart = DepartmentBars()
        self.plot, self.bars = self.chart.plot, self.chart.bars
        self.plot.setXRange(0, 100, padding=0.02)
        deps_layout.addWidget(self.plot, 1)
        right = QVBoxLayout()
        right.addWidget(improved, 2)
        right.addWidget(deps, 3)
        outer = QHBoxLayout(self)
        outer.addWidget(top, 1)
        outer.addLayout(right, 1)
        self.top_heading.setText(self.tr("Most attractive suppliers"))
        self.improved_heading.setText(self.tr("Most improved since last month"))
        self.deps_heading.setText(self.tr("Satisfied clients by department, %"))

    def title(self) -> str:
        return self.tr("Rankings of the month")

    def rescale(self, unit: float) -> None:
        super().rescale(unit)
        self.chart.rescale(unit)
        for cells in self.top_rows:  # the name has the room first; the department gives way
            cells[2].setMaximumWidth(px(DEPARTMENT_WIDTH, unit))

    def set_data(self, data: WallboardData) -> None:
        locale = QLocale(QLocale.Language.Russian if self.language == "ru"
                         else QLocale.Language.English)
        for i, cells in enumerate(self.top_rows):
            row = data.top_suppliers[i] if i < len(data.top_suppliers) else None
            for cell in cells:
                cell.setVisible(row is not None)
            if row is None:
                continue
            cells[1].setText(short_person(pick(row.full_name, row.full_name_en, self.language)))
            cells[2].setText(data.short_name(row.department_id, pick(
                row.department_name, row.department_name_en, self.language), self.language))
            cells[3].setText(locale.toString(shown_figure(row), "f", FIGURE_DECIMALS))
        self.top_empty.setText(self.tr("Not enough ratings yet this month: a supplier appears "
                                       "here once %1 different colleagues rated them.")
                               .replace("%1", str(data.k)))
        self.top_empty.setVisible(not data.top_suppliers)
        for i, (who, delta) in enumerate(self.improved_rows):
            improved = data.most_improved[i] if i < len(data.most_improved) else None
            who.setVisible(improved is not None)
            delta.setVisible(improved is not None)
            if improved is None:
                continue
            sup = improved.score
            person = short_person(pick(sup.full_name, sup.full_name_en, self.language))
            where = data.short_name(sup.department_id, pick(
                sup.department_name, sup.department_name_en, self.language), self.language)
            who.setText(f"{person}  \u00b7  {where}")
            delta.setText(f"+{locale.toString(improved.delta, 'f', 2)}")
            delta.setStyleSheet(f"color: {ACCENT.name()}")
        self.improved_empty.setText(self.tr("Nobody to compare with last month yet."))
        self.improved_empty.setVisible(not data.most_improved)
        shown = [d for d in data.departments if not d.withheld][:MAX_DEPARTMENTS]
        shown.reverse()  # best at the top
        self.chart.set_rows([data.short_name(d.department_id, pick(d.name, d.name_en,
                                                                   self.language),
                                             self.language) for d in shown],
                            [0] * len(shown), [100 * (d.score.csat or 0) for d in shown],
                            [score_color(d.score.mean) for d in shown], self.language)
