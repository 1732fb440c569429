"""The right to influence: may a client bring an improvement proposal about a supplier?

SPEC 5: only when the client's own rating is *strictly higher* than the supplier's. The
supplier's rating is their metric 3 as the kiosk shows it (the last ``rating.period_days``
plant-local days up to the end of yesterday, see ``metrics.settled_period``), public only
with at least *k* distinct clients. The client's "own rating" is the first of these that
meets *k* (``client_standing``; the screen names the basis that decided):

========== ================================================================================
basis      the figure
========== ================================================================================
``own``    the client's metric 3 in that window
``own_long`` the client's own received ratings over ``rating.influence_long_days`` settled
           days (default 90): still the client's own service, measured longer
``team``   the ratings received by the client's team (the other people with the client's
           manager) in the metric-3 window
``department`` the same for the client's department with its sub-departments, then each
           enclosing department up the tree (``levels_up`` 0, 1, ...)
========== ================================================================================

A unit's figure leaves out the client's own received ratings and the ratings the client
gave: the first are below *k* (that is why a unit decides), so a unit figure that held them
could be set against the team's other figures to learn them; the second would let a client
raise their own basis by rating their colleagues. Only means are shown, never a unit's
count. A rating given today counts from tomorrow, as in metric 3.

The decision is a code plus parameters (the kiosk explains it in words):

============================ ===========================================================
reason                       params
============================ ===========================================================
``None`` (allowed)           ``client_mean``, ``supplier_mean``, the basis (below)
``self``                     --
``unknown_person``           --
``inactive``                 ``who``: ``client`` or ``supplier``
``client_not_rated_enough``  ``clients`` (the client's distinct clients so far), ``k``
``supplier_not_rated_enough`` ``k`` (never the supplier's count: not public)
``not_higher``               ``client_mean``, ``supplier_mean``, the basis
============================ ===========================================================

The basis parameters: ``basis`` (``own``, ``own_long``, ``team``, ``department``),
``days`` (its window), and for ``department`` ``unit_name``, ``unit_name_en`` and
``levels_up``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, distinct, func, select
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.models import Employee, Rating, peer_ratings
from shared.domain.departments import DepartmentTree
from shared.domain.metrics import ReceivedSummary, received_summary, settled_period
from shared.domain.periods import Period, last_days, local_today

# The ratings units received: other people's, read through ``peer_ratings`` (on the kiosk's
# PostgreSQL role raters are pseudonyms there and ratings dated by their day only).
_P = peer_ratings.c

REASONS = ("self", "unknown_person", "inactive", "client_not_rated_enough",
           "supplier_not_rated_enough", "not_higher")
BASES = ("own", "own_long", "team", "department")


@dataclass(frozen=True)
class InfluenceDecision:
    allowed: bool
    reason: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Standing:
    """The client's own rating for the right to influence, and what decided it. ``mean`` is
    None when no basis meets *k* (``clients``: the client's own distinct clients, visible on
    the home screen anyway)."""

    mean: float | None
    basis: str | None
    days: int
    clients: int
    unit_name: str | None = None
    unit_name_en: str | None = None
    levels_up: int | None = None

    def params(self) -> dict[str, Any]:
        out: dict[str, Any] = {"basis": self.basis, "days": self.days}
        if self.basis == "department":
            out.update(unit_name=self.unit_name, unit_name_en=self.unit_name_en,
                       levels_up=self.levels_up)
        return out


def _unit_figure(session: Session, config: Config, client_id: int, period: Period,
                 suppliers: ColumnElement[bool]) -> float | None:
    """The mean of the ratings a unit received in ``period``, without the client's own
    received or given ratings; None below *k* distinct clients."""
    lo, hi = period.utc_bounds(config.tz)
    n, total, clients = session.execute(
        select(func.count(), func.sum(_P.score), func.count(distinct(_P.rater_id)))
        .where(suppliers, _P.supplier_id != client_id, _P.rater_id != client_id,
               _P.status == "ok", _P.created_at >= lo, _P.created_at < hi)).one()
    if not n or (clients or 0) < config.site.k_anonymity:
        return None
    return float(total) / n


def _units(session: Session, client: Employee
           ) -> Iterator[tuple[str, ColumnElement[bool], dict[str, Any]]]:
    """The units containing the client, smallest first: the team, then the department with
    its sub-departments and each enclosing one."""
    if client.manager_id is not None:
        team = select(Employee.id).where(Employee.manager_id == client.manager_id)
        yield "team", _P.supplier_id.in_(team), {}
    tree = DepartmentTree.load(session)
    for level, dep_id in enumerate([client.department_id, *tree.ancestors(client.department_id)]):
        info = tree.departments.get(dep_id)
        if info is None:
            continue
        yield ("department", _P.supplier_department_id.in_(tree.subtree(dep_id)),
               {"unit_name": info.name, "unit_name_en": info.name_en, "levels_up": level})


def client_standing(session: Session, config: Config, client: Employee,
                    today: dt.date) -> Standing:
    """The client's own rating for the right to influence (see the module doc)."""
    period = settled_period(config, None, today)
    assert period is not None  # the default window always has settled days
    mine = received_summary(session, config, client.id, period)
    if not mine.withheld and mine.mean is not None:
        return Standing(mine.mean, "own", period.days, mine.clients)
    long_days = config.rating.influence_long_days
    if long_days > period.days:
        longer = received_summary(session, config, client.id,
                                  last_days(long_days, today - dt.timedelta(days=1)))
        if not longer.withheld and longer.mean is not None:
            return Standing(longer.mean, "own_long", long_days, mine.clients)
    for basis, suppliers, extra in _units(session, client):
        mean = _unit_figure(session, config, client.id, period, suppliers)
        if mean is not None:
            return Standing(mean, basis, period.days, mine.clients, **extra)
    return Standing(None, None, period.days, mine.clients)


