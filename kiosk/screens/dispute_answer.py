"""A dispute in detail; its respondent accepts it or rejects it (to the manager, stakes double)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.screens.base import Screen, button, label
from kiosk.screens.dispute_texts import role_sentence, state_sentence
from kiosk.theme import Theme
from shared.domain.disputes import DisputeView


def dispute_card(parent: QWidget, theme: Theme, prefix: str) -> tuple[QFrame, dict[str, QWidget]]:
    """The dispute's facts (shared by the answer and the verdict screens)."""
    card = QFrame(parent)
    card.setProperty("role", "card")
    inner = QVBoxLayout(card)
    inner.setContentsMargins(theme.px(36), theme.px(26), theme.px(36), theme.px(26))
    inner.setSpacing(theme.px(12))
    parts = {
        "who": label(card, "heading", f"{prefix}Who"),
        "regulation": label(card, "", f"{prefix}Regulation"),
        "description": label(card, "message", f"{prefix}Description"),
        "when": label(card, "small", f"{prefix}When"),
        "state": label(card, "dim", f"{prefix}State"),
    }
    for widget in parts.values():
        inner.addWidget(widget)
    return card, parts


def fill_card(parts: dict[str, QWidget], view: DisputeView, tz: ZoneInfo,
              regulation_caption: str, opened_caption: str) -> None:
    parts["who"].setText(role_sentence(view))  # type: ignore[attr-defined]
    parts["regulation"].setText(regulation_caption.format(  # type: ignore[attr-defined]
        code=view.regulation_code, title=view.regulation_title))
    parts["description"].setText(f"«{view.description}»")  # type: ignore[attr-defined]
    parts["when"].setText(opened_caption.format(  # type: ignore[attr-defined]
        when=f"{view.opened_at.astimezone(tz):%d.%m.%Y %H:%M}"))
    parts["state"].setText(state_sentence(view))  # type: ignore[attr-defined]


class DisputeAnswerScreen(Screen):
    screen_name = "disputeAnswer"
    accepted = Signal(object)  # DisputeView
    rejected = Signal(object)
    back_requested = Signal()

    def __init__(self, theme: Theme, tz: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tz = tz
        self.view: DisputeView | None = None
        self._confirming = ""  # "", "accept" or "reject"
        self._error = ""
        layout = QVBoxLayout(self)
        m = theme.px(60)
        layout.setContentsMargins(m, theme.px(16), m, theme.px(30))
        layout.setSpacing(theme.px(20))
        top = QHBoxLayout()
        self.back = button(self, "disputeAnswerBack", "quiet")
        self.back.clicked.connect(self.back_requested)
        self.title = label(self, "title", "disputeAnswerTitle")
        top.addWidget(self.back)
        top.addSpacing(theme.px(30))
        top.addWidget(self.title, 1)
        layout.addLayout(top)
        card, self.parts = dispute_card(self, theme, "disputeAnswer")
        layout.addWidget(card)
        self.error = label(self, "refusal", "disputeAnswerError")
        layout.addWidget(self.error)
        self.question = label(self, "heading", "disputeConfirmQuestion")
        layout.addWidget(self.question)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(theme.px(30))
        self.accept = button(self, "disputeAccept")
        self.reject = button(self, "disputeReject")
        self.confirm = button(self, "disputeConfirm", "primary")
        self.cancel = button(self, "disputeCancel", "quiet")
        for b in (self.accept, self.reject, self.confirm, self.cancel):
            b.setMinimumHeight(theme.px(120))
            row.addWidget(b, 1)
        layout.addLayout(row)
        self.accept.clicked.connect(lambda: self._ask("accept"))
        self.reject.clicked.connect(lambda: self._ask("reject"))
        self.cancel.clicked.connect(lambda: self._ask(""))
        self.confirm.clicked.connect(self._confirmed)
        self.retranslate()

    def start(self, view: DisputeView) -> None:
        self.view = view
        self._confirming = ""
        self._error = ""
        self.retranslate()

    def refuse(self, sentence: str) -> None:
        self._error = sentence
        self._confirming = ""
        self.retranslate()

    def _ask(self, what: str) -> None:
        self._confirming = what
        self.retranslate()

    def _confirmed(self) -> None:
        view, what = self.view, self._confirming
        if view is None or not what:
            return
        self._confirming = ""
        self.confirm.setEnabled(False)  # one tap, one answer
        (self.accepted if what == "accept" else self.rejected).emit(view)

    def retranslate(self) -> None:
        self.back.setText(self.tr("‹ Back"))
        view = self.view
        self.title.setText(self.tr("Dispute No. {id}").format(id=view.dispute_id) if view
                           else "")
        if view is not None:
            fill_card(self.parts, view, self._tz, self.tr("Regulation {code}: “{title}”"),
                      self.tr("Opened {when}"))
        self.error.setText(self._error)
        self.error.setVisible(bool(self._error))
        can_answer = view is not None and view.role == "respondent" and view.needs_action
        asking = can_answer and bool(self._confirming)
        self.accept.setVisible(can_answer and not asking)
        self.reject.setVisible(can_answer and not asking)
        self.confirm.setVisible(asking)
        self.cancel.setVisible(asking)
        self.confirm.setEnabled(True)
        self.accept.setText(self.tr("I agree (−1 point)"))
        self.reject.setText(self.tr("I disagree: to my manager"))
        self.cancel.setText(self.tr("Cancel"))
        if asking and view is not None:
            if self._confirming == "accept":
                self.question.setText(self.tr("Accept? You lose 1 point and {name} gains 1.")
                                      .format(name=view.initiator_name))
                self.confirm.setText(self.tr("Yes, I agree"))
            else:
                self.question.setText(self.tr("Reject? Your manager will decide, and the stakes "
                                              "double: 2 points."))
                self.confirm.setText(self.tr("Yes, to my manager"))
            self.question.show()
        else:
            self.question.hide()
