"""Demo data: a believable pipe plant with a ratings history, deterministic for a seed.

``load_demo`` fills an empty database (or wipes it with ``force``): departments, segments
with goals and KPIs, reason tags, regulations, the initiative map, supplier links,
employees (badge ``f"{int(personnel_no):010d}"`` stored as HMAC; PIN 1234 for managers
and admins), months of ratings with rollups, KPI values that follow satisfaction,
disputes in every state with their points, department point rules. See docs/demo.md.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.orm import Session

from shared import audit
from shared.config import Config
from shared.db import Database
from shared.db.models import (
    Base,
    Department,
    DepartmentPointRule,
    Dispute,
    DisputeEvent,
    Employee,
    Initiative,
    Kiosk,
    KpiValue,
    PointsEntry,
    Rating,
    ReasonTag,
    Regulation,
    Segment,
    SupplierLink,
)
from shared.demo.bulk import _phase, load_ratings
from shared.demo.catalog import (
    DEPARTMENTS,
    INITIATIVES,
    NEGATIVE_TAGS,
    POSITIVE_TAGS,
    REGULATIONS,
    SEGMENTS,
    SUPPLIER_LINKS,
    TAG_WEIGHTS,
    VALUE_PER_UNIT,
)
from shared.demo.disputes import build_disputes
from shared.demo.org import DEMO_PIN, EMAIL_DOMAIN, Org, build_org, demo_badge
from shared.demo.ratings import History, RatingGenerator, Tags

__all__ = ["DEMO_PIN", "DemoRefused", "DemoSummary", "demo_badge", "load_demo"]

log = logging.getLogger(__name__)
Progress = Callable[[float, str], None]


class DemoRefused(RuntimeError):
    """The database already holds data and ``force`` was not given."""


@dataclass(frozen=True)
class DemoSummary:
    employees: int
    departments: int
    ratings: int
    rating_reasons: int
    disputes: int
    months: int
    seed: int


def _has_data(db: Database) -> bool:
    with db.read() as s:
        return any(s.execute(select(func.count()).select_from(t)).scalar_one()
                   for t in (Employee.__table__, Department.__table__, Rating.__table__))


def wipe(db: Database) -> None:
    """Delete every row of every table (the schema stays)."""
    tables = [t.name for t in Base.metadata.sorted_tables]
    with db.write() as s:
        if db.dialect == "postgresql":
            s.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables)
                           + " RESTART IDENTITY CASCADE"))
            return
        s.execute(update(Department).values(head_id=None))
        for name in reversed(tables):
            s.execute(text(f'DELETE FROM "{name}"'))


def _insert(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(model), rows)


def _catalogue(s: Session, org: Org, rng: random.Random, month0: str) -> tuple[Tags, list[int]]:
    """Reason tags, regulations, the initiative map, supplier links, kiosks, point rules."""
    tags = Tags()
    tag_rows: list[dict[str, Any]] = []
    tag_id: dict[tuple[str, str], int] = {}
    for seg in SEGMENTS:
        sid = org.segment_id[seg.code]
        tags.negative[sid], tags.positive[sid] = [], []
        for polarity, catalogue in (("negative", NEGATIVE_TAGS), ("positive", POSITIVE_TAGS)):
            for k, (code, label_ru, label_en) in enumerate(catalogue):
                tid = len(tag_rows) + 1
                tag_id[(seg.code, code)] = tid
                tag_rows.append({"id": tid, "code": f"{seg.code}.{code}", "segment_id": sid,
                                 "polarity": polarity, "label_ru": label_ru,
                                 "label_en": label_en, "active": True})
                if polarity == "negative":
                    tags.negative[sid].extend([tid] * TAG_WEIGHTS[seg.code][k])
                else:
                    tags.positive[sid].append(tid)
    _insert(s, ReasonTag, tag_rows)
    regulations: list[dict[str, Any]] = [
        {"id": i, "code": code, "title": title, "active": code != "РГ-007",
         "url": f"https://portal.{EMAIL_DOMAIN}/reg/{code[3:]}", "needs_revision": False}
        for i, (code, title) in enumerate(REGULATIONS, 1)]
    _insert(s, Regulation, regulations)
    _insert(s, Initiative, [
        {"segment_id": org.segment_id[seg], "metric": metric,
         "supplier_improvement": next(lbl for c, lbl, _ in NEGATIVE_TAGS if c == tag),
         "reason_tag_id": tag_id[(seg, tag)], "supplier_department_id": org.dept_id[dept],
         "company_initiative": initiative}
        for seg, rows in INITIATIVES.items() for metric, tag, dept, initiative in rows])
    _insert(s, SupplierLink, [
        {"client_department_id": org.dept_id[client], "supplier_department_id": org.dept_id[sup]}
        for client, pairs in SUPPLIER_LINKS.items() for sup, _ in pairs])
    _insert(s, Kiosk, [
        {"code": f"kiosk-{d.code}-{k}", "location": d.name, "version": "demo"}
        for d in DEPARTMENTS for k in (1, 2, 3)])
    rules = []
    for d in DEPARTMENTS:
        if d.group in ("office", "management"):
            rules.append({"department_id": org.dept_id[d.code], "kind": "pool",
                          "money_per_point": Decimal("300.00"), "currency": "RUB",
                          "pool_name": "Обед всем отделом", "valid_from": month0})
        else:
            rules.append({"department_id": org.dept_id[d.code], "kind": "money",
                          "money_per_point": Decimal(rng.choice(("300.00", "500.00", "1000.00"))),
                          "currency": "RUB", "pool_name": None, "valid_from": month0})
    _insert(s, DepartmentPointRule, rules)
    return tags, [int(r["id"]) for r in regulations if r["active"]]


def _kpis(org: Org, history: History, rng: random.Random) -> list[dict[str, Any]]:
    """Monthly KPI values per segment that move with the segment's satisfaction."""
    rows = []
    for seg in SEGMENTS:
        sid = org.segment_id[seg.code]
        monthly = {m: history.satisfaction.get((sid, m)) for m in history.months}
        scored = [v[0] / v[1] for v in monthly.values() if v and v[1]]
        reference = sum(scored) / len(scored) if scored else 4.0
        for metric, base, elasticity, decimals in seg.kpis:
            for m in history.months:
                acc = monthly[m]
                sat = acc[0] / acc[1] if acc and acc[1] else reference
                value = base * (1 + elasticity * (sat - reference)) * (1 + rng.gauss(0, 0.004))
                if "%" in metric and elasticity > 0:
                    value = min(value, 99.9 if "срок" in metric else 120.0)
                rows.append({"segment_id": sid, "department_id": None, "metric": metric,
                             "month": m, "value": round(max(0.0, value), decimals),
                             "value_per_unit": VALUE_PER_UNIT.get(metric)})
    return rows


