"""Fair rankings: leniency correction and rings of colleagues (shared/domain/fairness.py)."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import insert, select

from shared.cli import main
from shared.config import Config
from shared.db import Database
from shared.db.models import AuditEntry, Department, Employee, RollupPairMonth
from shared.domain.fairness import (
    PairSums,
    corrected_sums,
    estimate_leniency,
    excluded_pairs,
    find_rings,
    rings_for_month,
)

MONTH = "2026-03"


# --- the pure estimate ------------------------------------------------------------------------

def _world(seed: int = 7) -> tuple[list[PairSums], dict[int, float]]:
    """Suppliers 1000-1019 of known quality; raters 1-60, a third harsh (-1), a third lenient
    (+0.8). Suppliers 1000 and 1001 are equal (4.0); 1000 is served only by harsh raters and
    1001 only by lenient ones, so the raw means disagree by 1.8 points."""
    rng = random.Random(seed)
    quality = {1000 + i: 3.0 + (i % 5) * 0.4 for i in range(20)}
    quality[1000] = quality[1001] = 4.0
    offset = {r: (-1.0 if r % 3 == 0 else 0.8 if r % 3 == 1 else 0.0) for r in range(1, 61)}
    harsh = [r for r in offset if offset[r] < 0]
    lenient = [r for r in offset if offset[r] > 0]
    pairs: dict[tuple[int, int], list[int]] = {}

    def rate(r: int, s: int) -> None:
        score = min(5, max(1, round(quality[s] + offset[r] + rng.gauss(0, 0.3))))
        acc = pairs.setdefault((r, s), [0, 0])
        acc[0] += 1
        acc[1] += score

    for r in offset:  # everyone rates a spread of the other suppliers
        for s in rng.sample(sorted(quality)[2:], 8):
            for _ in range(3):
                rate(r, s)
    for r in harsh[:12]:
        for _ in range(3):
            rate(r, 1000)
    for r in lenient[:12]:
        for _ in range(3):
            rate(r, 1001)
    return [PairSums(r, s, n, t) for (r, s), (n, t) in sorted(pairs.items())], offset


def _index(total: float, n: int, mean: float, c: float = 10.0) -> float:
    return (c * mean + total) / (c + n)


def test_equal_suppliers_rank_equal_after_correction() -> None:
    pairs, true_offset = _world()
    n = {s: sum(p.n for p in pairs if p.supplier_id == s) for s in (1000, 1001)}
    raw = {s: sum(p.score_sum for p in pairs if p.supplier_id == s) for s in (1000, 1001)}
    company = sum(p.score_sum for p in pairs) / sum(p.n for p in pairs)
    leniency = estimate_leniency(pairs, shrinkage=3.0)
    fixed = corrected_sums(pairs, leniency)
    raw_gap = _index(raw[1001], n[1001], company) - _index(raw[1000], n[1000], company)
    fixed_gap = _index(fixed[1001], n[1001], company) - _index(fixed[1000], n[1000], company)
    assert raw_gap > 1.2                       # lenient raters lift 1001 far above 1000
    # The stated tolerance (docs/metrics.md): within 0.4 points and under a third of the raw
    # gap. What remains is the five-point ceiling (a lenient rater's 5.4 is a 5, so their
    # leniency shows less on good suppliers) and the shrinkage of the offsets.
    assert abs(fixed_gap) < 0.4 and abs(fixed_gap) < raw_gap / 3
    # The estimate finds the raters' direction.
    assert leniency.of(3) < -0.5 < 0.5 < leniency.of(1)
    # Centred: the company's corrected total equals its raw total.
    assert sum(fixed.values()) == pytest.approx(sum(p.score_sum for p in pairs))


@settings(max_examples=40, deadline=None)
@given(score=st.integers(1, 5), seed=st.integers(0, 10_000), k=st.integers(1, 6))
def test_a_rater_who_gives_everyone_the_same_score_barely_moves_anyone(
        score: int, seed: int, k: int) -> None:
    """Bound: one new rater with m ratings of a supplier with N ratings moves its corrected
    index by at most 4 * m / (C + N + m) (a rating's whole range, weighted like any rating),
    and usually far less: their offset takes most of the constant score back out."""
    pairs, _ = _world(seed)
    rng = random.Random(seed)
    company = sum(p.score_sum for p in pairs) / sum(p.n for p in pairs)
    before = corrected_sums(pairs, estimate_leniency(pairs, 3.0))
    targets = rng.sample(sorted({p.supplier_id for p in pairs}), k)
    added = pairs + [PairSums(9999, s, 2, 2 * score) for s in targets]
    after = corrected_sums(added, estimate_leniency(added, 3.0))
    for s in before:
        n = sum(p.n for p in pairs if p.supplier_id == s)
        m = 2 if s in targets else 0
        moved = abs(_index(after[s], n + m, company) - _index(before[s], n, company))
        assert moved <= 4 * m / (10 + n + m) + 0.05, (s, moved)


def test_ring_found_and_a_department_that_likes_its_supplier_is_not() -> None:
    deps = {p: 1 for p in range(1, 41)} | {p: 2 for p in range(41, 81)}
    pairs: list[PairSums] = []
    rng = random.Random(3)
    # Ordinary traffic: everyone rates a few colleagues once or twice around 3.5.
    for r in range(1, 81):
        for s in rng.sample([x for x in range(1, 81) if x != r], 4):
            n = rng.randint(1, 2)
            pairs.append(PairSums(r, s, n, sum(rng.choice([3, 3, 4, 4, 3]) for _ in range(n))))
    # Department 2 simply likes person 5 (department 1): many fives, no reciprocity.
    pairs = [p for p in pairs if p.supplier_id != 5]
    pairs += [PairSums(r, 5, 2, 10) for r in range(41, 71)]
    # A ring of three in department 1 rating each other five, five times each.
    ring = (11, 12, 13)
    pairs = [p for p in pairs if not (p.rater_id in ring and p.supplier_id in ring)]
    pairs += [PairSums(a, b, 5, 25) for a in ring for b in ring if a != b]
    # The ring's members have ordinary clients too, who rate them as ordinary.
    pairs = [p for p in pairs if not (p.supplier_id in ring and 20 <= p.rater_id < 28)]
    pairs += [PairSums(r, s, 1, 3) for s in ring for r in range(20, 28)]
    rings = find_rings(pairs, deps, MONTH, min_lift=1.0, min_ratings=3, volume_ratio=2.0,
                       min_others=5)
    assert [r.members for r in rings] == [ring]
    assert rings[0].score > 1.0
    assert all(p.lift >= 1.0 for p in rings[0].pairs)
    assert len(rings[0].pairs) == 6


# --- on the databases -------------------------------------------------------------------------

def _plant(db: Database) -> dict[str, int]:
    """Twelve people in two departments and a March of pair rollups with a ring of three."""
    with db.write() as s:
        a, b = Department(name="Цех"), Department(name="Склад")
        s.add_all([a, b])
        s.flush()
        people = [Employee(personnel_no=str(100 + i), full_name=f"Person {i}",
                           department_id=(a if i < 6 else b).id) for i in range(12)]
        s.add_all(people)
        s.flush()
        ids = [p.id for p in people]
        rows = []
        for i, r in enumerate(ids):
            for j, sup in enumerate(ids):
                if r != sup and (i + j) % 3 == 0:
                    rows.append(dict(supplier_id=sup, month=MONTH, rater_id=r, n=1, score_sum=3))
        ring = ids[:3]
        rows = [x for x in rows if not (x["rater_id"] in ring and x["supplier_id"] in ring)]
        rows += [dict(supplier_id=y, month=MONTH, rater_id=x, n=4, score_sum=20)
                 for x in ring for y in ring if x != y]
        # Others rate the ring members too, so their others' mean exists.
        for sup in ring:
            for r in ids[6:]:
                if not any(x["rater_id"] == r and x["supplier_id"] == sup for x in rows):
                    rows.append(dict(supplier_id=sup, month=MONTH, rater_id=r, n=1, score_sum=3))
        s.execute(insert(RollupPairMonth), rows)
    return {"ring0": ring[0], "ring1": ring[1], "ring2": ring[2]}


def test_rings_on_the_database_exclusion_and_restore(db_url: str, db: Database,
                                                      config: Config, capsys) -> None:
    plant = _plant(db)
    with db.read() as s:
        rings = rings_for_month(s, config, MONTH)
    assert len(rings) == 1
    ring = rings[0]
    assert set(ring.members) == {plant["ring0"], plant["ring1"], plant["ring2"]}
    assert main(["--db", db_url, "fairness", "rings", "--month", MONTH, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["rings"][0]["id"] == ring.id and not listed["rings"][0]["excluded"]
    assert len(listed["rings"][0]["pairs"]) == 6
    # Exclude: audited, the pairs are out, the ring is marked; restore undoes it.
    assert main(["--db", db_url, "fairness", "exclude", ring.id, "--reason", "   "]) == 1
    assert main(["--db", db_url, "fairness", "exclude", ring.id, "--reason",
                 "mutual fives, checked with the managers"]) == 0
    assert main(["--db", db_url, "fairness", "exclude", ring.id, "--reason", "again"]) == 1
    with db.read() as s:
        assert len(excluded_pairs(s, MONTH)) == 6
        assert rings_for_month(s, config, MONTH)[0].excluded
        actions = [a for (a,) in s.execute(select(AuditEntry.action))]
    assert "fairness.exclude" in actions
    assert main(["--db", db_url, "fairness", "restore", ring.id]) == 0
    assert main(["--db", db_url, "fairness", "restore", ring.id]) == 1
    with db.read() as s:
        assert excluded_pairs(s, MONTH) == frozenset()
        assert not rings_for_month(s, config, MONTH)[0].excluded
        actions = [a for (a,) in s.execute(select(AuditEntry.action))]
    assert "fairness.restore" in actions
    assert main(["--db", db_url, "fairness", "exclude", "R202603-nothere", "--reason",
                 "x"]) == 1
    assert main(["--db", db_url, "fairness", "rings", "--month", "2026-13"]) == 1
    err = capsys.readouterr().err
    assert "YYYY-MM" in err and "not a ring id" in err


def test_rater_offsets_only_for_groups_of_k(db_url: str, db: Database, config: Config,
                                             capsys) -> None:
    _plant(db)
    assert main(["--db", db_url, "fairness", "raters", "--month", MONTH, "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["company"]["raters"] == 12
    assert all(g["raters"] >= summary["k"] for g in summary["departments"].values())
    # No person's own offset anywhere in the output.
    assert "offsets" not in summary


# --- the published figures take it out --------------------------------------------------------

def _ring_plant(db: Database, config: Config) -> tuple[list[int], list[int]]:
    """Three colleagues who trade fives in March 2026, and eight others who rate them 3."""
    from tests.domain_data import at, department, people, rate
    with db.write() as s:
        dep = department(s, "Цех")
        ring = people(s, dep, ["r1", "r2", "r3"])
        others = people(s, dep, [f"o{i}" for i in range(8)])
        for day, o in enumerate(others, start=2):
            for r in ring:
                rate(s, config, o, r, 3, at(day))
        for day in (12, 14, 16):
            for a in ring:
                for b in ring:
                    if a is not b:
                        rate(s, config, a, b, 5, at(day))
        return [p.id for p in ring], [p.id for p in others]


def test_an_excluded_ring_leaves_the_published_index_and_comes_back(
        db_url: str, db: Database, config: Config, capsys) -> None:
    from shared.domain.fairness import published_adjustment
    from shared.domain.periods import month_period
    from shared.domain.public.published import published_scores
    ring, _ = _ring_plant(db, config)

    def published() -> dict[int, tuple[int, float | None]]:
        with db.read() as s:
            return {r.employee_id: (r.n, r.index)
                    for r in published_scores(s, config, month_period(MONTH))}

    before = published()
    with db.read() as s:
        found = rings_for_month(s, config, MONTH)
    assert [sorted(r.members) for r in found] == [sorted(ring)]
    assert main(["--db", db_url, "fairness", "exclude", found[0].id, "--reason", "fives"]) == 0
    with db.read() as s:  # kept by rating id: the wallboard's role reads raters as pseudonyms
        assert len(published_adjustment(s, config, month_period(MONTH)).excluded) == 18
    during = published()
    for member in ring:
        assert during[member][0] < before[member][0]                # the mutual ratings left
        assert (during[member][1] or 0) < (before[member][1] or 0)  # and the index fell
    assert main(["--db", db_url, "fairness", "restore", found[0].id]) == 0
    assert published() == before
    # pulse scores gives both figures: corrected (the one shown everywhere) and raw.
    capsys.readouterr()
    assert main(["--db", db_url, "scores", "--month", MONTH, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["suppliers"]
    assert rows and all("index" in r and "index_raw" in r for r in rows)


def test_the_correction_uses_last_month_only(db: Database, config: Config) -> None:
    """Offsets come from the whole month before the period (settled): this month's ratings,
    one of which would otherwise move the index without a block completing, change none."""
    from shared.domain.fairness import settled_leniency
    from shared.domain.periods import month_period
    _ring_plant(db, config)
    with db.read() as s:
        assert settled_leniency(s, config, month_period(MONTH)).offsets == {}
        april = settled_leniency(s, config, month_period("2026-04"))
    assert len(april.offsets) == 11


def test_the_demo_plants_a_ring_and_harsh_and_lenient_departments(tmp_path, config: Config
                                                                   ) -> None:
    """`pulse demo` shows what fair rankings are for: its ring is found in a whole month and
    its harsh and lenient departments stand out in the offsets (SQLite; the demo's rows are
    the same on PostgreSQL)."""
    import datetime as dt

    from shared.db import open_database
    from shared.demo import load_demo
    from shared.domain.fairness import estimate_leniency, pair_sums
    db = open_database(f"sqlite:///{tmp_path / 'demo.db'}", upgrade=True)
    load_demo(db, config, employees=300, months=3,
              now=dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC))
    with db.read() as s:
        rings = rings_for_month(s, config, "2026-11")
        offsets = estimate_leniency(pair_sums(s, ["2026-11"]), 3.0).offsets
        departments = dict(s.execute(select(Employee.id, Employee.department_id)).all())
    db.dispose()
    assert len(rings) == 1 and len(rings[0].members) == 3
    by_dep: dict[int, list[float]] = {}
    for rater, offset in offsets.items():
        by_dep.setdefault(departments[rater], []).append(offset)
    medians = sorted(float(sorted(v)[len(v) // 2]) for v in by_dep.values() if len(v) >= 10)
    assert medians[0] < -0.4 and medians[-1] > 0.25


def test_equal_suppliers_rank_equal_on_the_published_figures(db: Database,
                                                              config: Config) -> None:
    """On the database, through the published figures: in February twelve raters (six harsh,
    six lenient) rate the same four suppliers, so their leniency is known; in March two
    equally good suppliers are rated, one only by the harsh six and one only by the lenient
    six. Raw, the lenient six's supplier leads by about 1.5 points of index; corrected
    (offsets from February, settled) the two are within 0.4."""
    from shared.domain.periods import month_period
    from shared.domain.public.published import published_scores
    from tests.domain_data import at, department, people, rate
    with db.write() as s:
        dep = department(s, "Цех")
        harsh = people(s, dep, [f"h{i}" for i in range(6)])
        lenient = people(s, dep, [f"l{i}" for i in range(6)])
        common = people(s, dep, [f"c{i}" for i in range(4)])
        slow, kind = people(s, dep, ["A", "B"])
        for day, sup in enumerate(common, start=2):
            for r in harsh:
                rate(s, config, r, sup, 2, at(day, month=2))
            for r in lenient:
                rate(s, config, r, sup, 5, at(day, month=2))
        for day in (3, 10, 17):  # March: A by the harsh, B by the lenient; both truly "4"
            for r in harsh:
                rate(s, config, r, slow, 3, at(day))
            for r in lenient:
                rate(s, config, r, kind, 5, at(day))
    with db.read() as s:
        rows = {r.full_name: r for r in published_scores(s, config, month_period(MONTH))}
    a, b = rows["A"], rows["B"]
    assert a.index is not None and b.index is not None
    assert a.index_raw is not None and b.index_raw is not None
    assert b.index_raw - a.index_raw > 1.0       # raw: the lenient raters' supplier leads
    assert abs(b.index - a.index) < 0.4          # corrected: within the stated tolerance