def may_influence(session: Session, config: Config, client_id: int, supplier_id: int,
                  today: dt.date | None = None) -> InfluenceDecision:
    """Whether ``client_id`` may file a proposal about ``supplier_id`` (see the module doc)."""
    if client_id == supplier_id:
        return InfluenceDecision(False, "self")
    people = {e.id: e for e in session.execute(
        select(Employee).where(Employee.id.in_((client_id, supplier_id)))).scalars()}
    if len(people) < 2:
        return InfluenceDecision(False, "unknown_person")
    if not people[client_id].active:
        return InfluenceDecision(False, "inactive", {"who": "client"})
    if not people[supplier_id].active:
        return InfluenceDecision(False, "inactive", {"who": "supplier"})
    today = today or local_today(config.tz)
    mine = client_standing(session, config, people[client_id], today)
    if mine.mean is None:  # no basis meets k: the supplier's figure is not even read
        return decide(mine, None, config.site.k_anonymity)
    return decide(mine, received_summary(session, config, supplier_id,
                                         settled_period(config, None, today)),
                  config.site.k_anonymity)


def decide(mine: Standing, theirs: ReceivedSummary | None, k: int) -> InfluenceDecision:
    """The decision from the client's standing and the supplier's metric 3 (k applied)."""
    if mine.mean is None:
        return InfluenceDecision(False, "client_not_rated_enough",
                                 {"clients": mine.clients, "k": k})
    if theirs is None or theirs.withheld or theirs.mean is None:
        return InfluenceDecision(False, "supplier_not_rated_enough", {"k": k})
    params = {"client_mean": round(mine.mean, 2), "supplier_mean": round(theirs.mean, 2),
              **mine.params()}
    if mine.mean > theirs.mean:
        return InfluenceDecision(True, None, params)
    return InfluenceDecision(False, "not_higher", params)


@dataclass(frozen=True)
class InfluenceSummary:
    """How many of the people who rated in the period can get a decision (issue 14): a rater
    is *allowed* when they may propose to at least one supplier they rated, *refused* when
    every decision is ``not_higher`` (refused with figures), *undecided* otherwise (no basis
    meets k, or none of their suppliers has a public figure)."""

    period: Period
    raters: int
    decided: int
    allowed: int
    refused: int
    undecided: int
    bases: dict[str, int]  # decided raters per basis


def influence_summary(session: Session, config: Config,
                      today: dt.date | None = None) -> InfluenceSummary:
    """The right to influence over everyone who rated in the last ``rating.period_days``
    days up to today, for each supplier they rated there (one decision per pair, as
    ``may_influence`` gives it; each person's standing and figure read once)."""
    today = today or local_today(config.tz)
    period = last_days(config.rating.period_days, today)
    lo, hi = period.utc_bounds(config.tz)
    pairs: dict[int, set[int]] = {}
    for rater, supplier in session.execute(
            select(Rating.rater_id, Rating.supplier_id).distinct()
            .where(Rating.status == "ok", Rating.created_at >= lo, Rating.created_at < hi)):
        pairs.setdefault(rater, set()).add(supplier)
    people = {e.id: e for e in session.execute(
        select(Employee).where(Employee.id.in_(set(pairs) | set().union(*pairs.values())),
                               Employee.active)).scalars()}
    settled = settled_period(config, None, today)
    k = config.site.k_anonymity
    figures: dict[int, ReceivedSummary] = {}
    allowed = refused = 0
    bases: dict[str, int] = {}
    for rater, suppliers in pairs.items():
        if rater not in people:
            continue
        mine = client_standing(session, config, people[rater], today)
        decisions = []
        for supplier in sorted(suppliers & people.keys()):
            if mine.mean is not None and supplier not in figures:
                figures[supplier] = received_summary(session, config, supplier, settled)
            decisions.append(decide(mine, figures.get(supplier), k))
        if any(d.allowed for d in decisions):
            allowed += 1
        elif any(d.reason == "not_higher" for d in decisions):
            refused += 1
        else:
            continue
        bases[str(mine.basis)] = bases.get(str(mine.basis), 0) + 1
    decided = allowed + refused
    return InfluenceSummary(period, len(pairs), decided, allowed, refused,
                            len(pairs) - decided, bases)
