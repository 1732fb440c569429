"""What every screen shares: a name, a ``retranslate()`` called on language change, helpers."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget


class Screen(QWidget):
    """A full-window screen. Subclasses set every text in ``retranslate()``."""

    #: objectName and accessibleName of the screen
    screen_name = "screen"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(self.screen_name)
        self.setAccessibleName(self.screen_name)
        self.language = "ru"

    def retranslate(self) -> None:
        """Set every visible text (called at construction and on each language change)."""

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def entered(self) -> None:
        """The window just showed this screen."""


def label(parent: QWidget, role: str = "", name: str = "", *, wrap: bool = True,
          align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft) -> QLabel:
    widget = QLabel(parent)
    if role:
        widget.setProperty("role", role)
    if name:
        widget.setObjectName(name)
        widget.setAccessibleName(name)
    widget.setWordWrap(wrap)
    widget.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
    return widget


def button(parent: QWidget, name: str, role: str = "") -> QPushButton:
    widget = QPushButton(parent)
    widget.setObjectName(name)
    widget.setAccessibleName(name)
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    if role:
        widget.setProperty("role", role)
    return widget


def set_fitted(line: QLabel, text: str, room: int) -> None:
    """Set ``text``, word-wrapping only when it is wider than ``room`` pixels.

    A wrapping label answers height-for-width, so every layout pass that touches it lays
    its text out again (a few ms per screen change on the kiosk); a line that fits needs
    none of that. ``room`` <= 0 (not laid out yet) wraps, to be safe.
    """
    line.ensurePolished()
    wrap = room <= 0 or line.fontMetrics().horizontalAdvance(text) > room
    if line.wordWrap() != wrap:
        line.setWordWrap(wrap)
    if line.text() != text:
        line.setText(text)
