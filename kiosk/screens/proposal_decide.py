"""Decide one proposal: the text, the metric, who it is about and from whom; accept or decline."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.proposal_backend import ProposalItem
from kiosk.screens.base import Screen, button, label
from kiosk.texts import named, quoted
from kiosk.theme import Theme


class ProposalDecideScreen(Screen):
    screen_name = "proposalDecide"
    decided = Signal(object, bool)  # ProposalItem, accepted
    back_requested = Signal()

    def __init__(self, theme: Theme, reward_points: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._reward = reward_points
        self.item: ProposalItem | None = None
        self._error = ""
        self._busy = False
        layout = QVBoxLayout(self)
        m = theme.px(60)
        layout.setContentsMargins(m, theme.px(16), m, theme.px(30))
        layout.setSpacing(theme.px(18))
        top = QHBoxLayout()
        self.back = button(self, "proposalDecideBack", "quiet")
        self.back.clicked.connect(self.back_requested)
        self.title = label(self, "title", "proposalDecideTitle")
        top.addWidget(self.back)
        top.addSpacing(theme.px(30))
        top.addWidget(self.title, 1)
        layout.addLayout(top)
        card = QFrame(self)
        card.setProperty("role", "card")
        cl = QVBoxLayout(card)
        cl.setContentsMargins(theme.px(30), theme.px(24), theme.px(30), theme.px(24))
        self.who = label(card, "dim", "proposalWho")
        self.text = label(card, "heading", "proposalWhat")
        self.improves = label(card, "", "proposalImproves")
        cl.addWidget(self.who)
        cl.addWidget(self.text)
        cl.addWidget(self.improves)
        layout.addWidget(card)
        self.error = label(self, "refusal", "proposalDecideError")
        layout.addWidget(self.error)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(theme.px(40))
        columns = []
        for name, role in (("declineProposal", ""), ("acceptProposal", "primary")):
            col = QVBoxLayout()
            b = button(self, name, role)
            b.setMinimumHeight(theme.px(110))
            hint = label(self, "small", f"{name}Hint")
            col.addWidget(b)
            col.addWidget(hint)
            row.addLayout(col, 1)
            columns.append((b, hint))
        (self.decline, self.decline_hint), (self.accept, self.accept_hint) = columns
        self.accept.clicked.connect(lambda: self._decide(True))
        self.decline.clicked.connect(lambda: self._decide(False))
        layout.addLayout(row)
        self.retranslate()

    def start(self, item: ProposalItem) -> None:
        self.item = item
        self._error = ""
        self._busy = False
        self.retranslate()

    def _decide(self, accept: bool) -> None:
        if self.item is None or self._busy:
            return
        self._busy = True  # one tap, one decision (the flow re-enables on refusal)
        self.retranslate()
        self.decided.emit(self.item, accept)

    def refuse(self, sentence: str) -> None:
        self._error = sentence
        self._busy = False
        self.retranslate()

    def retranslate(self) -> None:
        lang, item = self.language, self.item
        self.back.setText(self.tr("‹ Back"))
        self.title.setText(self.tr("An improvement proposal"))
        supplier = item.supplier(lang) if item else ""
        client = item.client(lang) if item else ""
        people = {**named(supplier, "supplier"), **named(client, "client")}
        self.who.setText(self.tr("About {supplier}, proposed by {client}").format(**people))
        self.text.setText(quoted(item.what_should_change) if item else "")
        self.improves.setText(self.tr("Improves {client}'s metric: {metric}").format(
            **people, metric=item.improves_metric if item else ""))
        self.error.setText(self._error)
        self.error.setVisible(bool(self._error))
        self.accept.setText(self.tr("Accept"))
        self.decline.setText(self.tr("Decline"))
        self.accept_hint.setText(self.tr("{supplier} earns %n point(s) for it; {client} is told "
                                         "it was accepted.", "", self._reward).format(**people))
        self.decline_hint.setText(self.tr("No points; {client} is told it was declined.").format(
            **people))
        for b in (self.accept, self.decline):
            b.setEnabled(not self._busy and item is not None)
