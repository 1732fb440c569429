"""Disputes on the kiosk: open one in three steps, the respondent rejects it, the arbiter decides;
a late answer is refused in words; every screen is looked at (screenshots)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import segno
from PySide6.QtGui import QColor, QImage
from sqlalchemy import func, select

from shared.db.models import Dispute, Nudge, PointsEntry, Regulation
from tests.gui.conftest import Kiosk
from tests.gui.kiosk_helpers import badge_code, find, scan, tap

pytestmark = pytest.mark.gui
# Screenshots of every dispute screen go to $SCREENSHOT_DIR when set (docs/screenshots holds
# the committed ones: SCREENSHOT_DIR=docs/screenshots pytest tests/gui/test_kiosk_disputes.py).


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _regulations(k: Kiosk) -> None:
    with k.db.write() as s:
        s.add_all([Regulation(code="РГ-014", title="Выдача инструмента со склада за 15 минут",
                              url="https://intranet/reg/014"),
                   Regulation(code="РГ-022", title="Закрытие заявки в ИТ после подтверждения")])


def _login(k: Kiosk, personnel_no: str, pin: str | None = None) -> None:
    scan(k.window, k.clock, badge_code(personnel_no))
    if pin:
        for digit in pin:
            tap(find(k.window.pin, f"pinKey-{digit}"))
        tap(find(k.window.pin, "pinOk"))
    assert k.window.current is k.window.home


def _type(screen, keys: str) -> None:  # type: ignore[no-untyped-def]
    """Tap the keys of ``keys`` (keys are named by their capital; the keyboard decides the case)."""
    for ch in keys:
        tap(find(screen, "key-space" if ch == " " else f"key-{ch.upper()}"))


def _open_dispute(k: Kiosk, shots: Path | None = None) -> int:
    w = k.window
    flow = w.dispute_flow
    tap(find(w.home, "disputesButton"))
    assert w.current is flow.list
    assert find(flow.list, "disputeListEmpty").isVisible()
    tap(find(flow.list, "disputeOpenButton"))
    assert w.current is flow.open
    _type(flow.open, "КУЗ")
    tap(find(flow.open.keyboard, "key-done"))
    if shots:
        w.grab().save(str(shots / "kiosk-dispute-open-who.png"))
    tap(flow.open.people.tiles["2001"])
    if shots:
        w.grab().save(str(shots / "kiosk-dispute-open-rule.png"))
    tap(find(flow.open, "regulation-РГ-014"))
    assert not find(flow.open, "disputeSubmit").isEnabled()
    _type(flow.open, "ждал час")
    assert "Кузнецов" in find(flow.open, "disputeSummary").text()
    if shots:
        w.grab().save(str(shots / "kiosk-dispute-open-what.png"))
    tap(find(flow.open, "disputeSubmit"))
    assert w.current is flow.list
    with k.db.read() as s:
        dispute = s.execute(select(Dispute)).scalar_one()
        facts = (dispute.initiator_id, dispute.respondent_id, dispute.description,
                 dispute.kiosk_id)
        dispute_id = dispute.id
    # Lowercase keys, a capital at the start of the text.
    assert facts == (k.plant.ids["1001"], k.plant.ids["2001"], "Ждал час", k.config.kiosk.id)
    return dispute_id


def _reject_with_reason(k: Kiosk, did: int, reason: str, shots: Path | None = None) -> None:
    """On the answer screen: Reject -> the reason step (Cancel once) -> type -> confirm."""
    w, flow = k.window, k.window.dispute_flow
    answer = flow.answer
    tap(find(answer, "disputeReject"))
    field, confirm = find(answer, "rejectReason"), find(answer, "rejectReasonConfirm")
    assert field.isVisible() and not find(answer, "disputeAnswerDescription").isVisible()
    assert not confirm.isEnabled() and find(answer, "rejectReasonCounter").text() == "0 / 200"
    _type(answer, "нет")  # too short to be a reason
    assert field.text() == "Нет" and not confirm.isEnabled()
    assert find(answer, "rejectReasonHint").text()
    tap(find(answer, "rejectReasonCancel"))
    assert find(answer, "disputeAccept").isVisible() and not field.isVisible()
    with k.db.read() as s:
        assert s.get(Dispute, did).state == "open"  # type: ignore[union-attr]
    tap(find(answer, "disputeReject"))
    assert field.text() == ""
    _type(answer, reason)
    assert confirm.isEnabled()
    assert find(answer, "rejectReasonCounter").text() == f"{len(reason)} / 200"
    if shots:
        w.grab().save(str(shots / "kiosk-dispute-reject-reason.png"))
    tap(confirm)
    assert w.current is flow.list


def _qr_modules(image: QImage, quiet: int) -> list[list[bool]]:
    """The dark modules of a painted QR code, read at each module's centre (the quiet zone
    of ``quiet`` modules around it must be white)."""
    side = image.width()
    # The module size: the first dark pixel on the diagonal is the finder's corner.
    first = next(i for i in range(side) if QColor(image.pixel(i, i)).lightness() < 128)
    module = first // quiet
    count = side // module - 2 * quiet
    assert side == (count + 2 * quiet) * module and image.height() == side
    return [[QColor(image.pixel((x + quiet) * module + module // 2,
                                (y + quiet) * module + module // 2)).lightness() < 128
             for x in range(count)] for y in range(count)]


def test_open_reject_and_decide(kiosk: Kiosk, shots: Path) -> None:
    k, w = kiosk, kiosk.window
    flow = w.dispute_flow
    _regulations(k)
    _login(k, "1001")
    did = _open_dispute(k, shots)
    status = find(flow.list, "disputeListStatus")
    assert status.isVisible() and "Кузнецов" in status.text() and "7" in status.text()
    assert "РГ-014" in flow.list.cards[did].text()
    w.grab().save(str(shots / "kiosk-dispute-list.png"))
    with k.db.read() as s:
        assert s.execute(select(Nudge.kind).where(Nudge.employee_id == k.plant.ids["2001"])
                         ).scalars().all() == ["dispute_opened"]

    # The respondent sees it, reads it, rejects it (confirming).
    k.clock.advance(3600)
    _login(k, "2001")
    tap(find(w.home, "disputesButton"))
    tap(flow.list.cards[did])
    assert w.current is flow.answer
    assert "Ждал час" in find(flow.answer, "disputeAnswerDescription").text()
    assert "7" in find(flow.answer, "disputeAnswerState").text()
    # The regulation's link from the catalogue (SPEC 7), where its text can be read.
    link = find(flow.answer, "disputeAnswerRegulationLink")
    assert link.isVisible() and link.text() == "Текст регламента: https://intranet/reg/014"
    # ... and as a QR code of that link, for the phone (issue 14 point 6).
    qr = find(flow.answer, "disputeAnswerRegulationQr")
    assert qr.isVisible() and _qr_modules(qr.pixmap().toImage(), 4) == \
        [[bool(v) for v in row] for row in segno.make("https://intranet/reg/014",
                                                       error="m", micro=False).matrix]
    w.grab().save(str(shots / "kiosk-dispute-answer.png"))
    _reject_with_reason(k, did, "склад закрыт. ключ у мастера", shots)
    with k.db.read() as s:
        dispute = s.get(Dispute, did)
        assert dispute is not None and dispute.state == "escalated"
        assert dispute.reject_reason == "Склад закрыт. Ключ у мастера"
        # Nobody manages the maintenance worker and the department has no head: an admin.
        assert dispute.arbiter_id == k.plant.ids["9002"]

    # The arbiter (an admin, with a PIN) gives the verdict.
    _login(k, "9002", "1234")
    tap(find(w.home, "disputesButton"))
    tap(flow.list.cards[did])
    assert w.current is flow.arbitrate
    reason = find(flow.arbitrate, "disputeRejectReason")
    assert reason.isVisible() and "«Склад закрыт. Ключ у мастера»" in reason.text().replace(
        "“", "«").replace("”", "»")
    give = find(flow.arbitrate, "disputeGiveVerdict")
    assert not give.isEnabled()
    tap(find(flow.arbitrate, "verdict-initiator_right"))
    assert give.isEnabled()
    w.grab().save(str(shots / "kiosk-dispute-arbitrate.png"))
    tap(give)
    assert w.current is flow.list
    with k.db.read() as s:
        assert s.get(Dispute, did).state == "initiator_right"  # type: ignore[union-attr]
        points = dict(s.execute(select(PointsEntry.employee_id, PointsEntry.delta)).all())
    assert points == {k.plant.ids["1001"]: 2, k.plant.ids["2001"]: -2}


def test_a_late_answer_is_refused_in_words(kiosk: Kiosk) -> None:
    k, w = kiosk, kiosk.window
    flow = w.dispute_flow
    _regulations(k)
    _login(k, "1001")
    did = _open_dispute(k)
    _login(k, "2001")
    tap(find(w.home, "disputesButton"))
    tap(flow.list.cards[did])
    # The respondent stays on the card past the deadline (7 days; the clock is injected).
    k.clock.advance(dt.timedelta(days=7, minutes=1).total_seconds())
    tap(find(flow.answer, "disputeAccept"))
    tap(find(flow.answer, "disputeConfirm"))
    assert w.current is flow.answer
    error = find(flow.answer, "disputeAnswerError")
    assert error.isVisible() and error.text()
    with k.db.read() as s:
        assert s.get(Dispute, did).state == "open"  # type: ignore[union-attr]
        assert s.scalar(select(func.count()).select_from(PointsEntry)) == 0


def test_the_initiator_sees_but_cannot_answer(kiosk: Kiosk) -> None:
    k, w = kiosk, kiosk.window
    flow = w.dispute_flow
    _regulations(k)
    _login(k, "1001")
    did = _open_dispute(k)
    tap(flow.list.cards[did])
    assert w.current is flow.answer
    assert not find(flow.answer, "disputeAccept").isVisible()
    assert not find(flow.answer, "disputeReject").isVisible()
    tap(find(flow.answer, "disputeAnswerBack"))
    assert w.current is flow.list
    tap(find(flow.list, "disputeListBack"))
    assert w.current is w.home


def test_open_and_accept(kiosk: Kiosk) -> None:
    """The respondent accepts: one point each way, the dispute leaves their waiting list."""
    k, w = kiosk, kiosk.window
    flow = w.dispute_flow
    _regulations(k)
    _login(k, "1001")
    did = _open_dispute(k)
    k.clock.advance(3600)
    _login(k, "2001")
    tap(find(w.home, "disputesButton"))
    tap(flow.list.cards[did])
    assert w.current is flow.answer
    tap(find(flow.answer, "disputeAccept"))
    # Accepting asks once more (it costs a point), Cancel changes nothing.
    confirm = find(flow.answer, "disputeConfirm")
    assert confirm.isVisible()
    tap(find(flow.answer, "disputeCancel"))
    with k.db.read() as s:
        assert s.get(Dispute, did).state == "open"  # type: ignore[union-attr]
    tap(find(flow.answer, "disputeAccept"))
    tap(find(flow.answer, "disputeConfirm"))
    assert w.current is flow.list
    with k.db.read() as s:
        assert s.get(Dispute, did).state == "accepted"  # type: ignore[union-attr]
        points = dict(s.execute(select(PointsEntry.employee_id, PointsEntry.delta)).all())
    assert points == {k.plant.ids["1001"]: 1, k.plant.ids["2001"]: -1}
    # The card now tells the outcome instead of waiting for an answer.
    tap(flow.list.cards[did])
    assert not find(flow.answer, "disputeAccept").isVisible()


def test_the_outcome_nudge_says_how_it_ended_and_the_points(kiosk: Kiosk, shots: Path) -> None:
    """Unanswered for 7 days: on their next badge tap the respondent reads that the dispute was
    not answered in time and that it cost them a point (not "a verdict was given"); the
    initiator reads the same outcome with their +1."""
    from shared.domain.dispute_deadlines import run_dispute_deadlines
    k, w = kiosk, kiosk.window
    _regulations(k)
    _login(k, "1001")
    did = _open_dispute(k)
    k.clock.advance(dt.timedelta(days=7, hours=1).total_seconds())
    assert run_dispute_deadlines(k.db, k.config, k.clock.now())["expired"] == 1
    _login(k, "2001")
    texts = [lab.text() for lab in w.home.nudge_labels if lab.isVisible()]
    w.grab().save(str(shots / "kiosk-home-dispute-expired-nudge.png"))
    assert f"•  По спору № {did} не было ответа вовремя: прав инициатор. Ваши баллы: −1." \
        in texts
    _login(k, "1001")
    texts = [lab.text() for lab in w.home.nudge_labels if lab.isVisible()]
    assert f"•  По спору № {did} не было ответа вовремя: прав инициатор. Ваши баллы: +1." \
        in texts


def test_the_arbiter_sees_the_points_of_both_right_and_both_wrong(
        qtbot, kiosk_db, shots: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A site that fines both parties when both were wrong (disputes.both_wrong_points = -1):
    the arbiter's button says so before the verdict, and the verdict moves those points."""
    from kiosk.clock import FakeClock
    from kiosk.window import MainWindow
    from kiosk.worker import SynchronousWorker
    from shared.config import load_config
    from tests.gui.kiosk_helpers import START, build_plant
    from tests.offline_support import production_backend
    config = load_config()
    config.disputes.both_wrong_points = -1
    plant = build_plant(kiosk_db, config)
    clock = FakeClock(START)
    window = MainWindow(config, production_backend(kiosk_db, config, clock, tmp_path),
                        SynchronousWorker(), clock)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    qtbot.waitExposed(window)
    k = Kiosk(window, clock, kiosk_db, config, plant)
    flow = window.dispute_flow
    _regulations(k)
    _login(k, "1001")
    did = _open_dispute(k)
    _login(k, "2001")
    tap(find(window.home, "disputesButton"))
    tap(flow.list.cards[did])
    _reject_with_reason(k, did, "склад закрыт")
    _login(k, "9002", "1234")
    tap(find(window.home, "disputesButton"))
    tap(flow.list.cards[did])
    assert window.current is flow.arbitrate
    both_wrong = find(flow.arbitrate, "verdict-both_wrong")
    assert both_wrong.text() == "Неправы оба: регламент неясен (−1 / −1)"
    assert find(flow.arbitrate, "verdict-both_right").text() == \
        "Правы оба: регламент неясен (0 / 0)"
    tap(both_wrong)
    window.grab().save(str(shots / "kiosk-dispute-arbitrate-both-points.png"))
    tap(find(flow.arbitrate, "disputeGiveVerdict"))
    with k.db.read() as s:
        points = dict(s.execute(select(PointsEntry.employee_id, PointsEntry.delta)).all())
    assert points == {plant.ids["1001"]: -1, plant.ids["2001"]: -1}
    window.close()


