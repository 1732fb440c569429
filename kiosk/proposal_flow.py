"""Navigation for the right to influence: the offer, the proposal form, the manager's decisions.

Owned by the main window; it adds its screens to the window's stack and runs every
database call through the window's one worker (``window._call``), so an answer that
arrives after a logout is dropped like any other.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from kiosk.backend import Supplier
from kiosk.proposal_backend import AnswerItem, ProposalBackend, ProposalItem, ProposalResult
from kiosk.screens.base import Screen
from kiosk.screens.proposal_decide import ProposalDecideScreen
from kiosk.screens.proposal_form import ProposalFormScreen
from kiosk.screens.proposal_list import ProposalListScreen
from kiosk.screens.proposal_offer import InfluenceOffer
from kiosk.screens.proposal_reply import ProposalReplyScreen
from kiosk.screens.proposal_texts import (
    decided_sentence,
    implemented_sentence,
    invited_sentence,
    refusal_sentence,
)
from kiosk.screens.rate import RateScreen
from kiosk.screens.thanks import ThanksScreen
from shared.domain.influence import InfluenceDecision
from shared.ids import uuid7

if TYPE_CHECKING:
    from kiosk.window import MainWindow

log = logging.getLogger(__name__)


class ProposalFlow(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("proposalFlow")
        self.window = window
        self.backend = ProposalBackend(window.backend.db, window.config, window.clock,
                                       kiosk=window.backend)
        theme = window.theme
        self.form = ProposalFormScreen(theme, window)
        self.list = ProposalListScreen(theme, window)
        self.decide = ProposalDecideScreen(theme, self.backend.reward_points, window,
                                           self.backend.implemented_points)
        self.reply = ProposalReplyScreen(theme, window)
        for screen in (self.form, self.list, self.decide, self.reply):
            window.stack.addWidget(screen)
        self._uuid = uuid7()
        self._supplier: Supplier | None = None
        self._origin: Screen = window.home
        self.form.back_requested.connect(lambda: window.show_screen(self._origin))
        self.form.submitted.connect(self._submit)
        self.form.finished.connect(self._home)
        self.list.back_requested.connect(self._home)
        self.list.proposal_chosen.connect(self.show_proposal)
        self.decide.back_requested.connect(lambda: self.open_list())
        self.decide.decided.connect(self._decide)
        self.decide.invited.connect(self._invite)
        self.decide.implemented.connect(self._implement)
        self.reply.back_requested.connect(self._home)
        self.reply.replied.connect(self._reply)
        self._offered: dict[str, Supplier] = {}
        self._offering: tuple[RateScreen | ThanksScreen, ...] = (window.rate, window.thanks)
        for host in self._offering:
            host.offer.propose_requested.connect(lambda h=host: self._propose_from(h))
        window.language_changed.connect(self._relabel)

    def _home(self) -> None:
        self.window.show_screen(self.window.home)
        self.window._load_home()  # the count of proposals to decide changed

    # --- the offer on the rating card and the thanks screen ---------------------------

    def offer(self, screen: RateScreen | ThanksScreen, supplier: Supplier) -> None:
        """Ask whether this person may propose to ``supplier``; the offer shows the answer."""
        person = self.window.person
        screen.offer.clear()
        self._offered[screen.objectName()] = supplier
        if person is not None:
            self.window._call(self.backend.influence, person.id, supplier.id, quiet=True,
                              on_result=lambda d: self._on_influence(screen.offer, supplier, d))

    def _relabel(self, language: str) -> None:
        """The supplier's name in the offer's sentence follows the language button."""
        for host in self._offering:
            supplier = self._offered.get(host.objectName())
            if supplier is not None:
                host.offer.set_name(supplier.name(language))

    def _propose_from(self, screen: RateScreen | ThanksScreen) -> None:
        supplier = self._offered.get(screen.objectName())
        if supplier is not None and screen.offer.allowed:
            self.open_form(supplier, screen)

    def _on_influence(self, offer: InfluenceOffer, supplier: Supplier,
                      decision: InfluenceDecision) -> None:
        offer.set_decision(decision, supplier.name(self.window.language))

    # --- filing --------------------------------------------------------------------------

    def open_form(self, supplier: Supplier, origin: Screen) -> None:
        person = self.window.person
        if person is None:
            return
        self._uuid = uuid7()  # one proposal per visit to this screen, however many taps
        self._supplier, self._origin = supplier, origin
        self.form.start(supplier, self.window.language)
        self.window.show_screen(self.form)
        self.window._call(self.backend.metric_choices, person.id, quiet=True,
                          on_result=self.form.set_metrics)

    def _submit(self, text: str, metric: str) -> None:
        person, supplier = self.window.person, self._supplier
        if person is None or supplier is None:
            return
        self.window._call(self.backend.file, client_id=person.id, supplier_id=supplier.id,
                          text=text, metric=metric, proposal_uuid=self._uuid,
                          on_result=lambda r: self._filed(supplier, r))

    def _filed(self, supplier: Supplier, result: ProposalResult) -> None:
        if result.ok:
            self.form.show_sent()
        else:
            self.form.refuse(refusal_sentence(result.code, result.params,
                                              supplier.name(self.window.language)))

    # --- deciding (managers and admins) ------------------------------------------------------

    def open_list(self, status: str = "") -> None:
        person = self.window.person
        if person is None:
            return
        self.list.start(status)
        self.window.show_screen(self.list)
        self.window._call(self.backend.pending, person.id, on_result=self.list.set_items)

    # --- the client's reply to the decider's answer ----------------------------------------

    def open_answers(self) -> None:
        person = self.window.person
        if person is None:
            return
        self.window._call(self.backend.answers, person.id, on_result=self._show_answers)

    def _show_answers(self, items: list[AnswerItem]) -> None:
        if not items:
            self._home()
            return
        self.reply.start(items, self.window.config.tz)
        self.window.show_screen(self.reply)

    def _reply(self, item: AnswerItem, text: str) -> None:
        person = self.window.person
        if person is None:
            return
        self.window._call(self.backend.reply, proposal_id=item.id, client_id=person.id,
                          text=text, on_result=lambda r: self._replied(item, r))

    def _replied(self, item: AnswerItem, result: ProposalResult) -> None:
        if not result.ok:
            self.reply.refuse(refusal_sentence(result.code, result.params,
                                               item.supplier(self.window.language)))
            return
        log.info("proposal %s: the client replied on the kiosk", item.id)
        self.open_answers()  # the next answer, or home

    def show_proposal(self, item: ProposalItem) -> None:
        self.decide.start(item, self.backend.discuss_slots(), self.window.config.tz,
                          implemented_points=self.backend.implemented_points)
        self.window.show_screen(self.decide)

    def _decide(self, item: ProposalItem, accept: bool, note: str) -> None:
        person = self.window.person
        if person is None:
            return
        self.window._call(self.backend.decide, proposal_id=item.id, decider_id=person.id,
                          accept=accept, note=note,
                          on_result=lambda r: self._decided(item, accept, r))

    def _invite(self, item: ProposalItem, when: dt.datetime, note: str) -> None:
        person = self.window.person
        if person is None:
            return
        self.window._call(self.backend.invite, proposal_id=item.id, decider_id=person.id,
                          discuss_at=when, note=note,
                          on_result=lambda r: self._invited(item, r))

    def _implement(self, item: ProposalItem) -> None:
        person = self.window.person
        if person is None:
            return
        self.window._call(self.backend.implement, proposal_id=item.id, decider_id=person.id,
                          on_result=lambda r: self._implemented(item, r))

    def _implemented(self, item: ProposalItem, result: ProposalResult) -> None:
        lang = self.window.language
        if not result.ok:
            self.decide.refuse(refusal_sentence(result.code, result.params, item.supplier(lang)))
            return
        log.info("proposal %s marked implemented on the kiosk", item.id)
        self.open_list(implemented_sentence(item.supplier(lang), result.points))

    def _invited(self, item: ProposalItem, result: ProposalResult) -> None:
        lang = self.window.language
        if not result.ok:
            self.decide.refuse(refusal_sentence(result.code, result.params, item.supplier(lang)))
            return
        log.info("proposal %s: discussion proposed on the kiosk", item.id)
        self.open_list(invited_sentence(item.client(lang)))

    def _decided(self, item: ProposalItem, accept: bool, result: ProposalResult) -> None:
        lang = self.window.language
        if not result.ok:
            self.decide.refuse(refusal_sentence(result.code, result.params, item.supplier(lang)))
            return
        log.info("proposal %s %s on the kiosk", item.id, "accepted" if accept else "declined")
        self.open_list(decided_sentence(accept, item.supplier(lang), item.client(lang),
                                        result.points))
