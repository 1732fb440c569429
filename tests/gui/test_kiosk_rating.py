"""Journeys through the kiosk: badge in, pick a supplier, rate, thanks; refusals on the card."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from shared.db.models import Rating, RatingReason, ReasonTag
from shared.domain.ratings import record_rating
from shared.ids import uuid7
from tests.gui.conftest import Kiosk
from tests.gui.kiosk_helpers import badge_code, find, scan, swipe, tap, wait_sent

pytestmark = pytest.mark.gui


def _ratings(k: Kiosk) -> list[tuple[int, int, int, str | None, str | None, list[str]]]:
    with k.db.read() as s:
        out = []
        for r in s.execute(select(Rating).order_by(Rating.id)).scalars():
            codes = list(s.execute(select(ReasonTag.code).join(
                RatingReason, RatingReason.reason_tag_id == ReasonTag.id)
                .where(RatingReason.rating_id == r.id)).scalars())
            out.append((r.rater_id, r.supplier_id, r.score, r.comment, r.kiosk_id, sorted(codes)))
        return out


def test_rate_an_own_supplier(kiosk: Kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    w, ids = kiosk.window, kiosk.plant.ids
    assert w.current is w.attract
    scan(w, kiosk.clock, badge_code("1001"))
    assert w.current is w.home
    assert "Анна" in find(w.home, "greetingLabel").text()
    assert find(w.home, "metricGiven").text() == "—"
    tap(find(w.home, "rateButton"))
    assert w.current is w.picker
    # Own suppliers: the configured department (Maintenance), never oneself.
    tiles = w.picker.own_grid.tiles
    assert set(tiles) == {"2001", "2002"}
    tap(tiles["2001"])
    assert w.current is w.rate
    assert find(w.rate, "supplierName").text() == "Кузнецов Борис Ильич"
    tap(find(w.rate, "face-4"))
    # Praise chips after a 4: the segment's positive tag and the company-wide one.
    assert set(w.rate.chips.chips) == {"fast", "polite"}
    tap(find(w.rate, "reasonChip-fast"))
    tap(find(w.rate, "submitRating"))
    assert w.current is w.thanks
    assert "Вы оценили Кузнецова Бориса Ильича: 4" in find(w.thanks, "thanksLabel").text()
    # The streak line fills once the thanks screen is painted (the read runs after it).
    qtbot.waitUntil(lambda: "1" in find(w.thanks, "streakLabel").text(), timeout=2000)
    assert _ratings(kiosk) == [(ids["1001"], ids["2001"], 4, None, "kiosk-1", ["fast"])]
    tap(find(w.thanks, "finishButton"))
    assert w.current is w.attract and w.person is None


def test_swipe_left_gives_one_and_negative_chips_with_a_comment(kiosk: Kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    w, ids = kiosk.window, kiosk.plant.ids
    scan(w, kiosk.clock, badge_code("1001"))
    tap(find(w.home, "rateButton"))
    tap(w.picker.own_grid.tiles["2002"])
    swipe(w.rate.card, -w.rate.card.width() // 2)
    assert w.rate.score == 1
    assert set(w.rate.chips.chips) == {"slow", "quality"}
    tap(find(w.rate, "reasonChip-slow"))
    tap(find(w.rate, "commentButton"))
    for key in ("key-Д", "key-О", "key-Л", "key-Г", "key-О"):
        tap(find(w.rate, key))
    tap(find(w.rate, "key-done"))
    assert "Долго" in find(w.rate, "commentButton").text()
    tap(find(w.rate, "submitRating"))
    assert w.current is w.thanks
    wait_sent(qtbot, w)  # pushed after the thanks screen's paint
    assert _ratings(kiosk) == [(ids["1001"], ids["2002"], 1, "Долго", "kiosk-1", ["slow"])]


def test_swipe_right_then_skip_is_one_tap(kiosk: Kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    w, ids = kiosk.window, kiosk.plant.ids
    scan(w, kiosk.clock, badge_code("1001"))
    tap(find(w.home, "rateButton"))
    tap(w.picker.own_grid.tiles["2001"])
    swipe(w.rate.card, w.rate.card.width() // 2)
    tap(find(w.rate, "skipButton"))
    assert w.current is w.thanks
    wait_sent(qtbot, w)  # pushed after the thanks screen's paint
    assert _ratings(kiosk) == [(ids["1001"], ids["2001"], 5, None, "kiosk-1", [])]


def test_search_a_new_supplier_with_the_on_screen_keyboard(kiosk: Kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    w, ids = kiosk.window, kiosk.plant.ids
    scan(w, kiosk.clock, badge_code("1001"))
    tap(find(w.home, "rateButton"))
    tap(find(w.picker, "tabSearch"))
    for key in ("key-Г", "key-Л", "key-Е", "key-Б"):
        tap(find(w.picker, key))
    assert find(w.picker, "supplierSearch").text() == "Глеб"
    qtbot.waitUntil(lambda: "3001" in w.picker.search_grid.tiles, timeout=3000)
    assert set(w.picker.search_grid.tiles) == {"3001"}
    tap(w.picker.search_grid.tiles["3001"])
    tap(find(w.rate, "face-5"))
    tap(find(w.rate, "submitRating"))
    wait_sent(qtbot, w)  # pushed after the thanks screen's paint
    assert _ratings(kiosk) == [(ids["1001"], ids["3001"], 5, None, "kiosk-1", [])]


def test_browse_by_department(kiosk: Kiosk) -> None:
    w = kiosk.window
    scan(w, kiosk.clock, badge_code("1001"))
    tap(find(w.home, "rateButton"))
    tap(find(w.picker, "tabDepartments"))
    with kiosk.db.read() as s:
        from shared.db.models import Department
        it = s.execute(select(Department.id).where(Department.name == "ИТ")).scalar_one()
    tap(find(w.picker, f"department-{it}"))
    # The inactive colleague is not offered.
    assert set(w.picker.dept_grid.tiles) == {"3001", "9002"}


def test_cooldown_refusal_is_shown_on_the_card(kiosk: Kiosk) -> None:
    w, ids = kiosk.window, kiosk.plant.ids
    # Rated at another kiosk, already on the server.
    with kiosk.db.write() as s:
        first = record_rating(s, kiosk.config, rater_id=ids["1001"], supplier_id=ids["2001"],
                              score=3, kiosk_id="kiosk-2", rating_uuid=uuid7(),
                              created_at=kiosk.clock.now())
    assert first.status == "recorded"
    kiosk.clock.advance(dt.timedelta(hours=1).total_seconds())
    scan(w, kiosk.clock, badge_code("1001"))
    tap(find(w.home, "rateButton"))
    tap(w.picker.own_grid.tiles["2001"])
    # The card says when, in the question's place: no "how did they serve you?" over the
    # dimmed faces.
    text = find(w.rate, "rateQuestion").text()
    # Rated at 10:30 Moscow time, cooldown 4 h.
    assert "10:30" in text and "14:30" in text
    assert not find(w.rate, "face-5").isEnabled()
    swipe(w.rate.card, w.rate.card.width() // 2)
    assert w.rate.score is None
    assert len(_ratings(kiosk)) == 1


def test_a_new_badge_logs_the_previous_person_out(kiosk: Kiosk) -> None:
    w, ids = kiosk.window, kiosk.plant.ids
    scan(w, kiosk.clock, badge_code("1001"))
    tap(find(w.home, "rateButton"))
    tap(w.picker.own_grid.tiles["2001"])
    assert w.current is w.rate
    scan(w, kiosk.clock, badge_code("2001"))
    assert w.person is not None and w.person.id == ids["2001"]
    assert w.current is w.home
    assert "Борис" in find(w.home, "greetingLabel").text()


def test_many_reasons_scroll_under_the_faces(kiosk: Kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A segment with more reasons than fit on the screen: the chips scroll (none is cut off
    for good), and the last one can be chosen and is stored."""
    w, ids = kiosk.window, kiosk.plant.ids
    extra = ["Нет запчастей на складе", "Ошибки в документах", "Не отвечает на звонки",
             "Грязно после работ", "Опоздал на смену", "Не закрыл наряд", "Потерял заявку",
             "Не предупредил об отключении", "Не убрал инструмент", "Сорвал срок поставки"]
    with kiosk.db.write() as s:
        s.add_all([ReasonTag(code=f"extra{i}", polarity="negative", label_ru=label,
                             label_en=f"Extra {i}") for i, label in enumerate(extra)])
    scan(w, kiosk.clock, badge_code("1001"))
    tap(find(w.home, "rateButton"))
    tap(w.picker.own_grid.tiles["2002"])
    tap(find(w.rate, "face-2"))
    area = find(w.rate, "reasonChipsArea")
    last = w.rate.chips.chips[f"extra{len(extra) - 1}"]
    bar = area.verticalScrollBar()  # type: ignore[attr-defined]
    assert bar.maximum() > 0, "the chips fit: the test plant needs more reasons"
    viewport = area.viewport()  # type: ignore[attr-defined]
    assert viewport.height() > last.height()

    def shown(chip) -> bool:  # type: ignore[no-untyped-def]
        top = chip.mapTo(viewport, chip.rect().topLeft()).y()
        return top >= 0 and top + chip.height() <= viewport.height()
    assert not shown(last)
    area.ensureWidgetVisible(last)  # type: ignore[attr-defined]  # what a finger's flick does
    assert shown(last) and bar.value() > 0
    tap(last)
    tap(find(w.rate, "submitRating"))
    assert w.current is w.thanks
    wait_sent(qtbot, w)  # pushed after the thanks screen's paint
    assert _ratings(kiosk) == [(ids["1001"], ids["2002"], 2, None, "kiosk-1",
                                [f"extra{len(extra) - 1}"])]


