"""The right to influence: may a client bring an improvement proposal about a supplier?

SPEC 5: only when the client's own received score (metric 3, as the kiosk shows it: the
last ``rating.period_days`` plant-local days up to the end of yesterday, see
``metrics.settled_period``) is *strictly higher* than the supplier's. Both scores must be
public, i.e. each person was rated by at least *k* distinct clients in that window;
otherwise there is nothing to compare. The kiosk shows both means, so a rating given today
must not move them (differencing, SPEC 4): it counts from tomorrow.

The decision is a code plus parameters (the kiosk explains it in words):

========================== ==================================================
reason                     params
========================== ==================================================
``None`` (allowed)         ``client_mean``, ``supplier_mean``
``self``                   --
``unknown_person``         --
``inactive``               ``who``: ``client`` or ``supplier``
``client_not_rated_enough`` ``clients`` (distinct clients so far), ``k``
``supplier_not_rated_enough`` ``k`` (never the supplier's count: not public)
``not_higher``             ``client_mean``, ``supplier_mean``
========================== ==================================================
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.models import Employee
from shared.domain.metrics import received_summary, settled_period
from shared.domain.periods import local_today

REASONS = ("self", "unknown_person", "inactive", "client_not_rated_enough",
           "supplier_not_rated_enough", "not_higher")


@dataclass(frozen=True)
class InfluenceDecision:
    allowed: bool
    reason: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


def may_influence(session: Session, config: Config, client_id: int, supplier_id: int,
                  today: dt.date | None = None) -> InfluenceDecision:
    """Whether ``client_id`` may file a proposal about ``supplier_id`` (see the module doc)."""
    if client_id == supplier_id:
        return InfluenceDecision(False, "self")
    active = dict(session.execute(select(Employee.id, Employee.active)
                                  .where(Employee.id.in_((client_id, supplier_id)))).all())
    if len(active) < 2:
        return InfluenceDecision(False, "unknown_person")
    if not active[client_id]:
        return InfluenceDecision(False, "inactive", {"who": "client"})
    if not active[supplier_id]:
        return InfluenceDecision(False, "inactive", {"who": "supplier"})
    period = settled_period(config, None, today or local_today(config.tz))
    assert period is not None  # the default window always has settled days
    k = config.site.k_anonymity
    mine = received_summary(session, config, client_id, period)
    if mine.withheld or mine.mean is None:
        return InfluenceDecision(False, "client_not_rated_enough",
                                 {"clients": mine.clients, "k": k})
    theirs = received_summary(session, config, supplier_id, period)
    if theirs.withheld or theirs.mean is None:
        return InfluenceDecision(False, "supplier_not_rated_enough", {"k": k})
    params = {"client_mean": round(mine.mean, 2), "supplier_mean": round(theirs.mean, 2)}
    if mine.mean > theirs.mean:
        return InfluenceDecision(True, None, params)
    return InfluenceDecision(False, "not_higher", params)
