"""Poster slide: the month's most attractive supplier(s) — photo or initials, name, department,
score with the faces, distinct clients and anonymous praise (only suppliers that met k)."""

from __future__ import annotations

from PySide6.QtCore import QLocale, QRectF, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from shared.domain.posters import FIGURE_DECIMALS, PosterEntry, face_for_figure, shown_figure
from shared.domain.wallboard_data import WallboardData
from shared.qt.faces import paint_face
from shared.qt.fonts import FAMILY
from shared.qt.poster import paint_portrait
from shared.qt.theme import score_color
from wallboard.slides.base import Slide, index_note, label, pick, short_person
from wallboard.slides.rankings import panel

CARDS = 2


class Portrait(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = ""
        self.photo: bytes | None = None
        self.mean = 0.0

    def set_person(self, name: str, photo: bytes | None, mean: float) -> None:
        self.name, self.photo, self.mean = name, photo, mean
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        side = min(self.width(), self.height()) * 0.94
        rect = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        p = QPainter(self)
        paint_portrait(p, rect, self.name, self.photo, FAMILY, score_color(self.mean))
        p.end()


class FaceRow(QWidget):
    """Five faces, the shown figure's face large and bright, the others dimmed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figure = 0.0

    def set_figure(self, figure: float) -> None:
        self.figure = figure
        self.update()

    def best(self) -> int:
        return face_for_figure(self.figure)

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        step = self.width() / 5
        best = self.best()
        for i in range(5):
            size = min(step * (0.9 if i + 1 == best else 0.62), self.height())
            rect = QRectF(i * step + (step - size) / 2, (self.height() - size) / 2, size, size)
            paint_face(p, rect, i + 1, dimmed=i + 1 != best)
        p.end()


class SupplierCard(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        frame = panel()
        self.portrait = Portrait()
        self.name = label("title", align=Qt.AlignmentFlag.AlignCenter, wrap=True)
        self.department = label("muted", align=Qt.AlignmentFlag.AlignCenter)
        self.score = label("big", align=Qt.AlignmentFlag.AlignCenter)
        self.faces = FaceRow()
        self.faces.setMinimumHeight(110)
        self.clients = label("body", align=Qt.AlignmentFlag.AlignCenter)
        self.quotes = label("body", align=Qt.AlignmentFlag.AlignCenter, wrap=True)
        inner = QVBoxLayout(frame)
        inner.addWidget(self.portrait, 4)
        inner.addWidget(self.name)
        inner.addWidget(self.department)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.score)
        row.addWidget(self.faces, 5)  # the faces large enough to read their expressions
        row.addStretch(1)
        inner.addLayout(row, 2)
        inner.addWidget(self.clients)
        inner.addWidget(self.quotes, 3)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)


class PosterSlide(Slide):
    name = "poster"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards = [SupplierCard() for _ in range(CARDS)]
        self.empty = label("withheld", align=Qt.AlignmentFlag.AlignCenter, wrap=True)
        # Early in a month the posters are last month's: this line says so.
        self.month_note = label("heading", align=Qt.AlignmentFlag.AlignCenter)
        self.month_note.setObjectName("poster-month-note")
        self.month_note.hide()
        row = QHBoxLayout()
        for card in self.cards:
            row.addWidget(card, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.month_note)
        layout.addLayout(row, 1)
        layout.addWidget(self.empty, 1)
        self.note = label("small", index_note(), wrap=True)
        layout.addWidget(self.note)

    def title(self) -> str:
        return self.tr("Most attractive suppliers")  # the month is beside it

    def set_data(self, data: WallboardData) -> None:
        locale = QLocale(QLocale.Language.Russian if self.language == "ru"
                         else QLocale.Language.English)
        for i, card in enumerate(self.cards):
            entry: PosterEntry | None = data.posters[i] if i < len(data.posters) else None
            card.setVisible(entry is not None)
            if entry is None:
                continue
            sup = entry.supplier
            full = pick(sup.full_name, sup.full_name_en, self.language)
            name = short_person(full)
            figure = shown_figure(sup)  # the rankings' figure, rounded as they print it
            card.portrait.set_person(name, entry.photo, figure)
            card.name.setText(full)
            card.department.setText(pick(sup.department_name, sup.department_name_en,
                                         self.language))
            card.score.setText(locale.toString(figure, "f", FIGURE_DECIMALS))
            card.faces.set_figure(figure)
            card.clients.setText(self.tr("%1 colleagues rated, %2 ratings")
                                 .replace("%1", str(sup.clients)).replace("%2", str(sup.n)))
            card.quotes.setText("\n".join(f"\u201c{q}\u201d" for q in entry.quotes[:2]))
        self.empty.setText(self.tr("Not enough ratings yet this month. The poster shows a "
                                   "supplier once %1 different colleagues rated them.")
                           .replace("%1", str(data.k)))
        self.empty.setVisible(not data.posters)
        earlier = data.posters[0].month if data.posters and \
            data.posters[0].month != data.month else None
        if earlier is not None:
            year, month = (int(p) for p in earlier.split("-"))
            name = locale.standaloneMonthName(month, QLocale.FormatType.LongFormat)
            if self.language == "ru":
                name = name.lower()  # "за ноябрь 2026"
            self.month_note.setText(self.tr("Best suppliers of %1: this month's are not "
                                            "decided yet").replace("%1", f"{name} {year}"))
        self.month_note.setVisible(earlier is not None)
