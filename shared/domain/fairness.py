"""Fair rankings: each rater's leniency taken out of the index, and rings of colleagues who
rate each other up found for admins.

Leniency (docs/metrics.md, "Harsh and lenient raters"). A rating is modelled as

    score(r, s) = quality(s) + offset(r) + noise

A rater's offset is estimated *leave-one-out*: each of their ratings is compared with the
mean the same supplier got from its other clients (so a rater cannot pull the consensus they
are compared with), and the residuals are shrunk towards zero like a Bayesian average::

    offset(r) = sum_s n_rs * (mean_rs - loo_mean_s(r)) / (n_r + L)

``L = fairness.leniency_shrinkage`` ratings at offset 0: a rater with three ratings barely
moves, one with sixty is believed. Supplier means and offsets are refined together a few
times (supplier means computed on corrected scores), and the offsets are centred (weighted
by volume) so the company mean does not move. The corrected score sum of a supplier is
``sum - sum_r n_rs * offset(r)``; the index is the same Bayesian average over it.

Rings. For every client->supplier pair of a month, the *lift* is how far the client's mean of
the supplier lies above the mean of the supplier's other clients. A mutual pair (a rates b
and b rates a) is suspicious when both lifts reach ``fairness.ring_min_lift``, both directions
have at least ``fairness.ring_min_ratings`` ratings and their volume is at least
``fairness.ring_volume_ratio`` times the usual volume of a client->supplier pair between the
same two departments. Suspicious pairs joined by shared people are one ring. The ring's
score is its mean lift times its reciprocity (the share of members' mutual pairs that are
suspicious). A department that simply likes its supplier is not a ring: its other clients
like the supplier too (no lift), and nobody rates back.

Nothing here is public: offsets are never shown per person (``rater_offsets_summary`` gives
a distribution, and only for groups of at least k raters), rings only to admins.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypedDict

import numpy as np
from sqlalchemy import Engine, func, insert, select
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.models import (
    Employee,
    FairnessExcludedRating,
    FairnessExclusion,
    Rating,
    RollupPairMonth,
)
from shared.domain.anonymity import k_of
from shared.domain.periods import Period, month_period, previous

__all__ = ["PairSums", "Adjustment", "published_adjustment", "settled_leniency", "Leniency",
           "estimate_leniency", "corrected_sums", "pair_sums", "RingPair", "Ring", "find_rings",
           "rings_for_month", "excluded_pairs", "rater_offsets_summary", "exclude_ring",
           "restore_ring", "ring_id"]

ITERATIONS = 5


@dataclass(frozen=True)
class PairSums:
    """One client's ratings of one supplier in the period: count and sum of scores."""

    rater_id: int
    supplier_id: int
    n: int
    score_sum: int


@dataclass(frozen=True)
class Leniency:
    """Every rater's estimated offset (points above the consensus; negative = harsh)."""

    offsets: Mapping[int, float]
    shrinkage: float

    def of(self, rater_id: int) -> float:
        return self.offsets.get(rater_id, 0.0)


def estimate_leniency(pairs: Sequence[PairSums], shrinkage: float,
                      iterations: int = ITERATIONS) -> Leniency:
    """Leave-one-out, shrunk rater offsets from client->supplier sums (pure numpy)."""
    if not pairs:
        return Leniency({}, shrinkage)
    m = len(pairs)
    return _estimate(np.fromiter((p.rater_id for p in pairs), np.int64, m),
                     np.fromiter((p.supplier_id for p in pairs), np.int64, m),
                     np.fromiter((p.n for p in pairs), np.float64, m),
                     np.fromiter((p.score_sum for p in pairs), np.float64, m),
                     shrinkage, iterations)


