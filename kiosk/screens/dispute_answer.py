"""A dispute in detail; its respondent accepts it or rejects it with a short reason typed on the
on-screen keyboard (to the manager, stakes double)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.screens.base import Screen, button, label
from kiosk.screens.dispute_texts import names, role_sentence, state_sentence
from kiosk.texts import date_time, named, quoted
from kiosk.theme import Theme
from kiosk.widgets.keyboard import OnScreenKeyboard
from shared.domain.disputes import DESCRIPTION_MAX, DisputeView
from shared.qt.qr import qr_image

REASON_MIN = 5  # "no" is not a reason; "late" is the shortest a manager can weigh
REASON_MAX = min(200, DESCRIPTION_MAX)  # one or two sentences on a kiosk keyboard


def dispute_card(parent: QWidget, theme: Theme, prefix: str) -> tuple[QFrame, dict[str, QLabel]]:
    """The dispute's facts (shared by the answer and the verdict screens)."""
    card = QFrame(parent)
    card.setProperty("role", "card")
    outer = QHBoxLayout(card)
    outer.setContentsMargins(theme.px(36), theme.px(26), theme.px(36), theme.px(26))
    outer.setSpacing(theme.px(30))
    inner = QVBoxLayout()
    inner.setSpacing(theme.px(12))
    outer.addLayout(inner, 1)
    parts = {
        "who": label(card, "heading", f"{prefix}Who"),
        "regulation": label(card, "", f"{prefix}Regulation"),
        # Where the regulation's text is (SPEC 7: the catalogue's link), shown when known:
        # as text, and as a QR code at the card's side to open it on one's phone (issue 14
        # point 6); beside the facts, so the card grows no taller.
        "link": label(card, "small", f"{prefix}RegulationLink"),
        "description": label(card, "message", f"{prefix}Description"),
        "when": label(card, "small", f"{prefix}When"),
        "state": label(card, "dim", f"{prefix}State"),
    }
    for widget in parts.values():
        inner.addWidget(widget)
    parts["qr"] = label(card, "", f"{prefix}RegulationQr", wrap=False)
    parts["qr"].setProperty("qrSize", theme.px(180))
    outer.addWidget(parts["qr"], 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
    return card, parts


def fill_card(parts: dict[str, QLabel], view: DisputeView, tz: ZoneInfo,
              regulation_caption: str, opened_caption: str) -> None:
    parts["who"].setText(role_sentence(view))
    parts["regulation"].setText(regulation_caption.format(
        code=view.regulation_code, title=view.regulation_title))
    link = parts["link"]
    link.setText(QCoreApplication.translate(
        "DisputeCard", "The regulation's text: {url}").format(url=view.regulation_url or ""))
    link.setVisible(bool(view.regulation_url))
    qr = parts["qr"]
    if view.regulation_url and qr.property("qrUrl") != view.regulation_url:
        qr.setPixmap(QPixmap.fromImage(qr_image(view.regulation_url,
                                                int(qr.property("qrSize")))))
        qr.setProperty("qrUrl", view.regulation_url)
    qr.setVisible(bool(view.regulation_url))
    parts["description"].setText(quoted(view.description))
    parts["when"].setText(opened_caption.format(
        when=date_time(view.opened_at, tz)))
    parts["state"].setText(state_sentence(view))


class DisputeAnswerScreen(Screen):
    """The facts, then "I agree" (confirmed) or "I disagree" -> the reason step (its own page:
    the reason field ``rejectReason`` with a counter, the on-screen keyboard,
    ``rejectReasonConfirm`` / ``rejectReasonCancel``)."""

    screen_name = "disputeAnswer"
    accepted = Signal(object)  # DisputeView
    rejected = Signal(object, str)  # DisputeView, reason
    back_requested = Signal()

    def __init__(self, theme: Theme, tz: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tz = tz
        self.view: DisputeView | None = None
        self._confirming = ""  # "", "accept" or "reject" (the reason step)
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
        self.pages = QStackedWidget(self)
        layout.addWidget(self.pages, 1)
        # The facts and the answer buttons.
        facts = QWidget(self)
        facts_layout = QVBoxLayout(facts)
        facts_layout.setContentsMargins(0, 0, 0, 0)
        facts_layout.setSpacing(theme.px(20))
        card, self.parts = dispute_card(facts, theme, "disputeAnswer")
        facts_layout.addWidget(card)
        self.error = label(facts, "refusal", "disputeAnswerError")
        facts_layout.addWidget(self.error)
        self.question = label(facts, "heading", "disputeConfirmQuestion")
        facts_layout.addWidget(self.question)
        facts_layout.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(theme.px(30))
        self.accept = button(facts, "disputeAccept")
        self.reject = button(facts, "disputeReject")
        self.confirm = button(facts, "disputeConfirm", "primary")
        self.cancel = button(facts, "disputeCancel", "quiet")
        for b in (self.accept, self.reject, self.confirm, self.cancel):
            b.setMinimumHeight(theme.px(120))
            row.addWidget(b, 1)
        facts_layout.addLayout(row)
        self.pages.addWidget(facts)
        # The reason step.
        panel = QWidget(self)
        panel.setObjectName("rejectReasonPanel")
        panel_layout = QVBoxLayout(panel)
        panel_layout.setContentsMargins(0, 0, 0, 0)
        panel_layout.setSpacing(theme.px(14))
        question_row = QHBoxLayout()
        self.reason_question = label(panel, "heading", "rejectReasonQuestion")
        self.reason_counter = label(panel, "dim", "rejectReasonCounter", wrap=False,
                                    align=Qt.AlignmentFlag.AlignRight)
        self.reason_counter.ensurePolished()  # the style sheet's font, for the width below
        self.reason_counter.setMinimumWidth(
            self.reason_counter.fontMetrics().horizontalAdvance(f"{REASON_MAX} / {REASON_MAX}")
            + theme.px(20))
        question_row.addWidget(self.reason_question, 1)
        question_row.addWidget(self.reason_counter, 0, Qt.AlignmentFlag.AlignBottom)
        panel_layout.addLayout(question_row)
        self.reason = QLineEdit(panel)
        self.reason.setObjectName("rejectReason")
        self.reason.setAccessibleName("rejectReason")
        self.reason.setMaxLength(REASON_MAX)
        self.reason.textChanged.connect(lambda _t: self._reason_changed())
        panel_layout.addWidget(self.reason)
        reason_row = QHBoxLayout()
        reason_row.setSpacing(theme.px(30))
        self.reason_hint = label(panel, "dim", "rejectReasonHint")
        reason_row.addWidget(self.reason_hint, 1)
        self.reason_cancel = button(panel, "rejectReasonCancel", "quiet")
        self.reason_confirm = button(panel, "rejectReasonConfirm", "primary")
        for b in (self.reason_cancel, self.reason_confirm):
            b.setMinimumHeight(theme.px(90))
            b.setMinimumWidth(theme.px(360))
            reason_row.addWidget(b)
        panel_layout.addLayout(reason_row)
        panel_layout.addStretch(1)
        self.keyboard = OnScreenKeyboard("ru", panel)
        self.keyboard.setObjectName("rejectReasonKeyboard")
        self.keyboard.attach(self.reason)
        self.keyboard.done.connect(self._reason_confirmed)
        # Its full height, always (the question above would otherwise squeeze it).
        self.keyboard.setMinimumHeight(self.keyboard.sizeHint().height())
        panel_layout.addWidget(self.keyboard)
        self.pages.addWidget(panel)
        self.accept.clicked.connect(lambda: self._ask("accept"))
        self.reject.clicked.connect(lambda: self._ask("reject"))
        self.cancel.clicked.connect(lambda: self._ask(""))
        self.confirm.clicked.connect(self._confirmed)
        self.reason_cancel.clicked.connect(lambda: self._ask(""))
        self.reason_confirm.clicked.connect(self._reason_confirmed)
        self.retranslate()

    def start(self, view: DisputeView, language: str = "ru") -> None:
        self.view = view
        self._confirming = ""
        self._error = ""
        self.reason.clear()
        self.keyboard.set_layout("en" if language == "en" else "ru")
        self.retranslate()

    def refuse(self, sentence: str) -> None:
        self._error = sentence
        self._confirming = ""
        self.retranslate()

    def _ask(self, what: str) -> None:
        self._confirming = what
        if what == "reject":
            self.reason.clear()
            self.keyboard.attach(self.reason)
        self.retranslate()

    def _confirmed(self) -> None:
        view, what = self.view, self._confirming
        if view is None or what != "accept":
            return
        self._confirming = ""
        self.confirm.setEnabled(False)  # one tap, one answer
        self.accepted.emit(view)

    def reason_text(self) -> str:
        return " ".join(self.reason.text().split())

    def _reason_ok(self) -> bool:
        return len(self.reason_text()) >= REASON_MIN

    def _reason_changed(self) -> None:
        n = len(self.reason.text())
        self.reason_counter.setText(f"{n} / {REASON_MAX}")
        short = not self._reason_ok()
        stakes = self.tr("Your manager decides; the stakes double: 2 points.")
        self.reason_hint.setText(self.tr("At least {n} characters. {stakes}").format(
            n=REASON_MIN, stakes=stakes) if short else stakes)
        self.reason_confirm.setEnabled(not short)

    def _reason_confirmed(self) -> None:
        view = self.view
        if view is None or self._confirming != "reject" or not self._reason_ok():
            return
        self._confirming = ""
        self.reason_confirm.setEnabled(False)  # one tap, one answer
        self.rejected.emit(view, self.reason_text())

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
        asking = can_answer and self._confirming == "accept"
        reasoning = can_answer and self._confirming == "reject"
        self.pages.setCurrentIndex(1 if reasoning else 0)
        self.accept.setVisible(can_answer and not asking)
        self.reject.setVisible(can_answer and not asking)
        self.confirm.setVisible(asking)
        self.cancel.setVisible(asking)
        self.confirm.setEnabled(True)
        self.accept.setText(self.tr("I agree (−1 point)"))
        self.reject.setText(self.tr("I disagree: to my manager"))
        self.cancel.setText(self.tr("Cancel"))
        if asking and view is not None:
            self.question.setText(self.tr("Accept? You lose 1 point and {name} gains 1.")
                                  .format(**named(names(view)[0])))
            self.confirm.setText(self.tr("Yes, I agree"))
            self.question.show()
        else:
            self.question.hide()
        self.reason_question.setText(self.tr("Why do you disagree? Your manager will read it."))
        self.reason_cancel.setText(self.tr("Cancel"))
        self.reason_confirm.setText(self.tr("Send to my manager"))
        self._reason_changed()
