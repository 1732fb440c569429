"""The month's most attractive suppliers for posters: ranking, face counts and anonymous praise.

The ranking and the praise come from ``shared.domain.public`` (k-anonymous there: a supplier
is ranked only with at least k distinct clients in the month, and praise is only read for
such suppliers, without any rater information); this module adds the score distribution and
the photo a poster shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.models import Employee, Rating
from shared.domain.periods import month_period
from shared.domain.plant_labels import department_named
from shared.domain.public import SupplierScore, praise_comments, supplier_scores
from shared.domain.public.steps import SteppedFigures, stepped_top

FIGURE_DECIMALS = 2  # the rankings need two to tell neighbours apart; everything shows the same
QUOTE_MIN_CHARS = 12
QUOTE_MAX_CHARS = 220


@dataclass(frozen=True)
class PosterEntry:
    """Everything a poster of one supplier shows."""

    supplier: SupplierScore
    month: str
    rank: int
    face_counts: tuple[int, int, int, int, int]  # ratings with score 1..5
    quotes: tuple[str, ...]
    photo: bytes | None


def shown_figure(supplier: SupplierScore) -> float:
    """The one figure shown for a supplier everywhere (rankings, poster slide, printed poster,
    ticker): the attractiveness index they are ranked by, rounded as printed. Showing the
    plain mean on the poster put a #2 with 5,0 under a #1 with 4,7."""
    return round(supplier.index or 0.0, FIGURE_DECIMALS)


def face_for_figure(figure: float) -> int:
    """The face a shown figure rounds to (1..5): chosen from the printed value, so a poster
    that says 4,46 emphasises the 4 and one that says 4,50 the 5."""
    return max(1, min(5, int(round(figure, FIGURE_DECIMALS) + 0.5)))


def face_counts(session: Session, supplier_id: int, start: dt.datetime,
                end: dt.datetime) -> tuple[int, int, int, int, int]:
    counts = dict(session.execute(
        select(Rating.score, func.count())
        .where(Rating.supplier_id == supplier_id, Rating.created_at >= start,
               Rating.created_at < end, Rating.status == "ok")
        .group_by(Rating.score)).all())
    return tuple(int(counts.get(score, 0)) for score in range(1, 6))  # type: ignore[return-value]


def _quotes(session: Session, config: Config, supplier_id: int, month: str,
            up_to_id: int) -> tuple[str, ...]:
    praise = praise_comments(session, config, supplier_id, month_period(month), limit=8,
                             up_to_id=up_to_id)
    if praise.withheld:
        return ()
    out: list[str] = []
    for quote in praise.quotes:
        text = " ".join(quote.text.split())
        if QUOTE_MIN_CHARS <= len(text) <= QUOTE_MAX_CHARS and text not in out:
            out.append(text)
    return tuple(out[:3])


def poster_entries(session: Session, config: Config, month: str, *, top: int = 1,
                   department_id: int | None = None,
                   figs: Mapping[int, SteppedFigures] | None = None) -> list[PosterEntry]:
    """The month's ``top`` most attractive suppliers (k met) with faces, quotes and photo.

    Every figure, face count and quote covers the supplier's completed blocks of k distinct
    clients (``shared.domain.public.steps``): a poster printed (or a slide looked at) before
    and after a colleague rated never tells their score or their comment. ``figs``: the
    month's blocks of every supplier, cut already (the wallboard's one read)."""
    period = month_period(month)
    candidates = None
    if department_id is not None:
        candidates = [r for r in supplier_scores(session, config, period, department_id)
                      if not r.withheld]
    ranked, blocks = stepped_top(session, config, period, top, candidates, figs)
    entries = []
    for rank, supplier in enumerate(ranked, start=1):
        photo = session.scalar(select(Employee.photo).where(Employee.id == supplier.employee_id))
        fig = blocks[supplier.employee_id]
        entries.append(PosterEntry(supplier, month, rank, fig.counts,
                                   _quotes(session, config, supplier.employee_id, month,
                                           fig.last_id or 0),
                                   photo or None))
    return entries


def department_id_by_name(session: Session, name: str) -> int | None:
    """A department by its Russian or English name, case-insensitively (at a head office,
    "Склад (north)"; a bare name of several plants' departments raises
    ``plant_labels.AmbiguousDepartment``)."""
    return department_named(session, name)
