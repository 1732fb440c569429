"""Decide one proposal: the text, the metric, who it is about and from whom; a note; accept,
decline, or invite the client to discuss it at one of the offered times. An accepted one
(status ``accepted``) shows only "Mark implemented": its decider records that the change is
in place (``shared.domain.proposals.mark_implemented``: once, audit-logged, the configured
points again)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.proposal_backend import ProposalItem
from kiosk.screens.base import Screen, button, label
from kiosk.texts import named, quoted
from kiosk.theme import Theme
from kiosk.widgets.keyboard import OnScreenKeyboard
from shared.domain.proposals import MAX_NOTE


class ProposalDecideScreen(Screen):
    screen_name = "proposalDecide"
    decided = Signal(object, bool, str)  # ProposalItem, accepted, note
    invited = Signal(object, object, str)  # ProposalItem, discuss_at (aware), note
    implemented = Signal(object)  # ProposalItem
    back_requested = Signal()

    def __init__(self, theme: Theme, reward_points: int, parent: QWidget | None = None,
                 implemented_points: int = 0) -> None:
        super().__init__(parent)
        self._reward = reward_points
        self._implemented_points = implemented_points
        self.item: ProposalItem | None = None
        self._slots: list[dt.datetime] = []
        self._tz: ZoneInfo | None = None
        self._error = ""
        self._busy = False
        layout = QVBoxLayout(self)
        m = theme.px(60)
        layout.setContentsMargins(m, theme.px(16), m, theme.px(30))
        layout.setSpacing(theme.px(14))
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
        cl.setContentsMargins(theme.px(30), theme.px(20), theme.px(30), theme.px(20))
        self.who = label(card, "dim", "proposalWho")
        self.text = label(card, "heading", "proposalWhat")
        self.improves = label(card, "", "proposalImproves")
        cl.addWidget(self.who)
        cl.addWidget(self.text)
        cl.addWidget(self.improves)
        layout.addWidget(card)
        self.card = card
        note_row = QHBoxLayout()
        self.note_caption = label(self, "dim", "proposalNoteCaption", wrap=False)
        self.note = QLineEdit(self)
        self.note.setObjectName("proposalNote")
        self.note.setAccessibleName("proposalNote")
        self.note.setMaxLength(MAX_NOTE)
        self.note.installEventFilter(self)
        note_row.addWidget(self.note_caption)
        note_row.addWidget(self.note, 1)
        layout.addLayout(note_row)
        # The keyboard takes the card's place while the note is typed (both do not fit).
        self.keyboard = OnScreenKeyboard("ru", self)
        self.keyboard.setObjectName("proposalNoteKeyboard")
        self.keyboard.done.connect(self._keyboard_done)
        self.keyboard.setMinimumHeight(self.keyboard.sizeHint().height())
        self.keyboard.hide()
        layout.addWidget(self.keyboard)
        self.error = label(self, "refusal", "proposalDecideError")
        layout.addWidget(self.error)
        layout.addStretch(1)
        slot_row = QHBoxLayout()
        slot_row.setSpacing(theme.px(16))
        self.discuss_caption = label(self, "dim", "discussCaption", wrap=False)
        slot_row.addWidget(self.discuss_caption)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self.slot_buttons: list[QPushButton] = []
        for i in range(3):
            chip = QPushButton(self)
            chip.setObjectName(f"discussSlot-{i}")
            chip.setAccessibleName(f"discussSlot-{i}")
            chip.setProperty("role", "chip")
            chip.setCheckable(True)
            chip.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            chip.toggled.connect(self._update_buttons)
            self._group.addButton(chip, i)
            slot_row.addWidget(chip)
            self.slot_buttons.append(chip)
        slot_row.addStretch(1)
        self.discuss = button(self, "discussProposal")
        self.discuss.setMinimumHeight(theme.px(90))
        self.discuss.clicked.connect(self._invite)
        slot_row.addWidget(self.discuss)
        layout.addLayout(slot_row)
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
        # An accepted proposal: the one thing left is to record that the change is made.
        self.implement = button(self, "implementProposal", "primary")
        self.implement.setMinimumHeight(theme.px(110))
        self.implement.clicked.connect(self._implement)
        self.implement_hint = label(self, "small", "implementProposalHint")
        layout.addWidget(self.implement)
        layout.addWidget(self.implement_hint)
        self._deciding = [self.note_caption, self.note, self.discuss_caption, self.discuss,
                          self.accept, self.decline, self.accept_hint, self.decline_hint]
        self.retranslate()

    def start(self, item: ProposalItem, slots: list[dt.datetime] | None = None,
              tz: ZoneInfo | None = None, *, implemented_points: int | None = None) -> None:
        """Show ``item``; ``slots`` are the discussion times offered (plant ``tz``);
        ``implemented_points``: what marking an accepted one implemented credits now."""
        self.item = item
        if implemented_points is not None:
            self._implemented_points = implemented_points
        self._slots, self._tz = list(slots or [])[:len(self.slot_buttons)], tz
        self._error = ""
        self._busy = False
        self.note.clear()
        self._group.setExclusive(False)
        for chip in self.slot_buttons:
            chip.setChecked(False)
        self._group.setExclusive(True)
        self._show_keyboard(False)
        self.keyboard.set_layout("en" if self.language == "en" else "ru")
        self.retranslate()

    def chosen_slot(self) -> dt.datetime | None:
        index = self._group.checkedId()
        return self._slots[index] if 0 <= index < len(self._slots) else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.note and event.type() == QEvent.Type.MouseButtonPress:
            self._show_keyboard(True)
        return super().eventFilter(watched, event)

    def _show_keyboard(self, shown: bool) -> None:
        self.card.setVisible(not shown)
        self.keyboard.setVisible(shown)
        if shown:
            self.keyboard.attach(self.note)
            self.note.setFocus()

    def _keyboard_done(self) -> None:
        self._show_keyboard(False)

    def _decide(self, accept: bool) -> None:
        if self.item is None or self._busy:
            return
        self._busy = True  # one tap, one decision (the flow re-enables on refusal)
        self.retranslate()
        self.decided.emit(self.item, accept, self.note.text().strip())

    def _invite(self) -> None:
        when = self.chosen_slot()
        if self.item is None or self._busy or when is None:
            return
        self._busy = True
        self.retranslate()
        self.invited.emit(self.item, when, self.note.text().strip())

    def _implement(self) -> None:
        if self.item is None or self._busy or self.item.status != "accepted":
            return
        self._busy = True  # one tap, one record
        self.retranslate()
        self.implemented.emit(self.item)

    def refuse(self, sentence: str) -> None:
        self._error = sentence
        self._busy = False
        self.retranslate()

    def _update_buttons(self, _checked: bool = False) -> None:
        ready = not self._busy and self.item is not None
        for b in (self.accept, self.decline, self.implement):
            b.setEnabled(ready)
        # An invitation is once, before a decision; a proposal already invited shows none.
        invitable = self.item is not None and self.item.status == "pending"
        for chip in self.slot_buttons:
            chip.setEnabled(ready and invitable)
        self.discuss.setEnabled(ready and invitable and self.chosen_slot() is not None)

    def _slot_text(self, when: dt.datetime) -> str:
        local = when.astimezone(self._tz) if self._tz is not None else when
        days = [self.tr("Mon"), self.tr("Tue"), self.tr("Wed"), self.tr("Thu"), self.tr("Fri"),
                self.tr("Sat"), self.tr("Sun")]
        return f"{days[local.weekday()]} {local:%d.%m %H:%M}"

    def retranslate(self) -> None:
        lang, item = self.language, self.item
        implementing = item is not None and item.status == "accepted"
        self.back.setText(self.tr("‹ Back"))
        self.title.setText(self.tr("An improvement proposal"))
        supplier = item.supplier(lang) if item else ""
        client = item.client(lang) if item else ""
        people = {**named(supplier, "supplier"), **named(client, "client")}
        self.who.setText(self.tr("About {supplier}, proposed by {client}").format(**people))
        self.text.setText(quoted(item.what_should_change) if item else "")
        self.improves.setText(self.tr("Improves {client}'s metric: {metric}").format(
            **people, metric=item.improves_metric if item else ""))
        self.note_caption.setText(self.tr("Your note to {client}:").format(**people))
        self.note.setPlaceholderText(self.tr("optional, sent with your answer"))
        self.error.setText(self._error)
        self.error.setVisible(bool(self._error))
        self.discuss_caption.setText(self.tr("Or talk it over:"))
        for chip, when in zip(self.slot_buttons, self._slots, strict=False):
            chip.setText(self._slot_text(when))
        for i, chip in enumerate(self.slot_buttons):
            chip.setVisible(i < len(self._slots) and not implementing)
        self.discuss.setText(self.tr("Invite to discuss"))
        self.accept.setText(self.tr("Accept"))
        self.decline.setText(self.tr("Decline"))
        self.accept_hint.setText(self.tr("{supplier} earns %n point(s) for it; {client} is told "
                                         "it was accepted.", "", self._reward).format(**people))
        self.decline_hint.setText(self.tr("No points; {client} is told it was declined.").format(
            **people))
        self.implement.setText(self.tr("Mark implemented"))
        if self._implemented_points > 0:
            self.implement_hint.setText(self.tr(
                "Accepted. When the change is in place, mark it: {supplier} earns %n more "
                "point(s).", "", self._implemented_points).format(**people))
        else:
            self.implement_hint.setText(self.tr(
                "Accepted. When the change is in place, mark it: the date is recorded.")
                .format(**people))
        for widget in self._deciding:
            widget.setVisible(not implementing)
        self.implement.setVisible(implementing)
        self.implement_hint.setVisible(implementing)
        self._update_buttons()