def _estimate(rater_ids: Any, supplier_ids: Any, n: Any, total: Any, shrinkage: float,
              iterations: int = ITERATIONS) -> Leniency:
    """``estimate_leniency`` on arrays, one entry per distinct client->supplier pair."""
    if not len(rater_ids):
        return Leniency({}, shrinkage)
    raters, r_idx = np.unique(rater_ids, return_inverse=True)
    _, s_idx = np.unique(supplier_ids, return_inverse=True)
    n_sup = np.bincount(s_idx, weights=n)
    n_other = n_sup[s_idx] - n                      # the supplier's ratings from other clients
    has_others = n_other > 0
    offsets = np.zeros(len(raters))
    vol = np.bincount(r_idx, weights=n, minlength=len(raters))
    weight = np.where(has_others, n, 0.0)
    den = np.bincount(r_idx, weights=weight, minlength=len(raters)) + shrinkage
    for _ in range(iterations):
        corrected = total - n * offsets[r_idx]
        sup_sum = np.bincount(s_idx, weights=corrected)
        loo_mean = np.divide(sup_sum[s_idx] - corrected, n_other,
                             out=np.zeros_like(n_other), where=has_others)
        resid = np.where(has_others, total - n * loo_mean, 0.0)
        offsets = np.bincount(r_idx, weights=resid, minlength=len(raters)) / den
        # Centred on the volume-weighted mean: the correction moves suppliers against each
        # other, never the company mean.
        offsets -= float(np.dot(offsets, vol) / vol.sum())
    return Leniency(dict(zip(raters.tolist(), offsets.tolist(), strict=True)), shrinkage)


def corrected_sums(pairs: Iterable[PairSums], leniency: Leniency) -> dict[int, float]:
    """Each supplier's score sum with every rater's offset taken out."""
    out: dict[int, float] = defaultdict(float)
    for p in pairs:
        out[p.supplier_id] += p.score_sum - p.n * leniency.of(p.rater_id)
    return dict(out)


def pair_sums(session: Session, months: Sequence[str],
              exclude: frozenset[tuple[int, int]] = frozenset()) -> list[PairSums]:
    """Client->supplier sums of the given months from the exact pair rollup (counted
    ratings only), less the pairs an admin excluded."""
    rows = session.execute(
        select(RollupPairMonth.rater_id, RollupPairMonth.supplier_id, RollupPairMonth.n,
               RollupPairMonth.score_sum)
        .where(RollupPairMonth.month.in_(list(months)), RollupPairMonth.n > 0)).all()
    acc: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for rater, supplier, n, total in rows:
        if (rater, supplier) in exclude:
            continue
        a = acc[(rater, supplier)]
        a[0] += n
        a[1] += total
    return [PairSums(r, s, v[0], v[1]) for (r, s), v in sorted(acc.items())]


class OffsetQuantiles(TypedDict):
    """The distribution of one group's rater offsets (at least k raters)."""

    raters: int
    mean: float
    p10: float
    p25: float
    median: float
    p75: float
    p90: float


class RaterOffsetsSummary(TypedDict):
    """``rater_offsets_summary``: plain JSON (``pulse fairness raters --json``)."""

    month: str
    k: int
    shrinkage: float
    company: OffsetQuantiles | None  # None: fewer than k raters
    departments: dict[str, OffsetQuantiles]  # by department id, groups of k or more
    departments_withheld: int


def rater_offsets_summary(session: Session, config: Config, month: str) -> RaterOffsetsSummary:
    """The distribution of rater offsets in a month, by department: for admins, and only for
    groups of at least k raters (a group's quantiles never describe one person)."""
    k = k_of(config)
    pairs = pair_sums(session, [month], excluded_pairs(session, month))
    leniency = estimate_leniency(pairs, config.fairness.leniency_shrinkage)
    departments = dict(session.execute(
        select(Employee.id, Employee.department_id)
        .where(Employee.id.in_(list(leniency.offsets)))).all()) if leniency.offsets else {}

    def describe(values: list[float]) -> OffsetQuantiles:
        a = np.array(values)
        q = np.quantile(a, [0.1, 0.25, 0.5, 0.75, 0.9])
        return {"raters": len(values), "mean": round(float(a.mean()), 3),
                "p10": round(float(q[0]), 3), "p25": round(float(q[1]), 3),
                "median": round(float(q[2]), 3), "p75": round(float(q[3]), 3),
                "p90": round(float(q[4]), 3)}

    by_dep: dict[int, list[float]] = defaultdict(list)
    for rater, offset in leniency.offsets.items():
        by_dep[departments.get(rater, 0)].append(offset)
    groups = {str(d): describe(v) for d, v in sorted(by_dep.items()) if len(v) >= k}
    return {"month": month, "k": k, "shrinkage": leniency.shrinkage,
            "company": describe(list(leniency.offsets.values()))
            if len(leniency.offsets) >= k else None,
            "departments": groups,
            "departments_withheld": sum(1 for v in by_dep.values() if len(v) < k)}