def test_a_refusal_at_sync_is_shown_after_the_badge_tap(kiosk: Kiosk, shots: Path) -> None:
    """A dispute opened, an answer given and a proposal sent on an offline kiosk were refused
    when the kiosk synced: the next badge tap says so, with the reason in words."""
    from shared.domain.nudge_store import add_nudge
    k, w = kiosk, kiosk.window
    me = k.plant.ids["1001"]
    with k.db.write() as s:
        for i, params in enumerate([
                {"what": "dispute_open", "code": "unknown_regulation",
                 "params": {"regulation_id": 3}},
                {"what": "dispute_action", "action": "reject", "dispute_id": 12,
                 "code": "wrong_state", "params": {"dispute_id": 12, "state": "expired"}},
                {"what": "proposal", "code": "not_higher",
                 "params": {"client_mean": 4.1, "supplier_mean": 4.3},
                 "supplier_name": "Кузнецов Борис Ильич", "supplier_name_en": "Boris Kuznetsov"},
        ]):
            add_nudge(s, employee_id=me, kind="offline_refused", params=params,
                      dedup_key=f"offline_refused:test-{i}", now=k.clock.now())
    _login(k, "1001")
    w.grab().save(str(shots / "kiosk-home-offline-refused.png"))
    texts = {lab.text() for lab in w.home.nudge_labels if lab.isVisible()}
    assert {
        "•  Спор, открытый вами, когда киоск был без связи, не открыт: "
        "Этот регламент больше не действует.",
        "•  Ваше действие по спору № 12, сделанное, когда киоск был без связи, не принято: "
        "Этот спор уже перешёл на другой этап.",
        "•  Ваше предложение, отправленное, когда киоск был без связи, не подано: "
        "Ваша оценка (4,10) пока не выше, чем у Кузнецова Бориса Ильича (4,30).",
    } <= texts, texts


