"""A supplier's public figures published in steps of k distinct clients (wallboard, posters).

The wallboard refreshes every minute and shows a supplier's month so far: mean, ratings,
clients, index, the share of each face, the latest praise. Looked at before and after a
colleague rated that supplier, those figures gave the colleague's score away exactly (a
poster's "4,8 · 27 ratings" became "4,7 · 28 ratings": the new score is 4,7 × 28 − 4,8 × 27
= 2) and a new quote gave their comment away. So, as ``company_mood`` does for the company,
a supplier's ratings of the period, in the order they reached the database (the id), are
cut into consecutive blocks that each hold ratings from at least k distinct clients, and
the published figures cover the completed blocks only: two looks differ by a whole block
at least, and a rating still in the open block changes nothing on screen. A supplier is
ranked (and printed) on those figures; below one block it is withheld, as below k. The
index's company mean is the settled ``public.index_prior``, not the live one.

The wallboard's department figures (bars, the ticker's best department) and the map's
client department -> supplier department edges are cut the same way, per department and per
pair, in the same read of the month (``public.onepass.read_period``); k and the
differencing guard still decide which are shown. ``stepped_top`` and ``stepped_improved``
take the figures of that read (``figs``) instead of reading the candidates' ratings again.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.orm import Session

from shared.config import Config
from shared.domain.periods import Period
from shared.domain.public import (
    Improvement,
    SupplierScore,
    attractiveness_index,
    index_prior,
    most_improved,
    tier_of,
    top_suppliers,
)
from shared.domain.public.onepass import SteppedFigures, SteppedGroup, read_period

__all__ = ["SteppedFigures", "SteppedGroup", "candidate_pool", "stepped_figures",
           "stepped_score", "stepped_top", "stepped_improved"]


def stepped_figures(session: Session, config: Config, period: Period,
                    supplier_ids: list[int] | None) -> dict[int, SteppedFigures]:
    """The completed k-blocks of each supplier's ratings in the period (one read,
    ``onepass.read_period``); ``supplier_ids`` None: every supplier (one scan of the period
    by the time index, not a lookup per supplier: ``pulse scores`` over 3,000 suppliers)."""
    if supplier_ids is not None and not supplier_ids:
        return {}
    return read_period(session, config, period, suppliers=supplier_ids,
                       every_supplier=supplier_ids is None, groups=False).supplier_figures()


def stepped_score(config: Config, score: SupplierScore, fig: SteppedFigures | None,
                  company_mean_value: float | None) -> SupplierScore:
    """``score`` with its figures replaced by the completed blocks' (withheld without one)."""
    if fig is None or not fig.n:
        return SupplierScore(score.employee_id, score.personnel_no, score.full_name,
                             score.full_name_en, score.department_id, score.department_name,
                             score.department_name_en, score.has_photo, 0, 0, None, None,
                             None, None, True)
    raw = attractiveness_index(fig.score_sum, fig.n, company_mean_value,
                               config.rating.prior_weight)
    index = attractiveness_index(fig.score_sum - fig.offset_sum, fig.n, company_mean_value,
                                 config.rating.prior_weight) \
        if config.fairness.correct_leniency else raw
    return SupplierScore(score.employee_id, score.personnel_no, score.full_name,
                         score.full_name_en, score.department_id, score.department_name,
                         score.department_name_en, score.has_photo, fig.n, fig.clients,
                         fig.score_sum / fig.n, fig.happy / fig.n, index,
                         tier_of(config, index, fig.clients), False, raw)


def _covering(session: Session, config: Config, period: Period, ids: list[int],
              figs: Mapping[int, SteppedFigures] | None) -> Mapping[int, SteppedFigures]:
    """``figs`` if it holds every one of ``ids`` (cut already), else they are read."""
    if figs is None:
        return stepped_figures(session, config, period, ids)
    missing = [i for i in ids if i not in figs]
    if not missing:
        return figs
    return {**figs, **stepped_figures(session, config, period, missing)}


def candidate_pool(limit: int) -> int:
    # Candidates by the live figures, re-ranked by the stepped ones: a wider pool so that
    # someone whose open block holds a dip does not push a steadier supplier off the list.
    return 2 * limit + 5


def stepped_top(session: Session, config: Config, period: Period, limit: int,
                candidates: list[SupplierScore] | None = None,
                figs: Mapping[int, SteppedFigures] | None = None
                ) -> tuple[list[SupplierScore], Mapping[int, SteppedFigures]]:
    """The most attractive suppliers on their completed blocks (best first), and the blocks.
    ``candidates`` (e.g. a department's suppliers) default to the company's top ones;
    ``figs``: every supplier's blocks of the period, cut already (``onepass``)."""
    if candidates is None:
        candidates = top_suppliers(session, config, period, limit=candidate_pool(limit))
    figs = _covering(session, config, period, [c.employee_id for c in candidates], figs)
    m = index_prior(session, config, period)  # settled: a rating never moves it
    rows = [stepped_score(config, c, figs.get(c.employee_id), m) for c in candidates]
    rows = [r for r in rows if not r.withheld and r.index is not None]
    rows.sort(key=lambda r: (-(r.index or 0.0), r.full_name))
    return rows[:limit], figs


def stepped_improved(session: Session, config: Config, period: Period,
                     limit: int, figs: Mapping[int, SteppedFigures] | None = None,
                     candidates: list[Improvement] | None = None) -> list[Improvement]:
    """Most improved on the completed blocks of this period (the previous one is whole);
    ``figs`` as for ``stepped_top``, ``candidates`` the live ``most_improved`` pool."""
    if candidates is None:
        candidates = most_improved(session, config, period, limit=candidate_pool(limit))
    figs = _covering(session, config, period, [c.score.employee_id for c in candidates], figs)
    m = index_prior(session, config, period)  # settled: a rating never moves it
    out = []
    for c in candidates:
        now = stepped_score(config, c.score, figs.get(c.score.employee_id), m)
        if now.withheld or now.mean is None:
            continue
        delta = now.mean - c.previous_mean
        if delta > 0:
            out.append(Improvement(now, c.previous_mean, c.previous_n, c.previous_clients,
                                   delta))
    out.sort(key=lambda x: (-x.delta, x.score.full_name))
    return out[:limit]
