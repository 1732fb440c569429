"""PIN entry after the badge for roles that need it; lockouts are explained with their end time."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.screens.base import Screen, button, label
from kiosk.theme import Theme
from kiosk.widgets.pinpad import PinPad


class PinScreen(Screen):
    screen_name = "pinScreen"
    submitted = Signal(str)
    cancelled = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._name = ""
        self._state: tuple[str, int, str] = ("enter", 0, "")
        outer = QHBoxLayout(self)
        outer.setContentsMargins(theme.px(80), theme.px(30), theme.px(80), theme.px(30))
        left = QVBoxLayout()
        self.title = label(self, "title", "pinTitle")
        self.message = label(self, "message", "messageLabel")
        self.cancel = button(self, "pinCancel", "quiet")
        self.cancel.clicked.connect(self.cancelled)
        left.addStretch(1)
        left.addWidget(self.title)
        left.addSpacing(theme.px(30))
        left.addWidget(self.message)
        left.addStretch(2)
        left.addWidget(self.cancel, 0, Qt.AlignmentFlag.AlignLeft)
        self.pad = PinPad(parent=self)
        self.pad.setFixedWidth(theme.px(620))
        self.pad.submitted.connect(self.submitted)
        outer.addLayout(left, 1)
        outer.addSpacing(theme.px(60))
        outer.addWidget(self.pad, 0, Qt.AlignmentFlag.AlignVCenter)
        self.retranslate()

    def start(self, name: str, locked_until: str = "") -> None:
        self._name = name
        self.pad.clear()
        if locked_until:
            self.show_locked(locked_until)
        else:
            self._state = ("enter", 0, "")
            self.pad.set_enabled_keys(True)
            self.retranslate()

    def show_wrong(self, attempts_left: int) -> None:
        self._state = ("wrong", attempts_left, "")
        self.pad.clear()
        self.retranslate()

    def show_locked(self, until_local: str) -> None:
        self._state = ("locked", 0, until_local)
        self.pad.clear()
        self.pad.set_enabled_keys(False)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Hello, {name}").format(name=self._name))
        self.cancel.setText(self.tr("Cancel"))
        kind, left, until = self._state
        if kind == "enter":
            self.message.setText(self.tr("Please enter your PIN."))
        elif kind == "wrong":
            self.message.setText(self.tr("Wrong PIN. %n attempt(s) left.", "", left))
        else:
            self.message.setText(self.tr("Too many wrong PINs. This badge is locked until {time}.")
                                 .format(time=until))

