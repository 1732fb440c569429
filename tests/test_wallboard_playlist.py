"""The wallboard's playlist cursor and office-hours windows (pure, injected clock)."""

from __future__ import annotations

import datetime as dt

import pytest

from wallboard.playlist import (
    Playlist,
    PlaylistEntry,
    WindowError,
    is_showing,
    next_start,
    parse_window,
    parse_windows,
)


class Mono:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def test_order_and_durations() -> None:
    clock = Mono()
    p = Playlist([PlaylistEntry("map", 25), PlaylistEntry("rankings", 20),
                  PlaylistEntry("trend", 10)], clock)
    shown = [p.current.slide]
    changes = []
    for second in range(1, 111):
        clock.t = second
        if p.tick():
            shown.append(p.current.slide)
            changes.append(second)
    assert shown[:5] == ["map", "rankings", "trend", "map", "rankings"]
    assert changes[:4] == [25, 45, 55, 80]


def test_unavailable_slides_are_skipped_and_manual_steps() -> None:
    clock = Mono()
    p = Playlist([PlaylistEntry("map", 5), PlaylistEntry("impact", 5),
                  PlaylistEntry("trend", 5)], clock)
    p.set_available(lambda name: name != "impact")
    clock.t = 5
    assert p.tick() and p.current.slide == "trend"
    assert p.next() and p.current.slide == "map"
    assert p.previous() and p.current.slide == "trend"
    p.set_available(lambda name: name == "map")  # current one gone: moves on at once
    assert p.current.slide == "map"


def test_each_page_of_a_slide_is_its_own_step() -> None:
    clock = Mono()
    p = Playlist([PlaylistEntry("initiatives", 30), PlaylistEntry("map", 20)], clock)
    pages = {"initiatives": 3, "map": 1}
    p.set_pages(lambda name: pages[name])
    shown = [(p.current.slide, p.page)]
    changes = []
    for second in range(1, 121):
        clock.t = second
        if p.tick():
            shown.append((p.current.slide, p.page))
            changes.append(second)
    assert shown[:5] == [("initiatives", 0), ("initiatives", 1), ("initiatives", 2),
                         ("map", 0), ("initiatives", 0)]
    assert changes[:4] == [30, 60, 90, 110]
    assert p.previous() and (p.current.slide, p.page) == ("map", 0)
    assert p.previous() and (p.current.slide, p.page) == ("initiatives", 2)
    pages["initiatives"] = 1  # fewer pages after a refresh: the cursor stays on a real one
    p.set_pages(lambda name: pages[name])
    assert p.page == 0
    assert p.next() and p.current.slide == "map"


def test_pause_freezes_the_remaining_time() -> None:
    clock = Mono()
    p = Playlist([PlaylistEntry("map", 10), PlaylistEntry("trend", 10)], clock)
    clock.t = 4
    assert p.toggle_pause()
    clock.t = 100
    assert not p.tick() and p.remaining() == pytest.approx(6)
    assert not p.toggle_pause()
    clock.t = 105
    assert not p.tick()
    clock.t = 106
    assert p.tick() and p.current.slide == "trend"


def test_windows() -> None:
    office = parse_windows(["Mon-Fri 07:00-20:00", "Sat 09:00-13:00"])
    wed = dt.datetime(2026, 11, 25)
    assert is_showing(office, wed.replace(hour=7))
    assert is_showing(office, wed.replace(hour=19, minute=59))
    assert not is_showing(office, wed.replace(hour=20))
    assert not is_showing(office, wed.replace(hour=6, minute=59))
    sat = dt.datetime(2026, 11, 28)
    assert is_showing(office, sat.replace(hour=10))
    assert not is_showing(office, sat.replace(hour=14))
    assert not is_showing(office, dt.datetime(2026, 11, 29, 12))  # Sunday
    assert is_showing((), wed)  # no windows: always on
    assert next_start(office, sat.replace(hour=14)) == dt.datetime(2026, 11, 30, 7, 0)


def test_window_across_midnight_and_lists() -> None:
    night = parse_window("Fri 22:00-06:00")
    assert night.contains(dt.datetime(2026, 11, 27, 23, 0))   # Friday night
    assert night.contains(dt.datetime(2026, 11, 28, 5, 59))   # Saturday morning
    assert not night.contains(dt.datetime(2026, 11, 28, 23, 0))
    lists = parse_window("mon,wed 08:00-09:00")
    assert lists.days == frozenset({0, 2})
    assert parse_window("daily 06:00-22:00").days == frozenset(range(7))
    assert parse_window("Sat-Mon 10:00-11:00").days == frozenset({5, 6, 0})


@pytest.mark.parametrize("bad", ["Mon-Fri", "Mon-Fri 25:00-26:00", "Xyz 07:00-08:00",
                                 "Mon 08:00-08:00", "Mon-Fri 7-20"])
def test_bad_windows_say_why(bad: str) -> None:
    with pytest.raises(WindowError, match=bad.split()[0][:3] if " " in bad else "expected"):
        parse_window(bad)
