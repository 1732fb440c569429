"""The initiative map's cells of a closed month, stored: exactly the live count, on both
databases, and never stale (a late rating, a moved person, another k: a recount, and the job
stores the month again)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, func, select, update

from shared.config import Config
from shared.db import Database
from shared.db.models import Employee, MonthlyRun, Rating, StoredMapCell
from shared.domain.anonymity import WITHHELD_DIFFERENCING, WITHHELD_K
from shared.domain.departments import DepartmentTree
from shared.domain.initiative_map import MapCell, live_map, published_cells, wanted_cells
from shared.domain.map_cells import MAP_CELLS_WORK, ensure_map_cells, stored_cells
from shared.domain.periods import month_period
from shared.jobs import run_jobs
from tests.engage_factory import rate, utc
from tests.test_initiative_map import _rate, plant  # noqa: F401  (the fixture)

# 1 March 2026, 03:00 UTC = 06:00 in Moscow: February is closed.
FIRST_RUN = dt.datetime(2026, 3, 1, 3, 0, tzinfo=dt.UTC)
FEBRUARY = month_period("2026-02")


def _february(db: Database, ids: dict[str, int]) -> None:
    """A published cell (the service, sub-departments included: r0 r1 r2 complete a block),
    one withheld by differencing (the repair section: the service minus it would be r3
    alone), and 'any supplier' (the same ratings as the service here)."""
    _rate(db, ids, [("r0", "fitter", 4), ("r1", "fitter", 4), ("r2", "fitter", 5),
                    ("r3", "mechanic", 1), ("r0", "mechanic", 2)], 2)


def _live(db: Database, config: Config) -> dict[tuple[int, int | None], MapCell]:
    with db.read() as s:
        wanted = wanted_cells(s)
        return published_cells(s, config, FEBRUARY, wanted, DepartmentTree.load(s))


def _stored(db: Database, config: Config) -> dict[tuple[int, int | None], MapCell] | None:
    with db.read() as s:
        return stored_cells(s, config, FEBRUARY, wanted_cells(s), DepartmentTree.load(s))


def _job(db: Database, config: Config, now: dt.datetime = FIRST_RUN) -> dict[str, object]:
    [job] = run_jobs(db, config, now=now, only=["map_cells"])
    assert job.ok, job.line()
    return job.summary


def test_the_job_stores_the_closed_months_cells_exactly_as_counted_live(
        db: Database, config: Config, plant: dict[str, int]) -> None:  # noqa: F811
    ids = plant
    _february(db, ids)
    _rate(db, ids, [("r0", "mechanic", 5), ("r1", "mechanic", 4), ("r2", "mechanic", 3)], 3)
    assert _stored(db, config) is None  # nothing stored yet: the map recounts
    with db.read() as s:
        before = live_map(s, config, "2026-03")
    assert not before.last_stored
    assert _job(db, config) == {"month": "2026-02", "stored": 3}
    live = _live(db, config)
    assert _stored(db, config) == live
    seg = ids["seg"]
    assert (live[(seg, ids["section"])].withheld, live[(seg, ids["section"])].reason) == (
        True, WITHHELD_DIFFERENCING)
    assert live[(seg, ids["svc"])] == MapCell(13 / 3, 3, 3, False)
    assert not live[(seg, None)].withheld
    # The map reads them: the same figures as the recount, last month not read again.
    with db.read() as s:
        after = live_map(s, config, "2026-03")
    assert after.last_stored and after == before
    with db.read() as s:
        assert s.execute(select(MonthlyRun.summary).where(
            MonthlyRun.month == "2026-02", MonthlyRun.work == MAP_CELLS_WORK)
        ).scalar_one() == "3 cells"
    # The next runs change nothing (no rating of February since).
    assert _job(db, config, FIRST_RUN + dt.timedelta(hours=1)) == {}
    assert _stored(db, config) == live


def test_a_cell_below_k_is_stored_withheld(db: Database, config: Config,
                                           plant: dict[str, int]) -> None:  # noqa: F811
    _rate(db, plant, [("r0", "mechanic", 5), ("r1", "mechanic", 4)], 2)
    _job(db, config)
    stored = _stored(db, config)
    assert stored is not None and stored == _live(db, config)
    assert {(c.mean, c.withheld, c.reason) for c in stored.values()} == {(None, True, WITHHELD_K)}


def test_a_late_rating_of_the_closed_month_is_counted_and_stored_again(
        db: Database, config: Config, plant: dict[str, int]) -> None:  # noqa: F811
    """An offline kiosk delivers a February rating in March: the stored cells are stale, the
    map recounts at once and the job's next run stores February again."""
    ids = plant
    _february(db, ids)
    _job(db, config)
    # A March rating changes nothing of February: the job marks it checked.
    _rate(db, ids, [("r4", "mechanic", 4)], 3, day=2)
    assert _stored(db, config) == _live(db, config)
    with db.read() as s:
        upto = s.scalar(select(func.min(StoredMapCell.upto)))
    assert _job(db, config, FIRST_RUN + dt.timedelta(days=1)) == {}
    with db.read() as s:
        assert s.scalar(select(func.min(StoredMapCell.upto))) > upto
    # Late: r4's rating of 20 February reaches the database now. It completes the open
    # block: the service's figure moves.
    stale = _live(db, config)
    with db.write() as s:
        rate(s, ids["r4"], ids["mechanic"], 3, utc(2026, 2, 20))
    live = _live(db, config)
    assert live != stale
    assert _stored(db, config) is None
    with db.read() as s:
        shown = live_map(s, config, "2026-03")
    assert not shown.last_stored
    assert {i.last for i in shown.segments[0].initiatives} == set(live.values())
    assert _job(db, config, FIRST_RUN + dt.timedelta(days=2)) == {"month": "2026-02",
                                                                  "stored": 3}
    assert _stored(db, config) == live


