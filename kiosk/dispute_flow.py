"""Navigation between the dispute screens: my disputes, open one, answer, arbitrate.

Owned by the main window; it adds its screens to the window's stack and runs every
database call through the window's one worker (``window._call``), so an answer that
arrives after a logout is dropped like any other.
"""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from kiosk.backend import Supplier
from kiosk.dispute_backend import DisputeBackend, DisputeResult, RegulationItem
from kiosk.screens import dispute_texts
from kiosk.screens.dispute_answer import DisputeAnswerScreen
from kiosk.screens.dispute_arbitrate import DisputeArbitrateScreen
from kiosk.screens.dispute_list import DisputeListScreen
from kiosk.screens.dispute_open import DisputeOpenScreen
from kiosk.screens.dispute_texts import outcome_sentence, refusal_sentence
from shared.domain.disputes import DisputeView, verdict_points
from shared.ids import uuid7

if TYPE_CHECKING:
    from kiosk.window import MainWindow

log = logging.getLogger(__name__)


class DisputeFlow(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("disputeFlow")
        self.window = window
        self.backend = DisputeBackend(window.backend.db, window.config, window.clock,
                                      kiosk=window.backend)
        theme, tz = window.theme, window.config.tz
        self.list = DisputeListScreen(theme, window)
        self.open = DisputeOpenScreen(theme, window.config.kiosk.search_delay_ms, window)
        self.answer = DisputeAnswerScreen(theme, tz, window)
        self.arbitrate = DisputeArbitrateScreen(theme, tz, window, both_points={
            v: verdict_points(v, window.config) for v in ("both_right", "both_wrong")})
        for screen in (self.list, self.open, self.answer, self.arbitrate):
            window.stack.addWidget(screen)
        self._uuid = uuid7()
        self.list.back_requested.connect(lambda: window.show_screen(window.home))
        self.list.open_requested.connect(self.open_new)
        self.list.dispute_chosen.connect(self.show_dispute)
        self.open.back_requested.connect(self.open_list)
        self.open.search_requested.connect(self._search)
        self.open.regulations_requested.connect(self._load_regulations)
        self.open.respondent_chosen.connect(self._check_respondent)
        self.open.submitted.connect(self._submit)
        self.answer.back_requested.connect(self.open_list)
        self.answer.accepted.connect(lambda v: self._answer("accept", v))
        self.answer.rejected.connect(lambda v, reason: self._answer("reject", v, reason))
        self.arbitrate.back_requested.connect(self.open_list)
        self.arbitrate.verdict_given.connect(self._verdict)

    # --- my disputes --------------------------------------------------------------

    def open_list(self, status: str = "") -> None:
        person = self.window.person
        if person is None:
            return
        self.list.start(status if isinstance(status, str) else "")
        self.window.show_screen(self.list)
        self.window._call(self.backend.my_disputes, person.id,
                          on_result=lambda views: self._on_list(views, status))

    def _on_list(self, views: list[DisputeView], status: object) -> None:
        if self.window.backend.offline:
            # The disputes live on the server; a new one can still be opened (queued).
            offline = self.tr("Offline: your disputes are shown when the kiosk is back online. "
                              "A dispute you open now is sent then.")
            self.list.start(f"{status}\n{offline}" if isinstance(status, str) and status
                            else offline)
        self.list.set_disputes(views)

    def show_dispute(self, view: DisputeView) -> None:
        if view.role == "arbiter" and view.state == "escalated":
            self.arbitrate.start(view)
            self.window.show_screen(self.arbitrate)
        else:
            self.answer.start(view, self.window.language)
            self.window.show_screen(self.answer)

    # --- opening ----------------------------------------------------------------------

    def open_new(self) -> None:
        if self.window.person is None:
            return
        self._uuid = uuid7()  # one dispute per visit to this screen, however many taps
        self.open.reset(self.window.language)
        self.window.show_screen(self.open)

    def _search(self, text: str) -> None:
        person = self.window.person
        if person is not None:
            self.window._call(self.window.backend.search_suppliers, person.id, text,
                              on_result=lambda found: self.open.show_search(text, found))

    def _load_regulations(self) -> None:
        self.window._call(self.backend.regulations, on_result=self.open.show_regulations)

    def _check_respondent(self, respondent: Supplier) -> None:
        """Refused people are told on the first step, before they pick a regulation and type
        what happened (disputes.require_higher_rating)."""
        person = self.window.person
        if person is None:
            return
        self.window._call(self.backend.check_respondent, initiator_id=person.id,
                          respondent_id=respondent.id,
                          on_result=lambda r: self.open.respondent_allowed(respondent) if r.ok
                          else self.open.refuse(refusal_sentence(
                              r.code, r.params, respondent.name(self.window.language))))

    def _submit(self, respondent: Supplier, regulation: RegulationItem, text: str) -> None:
        person = self.window.person
        if person is None:
            return
        self.window._call(self.backend.open, initiator_id=person.id,
                          respondent_id=respondent.id, regulation_id=regulation.id,
                          description=text, dispute_uuid=self._uuid,
                          on_result=lambda r: self._done("open", r, respondent.name(
                              self.window.language), self.open.refuse))

    # --- answering and deciding -----------------------------------------------------------

    def _answer(self, action: str, view: DisputeView, reason: str = "") -> None:
        person = self.window.person
        if person is None:
            return
        call = (self.backend.accept if action == "accept"
                else functools.partial(self.backend.reject, reason=reason))
        self.window._call(call, dispute_id=view.dispute_id, actor_id=person.id,
                          on_result=lambda r: self._done(action, r, dispute_texts.names(view)[0],
                                                         self.answer.refuse))

    def _verdict(self, view: DisputeView, verdict: str) -> None:
        person = self.window.person
        if person is None:
            return
        self.window._call(self.backend.verdict, dispute_id=view.dispute_id, actor_id=person.id,
                          verdict=verdict,
                          on_result=lambda r: self._done("verdict", r, "", self.arbitrate.refuse))

    def _done(self, action: str, result: DisputeResult, other_name: str,
              refuse: object) -> None:
        person = self.window.person
        if person is None:
            return
        if result.ok and result.code == "queued":
            self.open_list(self.tr("Saved. It is sent as soon as the kiosk is back online."))
            return
        if not result.ok or result.change is None:
            refuse(refusal_sentence(result.code, result.params))  # type: ignore[operator]
            return
        self.open_list(outcome_sentence(action, result.change, person.id, other_name,
                                        self.window.config.disputes.answer_days))
