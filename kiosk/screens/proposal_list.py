"""Proposals to decide (managers and admins): one card per pending proposal, oldest first."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from kiosk.proposal_backend import ProposalItem
from kiosk.screens.base import Screen, button, label
from kiosk.screens.picker import kinetic
from kiosk.theme import Theme


class ProposalListScreen(Screen):
    screen_name = "proposalList"
    proposal_chosen = Signal(object)
    back_requested = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._items: list[ProposalItem] | None = None
        self._status = ""
        layout = QVBoxLayout(self)
        m = theme.px(60)
        layout.setContentsMargins(m, theme.px(16), m, theme.px(30))
        layout.setSpacing(theme.px(18))
        top = QHBoxLayout()
        self.back = button(self, "proposalListBack", "quiet")
        self.back.clicked.connect(self.back_requested)
        self.title = label(self, "title", "proposalListTitle")
        top.addWidget(self.back)
        top.addSpacing(theme.px(30))
        top.addWidget(self.title, 1)
        layout.addLayout(top)
        self.status = label(self, "heading", "proposalListStatus")
        layout.addWidget(self.status)
        self.empty = label(self, "dim", "proposalListEmpty")
        layout.addWidget(self.empty)
        self.area = QScrollArea(self)
        self.area.setObjectName("proposalListArea")
        self.area.setWidgetResizable(True)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget(self.area)
        self._inner = inner
        self._rows = QVBoxLayout(inner)
        self._rows.setContentsMargins(0, 0, 0, 0)
        self._rows.setSpacing(theme.px(14))
        self._rows.addStretch(1)
        self.area.setWidget(inner)
        kinetic(self.area)
        layout.addWidget(self.area, 1)
        self.cards: dict[int, QPushButton] = {}
        self.retranslate()

    def start(self, status: str = "") -> None:
        """Loading state (the flow asks for the data), with an optional outcome line."""
        self._items = None
        self._status = status
        self._fill([])
        self.retranslate()

    def set_items(self, items: list[ProposalItem]) -> None:
        self._items = items
        self._fill(items)
        self.retranslate()

    def _fill(self, items: list[ProposalItem]) -> None:
        for card in self.cards.values():
            self._rows.removeWidget(card)
            card.deleteLater()
        self.cards = {}
        for item in items:
            card = button(self._inner, f"proposalItem-{item.id}")
            card.setMinimumHeight(self._theme.px(150))
            card.setStyleSheet("text-align: left;")
            card.clicked.connect(lambda _=False, it=item: self.proposal_chosen.emit(it))
            self._rows.insertWidget(self._rows.count() - 1, card)
            card.show()
            self.cards[item.id] = card
        self.area.verticalScrollBar().setValue(0)

    def retranslate(self) -> None:
        self.back.setText(self.tr("‹ Back"))
        self.title.setText(self.tr("Proposals to decide"))
        self.status.setText(self._status)
        self.status.setVisible(bool(self._status))
        if self._items is None:
            self.empty.setText(self.tr("Loading…"))
            self.empty.show()
        elif not self._items:
            self.empty.setText(self.tr("Nothing waits for your decision."))
            self.empty.show()
        else:
            self.empty.hide()
        lang = self.language
        for item in self._items or []:
            card = self.cards.get(item.id)
            if card is not None:
                text = item.what_should_change
                short = text if len(text) <= 90 else text[:89] + "…"
                card.setText(self.tr("About {supplier}, from {client}  ·  improves: {metric}")
                             .format(supplier=item.supplier(lang), client=item.client(lang),
                                     metric=item.improves_metric) + f"\n“{short}”")