def test_a_late_rating_just_before_the_month_is_a_recount_too(
        db: Database, config: Config, plant: dict[str, int]) -> None:  # noqa: F811
    """A rating of 31 January within the cooldown of a February one may demote or promote
    it (the cooldown settlement): the month's stored cells are no longer trusted."""
    _february(db, plant)
    _job(db, config)
    with db.write() as s:  # 31 January 23:30 in Moscow, an hour before February
        rate(s, plant["r0"], plant["mechanic"], 5, utc(2026, 1, 31, 20, 30))
    assert _stored(db, config) is None
    _job(db, config, FIRST_RUN + dt.timedelta(days=1))
    assert _stored(db, config) == _live(db, config)
    with db.write() as s:  # a week before February: outside the cooldown, no recount
        rate(s, plant["r1"], plant["mechanic"], 5, utc(2026, 1, 24))
    assert _stored(db, config) == _live(db, config)


def test_another_cut_is_a_recount(db: Database, config: Config,
                                  plant: dict[str, int]) -> None:  # noqa: F811
    """What a live count of the closed month depends on besides its ratings -- k, the
    segment's people today, the map -- changed: the stored cells are not read."""
    _february(db, plant)
    _job(db, config)
    config.site.k_anonymity = 2
    assert _stored(db, config) is None
    config.site.k_anonymity = 3
    assert _stored(db, config) == _live(db, config)
    with db.write() as s:  # r3 leaves the segment: their ratings no longer count
        s.execute(update(Employee).where(Employee.id == plant["r3"]).values(segment_id=None))
    assert _stored(db, config) is None
    _job(db, config, FIRST_RUN + dt.timedelta(days=1))
    assert _stored(db, config) == _live(db, config)
    with db.write() as s:  # a row of the map deleted (a re-import): the rest is stored
        s.execute(delete(StoredMapCell).where(StoredMapCell.supplier_department_id
                                              == plant["section"]))
    assert _stored(db, config) is None


def test_a_reader_that_may_write_stores_missing_cells_once_the_month_is_over(
        db: Database, config: Config, plant: dict[str, int]) -> None:  # noqa: F811
    """A database where the job never ran: the first reader stores them (the wallboard's
    worker, ``wallboard.worker``), not before the month has ended."""
    _february(db, plant)
    assert not ensure_map_cells(db, config, "2026-02", now=utc(2026, 2, 28, 12))
    assert _stored(db, config) is None
    assert ensure_map_cells(db, config, "2026-02", now=FIRST_RUN)
    assert _stored(db, config) == _live(db, config)


