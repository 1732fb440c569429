"""An on-screen keyboard with Russian (ЙЦУКЕН) and Latin layouts and big keys."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

LAYOUTS: dict[str, list[str]] = {
    "ru": ["1234567890", "ЙЦУКЕНГШЩЗХЪ", "ФЫВАПРОЛДЖЭ", "ЯЧСМИТЬБЮЁ-"],
    "en": ["1234567890", "QWERTYUIOP", "ASDFGHJKL'", "ZXCVBNM.,-"],
}


class OnScreenKeyboard(QWidget):
    """Types into an attached ``QLineEdit``; the keys never take the focus from it.

    Keys are named ``key-<character>`` (``key-Й``, ``key-Q``, ``key-1``), plus
    ``key-space``, ``key-backspace``, ``key-layout`` and ``key-done``.
    """

    done = Signal()
    layout_changed = Signal(str)

    def __init__(self, layout: str = "ru", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("onScreenKeyboard")
        self._target: QLineEdit | None = None
        self._layout_name = layout if layout in LAYOUTS else "ru"
        self._rows = QVBoxLayout(self)
        self._rows.setContentsMargins(0, 0, 0, 0)
        self._rows.setSpacing(10)
        self._letter_keys: list[QPushButton] = []
        self._build()

    @property
    def layout_name(self) -> str:
        return self._layout_name

    def attach(self, target: QLineEdit | None) -> None:
        self._target = target

    def set_layout(self, name: str) -> None:
        if name != self._layout_name and name in LAYOUTS:
            self._layout_name = name
            self._build()
            self.layout_changed.emit(name)

    def _button(self, label: str, name: str) -> QPushButton:
        button = QPushButton(label, self)
        button.setObjectName(name)
        button.setAccessibleName(name)
        button.setProperty("role", "key")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setAutoRepeat(name == "key-backspace")
        return button

    def _build(self) -> None:
        while self._rows.count():
            item = self._rows.takeAt(0)
            row = item.layout() if item is not None else None
            if row is not None:
                while row.count():
                    child = row.takeAt(0)
                    w = child.widget() if child is not None else None
                    if w is not None:
                        w.deleteLater()
        for chars in LAYOUTS[self._layout_name]:
            row = QHBoxLayout()
            row.setSpacing(10)
            for ch in chars:
                button = self._button(ch, f"key-{ch}")
                button.clicked.connect(lambda _=False, c=ch: self.type_text(c))
                row.addWidget(button)
            self._rows.addLayout(row)
        bottom = QHBoxLayout()
        bottom.setSpacing(10)
        self.layout_key = self._button("", "key-layout")
        self.layout_key.clicked.connect(self._toggle_layout)
        self.space_key = self._button("", "key-space")
        self.space_key.clicked.connect(lambda: self.type_text(" "))
        self.backspace_key = self._button("⌫", "key-backspace")
        self.backspace_key.clicked.connect(self.backspace)
        self.done_key = self._button("", "key-done")
        self.done_key.setProperty("role", "primary")
        self.done_key.clicked.connect(self.done)
        bottom.addWidget(self.layout_key, 2)
        bottom.addWidget(self.space_key, 6)
        bottom.addWidget(self.backspace_key, 2)
        bottom.addWidget(self.done_key, 2)
        self._rows.addLayout(bottom)
        self.retranslate()

    def _toggle_layout(self) -> None:
        self.set_layout("en" if self._layout_name == "ru" else "ru")

    def type_text(self, text: str) -> None:
        if self._target is not None:
            self._target.insert(text)

    def backspace(self) -> None:
        if self._target is not None:
            self._target.backspace()

    def retranslate(self) -> None:
        self.layout_key.setText("ABC" if self._layout_name == "ru" else "АБВ")
        self.space_key.setText(self.tr("Space"))
        self.done_key.setText(self.tr("Done"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
