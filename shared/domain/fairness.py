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
from typing import TypedDict

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.models import Employee, FairnessExclusion, RollupPairMonth
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
    raters, r_idx = np.unique(np.fromiter((p.rater_id for p in pairs), np.int64, len(pairs)),
                              return_inverse=True)
    _, s_idx = np.unique(np.fromiter((p.supplier_id for p in pairs), np.int64, len(pairs)),
                         return_inverse=True)
    n = np.fromiter((p.n for p in pairs), np.float64, len(pairs))
    total = np.fromiter((p.score_sum for p in pairs), np.float64, len(pairs))
    n_sup = np.bincount(s_idx, weights=n)
    n_other = n_sup[s_idx] - n                      # the supplier's ratings from other clients
    has_others = n_other > 0
    offsets = np.zeros(len(raters))
    for _ in range(iterations):
        corrected = total - n * offsets[r_idx]
        sup_sum = np.bincount(s_idx, weights=corrected)
        loo_mean = np.divide(sup_sum[s_idx] - corrected, n_other,
                             out=np.zeros_like(n_other), where=has_others)
        resid = np.where(has_others, total - n * loo_mean, 0.0)
        weight = np.where(has_others, n, 0.0)
        num = np.bincount(r_idx, weights=resid, minlength=len(raters))
        den = np.bincount(r_idx, weights=weight, minlength=len(raters)) + shrinkage
        offsets = num / den
        # Centred on the volume-weighted mean: the correction moves suppliers against each
        # other, never the company mean.
        vol = np.bincount(r_idx, weights=n, minlength=len(raters))
        offsets -= float(np.dot(offsets, vol) / vol.sum())
    return Leniency({int(r): float(o) for r, o in zip(raters, offsets, strict=True)},
                    shrinkage)


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


def settled_leniency(session: Session, config: Config, period: Period) -> Leniency:
    """Offsets estimated on the whole month before the period starts: settled, so a rating
    given today moves no published figure through the correction (it would otherwise tell
    its score as the index moved without a block completing). Kept per session."""
    cache: dict[tuple[str, float], Leniency] = session.info.setdefault("leniency", {})
    month = previous(month_period(period.start.strftime("%Y-%m"))).start.strftime("%Y-%m")
    key = (month, config.fairness.leniency_shrinkage)
    if key not in cache:
        cache[key] = estimate_leniency(pair_sums(session, [month],
                                                 excluded_pairs(session, month)),
                                       config.fairness.leniency_shrinkage)
    return cache[key]


@dataclass(frozen=True)
class Adjustment:
    """What the published figures of a period take out: leniency offsets and the ordered
    client->supplier pairs of excluded rings."""

    leniency: Leniency
    excluded: frozenset[tuple[int, int]]


def published_adjustment(session: Session, config: Config, period: Period) -> Adjustment:
    """The fairness adjustment of a period's published figures (one rule for the wallboard,
    posters, ``pulse scores`` and tiers)."""
    months = period.months()
    excluded: frozenset[tuple[int, int]] = frozenset().union(
        *(excluded_pairs(session, m) for m in months))
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


def find_rings(pairs: Sequence[PairSums], departments: Mapping[int, int], month: str, *,
               min_lift: float, min_ratings: int, volume_ratio: float,
               min_others: int) -> list[Ring]:
    """Rings in one month's client->supplier sums (pure; see the module docstring)."""
    by_pair = {(p.rater_id, p.supplier_id): p for p in pairs}
    sup_n: dict[int, int] = defaultdict(int)
    sup_sum: dict[int, int] = defaultdict(int)
    for p in pairs:
        sup_n[p.supplier_id] += p.n
        sup_sum[p.supplier_id] += p.score_sum
    # The usual volume of one client->supplier pair between two departments: the median.
    dep_volumes: dict[tuple[int, int], list[int]] = defaultdict(list)
    for p in pairs:
        dep_volumes[(departments.get(p.rater_id, 0), departments.get(p.supplier_id, 0))] \
            .append(p.n)
    usual = {key: float(np.median(v)) for key, v in dep_volumes.items()}

    def evidence(p: PairSums) -> RingPair | None:
        others_n = sup_n[p.supplier_id] - p.n
        if p.n < min_ratings or others_n < min_others:
            return None
        others_mean = (sup_sum[p.supplier_id] - p.score_sum) / others_n
        key = (departments.get(p.rater_id, 0), departments.get(p.supplier_id, 0))
        e = RingPair(p.rater_id, p.supplier_id, p.n, p.score_sum / p.n, others_mean, others_n,
                     usual[key])
        if e.lift < min_lift or p.n < volume_ratio * e.usual_n:
            return None
        return e

    suspicious: list[tuple[RingPair, RingPair]] = []
    for (a, b), p in by_pair.items():
        if a < b and (b, a) in by_pair:
            ab, ba = evidence(p), evidence(by_pair[(b, a)])
            if ab is not None and ba is not None:
                suspicious.append((ab, ba))
    # Connected components of the suspicious mutual pairs (union-find).
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for ab, _ in suspicious:
        parent[root(ab.rater_id)] = root(ab.supplier_id)
    groups: dict[int, list[tuple[RingPair, RingPair]]] = defaultdict(list)
    for edge in suspicious:
        groups[root(edge[0].rater_id)].append(edge)
    rings = []
    for edges in groups.values():
        members = sorted({x for ab, _ in edges for x in (ab.rater_id, ab.supplier_id)})
        mutual = sum(1 for i, a in enumerate(members) for b in members[i + 1:]
                     if (a, b) in by_pair and (b, a) in by_pair)
        lifts = [e.lift for edge in edges for e in edge]
        score = float(np.mean(lifts)) * len(edges) / max(mutual, 1)
        flat = tuple(sorted((e for edge in edges for e in edge),
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
    session.add(FairnessExclusion(ring_id=ring, month=month, members=json.dumps(
        list(found.members)), reason=reason, created_by=actor, created_at=now))
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
