"""The manager's answer to one of my proposals (accepted, declined or an invitation to
discuss, with the note), and my one reply to it, typed on the on-screen keyboard."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.proposal_backend import AnswerItem
from kiosk.screens.base import Screen, button, label
from kiosk.theme import Theme
from kiosk.widgets.keyboard import OnScreenKeyboard
from shared.domain.proposals import MAX_NOTE


class ProposalReplyScreen(Screen):
    screen_name = "proposalReply"
    replied = Signal(object, str)  # AnswerItem, reply
    back_requested = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[AnswerItem] = []
        self._tz: ZoneInfo | None = None
        self._error = ""
        self._busy = False
        layout = QVBoxLayout(self)
        m = theme.px(60)
        layout.setContentsMargins(m, theme.px(16), m, theme.px(30))
        layout.setSpacing(theme.px(14))
        top = QHBoxLayout()
        self.back = button(self, "proposalReplyBack", "quiet")
        self.back.clicked.connect(self.back_requested)
        self.title = label(self, "title", "proposalReplyTitle")
        top.addWidget(self.back)
        top.addSpacing(theme.px(30))
        top.addWidget(self.title, 1)
        layout.addLayout(top)
        card = QFrame(self)
        card.setProperty("role", "card")
        cl = QVBoxLayout(card)
        cl.setContentsMargins(theme.px(30), theme.px(20), theme.px(30), theme.px(20))
        self.what = label(card, "dim", "proposalReplyWhat")
        self.answer = label(card, "heading", "proposalReplyAnswer")
        cl.addWidget(self.what)
        cl.addWidget(self.answer)
        layout.addWidget(card)
        row = QHBoxLayout()
        self.text = QLineEdit(self)
        self.text.setObjectName("proposalReplyText")
        self.text.setAccessibleName("proposalReplyText")
        self.text.setMaxLength(MAX_NOTE)
        self.text.textChanged.connect(lambda _t: self._update())
        self.send = button(self, "proposalReplySend", "primary")
        self.send.setMinimumHeight(theme.px(90))
        self.send.clicked.connect(self._send)
        row.addWidget(self.text, 1)
        row.addWidget(self.send)
        layout.addLayout(row)
        self.error = label(self, "refusal", "proposalReplyError")
        layout.addWidget(self.error)
        self.keyboard = OnScreenKeyboard("ru", self)
        self.keyboard.setObjectName("proposalReplyKeyboard")
        self.keyboard.done.connect(self._send)
        self.keyboard.setMinimumHeight(self.keyboard.sizeHint().height())
        layout.addStretch(1)
        layout.addWidget(self.keyboard)
        self.retranslate()

    @property
    def item(self) -> AnswerItem | None:
        return self.items[0] if self.items else None

    def start(self, items: list[AnswerItem], tz: ZoneInfo) -> None:
        """Show the oldest answer first; after a reply, the next one."""
        self.items, self._tz = list(items), tz
        self._error, self._busy = "", False
        self.text.clear()
        self.keyboard.set_layout("en" if self.language == "en" else "ru")
        self.keyboard.attach(self.text)
        self.text.setFocus()
        self.retranslate()

    def refuse(self, sentence: str) -> None:
        self._error, self._busy = sentence, False
        self.retranslate()

    def _send(self) -> None:
        text = self.text.text().strip()
        if self.item is None or self._busy or not text:
            return
        self._busy = True  # one tap, one reply
        self._update()
        self.replied.emit(self.item, text)

    def _update(self) -> None:
        self.send.setEnabled(not self._busy and self.item is not None
                             and bool(self.text.text().strip()))

    def _answer_text(self, item: AnswerItem) -> str:
        if item.status == "discuss":
            when = item.discuss_at.astimezone(self._tz) if item.discuss_at is not None \
                and self._tz is not None else item.discuss_at
            text = self.tr("The manager invites you to discuss it on {date} at {time}.").format(
                date=f"{when:%d.%m.%Y}" if when is not None else "",
                time=f"{when:%H:%M}" if when is not None else "")
        elif item.status == "accepted":
            text = self.tr("The manager accepted it.")
        else:
            text = self.tr("The manager declined it.")
        if item.note:
            text += " " + self.tr("Note: “{note}”").format(note=item.note)
        return text

    def retranslate(self) -> None:
        item = self.item
        self.back.setText(self.tr("‹ Back"))
        self.title.setText(self.tr("The answer to your proposal"))
        self.what.setText(self.tr("About {supplier}: “{what}”").format(
            supplier=item.supplier(self.language), what=item.what_should_change)
            if item else "")
        self.answer.setText(self._answer_text(item) if item else "")
        self.text.setPlaceholderText(self.tr("Your answer (once)"))
        self.send.setText(self.tr("Send the answer"))
        self.error.setText(self._error)
        self.error.setVisible(bool(self._error))
        self._update()
