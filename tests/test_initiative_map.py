"""The living initiative map: k, completed k-blocks, differencing, last month's change, KPIs.

Every figure is checked against a hand computation on a small plant (k = 3), on SQLite and
PostgreSQL."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import insert

from shared.cli import main
from shared.config import Config
from shared.db import Database
from shared.db.models import KpiValue, Segment
from shared.domain.anonymity import WITHHELD_DIFFERENCING, WITHHELD_K
from shared.domain.initiative_map import live_map
from shared.domain.initiatives import import_initiatives
from tests.engage_factory import department, person, rate, utc

MAP = ("Сегмент;Цель сегмента;Метрика;Что должен улучшить поставщик;Подразделение-поставщик\n"
       "Производство;План без простоев;Выполнение плана, %;Скорость реакции;Служба механика\n"
       "Производство;План без простоев;Простои, ч;Ремонт с первого раза;Участок ремонта\n"
       "Производство;План без простоев;Выполнение плана, %;Вежливость;\n")


@pytest.fixture
def plant(db: Database, config: Config) -> dict[str, int]:
    """Segment 'Производство' (5 raters, shop), the mechanics' service with a repair section
    below it, a warehouse; 'Офис' without initiatives."""
    config.site.k_anonymity = 3
    with db.write() as s:
        svc = department(s, "Служба механика")
        section = department(s, "Участок ремонта", parent_id=svc)
        store = department(s, "Склад")
        shop = department(s, "Цех")
        seg = Segment(name="Производство", name_en="Production")
        office = Segment(name="Офис")
        s.add_all([seg, office])
        s.flush()
        ids = {"seg": seg.id, "office": office.id, "svc": svc, "section": section,
               "mechanic": person(s, "M", svc), "fitter": person(s, "F", section),
               "keeper": person(s, "K", store)}
        for i in range(5):
            ids[f"r{i}"] = person(s, f"R{i}", shop, segment_id=seg.id)
        ids["outsider"] = person(s, "O", shop)  # no segment: never counted
    import_initiatives(db, config, MAP.encode())
    return ids


def _rate(db: Database, ids: dict[str, int], seq: list[tuple[str, str, int]], month: int,
          day: int = 3) -> None:
    with db.write() as s:
        for i, (rater, supplier, score) in enumerate(seq):
            rate(s, ids[rater], ids[supplier], score, utc(2026, month, day, 8, i))


def _rows(db: Database, config: Config, month: str = "2026-03") -> dict[str, object]:
    with db.read() as s:
        live = live_map(s, config, month)
    (seg, office) = live.segments
    assert (seg.name, seg.goal, office.name, office.initiatives) == (
        "Производство", "План без простоев", "Офис", ())
    return {i.improvement: i for i in seg.initiatives}


def test_cells_publish_completed_blocks_of_k_clients(db: Database, config: Config,
                                                    plant: dict[str, int]) -> None:
    ids = plant
    # February: three clients give 3 each -> 3.0 (one block).
    _rate(db, ids, [("r0", "mechanic", 3), ("r1", "mechanic", 3), ("r2", "mechanic", 3)], 2)
    # March: r0 5, r0 3, r1 4, r2 2 close the first block (3 clients, mean 3.5); r3 5 and
    # r4 1 are an open block; the outsider's rating is nobody's segment.
    _rate(db, ids, [("r0", "mechanic", 5), ("r0", "mechanic", 3), ("r1", "mechanic", 4),
                    ("r2", "mechanic", 2), ("r3", "mechanic", 5), ("outsider", "mechanic", 1),
                    ("r4", "mechanic", 1)], 3)
    rows = _rows(db, config)
    speed = rows["Скорость реакции"]
    assert speed.supplier_department == "Служба механика"
    assert (speed.now.mean, speed.now.n, speed.now.clients, speed.now.withheld) == (
        3.5, 4, 3, False)
    assert (speed.last.mean, speed.last.clients) == (3.0, 3)
    assert speed.change == pytest.approx(0.5)
    # The open block moves nothing; its completion moves the figure by the whole block.
    _rate(db, ids, [("r3", "mechanic", 4)], 3, day=4)
    assert _rows(db, config)["Скорость реакции"].now.mean == 3.5
    _rate(db, ids, [("r0", "mechanic", 5)], 3, day=5)
    now = _rows(db, config)["Скорость реакции"].now
    assert (now.n, now.clients) == (8, 5)
    assert now.mean == pytest.approx((5 + 3 + 4 + 2 + 5 + 1 + 4 + 5) / 8)
    # Any supplier: the same ratings here (only the mechanics were rated).
    assert rows["Вежливость"].supplier_department is None
    # Nobody rated the repair section: withheld, no figure.
    repair = rows["Ремонт с первого раза"]
    assert (repair.now.mean, repair.now.withheld, repair.now.reason) == (None, True, WITHHELD_K)
    assert repair.change is None


def test_below_k_distinct_clients_nothing_is_published(db: Database, config: Config,
                                                       plant: dict[str, int]) -> None:
    ids = plant
    _rate(db, ids, [("r0", "mechanic", 5)] + [("r1", "mechanic", 4)] * 1, 3)
    rows = _rows(db, config)
    for row in rows.values():
        assert row.now.withheld and row.now.mean is None and row.change is None
    # Five clients, k = 6: still withheld although blocks of 3 would complete.
    _rate(db, ids, [(f"r{i}", "mechanic", 4) for i in range(5)], 3, day=6)
    config.site.k_anonymity = 6
    assert all(r.now.withheld for r in _rows(db, config).values())
    config.site.k_anonymity = 3
    assert not _rows(db, config)["Скорость реакции"].now.withheld


def test_a_cell_that_would_tell_a_smaller_group_is_withheld(db: Database, config: Config,
                                                            plant: dict[str, int]) -> None:
    """The service holds its repair section: the service's figure minus the section's
    would be r3's ratings alone, so the smaller cell (the section) is withheld."""
    ids = plant
    _rate(db, ids, [("r0", "fitter", 4), ("r1", "fitter", 4), ("r2", "fitter", 5),
                    ("r3", "mechanic", 1)], 3)
    rows = _rows(db, config)
    service, section = rows["Скорость реакции"], rows["Ремонт с первого раза"]
    assert (section.now.withheld, section.now.reason) == (True, WITHHELD_DIFFERENCING)
    assert section.now.mean is None
    # The service's cell (sub-departments included) is published: 4 clients, one block of
    # r0 r1 r2 (13 / 3), r3 in the open block.
    assert service.now.mean == pytest.approx(13 / 3) and service.now.clients == 3
    # Once the residual has k clients, both are shown.
    _rate(db, ids, [("r4", "mechanic", 2), ("r0", "mechanic", 2)], 3, day=7)
    rows = _rows(db, config)
    assert not rows["Ремонт с первого раза"].now.withheld
    assert rows["Ремонт с первого раза"].now.mean == pytest.approx(13 / 3)


