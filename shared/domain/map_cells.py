"""The initiative map's cells of a closed month, stored once and read instead of recounted.

The map compares this month with last month (``initiative_map``); last month is closed, yet
its cells were cut again from its ratings on every wallboard start (a month at 25,000 people:
0.4 s CPU, 0.7 s on PostgreSQL). ``store_map_cells`` writes each cell of a month as
``published_cells`` publishes it into ``map_cells``; ``pulse jobs run`` does it for the closed
month (``keep_map_cells``, every run) and a reader that finds none stores them on first need
(``ensure_map_cells``, where its login may write). ``stored_cells`` gives them back only when
they are what a live recount would publish now, else None (and the caller recounts):

* **the same cut** -- each row carries a fingerprint of what the cell's figure depends on
  besides the ratings: k, the plant's time zone, the segment's named supplier departments,
  the segment's people (their segment today, as the live map counts them) and the department
  tree. A changed map, k, a person moved between segments, a department moved: a recount.
* **no rating since** -- ``upto`` is the newest rating id when the cells were cut (or last
  checked). A rating stored later with a ``created_at`` in the month, or up to one cooldown
  before it (the cooldown settlement may then demote or promote a rating of the month; it
  changes only ratings created after the new one, and only when a new one is stored:
  ``rating_rules.settle_pair``, ``offline.central``), makes the stored cells stale: late
  ratings of a closed month (an offline kiosk's shift, ``--resend-since``) are normal. The
  job then stores the month again; until it does, readers recount.

Ids grow within a plant's range only (docs/plants.md): a head office holds several plants'
ratings, each plant's in its own range. A segment's people rate at their own plant, so its
cells' ratings are in the segment's plant's range: ``upto`` and the check are per range.

``upto`` must not pass a rating still being written with a smaller id: on PostgreSQL ids
come from a sequence, and a transaction that took id 1000 may commit after one that took
1001. Storing and advancing ``upto`` therefore take ``SHARE`` on ``ratings`` first (writers
wait the few milliseconds of a check, or the cut of a month: once a month and after a late
rating); SQLite has one writer at a time already.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections import defaultdict
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, text, update
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.models import StoredMapCell
from shared.db.models.map_cells import ANY_SUPPLIER
from shared.db.plant_scope import RANGE
from shared.domain.anonymity import WITHHELD_K, k_of
from shared.domain.departments import DepartmentTree
from shared.domain.initiative_map import (
    CellKey,
    MapCell,
    published_cells,
    wanted_cells,
)
from shared.domain.periods import Period, month_period
from shared.domain.plants import id_range

__all__ = ["MAP_CELLS_WORK", "cell_fingerprints", "ensure_map_cells", "keep_map_cells",
           "late_rating", "store_map_cells", "stored_cells"]

log = logging.getLogger(__name__)

MAP_CELLS_WORK = "map_cells"  # monthly_runs.work of a stored month
_VERSION = "1"  # of the fingerprint: bump when what a cell is cut from changes


def cell_fingerprints(session: Session, config: Config, period: Period,
                      wanted: dict[int, set[int | None]],
                      tree: DepartmentTree) -> dict[int, str]:
    """Per segment, a digest of what its cells depend on besides the ratings (module doc).
    People by their real id only (``id > 0``): the wallboard's login also sees each person
    under a pseudonym (migration 0008), and must compute the owner's digest."""
    members: dict[int, list[int]] = defaultdict(list)
    for person, segment in session.execute(
            text("SELECT id, segment_id FROM employees WHERE segment_id IN :segments "
                 "AND id > 0 ORDER BY id")
            .bindparams(bindparam("segments", expanding=True)), {"segments": sorted(wanted)}):
        members[int(segment)].append(int(person))
    common = hashlib.sha256(repr((
        _VERSION, k_of(config), str(config.site.timezone), period.label(),
        sorted((d, info.parent_id if info.parent_id in tree.departments else None)
               for d, info in tree.departments.items()))).encode())
    out = {}
    for segment, deps in wanted.items():
        digest = common.copy()
        digest.update(repr((segment, sorted(d or ANY_SUPPLIER for d in deps),
                            members.get(segment, []))).encode())
        out[segment] = digest.hexdigest()
    return out