# Settled estimates kept between sessions (a wallboard refreshes every minute; the previous
# month changes only when a late offline rating or an exclusion arrives, which the
# fingerprint notices). Keyed by database, month, shrinkage and fingerprint; a few entries.
_SETTLED: dict[tuple[Any, ...], Leniency] = {}


def settled_leniency(session: Session, config: Config, period: Period) -> Leniency:
    """Offsets estimated on the whole month before the period starts: settled, so a rating
    given today moves no published figure through the correction (it would otherwise tell
    its score as the index moved without a block completing). Kept per session, and
    between sessions while the month's pair rollups and exclusions are unchanged (one
    aggregate read checks it: 25,000 people, 150 k pairs, the estimate takes seconds)."""
    cache: dict[tuple[str, float], Leniency] = session.info.setdefault("leniency", {})
    month = previous(month_period(period.start.strftime("%Y-%m"))).start.strftime("%Y-%m")
    key = (month, config.fairness.leniency_shrinkage)
    if key in cache:
        return cache[key]
    count, n_sum, score_sum = session.execute(
        select(func.count(), func.coalesce(func.sum(RollupPairMonth.n), 0),
               func.coalesce(func.sum(RollupPairMonth.score_sum), 0))
        .where(RollupPairMonth.month == month)).one()
    exclusions = tuple(session.scalars(
        select(FairnessExclusion.id).where(FairnessExclusion.month == month,
                                           FairnessExclusion.restored_at.is_(None))
        .order_by(FairnessExclusion.id)))
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    full_key = (engine.url.render_as_string(hide_password=True), id(engine), *key, int(count),
                int(n_sum), int(score_sum), exclusions)
    found = _SETTLED.get(full_key)
    if found is None:
        excluded = excluded_pairs(session, month) if exclusions else frozenset()
        rows = session.execute(
            select(RollupPairMonth.rater_id, RollupPairMonth.supplier_id, RollupPairMonth.n,
                   RollupPairMonth.score_sum)
            .where(RollupPairMonth.month == month, RollupPairMonth.n > 0)).all()
        if excluded:
            rows = [r for r in rows if (r[0], r[1]) not in excluded]
        columns = [np.array(c, dtype=np.int64) for c in zip(*rows, strict=True)] if rows \
            else [np.zeros(0, dtype=np.int64)] * 4
        found = _estimate(columns[0], columns[1], columns[2].astype(np.float64),
                          columns[3].astype(np.float64), config.fairness.leniency_shrinkage)
        if len(_SETTLED) >= 8:
            _SETTLED.pop(next(iter(_SETTLED)))
        _SETTLED[full_key] = found
    cache[key] = found
    return found


@dataclass(frozen=True)
class Adjustment:
    """What the published figures of a period take out: leniency offsets and the ordered
    client->supplier pairs of excluded rings."""

    leniency: Leniency
    excluded: frozenset[int]  # rating ids


def published_adjustment(session: Session, config: Config, period: Period) -> Adjustment:
    """The fairness adjustment of a period's published figures (one rule for the wallboard,
    posters, ``pulse scores`` and tiers)."""
    excluded = frozenset(session.scalars(
        select(FairnessExcludedRating.rating_id)
        .join(FairnessExclusion, FairnessExclusion.id == FairnessExcludedRating.exclusion_id)
        .where(FairnessExclusion.month.in_(period.months()),
               FairnessExclusion.restored_at.is_(None))))
    leniency = settled_leniency(session, config, period) if config.fairness.correct_leniency \
        else Leniency({}, config.fairness.leniency_shrinkage)
    return Adjustment(leniency, excluded)


# --- rings ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class RingPair:
    """One direction of a suspicious mutual pair, with its evidence."""

    rater_id: int
    supplier_id: int
    n: int
    mean: float
    others_mean: float
    others_n: int
    usual_n: float

    @property
    def lift(self) -> float:
        return self.mean - self.others_mean


