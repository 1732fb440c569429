"""Proposals to decide (managers and admins): one card per pending proposal, oldest first,
then the accepted ones still to be marked implemented."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.proposal_backend import ProposalItem
from kiosk.screens.card_list import CardListScreen
from kiosk.texts import named, quoted
from kiosk.theme import Theme


class ProposalListScreen(CardListScreen[ProposalItem]):
    screen_name = "proposalList"
    proposal_chosen = Signal(object)

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        self.retranslate()

    def card_key(self, item: ProposalItem) -> int:
        return item.id

    def card_name(self, item: ProposalItem) -> str:
        return f"proposalItem-{item.id}"

    def card_text(self, item: ProposalItem) -> str:
        lang = self.language
        text = item.what_should_change
        short = text if len(text) <= 90 else text[:89] + "…"
        about = (self.tr("About {supplier}, from {client}  ·  improves: {metric}")
                 .format(**named(item.supplier(lang), "supplier"),
                         **named(item.client(lang), "client"), metric=item.improves_metric)
                 + "\n" + quoted(short))
        if item.status == "accepted":  # decided; the change is still to be marked made
            return self.tr("Accepted: mark it implemented when the change is in place") + \
                "\n" + about
        return about

    def chosen(self, item: ProposalItem) -> None:
        self.proposal_chosen.emit(item)

    def words(self) -> tuple[str, str, str, str]:
        return (self.tr("‹ Back"), self.tr("Proposals to decide"), self.tr("Loading…"),
                self.tr("Nothing waits for your decision."))
