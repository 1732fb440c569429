"""Russian a native speaker would write: the verb agrees with the person, names decline."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from kiosk.screens.dispute_texts import role_sentence, state_sentence, verdict_label
from shared.domain.disputes import DisputeView
from tests.gui.conftest import Kiosk
from tests.gui.kiosk_helpers import badge_code, find, scan, tap

pytestmark = pytest.mark.gui

AT = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)


def test_the_rating_card_agrees_with_a_man_and_a_woman(kiosk: Kiosk) -> None:
    w = kiosk.window
    scan(w, kiosk.clock, badge_code("1001"))
    assert w.language == "ru"
    tap(find(w.home, "rateButton"))
    tap(w.picker.own_grid.tiles["2001"])
    assert find(w.rate, "rateQuestion").text() == "Как вас обслужил Кузнецов Борис Ильич?"
    tap(find(w.rate, "face-5"))
    assert find(w.rate, "reasonTitle").text() == "Что Кузнецов Борис Ильич сделал хорошо?"
    tap(find(w.rate, "rateBack"))
    tap(w.picker.own_grid.tiles["2002"])
    assert find(w.rate, "rateQuestion").text() == "Как вас обслужила Волкова Вера Олеговна?"
    tap(find(w.rate, "face-5"))
    assert find(w.rate, "reasonTitle").text() == "Что Волкова Вера Олеговна сделала хорошо?"
    tap(find(w.rate, "face-2"))
    assert find(w.rate, "reasonTitle").text() == "Что стоит улучшить Волковой Вере Олеговне?"


def _view(**changes: object) -> DisputeView:
    view = DisputeView(
        dispute_id=15, role="respondent", state="open", regulation_code="R-1",
        regulation_title="Ключи от склада", regulation_url=None, description="…",
        initiator_id=1, initiator_name="Волкова Вера Олеговна", respondent_id=2,
        respondent_name="Кузнецов Борис Ильич", arbiter_id=3, opened_at=AT,
        deadline_at=AT + dt.timedelta(days=7), escalated_at=None, resolved_at=None,
        reject_reason=None, days_left=5, needs_action=True)
    return dataclasses.replace(view, **changes)


def test_disputes_agree_with_a_man_and_a_woman(kiosk: Kiosk) -> None:
    assert kiosk.window.language == "ru"  # the Russian catalogue is installed
    she_opened = _view()
    assert role_sentence(she_opened) == "Волкова Вера Олеговна открыла спор против вас"
    he_opened = _view(initiator_name="Кузнецов Борис Ильич",
                      respondent_name="Волкова Вера Олеговна")
    assert role_sentence(he_opened) == "Кузнецов Борис Ильич открыл спор против вас"
    assert role_sentence(_view(role="initiator")) == \
        "Вы открыли спор против Кузнецова Бориса Ильича"
    assert state_sentence(_view(state="accepted")) == "Кузнецов Борис Ильич согласился."
    assert state_sentence(_view(state="accepted", respondent_name="Волкова Вера Олеговна")) \
        == "Волкова Вера Олеговна согласилась."
    assert state_sentence(_view(state="escalated", role="arbiter",
                                respondent_name="Волкова Вера Олеговна")) == \
        "Волкова Вера Олеговна не согласна: нужно ваше решение."
    assert state_sentence(_view(state="initiator_right")) == \
        "Решение: в пользу Волковой Веры Олеговны."
    assert verdict_label("respondent_right", _view()) == \
        "В пользу Кузнецова Бориса Ильича (−2 / +2)"
    # A name without a patronymic: a phrasing that needs no gender.
    assert role_sentence(_view(initiator_name="Smith John")) == \
        "Спор против вас открыт по заявлению Smith John"


def test_english_screens_name_people_in_english(kiosk: Kiosk) -> None:
    kiosk.window.apply_language("en")
    try:
        view = _view(initiator_name_en="Vera Volkova", respondent_name_en=None)
        assert role_sentence(view) == "Vera Volkova opened it against you"
        # No English name in the directory: the Russian one, as written.
        assert state_sentence(dataclasses.replace(view, state="accepted")) == \
            "Accepted by Кузнецов Борис Ильич."
    finally:
        kiosk.window.apply_language("ru")


def test_the_directory_gender_decides_where_the_patronymic_cannot(kiosk: Kiosk) -> None:
    """Names without a patronymic (a foreign specialist, a short directory entry): the
    directory's gender column gives the verb forms on the rating card, and wins over the
    patronymic where both exist."""
    from sqlalchemy import update

    from shared.db.models import Employee
    with kiosk.db.write() as s:
        s.execute(update(Employee).where(Employee.personnel_no == "2001")
                  .values(full_name="Ким Саша", gender="m"))
        s.execute(update(Employee).where(Employee.personnel_no == "2002")
                  .values(full_name="Ли Женя", gender="f"))
    # The kiosk answers from its snapshot (offline-first): refresh it.
    from shared.offline.sync import SyncWorker
    SyncWorker(kiosk.window.backend.store, kiosk.db, kiosk.config,
               clock=kiosk.clock.now).refresh_snapshot(full=True)
    w = kiosk.window
    scan(w, kiosk.clock, badge_code("1001"))
    tap(find(w.home, "rateButton"))
    tap(w.picker.own_grid.tiles["2001"])
    assert find(w.rate, "rateQuestion").text() == "Как вас обслужил Ким Саша?"
    tap(find(w.rate, "face-5"))
    assert find(w.rate, "reasonTitle").text() == "Что Ким Саша сделал хорошо?"
    tap(find(w.rate, "rateBack"))
    tap(w.picker.own_grid.tiles["2002"])
    assert find(w.rate, "rateQuestion").text() == "Как вас обслужила Ли Женя?"
    tap(find(w.rate, "face-5"))
    assert find(w.rate, "reasonTitle").text() == "Что Ли Женя сделала хорошо?"


def test_disputes_follow_the_directory_gender(kiosk: Kiosk) -> None:
    assert kiosk.window.language == "ru"
    she = _view(initiator_name="Ли Женя", initiator_gender="f")
    assert role_sentence(she) == "Ли Женя открыла спор против вас"
    he = _view(initiator_name="Ким Саша", initiator_gender="m")
    assert role_sentence(he) == "Ким Саша открыл спор против вас"
    # No gender in the directory and no patronymic: the phrasing that needs none.
    assert role_sentence(_view(initiator_name="Ким Саша")) == \
        "Спор против вас открыт по заявлению Ким Саша"
    # A stored gender and a patronymic together: the sentence agrees, the name declines.
    assert state_sentence(_view(state="accepted", respondent_name="Ли Женя",
                                respondent_gender="f")) == "Ли Женя согласилась."
    assert role_sentence(_view(role="initiator", respondent_name="Волкова Вера Олеговна",
                               respondent_gender="f")) == \
        "Вы открыли спор против Волковой Веры Олеговны"
