"""The programme's four principles (texts from ``[programme]`` in the configuration)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from shared.config import PRINCIPLES_EN, PRINCIPLES_RU
from shared.domain.wallboard_data import WallboardData
from wallboard.slides.base import Slide, label


class PrinciplesSlide(Slide):
    """Numbered principles, one per row, large enough to read from four metres; the
    language follows the wallboard's."""

    name = "principles"

    def __init__(self, principles_ru: list[str] | None = None,
                 principles_en: list[str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ru = list(principles_ru or PRINCIPLES_RU)
        self._en = list(principles_en or PRINCIPLES_EN)
        grid = QGridLayout(self)
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(24)
        grid.setHorizontalSpacing(32)
        self.numbers: list[QLabel] = []
        self.texts: list[QLabel] = []
        top = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        for i in range(len(self._ru)):
            number = label("big", str(i + 1),
                           align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            number.setObjectName(f"principleNumber-{i}")
            text = label("body", align=top, wrap=True)
            text.setObjectName(f"principle-{i}")
            grid.addWidget(number, i, 0)
            grid.addWidget(text, i, 1)
            grid.setRowStretch(i, 1)  # the rows share the screen's height
            self.numbers.append(number)
            self.texts.append(text)
        self._show()

    def _show(self) -> None:
        texts = self._en if self.language == "en" else self._ru
        for lab, text in zip(self.texts, texts, strict=False):
            lab.setText(text)

    def title(self) -> str:
        self._show()  # the window asks for the title whenever the slide or language changes
        return self.tr("The programme's four principles") if len(self._ru) == 4 else \
            self.tr("The programme's principles")

    def set_data(self, data: WallboardData) -> None:
        self._show()
