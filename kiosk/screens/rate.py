"""Rate one supplier: the card (swipe right = 5, left = 1), five faces, reason chips, comment."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.backend import ReasonChip, Supplier
from kiosk.screens.base import Screen, button, label, set_fitted
from kiosk.screens.picker import kinetic
from kiosk.screens.proposal_offer import InfluenceOffer
from kiosk.texts import by_gender, named
from kiosk.theme import Theme
from kiosk.widgets.chips import ChipGroup
from kiosk.widgets.faces import FaceRow
from kiosk.widgets.keyboard import OnScreenKeyboard
from kiosk.widgets.tiles import Avatar


class SwipeCard(QFrame):
    """The supplier card; a horizontal swipe of a quarter of its width gives 5 (right) or 1."""

    swiped = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("supplierCard")
        self.setAccessibleName("supplierCard")
        self.setProperty("role", "card")
        self.swipe_enabled = True
        self._press: QPoint | None = None

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        self._press = event.position().toPoint()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        start, self._press = self._press, None
        if start is None or not self.swipe_enabled:
            return
        delta = event.position().toPoint() - start
        if abs(delta.x()) >= self.width() / 4 and abs(delta.x()) > 2 * abs(delta.y()):
            self.swiped.emit(5 if delta.x() > 0 else 1)


class RateScreen(Screen):
    screen_name = "rateScreen"
    submitted = Signal(int, list, str)  # score, reason codes, comment
    back_requested = Signal()

    def __init__(self, theme: Theme, comment_max_length: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._supplier: Supplier | None = None
        self._chips: list[ReasonChip] = []
        self._score: int | None = None
        self._refusal = ""
        self._checking = False
        self._rooms: dict[QLabel, int] = {}
        outer = QHBoxLayout(self)
        m = theme.px(48)
        outer.setContentsMargins(m, theme.px(16), m, theme.px(24))
        outer.setSpacing(theme.px(40))
        # The card
        self.card = SwipeCard(self)
        self.card.setFixedWidth(theme.px(520))
        self.card.swiped.connect(self._choose)
        card_layout = QVBoxLayout(self.card)
        card_layout.setContentsMargins(theme.px(30), theme.px(40), theme.px(30), theme.px(30))
        self.avatar = Avatar(self.card)
        self.avatar.setFixedSize(theme.px(260), theme.px(260))
        self.name = label(self.card, "heading", "supplierName", align=Qt.AlignmentFlag.AlignCenter)
        self.department = label(self.card, "dim", "supplierDepartment",
                                align=Qt.AlignmentFlag.AlignCenter)
        self.refusal = label(self.card, "refusal", "messageLabel",
                             align=Qt.AlignmentFlag.AlignCenter)
        self.swipe_hint = label(self.card, "small", "swipeHint", align=Qt.AlignmentFlag.AlignCenter)
        card_layout.addWidget(self.avatar, 0, Qt.AlignmentFlag.AlignHCenter)
        card_layout.addSpacing(theme.px(20))
        card_layout.addWidget(self.name)
        card_layout.addWidget(self.department)
        card_layout.addSpacing(theme.px(20))
        card_layout.addWidget(self.refusal)
        card_layout.addStretch(1)
        card_layout.addWidget(self.swipe_hint)
        self.back = button(self, "rateBack", "quiet")
        self.back.clicked.connect(self.back_requested)
        left = QVBoxLayout()
        left.addWidget(self.card, 1)
        left.addSpacing(theme.px(16))
        left.addWidget(self.back)
        outer.addLayout(left)
        # The right side: question + faces, then reasons or the comment keyboard.
        right = QVBoxLayout()
        right.setSpacing(theme.px(20))
        self.question = label(self, "title", "rateQuestion")
        self.faces = FaceRow(self)
        self.faces.setFixedHeight(theme.px(250))
        self.faces.chosen.connect(self._choose)
        right.addWidget(self.question)
        right.addWidget(self.faces)
        self.steps = QStackedWidget(self)
        right.addWidget(self.steps, 1)
        outer.addLayout(right, 1)
        # step 0: nothing chosen yet; the right-to-influence offer (kiosk/proposal_flow.py)
        intro = QWidget(self)
        il = QVBoxLayout(intro)
        il.setContentsMargins(0, theme.px(30), 0, 0)
        self.offer = InfluenceOffer(theme, intro, align=Qt.AlignmentFlag.AlignLeft)
        il.addWidget(self.offer)
        il.addStretch(1)
        self.steps.addWidget(intro)
        # step 1: reasons
        reasons = QWidget(self)
        rl = QVBoxLayout(reasons)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.setSpacing(theme.px(18))
        self.reason_title = label(reasons, "heading", "reasonTitle")
        # Two chip sets built once per person (building widgets on the tap would cost time):
        # improvement chips after 1-3, praise chips after 4-5.
        # A segment may have more reasons than fit under the faces (at 1280x800 three rows
        # do): the chips scroll with a finger, and the scroll bar shows that there are more.
        self.chips_area = QScrollArea(reasons)
        self.chips_area.setObjectName("reasonChipsArea")
        self.chips_area.setWidgetResizable(True)
        self.chips_area.setFrameShape(QFrame.Shape.NoFrame)
        self.chips_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        chips_inner = QWidget(self.chips_area)
        chips_layout = QVBoxLayout(chips_inner)
        chips_layout.setContentsMargins(0, 0, 0, 0)
        self.negative_chips = ChipGroup(chips_inner)
        self.positive_chips = ChipGroup(chips_inner)
        self.positive_chips.hide()
        chips_layout.addWidget(self.negative_chips)
        chips_layout.addWidget(self.positive_chips)
        chips_layout.addStretch(1)
        self.chips_area.setWidget(chips_inner)
        kinetic(self.chips_area)
        self.chips = self.negative_chips
        self.comment_button = button(reasons, "commentButton", "quiet")
        self.comment_button.clicked.connect(self._open_comment)
        actions = QHBoxLayout()
        self.skip = button(reasons, "skipButton", "quiet")
        self.skip.clicked.connect(self._skip)
        self.submit = button(reasons, "submitRating", "primary")
        self.submit.setMinimumWidth(theme.px(420))
        self.submit.clicked.connect(self._submit)
        actions.addWidget(self.comment_button, 1)
        actions.addSpacing(theme.px(20))
        actions.addWidget(self.skip)
        actions.addWidget(self.submit)
        rl.addWidget(self.reason_title)
        rl.addWidget(self.chips_area, 1)
        rl.addLayout(actions)
        self.steps.addWidget(reasons)
        # step 2: comment
        comment = QWidget(self)
        cl = QVBoxLayout(comment)
        cl.setContentsMargins(0, 0, 0, 0)
        self.comment = QLineEdit(comment)
        self.comment.setObjectName("commentEdit")
        self.comment.setAccessibleName("commentEdit")
        self.comment.setMaxLength(comment_max_length)
        self.keyboard = OnScreenKeyboard("ru", comment)
        self.keyboard.attach(self.comment)
        self.keyboard.done.connect(self._close_comment)
        cl.addWidget(self.comment)
        cl.addWidget(self.keyboard, 1)
        self.steps.addWidget(comment)
        self.retranslate()

    # --- from the window ----------------------------------------------------------

    def start(self, supplier: Supplier, chips: list[ReasonChip], language: str) -> None:
        self.language = language
        self._supplier = supplier
        self.set_chips(chips)
        for group in (self.negative_chips, self.positive_chips):
            group.clear_selection()
        self._score = None
        self._refusal = ""
        self._checking = True
        self.comment.clear()
        self.keyboard.set_layout("en" if language == "en" else "ru")
        self.faces.select(None)
        self.avatar.set_person(supplier.name(language), supplier.photo)
        self._set_enabled(False)
        self.steps.setCurrentIndex(0)
        self.faces.show()  # the last person may have left with the comment keyboard open
        self.retranslate()

    def allow(self) -> None:
        """The rules allow this rating: faces and swipe are live."""
        self._checking = False
        self._refusal = ""
        self._set_enabled(True)
        self.retranslate()

    def refuse(self, sentence: str) -> None:
        """Show why not, in words on the card; the faces stay off."""
        self._checking = False
        self._refusal = sentence
        self._score = None
        self.faces.select(None)
        self._set_enabled(False)
        self.steps.setCurrentIndex(0)
        self.faces.show()
        self.retranslate()

    def set_chips(self, chips: list[ReasonChip]) -> None:
        if chips == self._chips:
            return
        self._chips = chips
        lang = self.language
        self.negative_chips.set_chips([(c.code, c.label(lang)) for c in chips
                                       if c.polarity == "negative"])
        self.positive_chips.set_chips([(c.code, c.label(lang)) for c in chips
                                       if c.polarity == "positive"])

    @property
    def score(self) -> int | None:
        return self._score

    # --- user actions -------------------------------------------------------------

    def _set_enabled(self, on: bool) -> None:
        self.faces.setEnabled(on)
        self.card.swipe_enabled = on

    def _choose(self, score: int) -> None:
        if not self.faces.isEnabled():
            return
        self._score = score
        self.faces.select(score)
        negative = score <= 3
        if (self.chips is self.negative_chips) != negative:
            self.chips.clear_selection()
        self.chips = self.negative_chips if negative else self.positive_chips
        self.negative_chips.setVisible(negative)
        self.positive_chips.setVisible(not negative)
        self.steps.setCurrentIndex(1)
        self.retranslate()

    def _open_comment(self) -> None:
        self.faces.hide()
        self.steps.setCurrentIndex(2)
        self.comment.setFocus()
        self.retranslate()

    def _close_comment(self) -> None:
        self.faces.show()
        self.steps.setCurrentIndex(1)
        self.retranslate()

    def _skip(self) -> None:
        if self._score is not None:
            self.submitted.emit(self._score, [], "")

    def _submit(self) -> None:
        if self._score is not None:
            self.submitted.emit(self._score, self.chips.selection(), self.comment.text().strip())

    def _fit(self, line: QLabel, text: str) -> None:
        """No word wrap when the line fits the room its layout gave it (see ``set_fitted``).

        The room is the label's width when last seen on screen; until then it wraps.
        """
        if line.isVisible():
            self._rooms[line] = line.width()
        set_fitted(line, text, self._rooms.get(line, 0))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._rooms.clear()  # widths change: wrap until each label is seen again

    def retranslate(self) -> None:
        lang = self.language
        supplier = self._supplier
        name = supplier.name(lang) if supplier else ""
        self._fit(self.name, name)
        self._fit(self.department, supplier.department(lang) if supplier else "")
        self.back.setText(self.tr("‹ Choose someone else"))
        words = named(name)
        role = "heading" if self._refusal else "title"
        if self.question.property("role") != role:
            self.question.setProperty("role", role)
            self.question.style().unpolish(self.question)
            self.question.style().polish(self.question)
        if self._refusal:
            # Refused (a cooldown, say): the card says why, and asks no question over the
            # dimmed faces.
            self._fit(self.question, self._refusal)
        else:
            self._fit(self.question, by_gender(
                name, male=self.tr("How did {name} serve you?", "male"),
                female=self.tr("How did {name} serve you?", "female"),
                other=self.tr("How did {name} serve you?")).format(**words))
        self._fit(self.refusal, self.tr("One moment…") if self._checking else "")
        self._fit(self.swipe_hint, "" if self._refusal else
                  self.tr("Swipe the card right for 5, left for 1"))
        if self._score is not None and self._score <= 3:
            self._fit(self.reason_title,
                      self.tr("What should {name} improve?").format(**words))
        else:
            self._fit(self.reason_title, by_gender(
                name, male=self.tr("What did {name} do well?", "male"),
                female=self.tr("What did {name} do well?", "female"),
                other=self.tr("What did {name} do well?")).format(**words))
        labels = {c.code: c.label(lang) for c in self._chips}
        self.negative_chips.relabel(labels)
        self.positive_chips.relabel(labels)
        text = self.comment.text().strip()
        self.comment_button.setText(self.tr("Comment: {text}").format(text=text[:40]) if text
                                    else self.tr("Add a comment"))
        self.comment.setPlaceholderText(self.tr("Your comment (optional)"))
        self.skip.setText(self.tr("Skip"))
        self.submit.setText(self.tr("Send rating"))
