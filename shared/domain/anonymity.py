"""Anonymity rules every public figure goes through: the k threshold and the differencing guard.

*k threshold.* A figure (mean, CSAT, index, comments) about a group of ratings is shown
only when at least ``k = site.k_anonymity`` distinct clients gave them. Below that the row
is returned with ``withheld=True`` and no score: a view says "not enough ratings yet".

*Differencing guard.* Two shown figures for a group G and a sub-group S of it (a department
and its sub-department; the whole company and one department; a department group's weekly
trend and the company's) give away the ratings in ``G \\ S``. That difference must be empty
(identical figures) or come from at least ``k`` distinct clients; otherwise S is withheld
(reason ``differencing``). Counting distinct clients of ``G \\ S`` exactly costs a query, so
two exact bounds decide most cases first:

* ``clients(G) - clients(S) <= clients(G \\ S) <= n(G) - n(S)``
  (a client of G who is no client of S rated something in the difference; the difference
  holds ``n(G) - n(S)`` ratings). Lower bound >= k: safe. Upper bound < k: unsafe.
  Only in between is the exact count asked for (``exact_difference``).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass

from shared.config import Config

__all__ = ["k_of", "meets_k", "KBlocks", "GroupFigure", "difference_safe",
           "differencing_withheld", "WITHHELD_K", "WITHHELD_DIFFERENCING"]

WITHHELD_K = "k"
WITHHELD_DIFFERENCING = "differencing"


def k_of(config: Config) -> int:
    """The configured threshold (3..10, validated by the config)."""
    return int(config.site.k_anonymity)


def meets_k(clients: int | None, k: int) -> bool:
    """True when ``clients`` distinct clients are enough to show a figure."""
    return (clients or 0) >= k


class KBlocks:
    """One group's ratings, fed in the order they reached the database, published in blocks.

    The ratings are cut into consecutive blocks that each hold ratings from at least ``k``
    distinct clients; what may be shown covers the completed blocks only (``counts`` per
    score 1..5, ``clients``, ``last_id``). Two looks at a figure then differ by a whole
    block, never by one rating (the start screen's mood, every wallboard figure, posters,
    the initiative map). The one k-block cut of the product: ``public.onepass`` feeds one of
    these per supplier, department, department pair and map cell from a single read. Named
    slots, no per-rating allocation: a month at plant scale feeds it a few million times
    (3 M calls: 0.93 s, as fast as the positional list it replaced).
    """

    __slots__ = ("k", "block", "open", "open_offset", "counts", "clients", "last_id",
                 "offset_sum")

    def __init__(self, k: int) -> None:
        self.k = k
        self.block: set[int] = set()          # clients of the open block
        self.open = [0, 0, 0, 0, 0]           # the open block's ratings per score 1..5
        self.open_offset = 0.0
        self.counts = [0, 0, 0, 0, 0]         # the completed blocks' ratings per score 1..5
        self.clients: set[int] = set()        # the completed blocks' distinct clients
        self.last_id: int | None = None       # the last rating of the last completed block
        self.offset_sum = 0.0  # the raters' leniency offsets of the counted ratings

    def add(self, rater_id: int, score: int, rating_id: int | None = None,
            offset: float = 0.0) -> None:
        """One rating; ``offset``: its rater's leniency offset (``fairness``), summed over
        the completed blocks so the index can take it out."""
        block = self.block
        block.add(rater_id)
        self.open[score - 1] += 1
        self.open_offset += offset
        if len(block) >= self.k:  # meets_k, inlined: the hottest line of a refresh
            counts, done = self.counts, self.open
            counts[0] += done[0]
            counts[1] += done[1]
            counts[2] += done[2]
            counts[3] += done[3]
            counts[4] += done[4]
            self.clients |= block
            self.offset_sum += self.open_offset
            self.block, self.open, self.last_id = set(), [0, 0, 0, 0, 0], rating_id
            self.open_offset = 0.0

    @property
    def n(self) -> int:
        return sum(self.counts)

    @property
    def score_sum(self) -> int:
        c = self.counts
        return c[0] + 2 * c[1] + 3 * c[2] + 4 * c[3] + 5 * c[4]

    @property
    def happy(self) -> int:
        """Ratings of 4-5 in the completed blocks."""
        return self.counts[3] + self.counts[4]


@dataclass(frozen=True)
class GroupFigure:
    """Volume and distinct clients of a group of ratings (before anything is shown)."""

    n: int
    clients: int


def difference_safe(group: GroupFigure, sub: GroupFigure, k: int,
                    exact_difference: Callable[[], int]) -> bool:
    """May figures of ``group`` and of its sub-group ``sub`` both be shown?"""
    diff_n = group.n - sub.n
    if diff_n <= 0:
        return True  # same ratings: the two figures are identical, nothing is isolated
    if group.clients - sub.clients >= k:
        return True
    if diff_n < k:
        return False
    return exact_difference() >= k


def _frontier(key: Hashable, children: Mapping[Hashable, Sequence[Hashable]],
              visible: set[Hashable]) -> list[Hashable]:
    """The nearest visible descendants of ``key`` (not looking below a visible one)."""
    out: list[Hashable] = []
    stack = list(children.get(key, ()))
    while stack:
        node = stack.pop()
        if node in visible:
            out.append(node)
        else:
            stack.extend(children.get(node, ()))
    return out


def differencing_withheld(figures: Mapping[Hashable, GroupFigure],
                          children: Mapping[Hashable, Sequence[Hashable]],
                          roots: Sequence[Hashable], k: int,
                          exact_difference: Callable[[Hashable, tuple[Hashable, ...]], int],
                          ) -> set[Hashable]:
    """Groups to withhold so that nothing shown can be subtracted down to fewer than k clients.

    The groups form a tree (``children``; e.g. the company, its departments, their
    sub-departments), a child's ratings being a subset of its parent's. For every shown
    group G, the *residual* -- G minus the union of its nearest shown descendants (which
    are disjoint) -- must be empty or come from at least k distinct clients, because its
    sums are G's sums minus theirs. While it is not, the smallest of those descendants is
    withheld (its own shown descendants then take its place). This also covers every pair
    "group vs. sub-group". ``exact_difference(G, subs)`` counts the distinct clients of
    G minus the union of ``subs`` -- or returns any bound of that count that lies on the
    same side of k; it is called only when the bounds of ``difference_safe`` cannot decide.
    Groups below k are not shown anyway and take no part.
    """
    visible = {key for key, fig in figures.items() if meets_k(fig.clients, k)}
    withheld: set[Hashable] = set()
    depth: dict[Hashable, int] = {}
    stack = [(r, 0) for r in roots]
    while stack:
        node, d = stack.pop()
        depth[node] = d
        stack.extend((c, d + 1) for c in children.get(node, ()))
    for group in sorted(visible, key=lambda x: depth.get(x, 0)):
        if group in withheld:
            continue
        while True:
            subs = _frontier(group, children, visible)
            if not subs:
                break
            g = figures[group]
            union = GroupFigure(sum(figures[s].n for s in subs),
                                sum(figures[s].clients for s in subs))
            frozen = tuple(subs)

            def exact(grp: Hashable = group, ss: tuple[Hashable, ...] = frozen) -> int:
                return exact_difference(grp, ss)

            if difference_safe(g, union, k, exact):
                break
            smallest = min(subs, key=lambda s: (figures[s].clients, figures[s].n, str(s)))
            visible.discard(smallest)
            withheld.add(smallest)
    return withheld
