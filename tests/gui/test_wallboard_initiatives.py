"""The initiative map slide: first in the playlist, the model's figures on screen, readable
sizes, whole names, pages as playlist steps, k and the empty map."""

# The fixtures are imported from wallboard_helpers (pytest finds them by name).
# ruff: noqa: F811

from __future__ import annotations

import re

import pytest
from sqlalchemy import delete, insert, select

from shared.config import SlideConfig
from shared.db import Database
from shared.db.models import Department, Initiative, Segment
from tests.gui.wallboard_helpers import (  # noqa: F401 - fixtures
    _demo_template,
    clock,
    db_source,
    demo_db,
    empty_db,
    make_window,
    show_slide,
    wb_config,
)

pytestmark = pytest.mark.gui


def test_the_living_map_opens_the_default_playlist(qtbot, demo_db: Database, wb_config,
                                                   clock) -> None:
    wb_config.wallboard.windows = []
    assert wb_config.wallboard.playlist[0].slide == "initiatives"
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, clock), clock)
    slide = window.slides["initiatives"]
    assert window.current_widget() is slide and window.title.text() == slide.title()
    live = window.data.initiatives
    assert live is not None and not live.empty
    texts = []
    for page in range(slide.pages()):
        slide.show_page(page)
        texts += slide.shown_texts()
    # Every segment, goal, named department and published figure is on some page, whole.
    for seg in live.segments:
        assert seg.name in texts
        if not seg.initiatives:
            assert "No initiatives for this segment yet." in texts
        for row in seg.initiatives:
            assert row.supplier_department is None or f"\u2192 {row.supplier_department}" in texts
            if row.now.mean is not None:
                assert f"{row.now.mean:.1f}".replace(".", ",") in texts
            else:
                assert "not enough ratings yet" in texts
    assert any(t.startswith(("\u25b2", "\u25bc", "\u25c6")) for t in texts)  # changes
    assert not any("\u2026" in t for t in texts)


def test_text_is_readable_from_four_metres(qtbot, demo_db: Database, wb_config,
                                           clock) -> None:
    wb_config.wallboard.windows = []
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, clock), clock)
    slide = window.slides["initiatives"]
    assert slide.unit == pytest.approx(1.0)
    assert min(f.pixelSize() for f in slide._fonts().values()) >= 30
    frame = window.grab().toImage()
    assert frame.width() == 1920


def test_more_segments_than_fit_go_on_pages_each_a_playlist_step(qtbot, demo_db: Database,
                                                                  wb_config, clock) -> None:
    with demo_db.write() as s:
        deps = s.scalars(select(Department.id).order_by(Department.id)).all()
        for i in range(6):
            seg = s.execute(insert(Segment).returning(Segment.id),
                            [dict(name=f"Сегмент {i:02d}", goal="Цель сегмента, которая "
                                  "длиннее одной строки экрана, чтобы перенос был виден на "
                                  "стене, и ещё немного слов для верности")]).scalar_one()
            s.execute(insert(Initiative), [
                dict(segment_id=seg, metric="Выполнение плана, %",
                     supplier_improvement=f"Улучшение {j}", supplier_department_id=deps[j])
                for j in range(3)])
    wb_config.wallboard.windows = []
    wb_config.wallboard.playlist = [SlideConfig("initiatives", 30), SlideConfig("rankings", 20)]
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, clock), clock)
    slide = window.slides["initiatives"]
    pages = slide.pages()
    assert pages >= 3
    seen: list[list[str]] = []
    for _ in range(pages):
        assert window.current_widget() is slide
        seen.append(slide.shown_texts())
        clock.advance(30)
        window.tick()
    assert window.current_widget() is window.slides["rankings"]
    assert len({tuple(p) for p in seen}) == pages  # each page shows other rows
    names = {s.name for s in window.data.initiatives.segments}
    assert names <= {t for page in seen for t in page}
    # No page runs past the screen: its blocks fit the slide's height.
    for page in slide._layout():
        room = slide.height() - slide._header_height() - slide._footer_height()
        assert sum(b.height for b in page) <= room


def test_below_k_cells_say_not_enough_ratings(qtbot, demo_db: Database, wb_config,
                                              clock) -> None:
    wb_config.wallboard.windows = []
    wb_config.site.k_anonymity = 10  # the seeded segments' months still reach it ...
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, clock), clock)
    assert any(not r.now.withheld for s in window.data.initiatives.segments
               for r in s.initiatives)
    wb_config.site.k_anonymity = 10_000  # ... this nobody's month reaches
    window.refresher.refresh()
    slide = window.slides["initiatives"]
    rows = [r for s in window.data.initiatives.segments for r in s.initiatives]
    assert rows and all(r.now.withheld and r.now.mean is None for r in rows)
    show_slide(window, "initiatives")
    texts = slide.shown_texts()
    assert texts.count("not enough ratings yet") == sum(
        1 for b in slide._layout()[slide.page] if b.row is not None)
    assert not [t for t in texts if re.fullmatch(r"\d,\d", t)]  # no score anywhere


def test_without_a_map_the_slide_is_skipped(qtbot, demo_db: Database, wb_config,
                                            clock) -> None:
    with demo_db.write() as s:
        s.execute(delete(Initiative))
    wb_config.wallboard.windows = []
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, clock), clock)
    assert window.data.initiatives is not None and window.data.initiatives.empty
    assert not window.slides["initiatives"].available(window.data)
    assert window.playlist.current.slide == wb_config.wallboard.playlist[1].slide
