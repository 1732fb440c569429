"""The person's own row of the living initiative map, on the home screen: the segment's goal,
the supplier departments its initiatives name and how the segment rates them this month."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from kiosk.screens.base import label
from kiosk.texts import number
from kiosk.theme import Theme
from shared.domain.initiative_map import ROW_SUPPLIERS, SegmentRow
from shared.qt.theme import score_color

ROWS = ROW_SUPPLIERS  # the suppliers that matter most (live_segment picks them)


def pick(ru: str | None, en: str | None, language: str) -> str:
    return (en or ru or "") if language == "en" else (ru or "")


class SegmentRowCard(QFrame):
    """Built once; ``set_segment`` fills it (hidden without a segment or a map)."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("segmentRow")
        self.setProperty("role", "card")
        self.segment: SegmentRow | None = None
        self.language = "ru"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.px(30), theme.px(10), theme.px(30), theme.px(10))
        layout.setSpacing(theme.px(4))
        self.heading = label(self, "", "segmentHeading")
        layout.addWidget(self.heading)
        grid = QGridLayout()
        grid.setHorizontalSpacing(theme.px(24))
        grid.setVerticalSpacing(theme.px(2))
        grid.setColumnStretch(0, 1)
        layout.addLayout(grid)
        self.lines: list[tuple[QLabel, QLabel, QLabel]] = []
        for i in range(ROWS):
            what = label(self, "", f"segmentSupplier-{i}")
            score = label(self, "", f"segmentScore-{i}", wrap=False)
            change = label(self, "dim", f"segmentChange-{i}", wrap=False)
            for col, widget in enumerate((what, score, change)):
                grid.addWidget(widget, i, col)
            self.lines.append((what, score, change))
        self.hide()

    def set_segment(self, segment: SegmentRow | None, language: str) -> None:
        self.segment = segment
        self.language = language
        self.retranslate()

    def retranslate(self) -> None:
        mine = self.segment
        self.setVisible(mine is not None)
        if mine is None:
            return
        seg = mine.segment
        lang = self.language
        name = pick(seg.name, seg.name_en, lang)
        heading = self.tr("Your segment “%1”").replace("%1", name)
        if seg.goal:
            heading += " \u2014 " + self.tr("goal: %1").replace("%1", seg.goal)
        self.heading.setText(heading)
        rows = mine.suppliers
        for i, (what, score, change) in enumerate(self.lines):
            shown = i < len(rows)
            for widget in (what, score, change):
                widget.setVisible(shown)
            if not shown:
                continue
            row = rows[i]
            supplier = (pick(row.supplier_department, row.supplier_department_en, lang)
                        if row.supplier_department else self.tr("Any supplier"))
            improvement = pick(row.improvement, row.improvement_en, lang)
            what.setText(f"{supplier} \u2014 {improvement}")
            if row.now.mean is None:
                score.setText(self.tr("not enough ratings yet"))
                score.setProperty("role", "dim")
                score.setStyleSheet("")
            else:
                score.setText(number(row.now.mean))
                score.setProperty("role", "")
                score.setStyleSheet(f"color: {score_color(row.now.mean).name()}; "
                                    "font-weight: bold")
            score.style().unpolish(score)
            score.style().polish(score)
            delta = row.change
            if delta is None:
                change.setText("")
            else:
                arrow = "\u25b2" if delta > 0.05 else "\u25bc" if delta < -0.05 else "\u25c6"
                sign = "+" if round(delta, 1) > 0 else "\u2212" if round(delta, 1) < 0 else ""
                change.setText(self.tr("%1 since last month").replace(
                    "%1", f"{arrow} {sign}{number(abs(delta))}"))
