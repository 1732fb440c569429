"""The right to influence on the kiosk: a client with a higher own rating proposes an improvement
after rating a supplier; a refused client reads why in words; the manager accepts (points) or
declines; every screen is looked at (screenshots)."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from shared.db.models import (
    AuditEntry,
    Employee,
    Initiative,
    Nudge,
    PointsEntry,
    Proposal,
    ProposalPoints,
    Segment,
)
from shared.domain.proposals import decide_proposal
from shared.domain.ratings import record_rating
from tests.gui.conftest import Kiosk
from tests.gui.kiosk_helpers import START, badge_code, find, scan, tap

pytestmark = pytest.mark.gui
# Screenshots go to $SCREENSHOT_DIR when set; docs/screenshots/kiosk-proposal-*.png are made by
# kiosk/screenshots.py (python scripts/screenshots.py --only kiosk).


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _plant(k: Kiosk) -> None:
    """k = 3; Anna (1001) is rated 5 by three clients, Boris (2001) 3, Vera (2002) 5.

    Boris's manager is Daria (9001); the line segment's initiative map names two metrics.
    """
    k.config.site.k_anonymity = 3
    ids = k.plant.ids
    with k.db.write() as s:
        for i, rater in enumerate(("1002", "3001", "9002")):
            at = START - dt.timedelta(days=2, hours=i)
            for supplier, score in (("1001", 5), ("2001", 3), ("2002", 5)):
                outcome = record_rating(s, k.config, rater_id=ids[rater],
                                        supplier_id=ids[supplier], score=score, created_at=at)
                assert outcome.ok
        boris = s.get(Employee, ids["2001"])
        assert boris is not None
        boris.manager_id = ids["9001"]
        line = s.execute(select(Segment.id)).scalar_one()
        s.add_all([Initiative(segment_id=line, metric="Простои линии",
                              supplier_improvement="Ремонт за час"),
                   Initiative(segment_id=line, metric="Выработка за смену",
                              supplier_improvement="Инструмент к началу смены")])


def _login(k: Kiosk, personnel_no: str, pin: str | None = None) -> None:
    scan(k.window, k.clock, badge_code(personnel_no))
    if pin:
        for digit in pin:
            tap(find(k.window.pin, f"pinKey-{digit}"))
        tap(find(k.window.pin, "pinOk"))
    assert k.window.current is k.window.home


def _rate(k: Kiosk, personnel_no: str, score: int = 4) -> None:
    w = k.window
    tap(find(w.home, "rateButton"))
    tap(w.picker.own_grid.tiles[personnel_no])
    tap(find(w.rate, f"face-{score}"))
    tap(find(w.rate, "submitRating"))
    assert w.current is w.thanks
    # The thanks screen asks for the offer once it has been painted (kiosk/window.py).
    deadline = time.monotonic() + 2
    while not w.thanks.offer.answered and time.monotonic() < deadline:
        QTest.qWait(5)
    assert w.thanks.offer.answered


def _type(screen, keys: str) -> None:  # type: ignore[no-untyped-def]
    """Tap the keys (named by their capital; the keyboard decides the case)."""
    for ch in keys:
        tap(find(screen, "key-space" if ch == " " else f"key-{ch.upper()}"))


def _propose(k: Kiosk, shots: Path | None = None) -> int:
    """Anna rates Boris and proposes an improvement from the thanks screen; the proposal id."""
    w, flow = k.window, k.window.proposal_flow
    _login(k, "1001")
    _rate(k, "2001")
    reason = find(w.thanks, "influenceReason")
    # Boris's mean as of yesterday: Anna's 4 of a minute ago counts from tomorrow (else the
    # screen would show 3,25 now and give a rating away to anyone comparing two looks).
    assert reason.isVisible() and "5,00" in reason.text() and "3,00" in reason.text()
    if shots:
        w.grab().save(str(shots / "proposal-thanks.png"))
    tap(find(w.thanks, "proposeButton"))
    assert w.current is flow.form
    assert "Кузнецов" in find(flow.form, "proposalTitle").text()
    submit = find(flow.form, "submitProposal")
    assert not submit.isEnabled()
    _type(flow.form, "запчасти на склад линии")
    assert not submit.isEnabled()  # no metric yet
    metric = find(flow.form, "proposalMetric-0")
    assert metric.text() == "Простои линии"
    tap(metric)
    assert submit.isEnabled()
    if shots:
        w.grab().save(str(shots / "proposal-form.png"))
    tap(submit)
    assert not find(flow.form, "proposalText").isVisible()  # the form gave way to "sent"
    assert find(flow.form, "proposalDone").isVisible()
    if shots:
        w.grab().save(str(shots / "proposal-sent.png"))
    with k.db.read() as s:
        row = s.execute(select(Proposal)).scalar_one()
        facts = (row.client_id, row.supplier_id, row.decider_id, row.what_should_change,
                 row.improves_metric, row.status)
        proposal_id = row.id
    ids = k.plant.ids
    assert facts == (ids["1001"], ids["2001"], ids["9001"], "Запчасти на склад линии",
                     "Простои линии", "pending")
    tap(find(flow.form, "proposalFinish"))
    assert w.current is w.home
    return proposal_id


def test_allowed_client_files_a_proposal_once(kiosk: Kiosk, shots: Path) -> None:
    k, w, flow = kiosk, kiosk.window, kiosk.window.proposal_flow
    _plant(k)
    _propose(k, shots)
    # The rating card offers it too (a free metric this time); a second visit is a new proposal,
    # a double tap on one visit is one.
    tap(find(w.home, "rateButton"))
    tap(w.picker.own_grid.tiles["2001"])
    tap(find(w.rate, "proposeButton"))
    assert w.current is flow.form
    _type(flow.form, "свет")
    tap(find(flow.form, "proposalMetric-other"))
    _type(flow.form, "брак")
    assert flow.form.chosen_metric() == "Брак"
    tap(find(flow.form, "submitProposal"))
    flow.form.submitted.emit("Свет", "Брак")  # a retry of the same visit: the same UUID
    assert find(flow.form, "proposalDone").isVisible()
    with k.db.read() as s:
        rows = s.execute(select(Proposal.what_should_change, Proposal.improves_metric)
                         .order_by(Proposal.id)).all()
        nudges = s.execute(select(func.count()).select_from(Nudge)
                           .where(Nudge.kind == "proposal_received")).scalar_one()
    assert [tuple(r) for r in rows] == [("Запчасти на склад линии", "Простои линии"),
                                       ("Свет", "Брак")]
    assert nudges == 2


def test_refused_clients_read_why(kiosk: Kiosk, shots: Path) -> None:
    k, w = kiosk, kiosk.window
    _plant(k)
    # Anna (5.00) is not higher than Vera (5.00): said on the rating card, no button.
    _login(k, "1001")
    tap(find(w.home, "rateButton"))
    tap(w.picker.own_grid.tiles["2002"])
    reason = find(w.rate, "influenceReason")
    assert reason.isVisible()
    assert "не выше" in reason.text() and "Волковой" in reason.text()
    assert not find(w.rate, "proposeButton").isVisible()
    w.grab().save(str(shots / "proposal-refused-card.png"))
    # Emily has not been rated by anybody: says so in her language after her rating.
    _login(k, "1002")
    _rate(k, "2001")
    reason = find(w.thanks, "influenceReason")
    # Nobody rated her, and her department's only rated colleague has two clients besides
    # her (her own ratings never count for her): no basis meets k.
    assert "Not enough people have rated you, your team or your department yet" in reason.text()
    assert "3 clients" in reason.text()
    assert not find(w.thanks, "proposeButton").isVisible()
    w.grab().save(str(shots / "proposal-refused-thanks.png"))
    with k.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Proposal)) == 0


def test_a_department_stands_in_for_a_new_client(kiosk: Kiosk, shots: Path) -> None:
    """SPEC 5: Emily was rated by nobody; her department (Anna's three clients besides
    Emily) meets k, so its figure is her own rating, and the screen says so."""
    k, w = kiosk, kiosk.window
    _plant(k)
    ids = k.plant.ids
    with k.db.write() as s:
        outcome = record_rating(s, k.config, rater_id=ids["2002"], supplier_id=ids["1001"],
                                score=5, created_at=START - dt.timedelta(days=2))
        assert outcome.ok
    _login(k, "1002")
    _rate(k, "2001")
    reason = find(w.thanks, "influenceReason").text()
    assert reason == ("Too few clients rated you and your team yet, so the rating of "
                      "Production counts as yours. Your own rating (5.00) is higher than "
                      "Boris Kuznetsov's (3.00): you may propose an improvement.")
    assert find(w.thanks, "proposeButton").isVisible()
    QApplication.processEvents()  # the layout requests of the two-line reason
    label, propose = find(w.thanks, "influenceReason"), find(w.thanks, "proposeButton")
    assert label.height() >= label.heightForWidth(label.width())  # both lines, not cut
    assert label.mapTo(w, label.rect().bottomLeft()).y() <= propose.mapTo(w, propose.rect()
                                                                           .topLeft()).y()
    w.grab().save(str(shots / "proposal-basis-department.png"))
    tap(find(w, "languageButton"))
    assert "оценка подразделения «Производство»" in \
        find(w.thanks, "influenceReason").text()


def test_manager_accepts_and_declines(kiosk: Kiosk, shots: Path) -> None:
    k, w, flow = kiosk, kiosk.window, kiosk.window.proposal_flow
    _plant(k)
    first = _propose(k)
    k.clock.advance(60)
    # A second proposal from Anna, filed from the rating card.
    tap(find(w.home, "rateButton"))
    tap(w.picker.own_grid.tiles["2001"])
    tap(find(w.rate, "proposeButton"))
    _type(flow.form, "свет")
    tap(find(flow.form, "proposalMetric-1"))
    tap(find(flow.form, "submitProposal"))
    with k.db.read() as s:
        second = s.execute(select(func.max(Proposal.id))).scalar_one()
    # A worker has no proposals button; Daria (the manager, with a PIN) has, with the count.
    _login(k, "2002")
    assert not find(w.home, "proposalsButton").isVisible()
    _login(k, "9001", "1234")
    button = find(w.home, "proposalsButton")
    assert button.isVisible() and "2" in button.text()
    w.grab().save(str(shots / "proposal-home.png"))
    tap(button)
    assert w.current is flow.list
    assert set(flow.list.cards) == {first, second}
    assert "Смирновой" in flow.list.cards[first].text()
    assert "Простои линии" in flow.list.cards[first].text()
    w.grab().save(str(shots / "proposal-list.png"))
    tap(flow.list.cards[first])
    assert w.current is flow.decide
    reward = k.config.nudges.proposal_reward_points
    hint = find(flow.decide, "acceptProposalHint").text()
    assert "Кузнецов" in hint and str(reward) in hint
    w.grab().save(str(shots / "proposal-decide.png"))
    tap(find(flow.decide, "acceptProposal"))
    assert w.current is flow.list
    assert find(flow.list, "proposalListStatus").isVisible()
    # The accepted one stays in the list, to be marked implemented once the change is made.
    assert set(flow.list.cards) == {first, second}
    assert flow.list.cards[first].text().startswith("Принято: когда изменение будет внедрено")
    tap(flow.list.cards[second])
    tap(find(flow.decide, "declineProposal"))
    assert w.current is flow.list
    assert set(flow.list.cards) == {first}
    # Marking it implemented: the decider alone, one button, the configured points again.
    k.config.nudges.proposal_implemented_points = 2
    tap(flow.list.cards[first])
    assert w.current is flow.decide
    implement = find(flow.decide, "implementProposal")
    assert implement.isVisible() and implement.text() == "Отметить как внедрённое"
    for name in ("acceptProposal", "declineProposal", "discussProposal", "proposalNote"):
        assert not find(flow.decide, name).isVisible(), name
    assert find(flow.decide, "implementProposalHint").text() == (
        "Предложение принято. Когда изменение будет внедрено, отметьте это: Кузнецов Борис "
        "Ильич получит ещё 2 балла.")
    QApplication.processEvents()
    w.grab().save(str(shots / "proposal-implement.png"))
    tap(implement)
    assert w.current is flow.list
    assert find(flow.list, "proposalListStatus").text() == \
        "Отмечено как внедрённое: Кузнецов Борис Ильич получает ещё 2 балла."
    assert find(flow.list, "proposalListEmpty").isVisible()
    with k.db.read() as s:
        status = dict(s.execute(select(Proposal.id, Proposal.status)).all())
        points = s.execute(select(ProposalPoints.employee_id, ProposalPoints.delta,
                                  ProposalPoints.proposal_id, ProposalPoints.cause)
                           .order_by(ProposalPoints.id)).all()
        disputes = s.scalar(select(func.count()).select_from(PointsEntry))
        implemented = s.get_one(Proposal, first).implemented_at
        audit_actor = s.execute(select(AuditEntry.actor).where(
            AuditEntry.action == "proposal.implemented")).scalar_one()
    assert status == {first: "accepted", second: "declined"}
    assert implemented is not None and audit_actor == f"employee:{k.plant.ids['9001']}"
    # In the proposals' own ledger, never in the dispute points.
    assert [tuple(p) for p in points] == [(k.plant.ids["2001"], reward, first, "accepted"),
                                          (k.plant.ids["2001"], 2, first, "implemented")]
    assert disputes == 0
    tap(find(flow.list, "proposalListBack"))
    assert w.current is w.home
    assert "0" in find(w.home, "proposalsButton").text()


def test_a_proposal_decided_meanwhile_is_refused_in_words(kiosk: Kiosk) -> None:
    k, w, flow = kiosk, kiosk.window, kiosk.window.proposal_flow
    _plant(k)
    pid = _propose(k)
    _login(k, "9001", "1234")
    tap(find(w.home, "proposalsButton"))
    tap(flow.list.cards[pid])
    # The same manager declines it on another kiosk while this card is open.
    with k.db.write() as s:
        decide_proposal(s, k.config, proposal_id=pid, decider_id=k.plant.ids["9001"],
                        accept=False, now=START)
    tap(find(flow.decide, "acceptProposal"))
    assert w.current is flow.decide
    error = find(flow.decide, "proposalDecideError")
    assert error.isVisible() and "уже" in error.text()
    with k.db.read() as s:
        assert s.scalar(select(func.count()).select_from(ProposalPoints)) == 0


def _nudge_texts(w) -> list[str]:  # type: ignore[no-untyped-def]
    return [lab.text() for lab in w.home.nudge_labels if lab.isVisible()]


def test_a_conversation_through_the_kiosk(kiosk: Kiosk, shots: Path) -> None:
    """SPEC 5: the manager invites the client to discuss (a time and a note typed on the
    screen); the client reads it on the home screen; then the manager accepts with a note
    and the client reads that too."""
    k, w, flow = kiosk, kiosk.window, kiosk.window.proposal_flow
    _plant(k)
    pid = _propose(k)
    _login(k, "9001", "1234")
    tap(find(w.home, "proposalsButton"))
    tap(flow.list.cards[pid])
    decide = flow.decide
    # Monday 10:30 at the plant: Tuesday 10:00 and 14:00, Wednesday 10:00.
    slots = [find(decide, f"discussSlot-{i}").text() for i in range(3)]
    assert slots == ["Вт 03.03 10:00", "Вт 03.03 14:00", "Ср 04.03 10:00"]
    assert not find(decide, "discussProposal").isEnabled()  # no time chosen yet
    tap(find(decide, "proposalNote"))
    assert find(decide, "proposalNoteKeyboard").isVisible()
    _type(decide, "зайдите ко мне")
    tap(find(decide, "key-done"))
    assert not find(decide, "proposalNoteKeyboard").isVisible()
    tap(find(decide, "discussSlot-1"))
    w.grab().save(str(shots / "proposal-decide-discuss.png"))
    tap(find(decide, "discussProposal"))
    assert w.current is flow.list
    assert "Смирнова" in find(flow.list, "proposalListStatus").text()
    with k.db.read() as s:
        row = s.get_one(Proposal, pid)
        assert (row.status, row.decision_note) == ("discuss", "Зайдите ко мне")
        assert row.discuss_at == dt.datetime(2026, 3, 3, 11, 0, tzinfo=dt.UTC)
    # Anna reads the invitation after her badge.
    _login(k, "1001")
    texts = _nudge_texts(w)
    assert any("обсудить его 03.03.2026 в 14:00" in t and "«Зайдите ко мне»" in t
               for t in texts), texts
    QApplication.processEvents()  # the layout requests of the two-line nudge
    w.grab().save(str(shots / "proposal-home-invited.png"))
    # Still Daria's to decide: she accepts it, with a note; no second invitation.
    _login(k, "9001", "1234")
    tap(find(w.home, "proposalsButton"))
    tap(flow.list.cards[pid])
    assert not find(decide, "discussSlot-0").isEnabled()
    tap(find(decide, "proposalNote"))
    _type(decide, "договорились")
    tap(find(decide, "key-done"))
    tap(find(decide, "acceptProposal"))
    assert w.current is flow.list
    _login(k, "1001")
    texts = _nudge_texts(w)
    assert any("принято" in t and "«Договорились»" in t for t in texts), texts
    with k.db.read() as s:
        assert s.get_one(Proposal, pid).status == "accepted"
        assert s.scalar(select(func.count()).select_from(ProposalPoints)) == 1
    # Anna answers the decision, once.
    answers = find(w.home, "proposalAnswersButton")
    assert answers.isVisible() and "1" in answers.text()
    tap(answers)
    reply = flow.reply
    assert w.current is reply
    assert find(reply, "proposalReplyAnswer").text() == \
        "Руководитель его принял. Комментарий: «Договорились»"
    assert not find(reply, "proposalReplySend").isEnabled()
    _type(reply, "спасибо")
    QApplication.processEvents()
    w.grab().save(str(shots / "proposal-reply.png"))
    tap(find(reply, "proposalReplySend"))
    assert w.current is w.home
    assert not find(w.home, "proposalAnswersButton").isVisible()
    with k.db.read() as s:
        assert s.get_one(Proposal, pid).client_reply == "Спасибо"
        told = s.execute(select(Nudge.employee_id).where(Nudge.kind == "proposal_reply")
                         ).scalar_one()
    assert told == k.plant.ids["9001"]


def test_the_offer_follows_the_language_button(kiosk: Kiosk) -> None:
    k, w = kiosk, kiosk.window
    _plant(k)
    _login(k, "1001")
    _rate(k, "2001")
    tap(find(w, "languageButton"))
    reason = find(w.thanks, "influenceReason").text()
    assert "Boris Kuznetsov" in reason and "higher than" in reason