def test_the_thanks_screen_is_ready_before_the_tap_and_follows_the_language(
        kiosk: Kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The thanks screen is prepared while the card is up (the tap sets only the score and
    switches once); a language switch on the card still thanks in the new language."""
    w = kiosk.window
    scan(w, kiosk.clock, badge_code("1001"))
    tap(find(w.home, "rateButton"))
    tap(w.picker.own_grid.tiles["2001"])
    assert w.current is w.rate
    assert "Кузнецов" in find(w.thanks, "thanksLabel").text()  # ready, not shown yet
    tap(find(w, "languageButton"))
    tap(find(w.rate, "face-5"))
    tap(find(w.rate, "skipButton"))
    assert w.current is w.thanks
    text = find(w.thanks, "thanksLabel").text()
    assert "Boris Kuznetsov" in text and ": 5" in text, text
    wait_sent(qtbot, w)
    assert _ratings(kiosk)[-1][:3] == (kiosk.plant.ids["1001"], kiosk.plant.ids["2001"], 5)


def test_the_next_person_gets_the_faces_after_a_comment_left_open(kiosk: Kiosk) -> None:
    """A worker opens the comment keyboard (which hides the faces) and leaves, by the idle
    logout or "Log out": the next person's card has its five faces again."""
    w = kiosk.window
    scan(w, kiosk.clock, badge_code("1001"))
    tap(find(w.home, "rateButton"))
    tap(w.picker.own_grid.tiles["2002"])
    tap(find(w.rate, "face-2"))
    tap(find(w.rate, "commentButton"))
    assert not w.rate.faces.isVisible()
    w.logout()
    scan(w, kiosk.clock, badge_code("3001"))
    tap(find(w.home, "rateButton"))
    w.picker.show_tab(1)
    for ch in "ВОЛ":
        tap(find(w.picker.keyboard, f"key-{ch}"))
    w.picker._run_search_now()  # noqa: SLF001 - skip the typing pause
    tap(w.picker.search_grid.tiles["2002"])
    assert w.current is w.rate
    assert all(face.isVisible() for face in w.rate.faces.faces.values())
    tap(find(w.rate, "face-5"))
    assert w.rate.score == 5
