"""The "Propose an improvement" offer on the thanks screen and the rating card, or why not yet."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.screens.base import button, label
from kiosk.screens.proposal_texts import influence_sentence
from kiosk.theme import Theme
from shared.domain.influence import InfluenceDecision


class InfluenceOffer(QWidget):
    """Hidden until the right-to-influence answer arrives; then the button, or the reason."""

    propose_requested = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None, *,
                 align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter) -> None:
        super().__init__(parent)
        self.setObjectName("influenceOffer")
        self._decision: InfluenceDecision | None = None
        self._name = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(theme.px(10))
        self.reason = label(self, "small", "influenceReason", align=align)
        self.propose = button(self, "proposeButton")
        self.propose.setMinimumHeight(theme.px(90))
        self.propose.clicked.connect(self.propose_requested)
        layout.addWidget(self.reason)
        layout.addWidget(self.propose, 0, align)
        self.clear()

    def clear(self) -> None:
        """Nothing known yet (a new supplier): show nothing."""
        self._decision = None
        self.hide()

    def set_decision(self, decision: InfluenceDecision, supplier_name: str) -> None:
        self._decision, self._name = decision, supplier_name
        # Nothing to say about oneself or a vanished person: the other screens say it.
        self.setVisible(decision.reason not in ("self", "unknown_person"))
        self.retranslate()

    def set_name(self, supplier_name: str) -> None:
        self._name = supplier_name
        self.retranslate()

    @property
    def answered(self) -> bool:
        """The right-to-influence answer for this supplier has arrived."""
        return self._decision is not None

    @property
    def allowed(self) -> bool:
        return self._decision is not None and self._decision.allowed

    def retranslate(self) -> None:
        self.propose.setText(self.tr("Propose an improvement"))
        self.propose.setVisible(self.allowed)
        self.reason.setText(influence_sentence(self._decision, self._name)
                            if self._decision is not None else "")
        self._fit()

    def _fit(self) -> None:
        """As tall as the wrapped reason needs: the sentence that names the basis (team,
        department) takes two lines, and the screens' layouts size this widget from its
        hint, which cut the second line off."""
        width = self.reason.width() or self.width()
        need = self.reason.heightForWidth(width) if width > 0 else -1
        if need > 0 and need != self.reason.minimumHeight():
            self.reason.setMinimumHeight(need)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
