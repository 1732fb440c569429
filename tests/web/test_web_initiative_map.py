"""The living initiative map on the web (issue 19 points 3 and 4, issue 13): the person's
segment's row on their page and the whole map on the company page, with the kiosk's and the
wallboard's k rules.

The figures are checked against a computation of their own here on a small plant (k = 3):
the month's ratings of a (segment, supplier department) cell, in the order they were given,
cut into consecutive blocks of at least k distinct clients; the figure is the mean of the
completed blocks, and a cell with fewer than k clients shows no figure at all.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import insert
from starlette.testclient import TestClient

from shared.config import Config
from shared.db import Database
from shared.db.models import Department, Employee, KpiValue, Segment
from shared.domain.initiative_map import live_segment
from shared.domain.initiatives import import_initiatives
from tests.engage_factory import department, person, rate, utc
from tests.web.test_web_sign_in import NOW, client, clock, new_link, sign_in  # noqa: F401

MAP = ("Сегмент;Цель сегмента;Метрика;Что должен улучшить поставщик;Подразделение-поставщик\n"
       "Линия;Линия без простоев;Простои, ч;Скорость реакции;Ремонтная служба\n"
       "Линия;Линия без простоев;Простои, ч;Ремонт с первого раза;Ремонтная служба\n"
       "Линия;Линия без простоев;Выполнение плана, %;Выдача инструмента;Склад\n"
       "Линия;Линия без простоев;Выполнение плана, %;Терминалы работают;ИТ\n")

FEB, MAR = utc(2026, 2, 10, 8), utc(2026, 3, 10, 8)

# (rater, supplier, score, when), in the order they are given.
RATINGS = [
    *[(r, "mech", 3, FEB) for r in ("r0", "r1", "r2")],
    ("r0", "keeper", 4, FEB), ("r1", "keeper", 4, FEB), ("r2", "keeper", 5, FEB),
    # March, maintenance: a block of three (5, 4, 3) and r3's 5 in the open one.
    ("r0", "mech", 5, MAR), ("r1", "mech", 4, MAR), ("r2", "mech", 3, MAR),
    ("r3", "mech", 5, MAR), ("outsider", "mech", 1, MAR),
    # March, the warehouse: two clients, below k.
    ("r0", "keeper", 2, MAR), ("r1", "keeper", 1, MAR),
    # March, IT: a block (4, 5, 4), then r3 and r4 in the open one.
    ("r0", "it", 4, MAR), ("r1", "it", 5, MAR), ("r2", "it", 4, MAR), ("r3", "it", 4, MAR),
    ("r4", "it", 3, MAR),
]
SEGMENT = {f"r{i}" for i in range(5)}  # the raters in the segment "Линия"
K = 3


def published(supplier: str, month: int) -> float | None:
    """The cell's figure, computed here: blocks of at least K distinct clients, in order."""
    mine = [(r, score) for r, who, score, at in RATINGS
            if who == supplier and r in SEGMENT and at.month == month]
    if len({r for r, _ in mine}) < K:
        return None
    done: list[int] = []
    block: set[str] = set()
    scores: list[int] = []
    for rater, score in mine:
        block.add(rater)
        scores.append(score)
        if len(block) >= K:
            done += scores
            block, scores = set(), []
    return sum(done) / len(done) if done else None


@pytest.fixture
def plant(db: Database, config: Config) -> dict[str, int]:
    config.site.k_anonymity = K
    with db.write() as s:
        mech, store = department(s, "Ремонтная служба"), department(s, "Склад")
        it, shop, office = department(s, "ИТ"), department(s, "Цех"), department(s, "Офис")
        s.get(Department, mech).name_en = "Maintenance"  # type: ignore[union-attr]
        line, desk = Segment(name="Линия", name_en="Line"), Segment(name="Офис")
        s.add_all([line, desk])
        s.flush()
        ids = {"line": line.id, "mech": person(s, "M1", mech), "keeper": person(s, "K1", store),
               "it": person(s, "I1", it), "outsider": person(s, "O1", shop),
               "clerk": person(s, "C1", office, segment_id=desk.id)}
        for i in range(5):
            ids[f"r{i}"] = person(s, f"R{i}", shop, segment_id=line.id)
        s.get(Employee, ids["r0"]).full_name = "Иванова Анна Петровна"  # type: ignore[union-attr]
        s.execute(insert(KpiValue), [
            dict(segment_id=line.id, metric="Простои, ч", month=m, value=v)
            for m, v in (("2026-01", 14.5), ("2026-02", 13.0), ("2026-03", 12.5))])
    import_initiatives(db, config, MAP.encode())
    with db.write() as s:
        for i, (rater, supplier, score, at) in enumerate(RATINGS):
            rate(s, ids[rater], ids[supplier], score, at + dt.timedelta(minutes=i))
    return ids


def _section(text: str, marker: str, end: str = "</ul>") -> str:
    return text.split(marker, 1)[1].split(end, 1)[0]


def test_the_hand_computation_says_what_the_plant_holds() -> None:
    assert published("mech", 3) == 4.0 and published("mech", 2) == 3.0
    assert published("keeper", 3) is None and published("keeper", 2) == pytest.approx(13 / 3)
    assert published("it", 3) == pytest.approx(13 / 3) and published("it", 2) is None


