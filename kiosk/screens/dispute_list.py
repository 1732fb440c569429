"""My disputes (as initiator, respondent or arbiter), those waiting for me first; open one."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.screens.base import button
from kiosk.screens.card_list import CardListScreen
from kiosk.screens.dispute_texts import role_sentence, state_sentence
from kiosk.theme import Theme
from shared.domain.disputes import DisputeView


class DisputeListScreen(CardListScreen[DisputeView]):
    screen_name = "disputeList"
    open_requested = Signal()
    dispute_chosen = Signal(object)

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.open_button = button(self, "disputeOpenButton", "primary")
        self.open_button.setMinimumHeight(theme.px(110))
        self.open_button.setMinimumWidth(theme.px(600))
        self.open_button.clicked.connect(self.open_requested)
        bottom.addWidget(self.open_button)
        self.column.addLayout(bottom)
        self.retranslate()

    def set_disputes(self, views: list[DisputeView]) -> None:
        self.set_items(views)

    def card_key(self, item: DisputeView) -> int:
        return item.dispute_id

    def card_name(self, item: DisputeView) -> str:
        return f"dispute-{item.dispute_id}"

    def card_role(self, item: DisputeView) -> str:
        return "primary" if item.needs_action else ""  # waiting for this person

    def card_text(self, item: DisputeView) -> str:
        return f"{item.regulation_code}  ·  {role_sentence(item)}\n{state_sentence(item)}"

    def chosen(self, item: DisputeView) -> None:
        self.dispute_chosen.emit(item)

    def words(self) -> tuple[str, str, str, str]:
        return (self.tr("‹ Back"), self.tr("Your disputes"), self.tr("Loading…"),
                self.tr("You have no disputes. If you see a written regulation broken, open a "
                        "dispute."))

    def retranslate(self) -> None:
        super().retranslate()
        self.open_button.setText(self.tr("Open a dispute"))