def test_the_regulations_are_read_afresh_for_each_new_dispute(kiosk: Kiosk, shots: Path) -> None:
    """A kiosk runs for weeks: a regulation imported or retired meanwhile must show (or stop
    showing) the next time someone opens a dispute, not after a restart. With none in the
    catalogue, step 2 says so instead of showing an empty page."""
    from sqlalchemy import update
    k, w = kiosk, kiosk.window
    flow = w.dispute_flow
    _login(k, "1001")

    def step_two() -> list[str]:
        tap(find(w.home, "disputesButton"))
        tap(find(flow.list, "disputeOpenButton"))
        _type(flow.open, "КУЗ")
        tap(find(flow.open.keyboard, "key-done"))
        tap(flow.open.people.tiles["2001"])
        return sorted(flow.open.rule_buttons)

    assert step_two() == []
    hint = find(flow.open, "disputeNoRegulations")
    assert hint.isVisible() and "администратор" in hint.text()
    w.grab().save(str(shots / "kiosk-dispute-open-no-regulations.png"))
    tap(find(flow.open, "disputeOpenBack"))
    tap(find(flow.open, "disputeOpenBack"))
    tap(find(flow.list, "disputeListBack"))
    _regulations(k)
    assert step_two() == ["РГ-014", "РГ-022"]
    assert not find(flow.open, "disputeNoRegulations").isVisible()
    tap(find(flow.open, "disputeOpenBack"))
    tap(find(flow.open, "disputeOpenBack"))
    tap(find(flow.list, "disputeListBack"))
    with k.db.write() as s:
        s.execute(update(Regulation).where(Regulation.code == "РГ-022").values(active=False))
        s.add(Regulation(code="РГ-030", title="Ответ на заявку в течение смены"))
    assert step_two() == ["РГ-014", "РГ-030"]


