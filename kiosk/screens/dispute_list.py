"""My disputes (as initiator, respondent or arbiter), those waiting for me first; open one."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from kiosk.screens.base import Screen, button, label
from kiosk.screens.dispute_texts import role_sentence, state_sentence
from kiosk.screens.picker import kinetic
from kiosk.theme import Theme
from shared.domain.disputes import DisputeView


class DisputeListScreen(Screen):
    screen_name = "disputeList"
    open_requested = Signal()
    dispute_chosen = Signal(object)
    back_requested = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._views: list[DisputeView] | None = None
        self._status = ""
        layout = QVBoxLayout(self)
        m = theme.px(60)
        layout.setContentsMargins(m, theme.px(16), m, theme.px(30))
        layout.setSpacing(theme.px(18))
        top = QHBoxLayout()
        self.back = button(self, "disputeListBack", "quiet")
        self.back.clicked.connect(self.back_requested)
        self.title = label(self, "title", "disputeListTitle")
        top.addWidget(self.back)
        top.addSpacing(theme.px(30))
        top.addWidget(self.title, 1)
        layout.addLayout(top)
        self.status = label(self, "heading", "disputeListStatus")
        layout.addWidget(self.status)
        self.empty = label(self, "dim", "disputeListEmpty")
        layout.addWidget(self.empty)
        self.area = QScrollArea(self)
        self.area.setObjectName("disputeListArea")
        self.area.setWidgetResizable(True)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget(self.area)
        self._rows = QVBoxLayout(inner)
        self._rows.setContentsMargins(0, 0, 0, 0)
        self._rows.setSpacing(theme.px(14))
        self._rows.addStretch(1)
        self.area.setWidget(inner)
        kinetic(self.area)
        layout.addWidget(self.area, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.open_button = button(self, "disputeOpenButton", "primary")
        self.open_button.setMinimumHeight(theme.px(110))
        self.open_button.setMinimumWidth(theme.px(600))
        self.open_button.clicked.connect(self.open_requested)
        bottom.addWidget(self.open_button)
        layout.addLayout(bottom)
        self.cards: dict[int, QPushButton] = {}
        self.retranslate()

    def start(self, status: str = "") -> None:
        """Loading state (the window asks for the data), with an optional outcome line."""
        self._views = None
        self._status = status
        self._fill([])
        self.retranslate()

    def set_disputes(self, views: list[DisputeView]) -> None:
        self._views = views
        self._fill(views)
        self.retranslate()

    def _fill(self, views: list[DisputeView]) -> None:
        for card in self.cards.values():
            self._rows.removeWidget(card)
            card.deleteLater()
        self.cards = {}
        inner = self.area.widget()
        for view in views:
            card = button(inner, f"dispute-{view.dispute_id}", "primary" if view.needs_action
                          else "")
            card.setMinimumHeight(self._theme.px(150))
            card.setStyleSheet("text-align: left;")
            card.clicked.connect(lambda _=False, v=view: self.dispute_chosen.emit(v))
            self._rows.insertWidget(self._rows.count() - 1, card)
            card.show()
            self.cards[view.dispute_id] = card
        self.area.verticalScrollBar().setValue(0)

    def retranslate(self) -> None:
        self.back.setText(self.tr("‹ Back"))
        self.title.setText(self.tr("Your disputes"))
        self.open_button.setText(self.tr("Open a dispute"))
        self.status.setText(self._status)
        self.status.setVisible(bool(self._status))
        if self._views is None:
            self.empty.setText(self.tr("Loading…"))
            self.empty.show()
        elif not self._views:
            self.empty.setText(self.tr("You have no disputes. If you see a written regulation "
                                       "broken, open a dispute."))
            self.empty.show()
        else:
            self.empty.hide()
        for view in self._views or []:
            card = self.cards.get(view.dispute_id)
            if card is not None:
                card.setText(f"{view.regulation_code}  ·  {role_sentence(view)}\n"
                             f"{state_sentence(view)}")