@pytest.mark.parametrize("month", ["2026-02", "2026-03"])
def test_no_map_nothing_stored(db: Database, config: Config, month: str) -> None:
    assert _job(db, config) == {}
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(StoredMapCell)) == 0
        assert live_map(s, config, month).last_stored


def test_a_late_tap_synced_in_the_new_month_that_demotes_one_of_the_closed_month(
        db: Database, config: Config, plant: dict[str, int]) -> None:  # noqa: F811
    """The offline sync's cooldown settlement (``offline.central``): r4's kiosk delivers in
    March a tap of 31 January, 23:00 in Moscow, an hour and a half before r4's tap of
    1 February that completed a block: that one no longer counts, the block is open again,
    February's figure moves. The stored cells are not read; the job stores them again."""
    from shared.ids import uuid7
    from shared.offline.central import apply_rating_batch, context
    from shared.offline.store import OutboxItem

    def sync(score: int, at: dt.datetime, now: dt.datetime) -> dict[object, str]:
        item = OutboxItem(uuid7(int(at.timestamp() * 1000)), "rating", at, {
            "rater_id": plant["r4"], "supplier_id": plant["mechanic"], "score": score,
            "reason_codes": [], "comment": None, "kiosk_id": "k1"}, 0)
        with db.write() as s:
            return dict(apply_rating_batch(s, [item], context(config, now)))

    _february(db, plant)  # the service: r0 r1 r2 in a block, r3 and r0 in the open one
    assert list(sync(5, utc(2026, 1, 31, 21, 30), utc(2026, 1, 31, 21, 31)).values()) == ["ok"]
    _job(db, config)
    stored = _stored(db, config)
    assert stored is not None and stored == _live(db, config)
    assert stored[(plant["seg"], plant["svc"])].n == 6  # r4's tap completed the second block
    late = sync(1, utc(2026, 1, 31, 20, 0), FIRST_RUN + dt.timedelta(days=1))
    assert list(late.values()) == ["ok"]
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Rating).where(
            Rating.status == "cooldown_conflict")) == 1
    live = _live(db, config)
    assert live[(plant["seg"], plant["svc"])].n == 3 and live != stored
    assert _stored(db, config) is None
    with db.read() as s:
        assert {i.last for i in live_map(s, config, "2026-03").segments[0].initiatives} == \
            set(live.values())
    assert _job(db, config, FIRST_RUN + dt.timedelta(days=1, hours=1))["stored"] == 3
    assert _stored(db, config) == live


def test_at_a_head_office_each_plants_ratings_are_checked_in_its_own_id_range(
        db: Database, config: Config, plant: dict[str, int]) -> None:  # noqa: F811
    """A head office holds several plants' ratings, each plant's ids in its own range
    (docs/plants.md): a late rating of plant 1 has an id below plant 2's newest, and must
    still make plant 1's stored cells stale."""
    from sqlalchemy import insert

    from shared.ids import uuid7

    _february(db, plant)
    with db.read() as s:
        newest = int(s.scalar(select(func.max(Rating.id))) or 0)
    second_plant = 100_000_000 + 5

    def rating(rating_id: int, at: dt.datetime) -> None:
        with db.write() as s:
            rater = s.get(Employee, plant["r4"])
            supplier = s.get(Employee, plant["mechanic"])
            assert rater is not None and supplier is not None
            s.execute(insert(Rating).values(
                id=rating_id, uuid=uuid7(), rater_id=rater.id, supplier_id=supplier.id,
                rater_department_id=rater.department_id,
                supplier_department_id=supplier.department_id, score=5, created_at=at,
                day=at.date(), received_at=at, status="ok"))

    rating(second_plant, utc(2026, 3, 2))  # plant 2's, replicated: March, another range
    _job(db, config)
    with db.read() as s:
        assert s.scalar(select(func.max(StoredMapCell.upto))) == newest
    rating(newest + 1, utc(2026, 2, 20))  # plant 1's late February rating, replicated now
    assert _stored(db, config) is None
