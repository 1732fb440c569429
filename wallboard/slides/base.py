"""What every slide is: a widget built once, fed snapshots by ``set_data``, never rebuilt."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QWidget

from shared.domain.wallboard_data import WallboardData
from wallboard.style import px


def pick(ru: str, en: str | None, language: str) -> str:
    """The name in the screen's language (the Russian one when no English name is known)."""
    return (en or ru) if language == "en" else ru


def label(role: str, text: str = "", parent: QWidget | None = None, *,
          align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
          wrap: bool = False) -> QLabel:
    widget = QLabel(text, parent)
    widget.setProperty("role", role)
    widget.setAlignment(align)
    widget.setWordWrap(wrap)
    return widget


def axis_font(unit: float, size: float = 26) -> QFont:
    font = QFont()
    font.setPixelSize(px(size, unit))
    return font


class Slide(QWidget):
    """Base class: a title, data in, a 'shown with too little data?' answer."""

    name = "slide"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"slide-{self.name}")
        self.language = "ru"
        self.unit = 1.0

    def tr(self, text: str) -> str:  # type: ignore[override]
        return QCoreApplication.translate(type(self).__name__, text)

    def title(self) -> str:
        raise NotImplementedError

    def set_data(self, data: WallboardData) -> None:
        raise NotImplementedError

    def available(self, data: WallboardData) -> bool:
        """False when the slide has nothing worth a screen (the playlist skips it)."""
        return True

    def rescale(self, unit: float) -> None:
        """Fonts that style sheets cannot reach (chart axes) follow the screen size."""
        self.unit = unit


def fit_axis(axis: object, unit: float, labels: list[str] | None = None,
             size: float = 26) -> None:
    """Give an axis room for its (large) tick labels: pyqtgraph silently drops tick text
    that does not fit the axis' own size, so it is sized from the font here."""
    from PySide6.QtGui import QFontMetrics
    font = axis_font(unit, size)
    metrics = QFontMetrics(font)
    orientation = axis.orientation  # type: ignore[attr-defined]
    if orientation in ("left", "right"):
        texts = labels if labels is not None else ["00000"]
        width = max(metrics.horizontalAdvance(t) for t in [*texts, "000"])
        axis.setWidth(width + px(24, unit))  # type: ignore[attr-defined]
    else:
        axis.setHeight(metrics.height() + px(16, unit))  # type: ignore[attr-defined]


def elide(text: str, limit: int) -> str:
    """Shorten a long name to ``limit`` characters with an ellipsis (charts have no room
    for "Служба охраны труда и промышленной безопасности")."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "\u2026"


def short_person(name: str) -> str:
    """'Surname Name Patronymic' -> 'Surname Name' (readable from 5 m in one line)."""
    return " ".join(name.split()[:2])