def test_kpi_trend_of_the_rows_metric(db: Database, config: Config,
                                      plant: dict[str, int]) -> None:
    ids = plant
    months = ["2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03",
              "2026-04"]
    with db.write() as s:
        s.execute(insert(KpiValue), [
            dict(segment_id=ids["seg"], metric="Простои, ч", month=m, value=40.0 - i)
            for i, m in enumerate(months)])
    rows = _rows(db, config)
    trend = rows["Ремонт с первого раза"].kpi
    assert trend is not None
    assert trend.months == tuple(months[1:7])  # six months up to March, not April's
    assert trend.values == (39.0, 38.0, 37.0, 36.0, 35.0, 34.0)
    assert trend.direction == -1 and trend.improving is True  # fewer hours of downtime
    assert rows["Скорость реакции"].kpi is None  # no values for that metric


def test_pulse_initiatives_map_command(db_url: str, plant: dict[str, int], db: Database,
                                       capsys: pytest.CaptureFixture[str], tmp_path) -> None:
    import json

    from shared.cli import main
    _rate(db, plant, [("r0", "mechanic", 3), ("r1", "mechanic", 3), ("r2", "mechanic", 3)], 2)
    _rate(db, plant, [("r0", "mechanic", 5), ("r1", "mechanic", 4), ("r2", "mechanic", 3)], 3)
    toml = tmp_path / "pulse.toml"
    toml.write_text("[site]\nk_anonymity = 3\n", encoding="utf-8")
    base = ["--db", db_url, "--config", str(toml), "initiatives", "map", "--month", "2026-03"]
    assert main(base) == 0
    out = capsys.readouterr().out
    assert "Производство - goal: План без простоев" in out
    assert "  Скорость реакции -> Служба механика: 4.0 (3 clients), +1.0 vs 2026-02" in out
    assert "  Ремонт с первого раза -> Участок ремонта: not enough ratings yet" in out
    assert "Офис\n  no initiatives yet" in out
    assert main([*base, "--segment", "production", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["name"] for s in data["segments"]] == ["Производство"]
    assert data["segments"][0]["initiatives"][0]["now"]["mean"] == 4.0
    assert main([*base, "--segment", "Нет такого"]) == 1
    assert "no segment 'Нет такого'" in capsys.readouterr().err


def test_one_segments_part_is_the_same_as_in_the_whole_map(db: Database, config: Config,
                                                           plant: dict[str, int]) -> None:
    """The kiosk's row: the segment's part alone gives the figures of the whole map."""
    _rate(db, plant, [(f"r{i}", "fitter", 4 + i % 2) for i in range(5)], 3)
    with db.read() as s:
        whole = live_map(s, config, "2026-03")
        part = live_map(s, config, "2026-03", segment_id=plant["seg"])
    assert part.segments == (whole.segment(plant["seg"]),)
    assert whole.segment(plant["office"]) is not None and part.segment(plant["office"]) is None


def test_a_kept_cut_fed_with_new_ratings_equals_a_recount(db: Database, config: Config,
                                                          plant: dict[str, int]) -> None:
    """The wallboard keeps the two months as cut between refreshes and reads only newer
    ratings: the figures are those of a full recount, refresh after refresh."""
    from shared.domain.initiative_map import MonthCut
    kept: dict[str, MonthCut] = {}
    seq = [("r0", "mechanic", 5), ("r1", "fitter", 2), ("r2", "mechanic", 4),
           ("r3", "fitter", 3), ("r4", "mechanic", 1), ("r0", "fitter", 4),
           ("r1", "mechanic", 5), ("r2", "fitter", 3), ("r3", "mechanic", 2)]
    _rate(db, plant, seq[:2], 2)
    for step in range(0, len(seq), 2):
        _rate(db, plant, seq[step:step + 2], 3, day=3 + step)
        with db.read() as s:
            incremental = live_map(s, config, "2026-03", kept=kept)
            recount = live_map(s, config, "2026-03")
        assert incremental == recount
        assert set(kept) == {"2026-03", "2026-02"}
    assert kept["2026-03"].uses == 5
    config.site.k_anonymity = 4  # another k: the kept cut is not used
    with db.read() as s:
        assert live_map(s, config, "2026-03", kept=kept) == live_map(s, config, "2026-03")
    assert kept["2026-03"].uses == 1
    with db.read() as s:  # another month shown: the months no longer shown are dropped
        live_map(s, config, "2026-05", kept=kept)
    assert set(kept) == {"2026-05", "2026-04"}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_pulse_report_initiatives_pdf(db_url: str, plant: dict[str, int], db: Database,
                                      tmp_path, capsys: pytest.CaptureFixture[str],
                                      qapp) -> None:
    """A3 landscape, fonts embedded, the map's words and figures extractable as text (the
    test's QApplication paints: a bare QGuiApplication would break later widget tests)."""
    import subprocess
    _rate(db, plant, [("r0", "mechanic", 5), ("r1", "mechanic", 4), ("r2", "mechanic", 3)], 3)
    toml = tmp_path / "pulse.toml"
    toml.write_text("[site]\nk_anonymity = 3\n", encoding="utf-8")
    out = tmp_path / "map.pdf"
    args = ["--db", db_url, "--config", str(toml), "report", "initiatives", "--month",
            "2026-03", "--language", "ru", "-o", str(out)]
    assert main(args) == 0
    assert "(1 pages, A3 landscape)" in capsys.readouterr().out
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True,
                          check=True).stdout
    assert "1191 x 842 pts (A3)" in info
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert rows and all(r[0].startswith("DejaVuSans") and r[-5] == "yes" for r in rows)
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    for words in ("Производство", "План без простоев", "Скорость реакции", "Служба механика",
                  "4,0", "Участок ремонта", "Офис"):
        assert words in text, words
    assert main([*args[:-2], "-o", str(tmp_path / "no" / "map.pdf")]) == 1
    assert "the folder does not exist" in capsys.readouterr().err