def id_range_of(segment_id: int) -> tuple[int, int]:
    """The id range of the segment's plant: its people's ratings are there (module doc)."""
    return id_range((segment_id - 1) // RANGE + 1)


def late_rating(session: Session, config: Config, period: Period, upto: int,
                ids: tuple[int, int]) -> bool:
    """Is a rating stored after id ``upto`` (in the plant's id range ``ids``) that could
    change the period's cells (created in the period or up to one cooldown before it:
    module doc)?"""
    lo, hi = period.utc_bounds(config.tz)
    lo -= dt.timedelta(hours=float(config.rating.cooldown_hours))
    # The ratings after ``upto`` by the primary key: a few minutes' worth once the job has
    # checked them. COALESCE keeps the planner off the created_at index (a scan of the
    # whole month), as in initiative_map._feed.
    return session.execute(text(
        "SELECT 1 FROM ratings WHERE id > :upto AND id <= :last "
        "AND COALESCE(created_at, created_at) >= :lo "
        "AND COALESCE(created_at, created_at) < :hi LIMIT 1"),
        {"upto": upto, "last": ids[1], "lo": lo, "hi": hi}).first() is not None


def stored_cells(session: Session, config: Config, period: Period,
                 wanted: dict[int, set[int | None]],
                 tree: DepartmentTree) -> dict[CellKey, MapCell] | None:
    """The period's wanted cells as stored, when a live recount would publish exactly these
    (the same fingerprint for every wanted segment, no rating since: module doc); else None."""
    if not wanted:
        return {}
    rows = session.execute(select(StoredMapCell).where(
        StoredMapCell.month == period.label(),
        StoredMapCell.segment_id.in_(sorted(wanted)))).scalars().all()
    by_key = {(r.segment_id, r.supplier_department_id or None): r for r in rows}
    if any((seg, dep) not in by_key for seg, deps in wanted.items() for dep in deps):
        return None
    prints = cell_fingerprints(session, config, period, wanted, tree)
    if any(by_key[(seg, dep)].fingerprint != prints[seg]
           for seg, deps in wanted.items() for dep in deps):
        return None
    checked: dict[tuple[int, int], int] = {}
    for r in rows:
        ids = id_range_of(r.segment_id)
        checked[ids] = min(checked.get(ids, r.upto), r.upto)
    if any(late_rating(session, config, period, upto, ids) for ids, upto in checked.items()):
        return None
    out: dict[CellKey, MapCell] = {}
    for seg, deps in wanted.items():
        for dep in deps:
            r = by_key[(seg, dep)]
            if not r.withheld:
                out[(seg, dep)] = MapCell(r.score_sum / r.ratings, r.ratings, r.clients, False)
            else:
                out[(seg, dep)] = MapCell(None, r.ratings, r.clients, True, r.reason or WITHHELD_K)
    return out


def _hold_ratings(session: Session) -> None:
    """No rating with a smaller id than the newest may commit after this (module doc)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE ratings IN SHARE MODE"))


def _newest(session: Session, segments: list[int]) -> dict[int, int]:
    """Per segment, the newest rating id in its plant's range (0: none yet)."""
    out: dict[tuple[int, int], int] = {}
    for ids in {id_range_of(s) for s in segments}:
        out[ids] = int(session.execute(text(
            "SELECT MAX(id) FROM ratings WHERE id BETWEEN :first AND :last"),
            {"first": ids[0], "last": ids[1]}).scalar() or 0)
    return {s: out[id_range_of(s)] for s in segments}


def store_map_cells(session: Session, config: Config, month: str, *,
                    now: dt.datetime) -> int:
    """Cut the month's cells from its ratings (``published_cells``, no kept cut) and store
    them, replacing the month's rows; returns how many. In the caller's unit of work, which
    it holds ``SHARE`` on ``ratings`` (PostgreSQL) until it commits."""
    from shared.domain.monthly import mark_monthly_done
    period = month_period(month)
    # First the month's record: a second store at the same time (two job runners) waits
    # here until this one commits, then replaces its rows with the same ones.
    mark_monthly_done(session, month, MAP_CELLS_WORK, now, "storing")
    _hold_ratings(session)
    tree = DepartmentTree.load(session)
    wanted = wanted_cells(session)
    upto = _newest(session, sorted(wanted))
    cells = published_cells(session, config, period, wanted, tree)
    prints = cell_fingerprints(session, config, period, wanted, tree)
    # The map's segments' rows (a head office's plant-scoped connection sees one plant's
    # map: the other plants' rows stay).
    session.execute(delete(StoredMapCell).where(StoredMapCell.month == month,
                                                StoredMapCell.segment_id.in_(sorted(wanted))))
    if cells:
        session.execute(insert(StoredMapCell), [
            {"month": month, "segment_id": seg, "supplier_department_id": dep or ANY_SUPPLIER,
             "ratings": c.n, "clients": c.clients,
             "score_sum": 0 if c.mean is None else round(c.mean * c.n),
             "withheld": c.withheld, "reason": c.reason, "fingerprint": prints[seg],
             "upto": upto[seg], "stored_at": now}
            for (seg, dep), c in sorted(cells.items(), key=lambda i: (i[0][0], i[0][1] or 0))])
    mark_monthly_done(session, month, MAP_CELLS_WORK, now,
                      f"{len(cells)} cell{'' if len(cells) == 1 else 's'}")
    return len(cells)


def keep_map_cells(session: Session, config: Config, month: str, *,
                   now: dt.datetime) -> dict[str, Any]:
    """The job's step for a closed month: store its cells when missing or no longer what a
    recount would publish (a late rating, a changed map or segment); else move ``upto`` to
    the newest rating, so that readers check only the ratings since this run. Returns what
    changed (empty: nothing)."""
    period = month_period(month)
    wanted = wanted_cells(session)
    if not wanted:
        return {}
    _hold_ratings(session)
    tree = DepartmentTree.load(session)
    newest = _newest(session, sorted(wanted))
    if stored_cells(session, config, period, wanted, tree) is None:
        return {"month": month, "stored": store_map_cells(session, config, month, now=now)}
    for segment, upto in newest.items():
        session.execute(update(StoredMapCell).where(StoredMapCell.month == month,
                                                    StoredMapCell.segment_id == segment)
                        .values(upto=upto))
    return {}


def ensure_map_cells(db: Any, config: Config, month: str, *, now: dt.datetime) -> bool:
    """Store ``month``'s cells on first need, when the month has ended and this login may
    write them (not the wallboard's or the kiosk's role: they keep recounting, and the job
    stores them); ``db`` is a ``shared.db.Database``. Returns whether they were stored."""
    _lo, hi = month_period(month).utc_bounds(config.tz)
    if now < hi:
        return False
    with db.read() as session:
        if session.get_bind().dialect.name == "postgresql" and not session.execute(text(
                "SELECT has_table_privilege('map_cells', 'INSERT') "
                "AND has_table_privilege('map_cells', 'DELETE')")).scalar():
            return False
    with db.write() as session:
        keep_map_cells(session, config, month, now=now)
    log.info("initiative map cells of %s stored", month)
    return True
