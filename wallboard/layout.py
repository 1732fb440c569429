"""Deterministic node layout for the client-centricity map (pure, no Qt).

Departments sit on two arcs of one circle (right and left, none at the very top or bottom,
where horizontal names of neighbours would collide), grouped by their department group (a
gap between groups; the groups in a given rank, else by name), in name order inside a
group: the same departments always land on the same spots, so the map does not jump
between refreshes and is only recomputed when the set of departments changes. Names are
written outward, beside their node, and ``spread`` moves them apart vertically where nodes
sit closer than a line of text.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

GROUP_GAP = 0.6  # in node slots
ARC = math.radians(62)  # each side's arc reaches this far above and below the horizontal


def circular_layout(nodes: Sequence[tuple[int, str, str]],
                    group_rank: Mapping[str, float] | None = None
                    ) -> dict[int, tuple[float, float]]:
    """(id, group, name) -> position on the unit circle, first node at the top, clockwise.

    ``group_rank`` orders the groups (lowest first: the right arc, top down); without it,
    by name. The map ranks groups by how much of their volume is serving others, so the
    groups that mostly ask sit on one side, those that mostly serve on the other, and the
    client -> supplier arrows cross the middle instead of running between neighbours."""
    rank = group_rank or {}
    ordered = sorted(nodes, key=lambda n: (rank.get(n[1], 0.0), n[1] or "~", n[2], n[0]))
    if not ordered:
        return {}
    slots: list[float] = []
    position = 0.0
    previous_group: str | None = None
    for _id, group, _name in ordered:
        if previous_group is not None and group != previous_group:
            position += GROUP_GAP
        slots.append(position)
        position += 1.0
        previous_group = group
    groups = len({n[1] for n in ordered})
    total = position + (GROUP_GAP if groups > 1 else 0.0)
    out = {}
    for (node_id, _g, _n), slot in zip(ordered, slots, strict=True):
        t = (slot + 0.5) / total  # 0..1 clockwise from the top right
        if t < 0.5:  # right arc, top to bottom
            angle = ARC - 2 * ARC * (t / 0.5)
        else:  # left arc, bottom to top
            angle = math.pi + ARC - 2 * ARC * ((t - 0.5) / 0.5)
        out[node_id] = (math.cos(angle), math.sin(angle))
    return out


def spread(wanted: Sequence[float], gap: float, low: float, high: float) -> list[float]:
    """Vertical positions as close as possible to ``wanted`` (any order), at least ``gap``
    apart, within [low, high] when they fit (labels of one side of the map)."""
    order = sorted(range(len(wanted)), key=lambda i: -wanted[i])
    ys = [0.0] * len(wanted)
    y = high + gap
    for i in order:  # top down: no higher than wanted, at least gap below the previous
        y = min(wanted[i], y - gap)
        ys[i] = y
    y = low - gap
    for i in reversed(order):  # bottom up: lift what fell below the floor
        if ys[i] >= y + gap:
            break
        ys[i] = y = y + gap
    return ys


def edge_curve(a: tuple[float, float], b: tuple[float, float], bend: float = 0.18,
               points: int = 16) -> tuple[list[float], list[float]]:
    """A quadratic curve from a to b bulging to the right of the direction of travel, so the
    two directions between a pair of departments never lie on top of each other."""
    (x0, y0), (x1, y1) = a, b
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    dx, dy = x1 - x0, y1 - y0
    cx, cy = mx + dy * bend, my - dx * bend
    xs, ys = [], []
    for i in range(points + 1):
        t = i / points
        u = 1 - t
        xs.append(u * u * x0 + 2 * u * t * cx + t * t * x1)
        ys.append(u * u * y0 + 2 * u * t * cy + t * t * y1)
    return xs, ys
