"""A friendly full-screen message (unknown badge, inactive account, offline) with one button."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.screens.base import Screen, button, label


class MessageScreen(Screen):
    """Shows one of a few known messages; ``dismissed`` when OK is tapped."""

    screen_name = "messageScreen"
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(160, 80, 160, 80)
        self.title = label(self, "title", "messageTitle", align=Qt.AlignmentFlag.AlignCenter)
        self.message = label(self, "message", "messageLabel", align=Qt.AlignmentFlag.AlignCenter)
        self.ok = button(self, "messageOkButton", "primary")
        self.ok.clicked.connect(self.dismissed)
        layout.addStretch(2)
        layout.addWidget(self.title)
        layout.addSpacing(40)
        layout.addWidget(self.message)
        layout.addStretch(2)
        layout.addWidget(self.ok, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self.retranslate()

    def show_message(self, kind: str) -> None:
        """``kind``: unknown_badge, inactive, offline, offline_saved (this kiosk keeps the
        ratings and sends them later, as its top bar says), error."""
        self.kind = kind
        self.retranslate()

    def retranslate(self) -> None:
        self.ok.setText(self.tr("OK"))
        texts = {
            # Says nothing about whether the number exists: no hint for someone trying badges.
            "unknown_badge": (self.tr("Hello!"),
                              self.tr("This badge can't be used here yet. Please ask your "
                                      "manager or HR to register it for Supplier Pulse.")),
            "inactive": (self.tr("Hello!"),
                         self.tr("This badge can't be used here yet. Please ask your "
                                 "manager or HR to register it for Supplier Pulse.")),
            "offline_saved": (self.tr("Offline"),
                              self.tr("The server cannot be reached right now. Ratings are saved "
                                      "on this kiosk and sent when it is back; anything else, "
                                      "please try again in a few minutes.")),
            "error": (self.tr("Sorry"),
                      self.tr("Something went wrong. Please try again.")),
        }
        title, text = texts.get(self.kind, ("", ""))
        self.title.setText(title)
        self.message.setText(text)
