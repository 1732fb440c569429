"""Supplier tiers (preferences) per month, from the attractiveness index and distinct clients.

The thresholds are ``[[tiers]]`` in the config, best first (default gold 4.5 / 10 clients,
silver 4.2 / 7, bronze 3.9 / 5). A supplier earns the best tier whose minimum index and
minimum distinct clients in the month are both met; k anonymity applies first (a supplier
below k has no index, so no tier). Exported as CSV for HR.

One figure on every surface (SPEC 5): the tiers use the figures the posters and the
wallboard's rankings use, the supplier's completed blocks of k distinct clients with the
settled index prior (``published.published_scores``, on ``public.steps``), so the export,
the poster, the rankings and the supplier's kiosk home name the same people in the same
order; only ``live`` (``pulse export tiers --live``, audited) ranks the live figures.

Stored: ``store_tiers`` (one rule, called by ``pulse jobs run`` for the closed month, by
``pulse export tiers`` and after a fairness exclusion or restore) writes a month's tiers
into ``supplier_tiers``; the kiosk home and the web page read a supplier's tier from there
(``stored_supplier_tier``): the kiosk's and the wallboard's database roles may read that
table, not the rollups by client that the figures are computed from.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TextIO

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from shared.config import Config
from shared.csvout import write_csv
from shared.db.models import Department, Employee, MonthlyRun, StoredTier
from shared.domain.periods import month_period
from shared.domain.plant_labels import plant_labels
from shared.domain.public import supplier_scores
from shared.domain.public.published import published_scores

__all__ = ["TierRow", "SupplierTier", "monthly_tiers", "supplier_tier", "export_tiers",
           "store_tiers", "stored_tiers", "stored_supplier_tier", "tiers_stored_at",
           "TIER_CSV_HEADER"]

TIER_CSV_HEADER = ("month", "tier", "personnel_no", "full_name", "full_name_en", "department",
                   "attractiveness_index", "mean", "csat", "ratings", "clients")


@dataclass(frozen=True)
class TierRow:
    month: str
    tier: str
    employee_id: int
    personnel_no: str
    full_name: str
    full_name_en: str | None
    department_name: str
    index: float
    mean: float
    csat: float
    n: int
    clients: int


def monthly_tiers(session: Session, config: Config, month: str, *,
                  live: bool = False) -> list[TierRow]:
    """Everyone with a tier in ``month`` (YYYY-MM), best tier first, then by index; on the
    published figures, or the live ones with ``live``."""
    order = {t.name: i for i, t in enumerate(config.tiers)}
    scores = (supplier_scores if live else published_scores)(session, config,
                                                              month_period(month))
    rows = []
    for s in scores:
        if s.withheld or s.tier is None or s.index is None or s.mean is None \
                or s.csat is None:
            continue
        rows.append(TierRow(month, s.tier, s.employee_id, s.personnel_no, s.full_name,
                            s.full_name_en, s.department_name, s.index, s.mean, s.csat, s.n,
                            s.clients))
    rows.sort(key=lambda r: (order[r.tier], -r.index, r.full_name))
    return rows


@dataclass(frozen=True)
class SupplierTier:
    """One supplier's tier of a month and what it gives (the supplier's own kiosk home)."""

    month: str
    tier: str
    perks_ru: str
    perks_en: str


def supplier_tier(session: Session, config: Config, employee_id: int,
                  month: str) -> SupplierTier | None:
    """The tier ``monthly_tiers`` gives this supplier in ``month`` (the same figures,
    computed for this one person), or None."""
    rows = published_scores(session, config, month_period(month), supplier_ids=[employee_id])
    row = next((r for r in rows if r.employee_id == employee_id), None)
    if row is None or row.withheld or row.tier is None:
        return None
    conf = next((t for t in config.tiers if t.name == row.tier), None)
    return SupplierTier(month, row.tier, conf.perks_ru if conf else "",
                        conf.perks_en if conf else "")


TIERS_WORK = "tiers"  # monthly_runs.work of a stored computation


def store_tiers(session: Session, config: Config, month: str, *,
                now: dt.datetime) -> list[TierRow]:
    """Compute the month's tiers on the published figures (``monthly_tiers``) and store
    them, replacing what was stored for the month; returns them. ``now`` is recorded
    (``tiers_stored_at``): a computation before the month ended is provisional."""
    from shared.domain.monthly import mark_monthly_done
    # First the month's record: a second store at the same time (two job runners) waits
    # here until this one commits, then replaces its rows with the same ones.
    mark_monthly_done(session, month, TIERS_WORK, now, "storing")
    rows = monthly_tiers(session, config, month)
    session.execute(delete(StoredTier).where(StoredTier.month == month))
    session.add_all(StoredTier(month=month, employee_id=r.employee_id, tier=r.tier,
                               position=i, attractiveness_index=r.index, mean=r.mean,
                               csat=r.csat, ratings=r.n, clients=r.clients)
                    for i, r in enumerate(rows, 1))
    mark_monthly_done(session, month, TIERS_WORK, now,
                      f"{len(rows)} supplier{'' if len(rows) == 1 else 's'} with a tier")
    session.flush()
    return rows


def tiers_stored_at(session: Session, month: str) -> dt.datetime | None:
    """When the month's tiers were last stored, or None."""
    return session.execute(select(MonthlyRun.done_at).where(
        MonthlyRun.month == month, MonthlyRun.work == TIERS_WORK)).scalar_one_or_none()