def _reset_sequences(db: Database) -> None:
    if db.dialect != "postgresql":
        return
    with db.write() as s:
        for table in Base.metadata.sorted_tables:
            if "id" in table.c and table.c.id.primary_key and table.c.id.autoincrement:
                s.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM \"{table.name}\"), 0) + 1, false)"))


def load_demo(db: Database, config: Config, *, employees: int = 600, months: int = 6,
              seed: int = 1, now: dt.datetime | None = None, force: bool = False,
              progress: Progress | None = None, actor: str = "cli",
              analyze: bool = True) -> DemoSummary:
    """Fill the database with the demo plant; DemoRefused if it holds data and not ``force``.

    It writes in several transactions: ``pulse demo`` goes through
    ``shared.demo.atomic.load_demo_atomically`` so that a kill never leaves half a plant.
    ``analyze``: gather planner statistics at the end (the one-transaction build on
    PostgreSQL does it after its commit).
    """
    if months < 1:
        raise ValueError("months must be at least 1")
    if _has_data(db) and not force:
        raise DemoRefused("the database already holds data; use --force to wipe it")
    # Also on a fresh database: the migrations' default reason tags make way for the demo's.
    wipe(db)
    now = now or dt.datetime.now(dt.UTC)
    local_now = now.astimezone(config.tz)
    rng = random.Random(seed)
    org = build_org(employees, rng, config.secret_bytes())
    gen_rng = random.Random(rng.getrandbits(64))
    with db.write() as s:
        _insert(s, Segment, org.segments)
        heads = {d["id"]: d["head_id"] for d in org.departments}
        _insert(s, Department, [{**d, "head_id": None} for d in org.departments])
        _insert(s, Employee, [{**e, "manager_id": None} for e in org.employees])
        # Bulk updates by primary key: managers and heads exist only once everyone is in.
        s.execute(update(Employee), [{"id": e["id"], "manager_id": e["manager_id"]}
                                     for e in org.employees if e["manager_id"]])
        s.execute(update(Department), [{"id": d, "head_id": h} for d, h in heads.items()])
        gen = RatingGenerator(org, Tags(), gen_rng, tz=config.tz,
                              cooldown_hours=config.rating.cooldown_hours,
                              today=local_now.date(),
                              now_local_seconds=local_now.hour * 3600 + local_now.minute * 60
                              + local_now.second, months=months)
        gen.tags, regulation_ids = _catalogue(s, org, rng, gen.month_keys[0])
    _phase("people, pools and catalogue")
    history = load_ratings(db, gen, progress)
    dispute_rows = build_disputes(org, rng, config, now=now, days=len(gen.days),
                                  regulation_ids=regulation_ids)
    with db.write() as s:
        _insert(s, KpiValue, _kpis(org, history, rng))
        _insert(s, Dispute, dispute_rows["disputes"])
        _insert(s, DisputeEvent, dispute_rows["events"])
        _insert(s, PointsEntry, dispute_rows["ledger"])
        for row in dispute_rows["flagged"]:
            s.execute(update(Regulation).where(Regulation.id == row["id"])
                      .values(needs_revision=True))
        summary = DemoSummary(employees=len(org.employees), departments=len(org.departments),
                              ratings=history.count, rating_reasons=history.reasons,
                              disputes=len(dispute_rows["disputes"]), months=months, seed=seed)
        audit.record(s, actor=actor, action="demo.load", details=summary.__dict__)
    _reset_sequences(db)
    _phase("KPIs and disputes")
    if not analyze:
        log.info("demo loaded: %s", summary)
        return summary
    if db.dialect == "sqlite":
        # Planner statistics from a sample of each index: a full ANALYZE of millions of rows
        # costs tens of seconds and the plans come out the same.
        with db.engine.begin() as conn:  # begin(): committed (connect() rolls back)
            conn.exec_driver_sql("PRAGMA analysis_limit = 1000")
            conn.exec_driver_sql("ANALYZE")
    else:
        # PostgreSQL: autovacuum may be off (or not have come round yet). Without statistics
        # the planner guesses the row counts of freshly COPYed tables and picks seq scans, and
        # without a visibility map the rollups' index-only scans visit the heap. VACUUM cannot
        # run inside a transaction: autocommit.
        with db.engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            conn.exec_driver_sql("VACUUM (ANALYZE)")
    _phase("analyzed")
    log.info("demo loaded: %s", summary)
    return summary