def test_the_persons_page_shows_their_segments_row(
        db: Database, config: Config, plant: dict[str, int], client: TestClient) -> None:  # noqa: F811
    sign_in(client, new_link(db, config, plant["r0"]))
    text = client.get("/").text
    row = _section(text, 'id="segment"', "</div>\n\n")
    assert "<h2>Ваш сегмент «Линия»</h2>" in text
    assert "цель: Линия без простоев" in row
    # The suppliers that matter most: the first two departments the map names, one line each.
    lines = re.findall(r'<li class="cell" id="segment-\d">(.*?)</li>', row, re.S)
    assert len(lines) == 2
    mech, keeper = lines
    assert "Ремонтная служба — Скорость реакции" in mech
    assert f">{published('mech', 3):.1f}<".replace(".", ",") in mech  # 4,0
    change = published("mech", 3) - published("mech", 2)  # type: ignore[operator]
    assert f"▲ +{change:.1f} к прошлому месяцу".replace(".", ",") in mech
    # Below k this month: said in words, and no figure of it anywhere (not even last month's).
    assert "Склад — Выдача инструмента" in keeper and "пока мало оценок" in keeper
    assert not re.search(r"\d,\d", keeper) and "chip" not in keeper
    assert "ИТ" not in row  # the third department: on the company's map
    assert "не меньше 3 разных коллег." in row
    assert 'href="/company#initiatives"' in row


def test_the_row_in_english(db: Database, config: Config, plant: dict[str, int],
                            client: TestClient) -> None:  # noqa: F811
    with db.write() as s:
        s.get(Employee, plant["r1"]).language = "en"  # type: ignore[union-attr]
    sign_in(client, new_link(db, config, plant["r1"]))
    row = _section(client.get("/").text, 'id="segment"', "</div>\n\n")
    assert "Maintenance — Skorost reaktsii" in row and ">4.0<" in row
    assert "▲ +1.0 since last month" in row and "not enough ratings yet" in row
    assert "at least 3 different colleagues." in row


@pytest.mark.parametrize("who", ["outsider", "clerk"])
def test_no_segment_or_no_initiatives_no_row(
        db: Database, config: Config, plant: dict[str, int], client: TestClient,  # noqa: F811
        who: str) -> None:
    sign_in(client, new_link(db, config, plant[who]))
    text = client.get("/").text
    assert 'id="segment"' not in text and "Ваш сегмент" not in text
    with db.read() as s:
        assert live_segment(s, config, plant[who], NOW) is None


def test_the_row_is_the_kiosks_and_kept_per_segment(
        db: Database, config: Config, plant: dict[str, int]) -> None:
    kept: dict = {}
    with db.read() as s:
        row = live_segment(s, config, plant["r0"], NOW, kept=kept,
                           keep=dt.timedelta(minutes=1))
        assert row is not None and row.month == "2026-03" and row.k == K
        assert [i.supplier_department for i in row.suppliers] == ["Ремонтная служба", "Склад"]
        assert [i.supplier_department for i in row.segment.initiatives] == [
            "Ремонтная служба", "Ремонтная служба", "Склад", "ИТ"]
        # Another person of the segment within the minute: the row kept, not read again.
        assert live_segment(s, config, plant["r4"], NOW, kept=kept) is row
        later = NOW + dt.timedelta(minutes=2)
        assert live_segment(s, config, plant["r4"], later, kept=kept) is not row


def test_the_company_page_shows_the_whole_map(
        db: Database, config: Config, plant: dict[str, int], client: TestClient) -> None:  # noqa: F811
    sign_in(client, new_link(db, config, plant["outsider"]))
    text = client.get("/company").text
    assert '<h2 id="initiatives">Карта инициатив</h2>' in text
    line = text.split('id="map-segment-', 1)[1].split('<div class="card segment"', 1)[0]
    assert "<h3>Линия</h3>" in line and "цель: Линия без простоев" in line
    cells = dict(re.findall(r'<li class="cell" id="initiative-\d+"><div class="what">([^<]+)'
                            r'<br>(.*?)</li>', line, re.S))
    assert list(cells) == ["Скорость реакции", "Ремонт с первого раза", "Выдача инструмента",
                           "Терминалы работают"]
    for what in ("Скорость реакции", "Ремонт с первого раза"):  # one cell, two initiatives
        assert "→ Ремонтная служба" in cells[what] and ">4,0<" in cells[what]
        assert "▲ +1,0 к прошлому месяцу" in cells[what]
        assert "KPI сегмента: Простои, ч · 12,5 · улучшается" in cells[what]
    it = cells["Терминалы работают"]
    assert f">{published('it', 3):.1f}<".replace(".", ",") in it  # 4,3
    assert "к прошлому месяцу" not in it  # nothing published in February
    # Below k: no figure of this month; last month's published one, as the wallboard says.
    keeper = cells["Выдача инструмента"]
    assert "пока мало оценок" in keeper and "chip" not in keeper
    assert f"февраль: {published('keeper', 2):.1f}".replace(".", ",") in keeper  # 4,3
    assert "1,5" not in text  # this month's two warehouse ratings, (2 + 1) / 2
    office = text.split("<h3>Офис</h3>", 1)[1].split("</ul>", 1)[0]
    assert "Для этого сегмента инициатив пока нет." in office
    assert "не меньше 3 разных коллег." in text


def test_the_company_map_in_english(
        db: Database, config: Config, plant: dict[str, int], client: TestClient) -> None:  # noqa: F811
    with db.write() as s:
        s.get(Employee, plant["outsider"]).language = "en"  # type: ignore[union-attr]
    sign_in(client, new_link(db, config, plant["outsider"]))
    text = client.get("/company").text
    assert '<h2 id="initiatives">Initiative map</h2>' in text and "<h3>Line</h3>" in text
    assert "→ Maintenance" in text and "▲ +1.0 since last month" in text
    assert "February: 4.3" in text and "No initiatives for this segment yet." in text
    assert "Segment KPI: Простои, ч · 12.5 · getting better" in text
