"""The home screen's metric tiles keep other people's ratings anonymous (SPEC 4).

Metric 2 (how their other clients rate the suppliers you rated) is withheld, in words,
until a supplier has k other clients; metrics 2 and 3 count ratings up to yesterday, so a
rating given today shows tomorrow (the kiosk's injected clock decides what "today" is).
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from shared.domain.ratings import record_rating
from shared.jobs import run_jobs
from tests.gui.conftest import Kiosk
from tests.gui.kiosk_helpers import START, badge_code, find, scan, tap

pytestmark = pytest.mark.gui


def _rate(k: Kiosk, rater: str, supplier: str, score: int, at: dt.datetime) -> None:
    ids = k.plant.ids
    with k.db.write() as s:
        out = record_rating(s, k.config, rater_id=ids[rater], supplier_id=ids[supplier],
                            score=score, created_at=at)
    assert out.status == "recorded", out


def _clients(n: int) -> str:
    return QCoreApplication.translate("HomeScreen", "from %n client(s)", "", n) + \
        "\nas of yesterday"


def _tile(k: Kiosk, name: str) -> tuple[str, str]:
    home = k.window.home
    return find(home, name).text(), find(home, f"{name}Detail").text()


def test_metric_2_is_withheld_in_words_below_k(kiosk: Kiosk) -> None:
    week_ago = START - dt.timedelta(days=5)
    # Emily and Anna are Boris's only clients: Emily's metric 2 would be Anna's score.
    _rate(kiosk, "1002", "2001", 5, week_ago)
    _rate(kiosk, "1001", "2001", 1, week_ago)
    w = kiosk.window
    scan(w, kiosk.clock, badge_code("1002"))  # Emily reads English
    assert w.current is w.home and w.language == "en"
    assert _tile(kiosk, "metricSuppliersReceived") == (
        "—", "Not enough ratings yet (at least 5 other clients per supplier)")
    assert _tile(kiosk, "metricGiven")[0] == "5.0"
    assert find(w.home, "verdictLabel").text() == \
        "Your suppliers need ratings from more clients before you can compare."
    tap(find(w, "languageButton"))  # the same in Russian
    assert _tile(kiosk, "metricSuppliersReceived") == (
        "—", "Мало оценок: нужно от 5 других клиентов у поставщика")
    assert "строже" not in find(w.home, "verdictLabel").text()


def test_tiles_count_todays_ratings_from_tomorrow(kiosk: Kiosk) -> None:
    kiosk.config.site.k_anonymity = 3
    week_ago = START - dt.timedelta(days=5)
    for rater, score in (("1002", 5), ("1001", 1), ("2002", 3), ("3001", 5)):
        _rate(kiosk, rater, "2001", score, week_ago)   # Boris: 3 other clients, 3.0
    for rater in ("1001", "2001", "3001"):
        _rate(kiosk, rater, "1002", 4, week_ago)       # Emily: 3 clients, 4.0
    w = kiosk.window
    scan(w, kiosk.clock, badge_code("1002"))
    assert _tile(kiosk, "metricSuppliersReceived") == (
        "3.0", "1 of 1 supplier you rated\nwith 3 or more other clients\nas of yesterday")
    assert _tile(kiosk, "metricReceived") == ("4.0", _clients(3))
    tap(find(w, "logoutButton"))
    # A colleague visits: a 1 for Emily and a 1 for Boris, right now.
    _rate(kiosk, "9001", "1002", 1, START)
    _rate(kiosk, "9001", "2001", 1, START)
    kiosk.clock.advance(600)
    scan(w, kiosk.clock, badge_code("1002"))
    assert _tile(kiosk, "metricSuppliersReceived")[0] == "3.0"
    assert _tile(kiosk, "metricReceived") == ("4.0", _clients(3))
    tap(find(w, "logoutButton"))
    kiosk.clock.advance(24 * 3600)  # the next day: today's ratings count, all together
    scan(w, kiosk.clock, badge_code("1002"))
    assert _tile(kiosk, "metricSuppliersReceived")[0] == "2.5"   # (1 + 3 + 5 + 1) / 4
    # Emily's own 5 for Boris against his other clients' 2.5, both readings offered.
    assert find(w.home, "verdictLabel").text() == (
        "You rate these suppliers 5.0, their other clients 2.5: either you expect less, "
        "or they serve you better than they serve others.")
    assert _tile(kiosk, "metricReceived") == ("3.3", _clients(4))  # 13 / 4, one decimal


def test_a_supplier_sees_their_tier_of_last_month(kiosk: Kiosk) -> None:
    """SPEC 5 preferences: Boris was rated 5 by five clients in February: bronze (five
    clients; silver needs seven), and his home says so with what it gives, once
    `pulse jobs run` has stored February's tiers (the kiosk reads them stored)."""
    for rater in ("1001", "1002", "2002", "3001", "9002"):
        _rate(kiosk, rater, "2001", 5, dt.datetime(2026, 2, 10, 9, tzinfo=dt.UTC))
    w = kiosk.window
    scan(w, kiosk.clock, badge_code("2001"))
    assert not find(w.home, "tierLabel").isVisible()  # not stored yet
    tap(find(w, "logoutButton"))
    [job] = run_jobs(kiosk.db, kiosk.config, now=kiosk.clock.now(), only=["monthly_tiers"])
    assert job.ok and job.summary == {"month": "2026-02", "stored": 1}
    scan(w, kiosk.clock, badge_code("2001"))
    tier = find(w.home, "tierLabel")
    assert tier.isVisible()
    assert tier.text() == ("Ваш уровень поставщика за февраль: бронза. Что это даёт: "
                           "упоминание на мониторе клиентоориентированности.")
    if os.environ.get("SCREENSHOT_DIR"):  # docs/screenshots/kiosk-home-tier.png
        QApplication.processEvents()
        w.grab().save(os.path.join(os.environ["SCREENSHOT_DIR"], "kiosk-home-tier.png"))
    tap(find(w, "languageButton"))
    assert find(w.home, "tierLabel").text() == (
        "Your supplier tier for February: bronze. It gives: a mention on the "
        "client-centricity monitor.")
    tap(find(w, "logoutButton"))
    scan(w, kiosk.clock, badge_code("1001"))  # no tier: nothing said
    assert not find(w.home, "tierLabel").isVisible()


