"""The map's layout (pure): nodes on two side arcs, names spread a line apart."""

from __future__ import annotations

import math

from wallboard.layout import ARC, circular_layout, spread


def test_nodes_sit_on_the_side_arcs_and_never_move() -> None:
    nodes = [(i, ("a", "b", "c", "")[i % 4], f"D{i}") for i in range(21)]
    pos = circular_layout(nodes)
    assert pos == circular_layout(list(reversed(nodes)))  # stable: same set, same spots
    assert len({(round(x, 6), round(y, 6)) for x, y in pos.values()}) == 21
    for x, y in pos.values():
        assert math.isclose(x * x + y * y, 1.0)
        assert abs(y) <= math.sin(ARC) + 1e-9  # nothing at the very top or bottom
    right = [p for p in pos.values() if p[0] > 0]
    assert abs(len(right) - (21 - len(right))) <= 2


def test_spread_keeps_order_gap_and_bounds() -> None:
    wanted = [0.9, 0.88, 0.87, 0.1, -0.5, -0.86, -0.88]
    ys = spread(wanted, 0.1, -1.0, 1.0)
    order = sorted(range(len(wanted)), key=lambda i: -wanted[i])
    placed = [ys[i] for i in order]
    assert all(a - b >= 0.1 - 1e-9 for a, b in zip(placed, placed[1:], strict=False))
    assert max(ys) <= 1.0 and min(ys) >= -1.0
    assert ys[3] == 0.1 and ys[4] == -0.5  # room around them: they stay where wanted
    crowded = spread([-0.95] * 5, 0.1, -1.0, 1.0)  # pushed below the floor, lifted back
    assert min(crowded) >= -1.0 - 1e-9
    assert sorted(crowded) == sorted(set(crowded))


def test_generated_short_names_are_short_distinct_and_keep_the_tail() -> None:
    from shared.demo.catalog import DEPARTMENTS, SHORT_NAMES
    from shared.domain.names import SHORT_LIMIT, department_short, short_department_name
    for names in ([d.name for d in DEPARTMENTS], [d.name_en for d in DEPARTMENTS]):
        short = [short_department_name(n) for n in names]
        assert all(len(s) <= SHORT_LIMIT for s in short), short
        assert len(set(short)) == len(short), short
    assert len({ru for ru, _en in SHORT_NAMES.values()}) == len(SHORT_NAMES)
    assert len({en for _ru, en in SHORT_NAMES.values()}) == len(SHORT_NAMES)
    assert short_department_name("Цех №1 (трубоэлектросварочный)") == "Цех №1"
    assert short_department_name("Отдел технического контроля") == "Отдел техн. контроля"
    long_two = [short_department_name(f"Центральный склад товарно-материальных ценностей №{i}")
                for i in (1, 2)]
    assert long_two[0] != long_two[1] and all(s.endswith(("№1", "№2")) for s in long_two)
    assert department_short("Склад", "  ") == "Склад"
    assert department_short("Трубопрокатный цех №1", "ТПЦ-1") == "ТПЦ-1"