def test_the_higher_rating_rule_refuses_on_the_first_step(kiosk: Kiosk, shots: Path) -> None:
    """disputes.require_higher_rating: someone who may not dispute this colleague reads why
    as soon as they pick them, before choosing a regulation and typing what happened; picking
    them with the rule off goes on to the regulations."""
    k, w = kiosk, kiosk.window
    flow = w.dispute_flow
    _regulations(k)
    w.config.disputes.require_higher_rating = True
    _login(k, "1001")
    tap(find(w.home, "disputesButton"))
    tap(find(flow.list, "disputeOpenButton"))
    _type(flow.open, "КУЗ")
    tap(find(flow.open.keyboard, "key-done"))
    tap(flow.open.people.tiles["2001"])
    assert flow.open.pages.currentIndex() == 0  # still "against whom?"
    error = find(flow.open, "disputeOpenError")
    assert error.isVisible()
    assert error.text().startswith("Открыть спор против этого коллеги может только тот, чья "
                                   "оценка выше.")
    assert error.text().endswith("Пока слишком мало людей оценили вас, вашу команду и ваш "
                                 "отдел, чтобы сравнивать (нужно не меньше 5 клиентов)."), \
        error.text()
    w.grab().save(str(shots / "kiosk-dispute-open-refused.png"))
    with k.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Dispute)) == 0
    w.config.disputes.require_higher_rating = False
    tap(flow.open.people.tiles["2001"])
    assert flow.open.pages.currentIndex() == 1 and not error.isVisible()
