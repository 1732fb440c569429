"""A big-key PIN pad: digits, erase, OK; the PIN shows as dots and never as digits."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class PinPad(QWidget):
    """Collects 4..8 digits; ``submitted(pin)`` on OK."""

    submitted = Signal(str)

    def __init__(self, min_length: int = 4, max_length: int = 8,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pinPad")
        self.min_length, self.max_length = min_length, max_length
        self._pin = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(18)
        self.dots = QLabel(self)
        self.dots.setObjectName("pinDots")
        self.dots.setAccessibleName("pinDots")
        self.dots.setProperty("role", "title")
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.dots)
        grid = QGridLayout()
        grid.setSpacing(14)
        layout.addLayout(grid)
        self.keys: dict[str, QPushButton] = {}
        for i, label in enumerate("123456789"):
            self._key(grid, label, f"pinKey-{label}", i // 3, i % 3)
        self.erase = self._key(grid, "⌫", "pinErase", 3, 0)
        self._key(grid, "0", "pinKey-0", 3, 1)
        self.ok = self._key(grid, "OK", "pinOk", 3, 2)
        self.ok.setProperty("role", "primary")
        self.erase.clicked.connect(self._erase)
        self.ok.clicked.connect(self._submit)
        self._refresh()

    def _key(self, grid: QGridLayout, label: str, name: str, row: int, col: int) -> QPushButton:
        button = QPushButton(label, self)
        button.setObjectName(name)
        button.setAccessibleName(name)
        button.setProperty("role", "key")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setMinimumSize(150, 96)
        grid.addWidget(button, row, col)
        if label.isdigit():
            button.clicked.connect(lambda _=False, d=label: self._digit(d))
        self.keys[name] = button
        return button

    @property
    def pin(self) -> str:
        return self._pin

    def clear(self) -> None:
        self._pin = ""
        self._refresh()

    def set_enabled_keys(self, enabled: bool) -> None:
        for button in self.keys.values():
            button.setEnabled(enabled)
        if enabled:
            self._refresh()

    def _digit(self, digit: str) -> None:
        if len(self._pin) < self.max_length:
            self._pin += digit
            self._refresh()

    def _erase(self) -> None:
        self._pin = self._pin[:-1]
        self._refresh()

    def _submit(self) -> None:
        if len(self._pin) >= self.min_length:
            pin, self._pin = self._pin, ""
            self._refresh()
            self.submitted.emit(pin)

    def _refresh(self) -> None:
        self.dots.setText(" ".join("●" * len(self._pin)) or " ")
        self.ok.setEnabled(len(self._pin) >= self.min_length)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.erase.setAccessibleDescription(self.tr("Erase"))
        super().changeEvent(event)
