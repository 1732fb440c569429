"""The home screen shows the person's own row of the living initiative map: the segment's
goal, the supplier departments its initiatives name and this month's published figure."""

from __future__ import annotations

import datetime as dt

import pytest

from shared.domain.initiatives import import_initiatives
from shared.domain.ratings import record_rating
from tests.gui.conftest import Kiosk
from tests.gui.kiosk_helpers import START, badge_code, find, scan, tap

pytestmark = pytest.mark.gui

MAP = ("Сегмент;Цель сегмента;Метрика;Что должен улучшить поставщик;Подразделение-поставщик\n"
       "Линия;Линия без простоев;Простои, ч;Скорость реакции;Ремонтная служба\n")


def _rate(k: Kiosk, rater: str, supplier: str, score: int, at: dt.datetime) -> None:
    ids = k.plant.ids
    with k.db.write() as s:
        out = record_rating(s, k.config, rater_id=ids[rater], supplier_id=ids[supplier],
                            score=score, created_at=at)
    assert out.status == "recorded", out


def test_home_shows_the_segments_row(kiosk: Kiosk) -> None:
    kiosk.config.site.k_anonymity = 3
    import_initiatives(kiosk.db, kiosk.config, MAP.encode())
    feb, mar = dt.datetime(2026, 2, 10, 9, tzinfo=dt.UTC), START - dt.timedelta(hours=20)
    for rater, before, now in (("1001", 3, 5), ("1002", 3, 4), ("9001", 3, 3)):
        _rate(kiosk, rater, "2001", before, feb)
        _rate(kiosk, rater, "2001", now, mar)
    w = kiosk.window
    scan(w, kiosk.clock, badge_code("1001"))
    row = w.home.segment_row
    assert w.current is w.home and row.isVisible()
    assert find(row, "segmentHeading").text() == \
        "Ваш сегмент «Линия» \u2014 цель: Линия без простоев"
    assert find(row, "segmentSupplier-0").text() == "Ремонтная служба \u2014 Скорость реакции"
    assert find(row, "segmentScore-0").text() == "4,0"
    assert find(row, "segmentChange-0").text() == "\u25b2 +1,0 к прошлому месяцу"
    tap(find(w, "languageButton"))
    assert find(row, "segmentSupplier-0").text().startswith("Maintenance \u2014 ")
    assert find(row, "segmentChange-0").text() == "\u25b2 +1.0 since last month"
    assert find(row, "segmentHeading").text().startswith("Your segment \u201c")  # not «»
    tap(find(w, "logoutButton"))
    # Below k this month: the row says so, with no figure (Anna now reads English: the
    # language button kept her choice).
    kiosk.config.site.k_anonymity = 4
    w.segment_rows._kept.clear()
    scan(w, kiosk.clock, badge_code("1001"))
    assert find(row, "segmentScore-0").text() == "not enough ratings yet"
    assert find(row, "segmentChange-0").text() == ""
    tap(find(w, "logoutButton"))
    # Someone outside any segment sees no row.
    scan(w, kiosk.clock, badge_code("2001"))
    assert w.current is w.home and not row.isVisible()