def stored_tiers(session: Session, month: str) -> list[TierRow]:
    """The month's stored tiers in the export's order (empty when none were stored)."""
    q = (select(StoredTier, Employee.personnel_no, Employee.full_name, Employee.full_name_en,
                Department.id, Department.name)
         .join(Employee, Employee.id == StoredTier.employee_id)
         .join(Department, Department.id == Employee.department_id)
         .where(StoredTier.month == month).order_by(StoredTier.position))
    labels = plant_labels(session)  # a head office's two plants' "Склад" told apart
    return [TierRow(month, t.tier, t.employee_id, pno, name, name_en,
                    labels.department(dep_id, dep), t.attractiveness_index, t.mean, t.csat,
                    t.ratings, t.clients)
            for t, pno, name, name_en, dep_id, dep in session.execute(q).all()]


def stored_supplier_tier(session: Session, config: Config, employee_id: int,
                         month: str) -> SupplierTier | None:
    """The supplier's stored tier of ``month`` with its perks (the kiosk home, the web page);
    None when they have none or the month's tiers are not stored yet. One primary-key read:
    what the kiosk's database role may do."""
    tier = session.execute(select(StoredTier.tier).where(
        StoredTier.month == month, StoredTier.employee_id == employee_id)).scalar_one_or_none()
    if tier is None:
        return None
    conf = next((t for t in config.tiers if t.name == tier), None)
    return SupplierTier(month, tier, conf.perks_ru if conf else "", conf.perks_en if conf else "")


def export_tiers(session: Session, config: Config, month: str,
                 out: str | os.PathLike[str] | TextIO, *, live: bool = False,
                 language: str | None = None, header: Sequence[str] = TIER_CSV_HEADER,
                 tier_names: Mapping[str, str] | None = None,
                 rows: Sequence[TierRow] | None = None) -> int:
    """Write the month's tiers as CSV (formula-safe, UTF-8 with BOM); returns the row count.

    ``language``: the spreadsheet's (``shared.csvout.dialect``); the caller gives the
    header and the tiers' names in it. ``rows``: those to write (``store_tiers``'s), else
    computed here."""
    if rows is None:
        rows = monthly_tiers(session, config, month, live=live)
    names = tier_names or {}
    write_csv(out, header,
              [(r.month, names.get(r.tier, r.tier), r.personnel_no, r.full_name,
                r.full_name_en or "", r.department_name, round(r.index, 3), round(r.mean, 3),
                round(r.csat, 3), r.n, r.clients) for r in rows], language=language)
    return len(rows)
