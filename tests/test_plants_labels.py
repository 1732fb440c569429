"""Same-named departments of two plants at a head office (issue 18, docs/plants.md): every
company-wide view names each with its plant ("Склад (north)"), every figure is the
department's own (keyed by id, never merged by name), one plant's view and a plant's own
database keep the names as they are."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from shared.cli import main
from shared.config import Config
from shared.db import Database, open_database
from shared.db.models import Initiative, PointsEntry, Segment
from shared.domain.initiative_map import live_map
from shared.domain.periods import month_period
from shared.domain.plant_labels import AmbiguousDepartment, department_named, plant_labels
from shared.domain.points_report import department_standings
from shared.domain.posters import department_id_by_name, poster_entries
from shared.domain.public import department_scores
from shared.domain.wallboard_data import load_wallboard_data
from tests.conftest import TEST_SECRET
from tests.domain_data import at, department, people, rate
from tests.head_office import subscribed, writing_as_plant

MONTH = "2026-03"
RATERS = {"south": 3, "north": 4}  # two plants' "Склад" with different figures


def _plant(db: Database, config: Config, name: str) -> None:
    """One plant's directory and month: "Бухгалтерия" rates "Склад" (both plants have
    both names), a point for the supplier, an initiative of segment "Снабжение"."""
    with db.write() as s:
        store, office = department(s, "Склад"), department(s, "Бухгалтерия")
        (supplier,) = people(s, store, [f"{name} S"])
        raters = people(s, office, [f"{name} R{i}" for i in range(RATERS[name])])
        for day, rater in enumerate(raters, start=2):
            rate(s, config, rater, supplier, 5 if name == "north" else 3, at(day))
        s.add(PointsEntry(employee_id=supplier.id, department_id=store.id, month=MONTH,
                          delta=RATERS[name], cause="dispute_accepted", dedup_key=f"{name}:1"))
        segment = Segment(name="Снабжение")
        s.add(segment)
        s.flush()
        s.add(Initiative(segment_id=segment.id, metric="Простои", supplier_improvement="вовремя",
                         supplier_department_id=store.id))


@pytest.fixture
def head_office(fresh_pg_url: str, config: Config) -> Iterator[Database]:
    """A head office holding plants 1 (south) and 2 (north), k = 3."""
    config.site.k_anonymity = 3
    db = open_database(fresh_pg_url, upgrade=True, audit_key=TEST_SECRET.encode())
    try:
        _plant(db, config, "south")
        with writing_as_plant(db, 2):
            _plant(db, config, "north")
        subscribed(db, {1: "south", 2: "north"})
        yield db
    finally:
        db.dispose()


BOTH = {"Склад (south)", "Склад (north)", "Бухгалтерия (south)", "Бухгалтерия (north)"}


@pytest.mark.pg
def test_department_figures_stay_apart_and_carry_their_plant(head_office: Database,
                                                            config: Config) -> None:
    with head_office.read() as s:
        scores = department_scores(s, config, month_period(MONTH))
        assert {d.name for d in scores} == BOTH
        store = {d.name: d.score for d in scores if d.name.startswith("Склад")}
        # One figure per department id: 3 and 4 ratings, not one "Склад" of 7.
        assert {n: (sc.n, sc.clients, sc.mean) for n, sc in store.items()} == {
            "Склад (south)": (3, 3, 3.0), "Склад (north)": (4, 4, 5.0)}
        standings = {d.name: d.points for d in department_standings(s, config, MONTH)}
        assert standings == {"Склад (south)": 3, "Склад (north)": 4}


@pytest.mark.pg
def test_the_wallboard_names_each_plants_department(head_office: Database,
                                                   config: Config) -> None:
    with head_office.read() as s:
        data = load_wallboard_data(s, config, now=at(20), posters=2)
    assert {d.name for d in data.departments} == BOTH
    assert {n.name for n in data.map_nodes} == BOTH  # the map: four nodes, not two
    names = {n.department_id: n.name for n in data.map_nodes}
    # Each plant's "Бухгалтерия" -> "Склад" link is its own edge (whole blocks of k = 3).
    assert sorted((names[e.client_department_id], names[e.supplier_department_id], e.n)
                  for e in data.map_edges) == [
        ("Бухгалтерия (north)", "Склад (north)", 3), ("Бухгалтерия (south)", "Склад (south)", 3)]
    assert {x.department_name for x in data.top_suppliers} == {"Склад (south)", "Склад (north)"}
    assert {p.supplier.department_name for p in data.posters} == {"Склад (south)",
                                                                  "Склад (north)"}
    assert {d.name for d in data.standings} == {"Склад (south)", "Склад (north)"}
    assert sorted(ru for ru, _en in data.short_names.values()) == sorted(BOTH)
    assert data.initiatives is not None
    segments = {seg.name: [i.supplier_department for i in seg.initiatives]
                for seg in data.initiatives.segments}
    assert segments == {"Снабжение (south)": ["Склад (south)"],
                        "Снабжение (north)": ["Склад (north)"]}


@pytest.mark.pg
def test_posters_and_scores_company_wide_and_for_one_plant(
        head_office: Database, config: Config, fresh_pg_url: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    with head_office.read() as s:
        entries = poster_entries(s, config, MONTH, top=2)
        assert {e.supplier.department_name for e in entries} == {"Склад (south)",
                                                                 "Склад (north)"}
        # A bare name is a department of both plants: the caller must say which.
        with pytest.raises(AmbiguousDepartment, match="'Склад \\(south\\)' or 'Склад "
                                                      "\\(north\\)'"):
            department_id_by_name(s, "Склад")
        north = department_named(s, "склад (north)")
        assert north is not None and north > 0
        live = live_map(s, config, MONTH)
        assert sorted(seg.name for seg in live.segments) == ["Снабжение (north)",
                                                              "Снабжение (south)"]

    def scores(*extra: str) -> list[tuple[str, str]]:
        capsys.readouterr()
        assert main(["--db", fresh_pg_url, "scores", "--month", MONTH, *extra]) == 0
        rows = json.loads(capsys.readouterr().out)["suppliers"]
        return sorted((r["full_name"], r["department_name"]) for r in rows)

    assert scores() == [("north S", "Склад (north)"), ("south S", "Склад (south)")]
    assert scores("--plant", "north") == [("north S", "Склад")]
    assert scores("--department", "Склад (north)") == [("north S", "Склад (north)")]
    assert main(["--db", fresh_pg_url, "scores", "--month", MONTH, "--department",
                 "Склад"]) == 1
    assert "is a department of 2 plants here" in capsys.readouterr().err
    # One plant at the head office: its bare name is that plant's department.
    assert scores("--plant", "south", "--department", "Склад") == [("south S", "Склад")]


def test_a_plant_s_own_database_keeps_its_names(db: Database, config: Config) -> None:
    """SQLite and PostgreSQL, one plant: nothing is labelled, names are found as before."""
    config.site.k_anonymity = 3
    _plant(db, config, "south")
    with db.read() as s:
        assert not plant_labels(s).company_wide
        data = load_wallboard_data(s, config, now=at(20), posters=1)
        assert {d.name for d in data.departments} == {"Склад", "Бухгалтерия"}
        assert {n.name for n in data.map_nodes} == {"Склад", "Бухгалтерия"}
        assert [x.department_name for x in data.top_suppliers] == ["Склад"]
        assert department_id_by_name(s, "склад") is not None
