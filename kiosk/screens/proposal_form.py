"""Propose an improvement: what should change (on-screen keyboard), which of my metrics, send."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.backend import Supplier
from kiosk.screens.base import Screen, button, label
from kiosk.screens.picker import kinetic
from kiosk.texts import named
from kiosk.theme import Theme
from kiosk.widgets.keyboard import OnScreenKeyboard
from shared.domain.proposals import MAX_METRIC, MAX_TEXT

TEXT_LIMIT = min(300, MAX_TEXT)  # a kiosk keyboard is slow: keep it short
METRIC_LIMIT = min(80, MAX_METRIC)
FORM, DONE = range(2)


class ProposalFormScreen(Screen):
    screen_name = "proposalForm"
    submitted = Signal(str, str)  # what should change, the metric it improves
    back_requested = Signal()
    finished = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self.supplier: Supplier | None = None
        self._metrics: list[str] = []
        self._error = ""
        self._sent = False
        self.page = FORM
        layout = QVBoxLayout(self)
        m = theme.px(48)
        layout.setContentsMargins(m, theme.px(10), m, theme.px(20))
        layout.setSpacing(theme.px(12))
        top = QHBoxLayout()
        self.back = button(self, "proposalBack", "quiet")
        self.back.clicked.connect(self.back_requested)
        self.title = label(self, "heading", "proposalTitle")
        self.submit = button(self, "submitProposal", "primary")
        self.submit.setMinimumHeight(theme.px(96))
        self.submit.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.submit.setMinimumWidth(theme.px(460))
        self.submit.clicked.connect(self._submit)
        top.addWidget(self.back)
        top.addSpacing(theme.px(30))
        top.addWidget(self.title, 1)
        layout.addLayout(top)
        # Two pages shown one at a time (not a QStackedWidget: the hidden page's wrapped
        # text would still claim height from the keyboard).
        form = QWidget(self)
        form.setObjectName("proposalFormPage")
        fl = QVBoxLayout(form)
        fl.setContentsMargins(0, 0, 0, 0)
        fl.setSpacing(theme.px(10))
        self.signed = label(form, "small", "proposalSigned")
        self.text_caption = label(form, "dim", "proposalTextCaption", wrap=False)
        self.text = QLineEdit(form)
        self.text.setObjectName("proposalText")
        self.text.setAccessibleName("proposalText")
        self.text.setMaxLength(TEXT_LIMIT)
        self.text.textChanged.connect(self._update_submit)
        self.metric_caption = label(form, "dim", "proposalMetricCaption", wrap=False)
        # One row of chips that scrolls sideways: a second row would push the keyboard off.
        self.chip_area = QScrollArea(form)
        self.chip_area.setObjectName("proposalMetrics")
        self.chip_area.setWidgetResizable(True)
        self.chip_area.setFrameShape(QFrame.Shape.NoFrame)
        self.chip_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.chip_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.chip_box = QWidget(self.chip_area)
        self._chip_row = QHBoxLayout(self.chip_box)
        self._chip_row.setContentsMargins(0, 0, 0, 0)
        self._chip_row.setSpacing(theme.px(14))
        self._chip_row.addStretch(1)
        self.chip_area.setWidget(self.chip_box)
        kinetic(self.chip_area)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._group.buttonToggled.connect(self._chip_toggled)
        self.chips: list[QPushButton] = []
        self.other = QLineEdit(form)
        self.other.setObjectName("proposalMetricOther")
        self.other.setAccessibleName("proposalMetricOther")
        self.other.setMaxLength(METRIC_LIMIT)
        self.other.textChanged.connect(self._update_submit)
        self.error = label(form, "refusal", "proposalError")
        # The send button beside the text, so the chips below get the full width (beside
        # the chips it left room for three: the fourth, "Other…", was cut off).
        text_row = QHBoxLayout()
        text_row.addWidget(self.text_caption)
        text_row.addWidget(self.text, 1)
        text_row.addSpacing(theme.px(20))
        text_row.addWidget(self.submit, 0, Qt.AlignmentFlag.AlignVCenter)
        metric_row = QHBoxLayout()
        metric_row.addWidget(self.metric_caption)
        metric_row.addWidget(self.other, 1)
        chip_row = QHBoxLayout()
        chip_row.addWidget(self.chip_area, 1)
        fl.addWidget(self.signed)
        fl.addLayout(text_row)
        fl.addLayout(metric_row)
        fl.addLayout(chip_row)
        fl.addStretch(1)
        fl.addWidget(self.error)
        layout.addWidget(form, 1)
        self.form_page = form
        # Sent
        done = QWidget(self)
        done.setObjectName("proposalDonePage")
        dl = QVBoxLayout(done)
        center = Qt.AlignmentFlag.AlignCenter
        self.done_title = label(done, "hero", "proposalDoneTitle", align=center)
        self.done_label = label(done, "heading", "proposalDone", align=center)
        self.finish = button(done, "proposalFinish", "primary")
        self.finish.setMinimumWidth(theme.px(460))
        self.finish.clicked.connect(self.finished)
        dl.addStretch(1)
        dl.addWidget(self.done_title)
        dl.addSpacing(theme.px(20))
        dl.addWidget(self.done_label)
        dl.addStretch(1)
        dl.addWidget(self.finish, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(done, 1)
        self.done_page = done
        done.hide()
        self.keyboard = OnScreenKeyboard("ru", self)
        self.keyboard.setObjectName("proposalKeyboard")
        self.keyboard.done.connect(self._keyboard_done)
        # Its full height, always (the form's wrapping chips would otherwise squeeze it).
        self.keyboard.setMinimumHeight(self.keyboard.sizeHint().height())
        layout.addWidget(self.keyboard)
        for field in (self.text, self.other):
            field.installEventFilter(self)
        self.retranslate()

    # --- the form -------------------------------------------------------------------

    def start(self, supplier: Supplier, language: str) -> None:
        self.language = language
        self.supplier = supplier
        self._error = ""
        self._sent = False
        for field in (self.text, self.other):
            field.blockSignals(True)
            field.clear()
            field.blockSignals(False)
        self.set_metrics([])
        self.keyboard.set_layout("en" if language == "en" else "ru")
        self._attach(self.text)
        self._show_page(FORM)
        self.retranslate()

    def set_metrics(self, names: list[str]) -> None:
        """Chips ``proposalMetric-0``… for the segment's metrics, then "something else"."""
        self._metrics = list(names)
        for chip in self.chips:
            self._group.removeButton(chip)
            self._chip_row.removeWidget(chip)
            chip.setObjectName("")  # going away (deleteLater): never found by its name again
            chip.hide()
            chip.deleteLater()
        self.chips = []
        for i, name in enumerate([*self._metrics, self.tr("Something else…")]):
            chip = QPushButton(name, self.chip_box)
            tag = "other" if i == len(self._metrics) else str(i)
            chip.setObjectName(f"proposalMetric-{tag}")
            chip.setAccessibleName(f"proposalMetric-{tag}")
            chip.setProperty("role", "chip")
            chip.setCheckable(True)
            chip.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self._group.addButton(chip)
            self._chip_row.insertWidget(self._chip_row.count() - 1, chip)
            chip.show()
            self.chips.append(chip)
        self.chip_area.setFixedHeight(self.chip_box.sizeHint().height())
        self.chip_area.horizontalScrollBar().setValue(0)
        self.other.setVisible(False)
        self.retranslate()

    def chosen_metric(self) -> str:
        chip = self._group.checkedButton()
        if chip is None:
            return ""
        index = self.chips.index(chip)  # type: ignore[arg-type]
        if index < len(self._metrics):
            return self._metrics[index]
        return self.other.text().strip()

    def _chip_toggled(self, chip: object, checked: bool) -> None:
        if not checked:
            return
        free = chip is self.chips[-1]
        self.other.setVisible(free)
        self._attach(self.other if free else self.text)
        self._update_submit()

    def _attach(self, field: QLineEdit) -> None:
        self.keyboard.attach(field)
        field.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.MouseButtonPress and watched in (self.text, self.other):
            self.keyboard.attach(watched)  # type: ignore[arg-type]
        return super().eventFilter(watched, event)

    def _keyboard_done(self) -> None:
        if self.submit.isEnabled():
            self._submit()

    def _update_submit(self, _text: str = "") -> None:
        self.submit.setEnabled(not self._sent and bool(self.text.text().strip())
                               and bool(self.chosen_metric()))

    def _submit(self) -> None:
        text, metric = self.text.text().strip(), self.chosen_metric()
        if self.supplier is None or not text or not metric:
            return
        self._sent = True  # one tap, one proposal (the window re-enables on refusal)
        self._update_submit()
        self.submitted.emit(text, metric)

    # --- answers from the flow -------------------------------------------------------------

    def refuse(self, sentence: str) -> None:
        self._error = sentence
        self._sent = False
        self.retranslate()

    def show_sent(self) -> None:
        self._show_page(DONE)
        self.retranslate()

    def _show_page(self, page: int) -> None:
        self.page = page
        self.form_page.setVisible(page == FORM)
        self.keyboard.setVisible(page == FORM)
        self.done_page.setVisible(page == DONE)

    def retranslate(self) -> None:
        name = self.supplier.name(self.language) if self.supplier is not None else ""
        self.back.setText(self.tr("‹ Back"))
        self.title.setText(self.tr("Propose an improvement to {name}").format(**named(name)))
        self.signed.setText(self.tr("A proposal is signed: {name}'s manager sees that it comes "
                                    "from you. Your ratings stay anonymous.").format(**named(name)))
        self.text_caption.setText(self.tr("What should change?"))
        self.text.setPlaceholderText(self.tr("For example: bring the tools to the line before "
                                             "the shift…"))
        self.metric_caption.setText(self.tr("Which of your metrics does it improve?"))
        if self.chips:
            self.chips[-1].setText(self.tr("Something else…"))
        self.other.setPlaceholderText(self.tr("Name the metric…"))
        self.error.setText(self._error)
        self.error.setVisible(bool(self._error))
        self.submit.setText(self.tr("Send the proposal"))
        self._update_submit()
        self.done_title.setText(self.tr("Sent!"))
        self.done_label.setText(self.tr("{name}'s manager will accept or decline it; you will "
                                        "see the decision here after your badge.").format(
            **named(name)))
        self.finish.setText(self.tr("Done"))
