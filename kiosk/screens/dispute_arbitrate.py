"""A manager's verdict on an escalated dispute: one of four, then confirm."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.screens.base import Screen, button, label
from kiosk.screens.dispute_answer import dispute_card, fill_card
from kiosk.screens.dispute_texts import names, verdict_label
from kiosk.texts import named
from kiosk.theme import Theme
from shared.domain.disputes import VERDICTS, DisputeView


class DisputeArbitrateScreen(Screen):
    screen_name = "disputeArbitrate"
    verdict_given = Signal(object, str)  # DisputeView, verdict
    back_requested = Signal()

    def __init__(self, theme: Theme, tz: ZoneInfo, parent: QWidget | None = None, *,
                 both_points: dict[str, tuple[int, int]] | None = None) -> None:
        super().__init__(parent)
        self._tz = tz
        self._both_points = dict(both_points or {})  # "both right/wrong" -> their points
        self.view: DisputeView | None = None
        self._error = ""
        layout = QVBoxLayout(self)
        m = theme.px(60)
        layout.setContentsMargins(m, theme.px(16), m, theme.px(30))
        layout.setSpacing(theme.px(18))
        top = QHBoxLayout()
        self.back = button(self, "disputeArbitrateBack", "quiet")
        self.back.clicked.connect(self.back_requested)
        self.title = label(self, "title", "disputeArbitrateTitle")
        top.addWidget(self.back)
        top.addSpacing(theme.px(30))
        top.addWidget(self.title, 1)
        layout.addLayout(top)
        card, self.parts = dispute_card(self, theme, "disputeArbitrate")
        layout.addWidget(card)
        self.reason = label(self, "dim", "disputeRejectReason")
        layout.addWidget(self.reason)
        self.error = label(self, "refusal", "disputeArbitrateError")
        layout.addWidget(self.error)
        layout.addStretch(1)
        grid = QGridLayout()
        grid.setSpacing(theme.px(20))
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.verdicts = {}
        for i, verdict in enumerate(VERDICTS):
            b = button(self, f"verdict-{verdict}", "chip")
            b.setCheckable(True)
            b.setMinimumHeight(theme.px(100))
            self.group.addButton(b, i)
            grid.addWidget(b, i // 2, i % 2)
            self.verdicts[verdict] = b
        self.group.idClicked.connect(lambda _i: self.retranslate())
        layout.addLayout(grid)
        row = QHBoxLayout()
        row.addStretch(1)
        self.give = button(self, "disputeGiveVerdict", "primary")
        self.give.setMinimumHeight(theme.px(110))
        self.give.setMinimumWidth(theme.px(600))
        self.give.clicked.connect(self._give)
        row.addWidget(self.give)
        layout.addLayout(row)
        self.retranslate()

    def start(self, view: DisputeView) -> None:
        self.view = view
        self._error = ""
        self.group.setExclusive(False)
        for b in self.verdicts.values():
            b.setChecked(False)
        self.group.setExclusive(True)
        self.retranslate()

    def refuse(self, sentence: str) -> None:
        self._error = sentence
        self.retranslate()

    def chosen(self) -> str | None:
        for verdict, b in self.verdicts.items():
            if b.isChecked():
                return verdict
        return None

    def _give(self) -> None:
        verdict = self.chosen()
        if self.view is None or verdict is None:
            return
        self.give.setEnabled(False)  # one tap, one verdict
        self.verdict_given.emit(self.view, verdict)

    def retranslate(self) -> None:
        self.back.setText(self.tr("‹ Back"))
        view = self.view
        self.title.setText(self.tr("Your verdict: dispute No. {id}").format(id=view.dispute_id)
                           if view else "")
        if view is not None:
            fill_card(self.parts, view, self._tz, self.tr("Regulation {code}: “{title}”"),
                      self.tr("Opened {when}"))
            for verdict, b in self.verdicts.items():
                b.setText(verdict_label(verdict, view, self._both_points))
            self.reason.setText(self.tr("{name} disagrees: “{reason}”").format(
                **named(names(view)[1]), reason=view.reject_reason)
                if view.reject_reason else "")
        self.reason.setVisible(bool(view and view.reject_reason))
        self.error.setText(self._error)
        self.error.setVisible(bool(self._error))
        actionable = view is not None and view.role == "arbiter" and view.state == "escalated"
        for b in self.verdicts.values():
            b.setEnabled(actionable)
        self.give.setText(self.tr("Give the verdict"))
        self.give.setEnabled(actionable and self.chosen() is not None)
