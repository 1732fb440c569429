"""Open a dispute in three steps: against whom (search), which regulation, what happened."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.backend import Supplier
from kiosk.dispute_backend import RegulationItem
from kiosk.screens.base import Screen, button, label
from kiosk.screens.picker import TileGrid, kinetic
from kiosk.texts import named
from kiosk.theme import Theme
from kiosk.widgets.keyboard import OnScreenKeyboard
from shared.domain.disputes import DESCRIPTION_MAX

WHO, RULE, WHAT = range(3)
DESCRIPTION_LIMIT = min(300, DESCRIPTION_MAX)  # a kiosk keyboard is slow: keep it short


class DisputeOpenScreen(Screen):
    screen_name = "disputeOpen"
    search_requested = Signal(str)
    regulations_requested = Signal()
    respondent_chosen = Signal(object)  # Supplier: the window asks whether they may be
    # disputed (disputes.require_higher_rating) and answers respondent_allowed or refuse
    submitted = Signal(object, object, str)  # respondent (Supplier), RegulationItem, text
    back_requested = Signal()

    def __init__(self, theme: Theme, search_delay_ms: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._found: list[Supplier] | None = None
        self._regulations: list[RegulationItem] | None = None
        self.respondent: Supplier | None = None
        self.regulation: RegulationItem | None = None
        self._error = ""
        layout = QVBoxLayout(self)
        m = theme.px(48)
        layout.setContentsMargins(m, theme.px(10), m, theme.px(20))
        layout.setSpacing(theme.px(14))
        top = QHBoxLayout()
        self.back = button(self, "disputeOpenBack", "quiet")
        self.back.clicked.connect(self._go_back)
        self.step_title = label(self, "heading", "disputeStepTitle")
        top.addWidget(self.back)
        top.addSpacing(theme.px(30))
        top.addWidget(self.step_title, 1)
        layout.addLayout(top)
        self.error = label(self, "refusal", "disputeOpenError")
        layout.addWidget(self.error)
        self.pages = QStackedWidget(self)
        layout.addWidget(self.pages, 1)
        # Step 1: whom
        who = QWidget(self)
        who_layout = QVBoxLayout(who)
        who_layout.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit(who)
        self.search.setObjectName("disputeRespondentSearch")
        self.search.setAccessibleName("disputeRespondentSearch")
        self.search_hint = label(who, "dim", "disputeSearchHint")
        self.people = TileGrid("disputeRespondents", theme, who)
        self.people.chosen.connect(self._choose_respondent)
        who_layout.addWidget(self.search)
        who_layout.addWidget(self.search_hint)
        who_layout.addWidget(self.people, 1)
        self.pages.addWidget(who)
        # Step 2: which regulation
        self.rules_area = QScrollArea(self)
        self.rules_area.setObjectName("disputeRegulations")
        self.rules_area.setWidgetResizable(True)
        self.rules_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        rules_inner = QWidget(self.rules_area)
        self._rules = QVBoxLayout(rules_inner)
        self._rules.setSpacing(theme.px(12))
        # An empty catalogue (nothing imported yet, or all retired): say so, not a blank page.
        self.no_regulations = label(rules_inner, "message", "disputeNoRegulations")
        self.no_regulations.hide()
        self._rules.addWidget(self.no_regulations)
        self._rules.addStretch(1)
        self.rules_area.setWidget(rules_inner)
        self.rules_inner = rules_inner
        kinetic(self.rules_area)
        self.pages.addWidget(self.rules_area)
        self.rule_buttons: dict[str, QPushButton] = {}
        # Step 3: what happened
        what = QWidget(self)
        what_layout = QVBoxLayout(what)
        what_layout.setContentsMargins(0, 0, 0, 0)
        self.summary = label(what, "dim", "disputeSummary")
        self.description = QLineEdit(what)
        self.description.setObjectName("disputeDescription")
        self.description.setAccessibleName("disputeDescription")
        self.description.setMaxLength(DESCRIPTION_LIMIT)
        self.description.textChanged.connect(self._text_changed)
        row = QHBoxLayout()
        row.addStretch(1)
        self.submit = button(what, "disputeSubmit", "primary")
        self.submit.setMinimumWidth(theme.px(500))
        self.submit.clicked.connect(self._submit)
        row.addWidget(self.submit)
        what_layout.addWidget(self.summary)
        what_layout.addWidget(self.description)
        what_layout.addLayout(row)
        what_layout.addStretch(1)
        self.pages.addWidget(what)
        self.keyboard = OnScreenKeyboard("ru", self)
        self.keyboard.setObjectName("disputeKeyboard")
        self.keyboard.done.connect(self._keyboard_done)
        layout.addWidget(self.keyboard)
        self._search_timer = QTimer(self)
        self._search_timer.setObjectName("disputeSearchDelay")
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(search_delay_ms)
        self._search_timer.timeout.connect(self._run_search)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.retranslate()

    # --- steps ------------------------------------------------------------------

    def reset(self, language: str) -> None:
        self.language = language
        self._found = None
        # Read the catalogue again for every new dispute: regulations are imported and
        # retired while a kiosk runs for weeks.
        self._regulations = None
        self._clear_regulations()
        self.respondent = self.regulation = None
        self._error = ""
        for field in (self.search, self.description):
            field.blockSignals(True)
            field.clear()
            field.blockSignals(False)
        self.people.set_suppliers([], language)
        self.keyboard.set_layout("en" if language == "en" else "ru")
        self._show_step(WHO)

    def _show_step(self, step: int) -> None:
        self.pages.setCurrentIndex(step)
        target = {WHO: self.search, WHAT: self.description}.get(step)
        self.keyboard.attach(target)
        self.keyboard.setVisible(target is not None)
        if target is not None:
            target.setFocus()
        if step == RULE and self._regulations is None:
            self.regulations_requested.emit()
        self._error = ""
        self.retranslate()

    def _go_back(self) -> None:
        step = self.pages.currentIndex()
        if step == WHO:
            self.back_requested.emit()
        else:
            self._show_step(step - 1)

    def _run_search(self) -> None:
        self._search_timer.stop()
        text = self.search.text().strip()
        if len(text) >= 2:
            self.search_requested.emit(text)
        else:
            self._found = None
            self.people.set_suppliers([], self.language)
            self.retranslate()

    def _keyboard_done(self) -> None:
        if self.pages.currentIndex() == WHO:
            self._run_search()
        elif self.submit.isEnabled():
            self._submit()

    def _choose_respondent(self, supplier: Supplier) -> None:
        self.respondent_chosen.emit(supplier)

    def respondent_allowed(self, supplier: Supplier) -> None:
        """The server has nothing against a dispute with this person: on to the regulation."""
        if self.pages.currentIndex() != WHO:
            return  # a late answer after the person moved on
        self.respondent = supplier
        self._show_step(RULE)

    def _choose_regulation(self, item: RegulationItem) -> None:
        self.regulation = item
        self._show_step(WHAT)

    def _text_changed(self, _text: str) -> None:
        self.submit.setEnabled(bool(self.description.text().strip()))

    def _submit(self) -> None:
        text = self.description.text().strip()
        if self.respondent is None or self.regulation is None or not text:
            return
        self.submit.setEnabled(False)  # one tap, one dispute (the window re-enables on refusal)
        self.submitted.emit(self.respondent, self.regulation, text)

    # --- data from the window -----------------------------------------------------

    def show_search(self, text: str, found: list[Supplier]) -> None:
        if text != self.search.text().strip():
            return  # an answer to an older query
        self._found = found
        self.people.set_suppliers(found, self.language)
        self.retranslate()

    def _clear_regulations(self) -> None:
        for b in self.rule_buttons.values():
            self._rules.removeWidget(b)
            b.deleteLater()
        self.rule_buttons = {}
        self.no_regulations.hide()

    def show_regulations(self, items: list[RegulationItem]) -> None:
        self._regulations = items
        self._clear_regulations()
        inner = self.rules_inner
        for item in items:
            b = button(inner, f"regulation-{item.code}")
            b.setText(f"{item.code}   {item.title}")
            b.setStyleSheet("text-align: left;")
            b.clicked.connect(lambda _=False, it=item: self._choose_regulation(it))
            self._rules.insertWidget(self._rules.count() - 1, b)
            b.show()
            self.rule_buttons[item.code] = b
        self.no_regulations.setVisible(not items)
        self.retranslate()

    def refuse(self, sentence: str) -> None:
        self._error = sentence
        self._text_changed("")
        self.retranslate()

    def retranslate(self) -> None:
        self.back.setText(self.tr("‹ Back"))
        step = self.pages.currentIndex()
        titles = {WHO: self.tr("Step 1 of 3: against whom?"),
                  RULE: self.tr("Step 2 of 3: which regulation was broken?"),
                  WHAT: self.tr("Step 3 of 3: what happened?")}
        self.step_title.setText(titles.get(step, ""))
        self.error.setText(self._error)
        self.error.setVisible(bool(self._error))
        self.search.setPlaceholderText(self.tr("Type a name…"))
        if len(self.search.text().strip()) < 2:
            self.search_hint.setText(self.tr("Type at least two letters of the name."))
        elif self._found is not None and not self._found:
            self.search_hint.setText(self.tr("Nobody found. Check the spelling or try the "
                                             "other keyboard layout."))
        else:
            self.search_hint.setText("")
        if self.respondent is not None and self.regulation is not None:
            self.summary.setText(self.tr("Against {name}, regulation {code} “{title}”.").format(
                **named(self.respondent.name(self.language)), code=self.regulation.code,
                title=self.regulation.title))
        self.description.setPlaceholderText(self.tr("Briefly: when, where, what happened…"))
        self.submit.setText(self.tr("Open the dispute"))
        self.no_regulations.setText(self.tr("The regulations catalogue is empty: a dispute "
                                            "needs a written regulation. Please ask an "
                                            "administrator to import them."))
        self.submit.setEnabled(bool(self.description.text().strip()))
