"""What every slide is: a widget built once, fed snapshots by ``set_data``, never rebuilt."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QLabel, QWidget

from shared.domain.wallboard_data import WallboardData
from wallboard.style import px


def pick(ru: str, en: str | None, language: str) -> str:
    """The name in the screen's language (the Russian one when no English name is known)."""
    return (en or ru) if language == "en" else ru


class ElidedLabel(QLabel):
    """A one-line label that ends in "…" when its text is wider than the label.

    A plain QLabel that gets less room than its text is cut mid-letter ("Дементьев
    Константи") or runs under its neighbour; this one also asks the layout for little
    room, so a long name gives way to the figure beside it. ``text()`` stays the whole
    text; ``shown_text()`` is what the screen shows. ``mode`` ElideMiddle keeps the tail
    that tells two departments apart ("Трубопрокатный… №1" / "…№2")."""

    mode = Qt.TextElideMode.ElideRight

    def shown_text(self) -> str:
        return self.fontMetrics().elidedText(self.text(), self.mode, self.contentsRect().width())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), 3 * self.fontMetrics().horizontalAdvance("M")),
                     hint.height())

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        self.style().drawItemText(painter, self.contentsRect(), int(self.alignment()),
                                  self.palette(), self.isEnabled(), self.shown_text(),
                                  QPalette.ColorRole.WindowText)


def index_note() -> str:
    """The footnote under every supplier figure (rankings, poster slide): what the index is."""
    return QCoreApplication.translate(
        "Figures", "Index: the mean score, corrected for strict and lenient raters and drawn "
        "toward the plant's mean while ratings are few; suppliers are ranked by it.")


def label(role: str, text: str = "", parent: QWidget | None = None, *,
          align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
          wrap: bool = False, elided: bool = False) -> QLabel:
    widget = ElidedLabel(text, parent) if elided else QLabel(text, parent)
    widget.setProperty("role", role)
    widget.setAlignment(align)
    widget.setWordWrap(wrap)
    return widget


def axis_font(unit: float, size: float = 30) -> QFont:
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

    def pages(self) -> int:
        """Screens the current data needs (each its own playlist step); most slides: one."""
        return 1

    def show_page(self, page: int) -> None:
        """Show page ``page`` (0-based) of the current data."""


def fit_axis(axis: object, unit: float, labels: list[str] | None = None,
             size: float = 30) -> None:
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