@dataclass(frozen=True)
class Ring:
    """People who rate each other far above how their other clients rate them."""

    id: str
    month: str
    members: tuple[int, ...]
    pairs: tuple[RingPair, ...]
    score: float
    excluded: bool = False
    member_names: tuple[str, ...] = field(default=())


def ring_id(month: str, members: Iterable[int]) -> str:
    """A stable id: the month and a digest of the members (the same ring, the same id)."""
    digest = hashlib.sha256(
        json.dumps([month, sorted(members)]).encode("ascii")).hexdigest()[:8]
    return f"R{month.replace('-', '')}-{digest}"


def _components(edges: Iterable[tuple[int, int]]) -> list[set[int]]:
    """Connected groups of people joined by mutual pairs (union-find)."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        parent[root(a)] = root(b)
    groups: dict[int, set[int]] = defaultdict(set)
    for x in list(parent):
        groups[root(x)].add(x)
    return list(groups.values())


def find_rings(pairs: Sequence[PairSums], departments: Mapping[int, int], month: str, *,
               min_lift: float, min_ratings: int, volume_ratio: float,
               min_others: int) -> list[Ring]:
    """Rings in one month's client->supplier sums (pure; see the module docstring).

    A member's "other clients" leave out the whole ring: two colleagues lifting a third
    would otherwise raise the very mean each of them is compared with. So candidate groups
    (mutual pairs with the volume) are formed first, every direction is then compared with
    the supplier's clients outside the group, and the groups are re-formed from the pairs
    that pass, until nothing changes."""
    by_pair = {(p.rater_id, p.supplier_id): p for p in pairs}
    clients: dict[int, list[PairSums]] = defaultdict(list)
    for p in pairs:
        clients[p.supplier_id].append(p)
    # The usual volume of one client->supplier pair between two departments: the median.
    dep_volumes: dict[tuple[int, int], list[int]] = defaultdict(list)
    for p in pairs:
        dep_volumes[(departments.get(p.rater_id, 0), departments.get(p.supplier_id, 0))] \
            .append(p.n)
    usual = {key: float(np.median(v)) for key, v in dep_volumes.items()}

    def busy(p: PairSums) -> bool:
        key = (departments.get(p.rater_id, 0), departments.get(p.supplier_id, 0))
        return p.n >= min_ratings and p.n >= volume_ratio * usual[key]

    def evidence(p: PairSums, group: set[int]) -> RingPair | None:
        outside = [c for c in clients[p.supplier_id] if c.rater_id not in group]
        others_n = sum(c.n for c in outside)
        if others_n < min_others:
            return None
        others_mean = sum(c.score_sum for c in outside) / others_n
        key = (departments.get(p.rater_id, 0), departments.get(p.supplier_id, 0))
        e = RingPair(p.rater_id, p.supplier_id, p.n, p.score_sum / p.n, others_mean, others_n,
                     usual[key])
        return e if e.lift >= min_lift else None

    edges = {(a, b) for (a, b), p in by_pair.items()
             if a < b and (b, a) in by_pair and busy(p) and busy(by_pair[(b, a)])}
    kept: dict[tuple[int, int], tuple[RingPair, RingPair]] = {}
    for _ in range(10):
        kept = {}
        for group in _components(edges):
            for a, b in edges:
                if a in group:
                    ab = evidence(by_pair[(a, b)], group)
                    ba = evidence(by_pair[(b, a)], group)
                    if ab is not None and ba is not None:
                        kept[(a, b)] = (ab, ba)
        if set(kept) == edges:
            break
        edges = set(kept)
    rings = []
    for members_set in _components(kept):
        members = sorted(members_set)
        ring_edges = [e for (a, _b), e in kept.items() if a in members_set]
        mutual = sum(1 for i, a in enumerate(members) for b in members[i + 1:]
                     if (a, b) in by_pair and (b, a) in by_pair)
        lifts = [e.lift for edge in ring_edges for e in edge]
        score = float(np.mean(lifts)) * len(ring_edges) / max(mutual, 1)
        flat = tuple(sorted((e for edge in ring_edges for e in edge),
                            key=lambda e: (e.rater_id, e.supplier_id)))
        rings.append(Ring(ring_id(month, members), month, tuple(members), flat, round(score, 3)))
    rings.sort(key=lambda r: (-r.score, r.id))
    return rings


def _excluded_rows(session: Session, month: str) -> list[FairnessExclusion]:
    return list(session.execute(
        select(FairnessExclusion).where(FairnessExclusion.month == month,
                                        FairnessExclusion.restored_at.is_(None))).scalars())


def excluded_pairs(session: Session, month: str) -> frozenset[tuple[int, int]]:
    """The client->supplier pairs whose mutual ratings an admin excluded from rankings and
    tiers in ``month`` (every ordered pair inside an excluded ring)."""
    out: set[tuple[int, int]] = set()
    for row in _excluded_rows(session, month):
        members = json.loads(row.members)
        out.update((a, b) for a in members for b in members if a != b)
    return frozenset(out)


def rings_for_month(session: Session, config: Config, month: str) -> list[Ring]:
    """The month's rings from the pair rollup, marked when an admin excluded them."""
    pairs = pair_sums(session, [month])
    people = {row.id: row for row in session.execute(
        select(Employee.id, Employee.department_id, Employee.full_name)).all()}
    departments = {i: row.department_id for i, row in people.items()}
    f = config.fairness
    rings = find_rings(pairs, departments, month, min_lift=f.ring_min_lift,
                       min_ratings=f.ring_min_ratings, volume_ratio=f.ring_volume_ratio,
                       min_others=k_of(config))
    excluded = {row.ring_id for row in _excluded_rows(session, month)}
    return [Ring(r.id, r.month, r.members, r.pairs, r.score, r.id in excluded,
                 tuple(people[m].full_name for m in r.members if m in people)) for r in rings]


