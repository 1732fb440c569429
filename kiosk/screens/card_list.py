"""A list of big card buttons under a title, shared by "my disputes" and "proposals to decide".

The layout, the loading / empty / outcome lines and the cards' life cycle live here; each
screen names its widgets (``<screen_name>Back``, ``…Title``, ``…Status``, ``…Empty``,
``…Area``), words them (its own ``tr()`` context) and says what a card shows.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from kiosk.screens.base import Screen, button, label
from kiosk.screens.picker import kinetic
from kiosk.theme import Theme

Item = TypeVar("Item")


class CardListScreen(Screen, Generic[Item]):
    """Subclasses implement ``card_key``, ``card_name``, ``card_text``, ``words`` and
    ``chosen``, may override ``card_role``, and call ``retranslate()`` at the end of their
    ``__init__`` (after adding anything below the list to ``self.column``)."""

    back_requested = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._items: list[Item] | None = None
        self._status = ""
        name = self.screen_name
        layout = QVBoxLayout(self)
        self.column = layout
        m = theme.px(60)
        layout.setContentsMargins(m, theme.px(16), m, theme.px(30))
        layout.setSpacing(theme.px(18))
        top = QHBoxLayout()
        self.back = button(self, f"{name}Back", "quiet")
        self.back.clicked.connect(self.back_requested)
        self.title = label(self, "title", f"{name}Title")
        top.addWidget(self.back)
        top.addSpacing(theme.px(30))
        top.addWidget(self.title, 1)
        layout.addLayout(top)
        self.status = label(self, "heading", f"{name}Status")
        layout.addWidget(self.status)
        self.empty = label(self, "dim", f"{name}Empty")
        layout.addWidget(self.empty)
        self.area = QScrollArea(self)
        self.area.setObjectName(f"{name}Area")
        self.area.setWidgetResizable(True)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._inner = QWidget(self.area)
        self._rows = QVBoxLayout(self._inner)
        self._rows.setContentsMargins(0, 0, 0, 0)
        self._rows.setSpacing(theme.px(14))
        self._rows.addStretch(1)
        self.area.setWidget(self._inner)
        kinetic(self.area)
        layout.addWidget(self.area, 1)
        self.cards: dict[Any, QPushButton] = {}

    # --- what each list says ----------------------------------------------------------

    def card_key(self, item: Item) -> Any:
        raise NotImplementedError

    def card_name(self, item: Item) -> str:
        raise NotImplementedError

    def card_role(self, item: Item) -> str:
        return ""

    def card_text(self, item: Item) -> str:
        raise NotImplementedError

    def words(self) -> tuple[str, str, str, str]:
        """(back, title, loading, nothing here), translated by the subclass."""
        raise NotImplementedError

    def chosen(self, item: Item) -> None:
        raise NotImplementedError

    # --- the shared part --------------------------------------------------------------

    def start(self, status: str = "") -> None:
        """Loading state (the flow asks for the data), with an optional outcome line."""
        self._items = None
        self._status = status
        self._fill([])
        self.retranslate()

    def set_items(self, items: list[Item]) -> None:
        self._items = items
        self._fill(items)
        self.retranslate()

    def _fill(self, items: list[Item]) -> None:
        for card in self.cards.values():
            self._rows.removeWidget(card)
            card.deleteLater()
        self.cards = {}
        for item in items:
            card = button(self._inner, self.card_name(item), self.card_role(item))
            card.setMinimumHeight(self._theme.px(150))
            card.setStyleSheet("text-align: left;")
            card.clicked.connect(lambda _=False, it=item: self.chosen(it))
            self._rows.insertWidget(self._rows.count() - 1, card)
            card.show()
            self.cards[self.card_key(item)] = card
        self.area.verticalScrollBar().setValue(0)

    def retranslate(self) -> None:
        back, title, loading, nothing = self.words()
        self.back.setText(back)
        self.title.setText(title)
        self.status.setText(self._status)
        self.status.setVisible(bool(self._status))
        if self._items is None:
            self.empty.setText(loading)
            self.empty.show()
        elif not self._items:
            self.empty.setText(nothing)
            self.empty.show()
        else:
            self.empty.hide()
        for item in self._items or []:
            card = self.cards.get(self.card_key(item))
            if card is not None:
                card.setText(self.card_text(item))