def test_the_home_names_the_suppliers_metric_2_counted(kiosk: Kiosk) -> None:
    """Issue 14 point 1: when metric 2 leaves some of the person's suppliers out (fewer
    than k other clients), the home says which ones it counted; when it counts them all,
    '1 of 1' says so and no list is shown."""
    kiosk.config.site.k_anonymity = 3
    week_ago = START - dt.timedelta(days=5)
    for rater in ("1001", "2002", "3001"):
        _rate(kiosk, rater, "2001", 4, week_ago)   # Boris: 3 other clients
    _rate(kiosk, "1002", "2001", 5, week_ago)
    w = kiosk.window
    scan(w, kiosk.clock, badge_code("1002"))
    assert _tile(kiosk, "metricSuppliersReceived")[1].startswith("1 of 1 supplier you rated")
    assert not find(w.home, "countedLabel").isVisible()
    tap(find(w, "logoutButton"))
    _rate(kiosk, "1001", "2002", 3, week_ago)      # Vera: one other client, not counted
    _rate(kiosk, "1002", "2002", 2, week_ago)
    kiosk.clock.advance(600)
    scan(w, kiosk.clock, badge_code("1002"))       # Emily reads English
    assert _tile(kiosk, "metricSuppliersReceived")[1].startswith("1 of 2 suppliers you rated")
    counted = find(w.home, "countedLabel")
    assert counted.isVisible() and counted.text() == "Counted: Boris Kuznetsov"
    tap(find(w, "languageButton"))
    assert counted.text() == "Учтены: Кузнецов Б. И."
    if os.environ.get("SCREENSHOT_DIR"):  # docs/screenshots/kiosk-home-counted.png
        QApplication.processEvents()
        w.grab().save(os.path.join(os.environ["SCREENSHOT_DIR"], "kiosk-home-counted.png"))