def exclude_ring(session: Session, config: Config, *, ring: str, reason: str, actor: str,
                 now: dt.datetime) -> Ring:
    """Exclude a ring's mutual ratings from rankings and tiers (audited; ``restore_ring``
    undoes it). Raises LookupError for an unknown ring, ValueError if already excluded."""
    from shared import audit
    month = _month_of(ring)
    found = next((r for r in rings_for_month(session, config, month) if r.id == ring), None)
    if found is None:
        raise LookupError(ring)
    if found.excluded:
        raise ValueError(ring)
    row = FairnessExclusion(ring_id=ring, month=month, members=json.dumps(list(found.members)),
                            reason=reason, created_by=actor, created_at=now)
    session.add(row)
    session.flush()
    lo, hi = month_period(month).utc_bounds(config.tz)
    members = list(found.members)
    ids = session.scalars(select(Rating.id).where(
        Rating.rater_id.in_(members), Rating.supplier_id.in_(members),
        Rating.created_at >= lo, Rating.created_at < hi)).all()
    if ids:
        session.execute(insert(FairnessExcludedRating),
                        [{"exclusion_id": row.id, "rating_id": i} for i in ids])
    audit.record(session, actor=actor, action="fairness.exclude",
                 details={"ring": ring, "month": month, "members": len(found.members),
                          "reason": reason})
    return found


def restore_ring(session: Session, *, ring: str, actor: str, now: dt.datetime) -> None:
    """Count a ring's mutual ratings again (audited). LookupError if it is not excluded."""
    from shared import audit
    row = session.execute(select(FairnessExclusion).where(
        FairnessExclusion.ring_id == ring, FairnessExclusion.restored_at.is_(None))).scalar()
    if row is None:
        raise LookupError(ring)
    row.restored_at = now
    row.restored_by = actor
    audit.record(session, actor=actor, action="fairness.restore",
                 details={"ring": ring, "month": row.month})


def _month_of(ring: str) -> str:
    """``R202603-abcd1234`` -> ``2026-03``; ValueError for anything else."""
    head, _, digest = ring.partition("-")
    if len(head) != 7 or not head.startswith("R") or not head[1:].isdigit() or len(digest) != 8:
        raise ValueError(ring)
    return f"{head[1:5]}-{head[5:7]}"
