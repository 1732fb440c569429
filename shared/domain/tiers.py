"""Supplier tiers (preferences) per month, from the attractiveness index and distinct clients.

The thresholds are ``[[tiers]]`` in the config, best first (default gold 4.5 / 10 clients,
silver 4.2 / 7, bronze 3.9 / 5). A supplier earns the best tier whose minimum index and
minimum distinct clients in the month are both met; k anonymity applies first (a supplier
below k has no index, so no tier). Exported as CSV for HR, on the published figures
(``published.published_scores``: completed blocks of k distinct clients, settled index
prior) unless the caller asks for ``live`` ones (``pulse export tiers --live``, audited).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TextIO

from sqlalchemy.orm import Session

from shared.config import Config
from shared.csvout import write_csv
from shared.domain.periods import month_period
from shared.domain.public import supplier_scores
from shared.domain.published import published_scores

__all__ = ["TierRow", "monthly_tiers", "export_tiers", "TIER_CSV_HEADER"]

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


def export_tiers(session: Session, config: Config, month: str,
                 out: str | os.PathLike[str] | TextIO, *, live: bool = False,
                 language: str | None = None, header: Sequence[str] = TIER_CSV_HEADER,
                 tier_names: Mapping[str, str] | None = None) -> int:
    """Write the month's tiers as CSV (formula-safe, UTF-8 with BOM); returns the row count.

    ``language``: the spreadsheet's (``shared.csvout.dialect``); the caller gives the
    header and the tiers' names in it."""
    rows = monthly_tiers(session, config, month, live=live)
    names = tier_names or {}
    write_csv(out, header,
              [(r.month, names.get(r.tier, r.tier), r.personnel_no, r.full_name,
                r.full_name_en or "", r.department_name, round(r.index, 3), round(r.mean, 3),
                round(r.csat, 3), r.n, r.clients) for r in rows], language=language)
    return len(rows)
