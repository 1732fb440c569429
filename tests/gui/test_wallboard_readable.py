"""Readable from four metres: every slide's text at least 30 px and whole (an elided name never
makes two names equal), the map without overlaps, the stale banner never over a title, one
figure for a supplier on the rankings and the poster, long ticker lines scrolled, not cut."""

# The fixtures are imported from wallboard_helpers (pytest finds them by name).
# ruff: noqa: F811

from __future__ import annotations

import dataclasses
import math

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QLabel, QWidget
from sqlalchemy import select, update

from shared.db import Database
from shared.db.models import Department
from shared.demo.catalog import DEPARTMENTS
from shared.domain.posters import face_for_figure
from shared.domain.wallboard_data import TickerItem
from tests.gui.wallboard_helpers import (  # noqa: F401 - fixtures
    _demo_template,
    clock,
    db_source,
    demo_db,
    make_window,
    show_slide,
    wb_config,
)

pytestmark = pytest.mark.gui
MIN_PX = 30


def _longest_demo_names(db: Database) -> None:
    """The seeded plant's departments renamed to the demo plant's longest names (Russian and
    English), without short names: the generated ones must keep them apart."""
    longest = sorted(DEPARTMENTS, key=lambda d: -len(d.name))
    with db.write() as s:
        ids = list(s.scalars(select(Department.id).order_by(Department.id)))
        for dep_id, spec in zip(ids, longest, strict=False):
            s.execute(update(Department).where(Department.id == dep_id).values(
                name=spec.name, name_en=spec.name_en, short_name=None, short_name_en=None))


@pytest.fixture
def speaking(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from shared.qt.i18n import current_language, install_translations, uninstall_translations

    def use(language: str) -> None:
        app = QApplication.instance()
        before = current_language(app)
        install_translations(app, language)
        request.addfinalizer(lambda: install_translations(app, before) if before
                             else uninstall_translations(app))
    return use


def _pixels(widget: QWidget) -> int:
    return QFontInfo(widget.font()).pixelSize()


def _shown(label: QLabel) -> str:
    return label.shown_text() if hasattr(label, "shown_text") else label.text()


def _labels(slide: QWidget) -> list[QLabel]:
    return [lbl for lbl in slide.findChildren(QLabel)
            if lbl.isVisibleTo(slide) and lbl.text().strip()]


def _text_items(slide: QWidget) -> list[tuple[pg.TextItem, pg.GraphicsView]]:
    return [(item, view) for view in slide.findChildren(pg.GraphicsView)
            for item in view.items() if isinstance(item, pg.TextItem) and item.isVisible()
            and item.toPlainText().strip()]


def _view_rect(item: pg.TextItem, view: pg.GraphicsView) -> QRect:
    return view.mapFromScene(item.sceneBoundingRect()).boundingRect()


@pytest.mark.parametrize("language", ["ru", "en"])
def test_every_slide_is_readable_with_the_longest_names(qtbot, demo_db: Database, wb_config,
                                                        clock, speaking,
                                                        language: str) -> None:
    speaking(language)
    _longest_demo_names(demo_db)
    wb_config.wallboard.windows = []
    wb_config.site.default_language = language
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, clock), clock)
    assert window.data is not None
    checked = 0
    for name, slide in window.slides.items():
        if not slide.available(window.data):
            continue
        show_slide(window, name)
        qtbot.wait(1)
        elided: dict[str, set[str]] = {}
        for lbl in _labels(slide):
            assert _pixels(lbl) >= MIN_PX, (name, lbl.text(), _pixels(lbl))
            if lbl.wordWrap():
                continue
            shown = _shown(lbl)
            width = lbl.fontMetrics().horizontalAdvance(shown)
            assert width <= lbl.contentsRect().width() + 1, (name, shown)
            if shown != lbl.text():
                elided.setdefault(shown, set()).add(lbl.text())
        for shown, texts in elided.items():  # "…" that makes two different names equal
            assert len(texts) == 1, (name, shown, texts)
        for item, view in _text_items(slide):
            assert item.textItem.font().pixelSize() >= MIN_PX, (name, item.toPlainText())
            assert view.rect().contains(_view_rect(item, view)), (name, item.toPlainText())
        for axis in (a for view in slide.findChildren(pg.GraphicsView) for a in view.items()
                     if isinstance(a, pg.AxisItem) and a.isVisible()):
            font = axis.style.get("tickFont")
            assert font is not None and font.pixelSize() >= MIN_PX, (name, axis.orientation)
        checked += 1
    assert checked >= 6


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_map_names_every_department_whole_without_overlaps(
        qtbot, demo_db: Database, wb_config, clock, speaking, language: str) -> None:
    speaking(language)
    _longest_demo_names(demo_db)
    wb_config.wallboard.windows = []
    wb_config.site.default_language = language
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, clock), clock)
    show_slide(window, "map")
    qtbot.wait(1)
    slide = window.slides["map"]
    view = slide.plot
    names = [(item, _view_rect(item, view)) for item in slide.labels if item.isVisible()]
    assert len(names) == len(window.data.map_nodes)
    texts = [item.toPlainText() for item, _r in names]
    assert len(set(texts)) == len(texts), texts  # two shops never read the same
    for i, (a, ra) in enumerate(names):
        for b, rb in names[i + 1:]:
            assert not ra.intersected(rb).height() > 2, (a.toPlainText(), b.toPlainText())
    vb = view.getViewBox()
    spots = [(vb.mapViewToScene(p.pos()), p.size()) for p in slide.nodes.points()]
    for i, (pa, sa) in enumerate(spots):
        for pb, sb in spots[i + 1:]:
            assert math.dist((pa.x(), pa.y()), (pb.x(), pb.y())) >= (sa + sb) / 2
        for item, rect in names:  # no name over a node
            centre = view.mapFromScene(pa)
            assert not rect.adjusted(-round(sa / 2), -round(sa / 2), round(sa / 2),
                                     round(sa / 2)).contains(centre), item.toPlainText()
    # The weakest links are listed whole beside the map.
    rows = [r for r in slide.rows if r[1].isVisible()]
    assert rows and all(_shown(link) == link.text() for _n, link, _v in rows)


def test_the_stale_banner_never_covers_a_title(qtbot, demo_db: Database, wb_config,
                                               clock) -> None:
    wb_config.wallboard.windows = []
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, clock), clock)
    window.on_failed("database unreachable")
    for name, slide in window.slides.items():
        if not slide.available(window.data):
            continue
        show_slide(window, name)
        qtbot.wait(1)
        assert window.banner.isVisible()
        banner = QRect(window.banner.mapTo(window, window.banner.rect().topLeft()),
                       window.banner.size())
        assert _pixels(window.banner) >= MIN_PX
        for title in [window.title, *(lbl for lbl in slide.findChildren(QLabel)
                                      if lbl.property("role") in ("title", "heading")
                                      and lbl.isVisibleTo(slide))]:
            where = QRect(title.mapTo(window, title.rect().topLeft()), title.size())
            assert not banner.intersects(where), (name, title.text())
        assert banner.top() >= window.stack.mapTo(window, window.stack.rect().bottomLeft()).y()


def test_a_supplier_has_one_figure_and_the_poster_face_agrees(qtbot, demo_db: Database,
                                                              wb_config, clock) -> None:
    wb_config.wallboard.windows = []
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, clock), clock)
    data = window.data
    assert data is not None and data.posters and data.top_suppliers
    rankings, poster = window.slides["rankings"], window.slides["poster"]
    for i, entry in enumerate(data.posters):
        row = next(r for r, s in zip(rankings.top_rows, data.top_suppliers, strict=False)
                   if s.employee_id == entry.supplier.employee_id)
        card = poster.cards[i]
        assert card.score.text() == row[3].text()  # the same figure, printed alike
        figure = float(card.score.text().replace(",", "."))
        assert card.faces.best() == face_for_figure(figure)
    assert rankings.top_note.isVisibleTo(rankings) and poster.note.isVisibleTo(poster)


def test_a_long_ticker_line_scrolls_instead_of_being_cut(qtbot, demo_db: Database, wb_config,
                                                         clock) -> None:
    wb_config.wallboard.windows = []
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, clock), clock)
    data = window.data
    assert data is not None
    long_name = "Константинопольская-Задунайская Александра Владимировна"
    item = TickerItem("new_top_supplier", {
        "name": long_name, "name_en": None,
        "department": "Служба охраны труда и промышленной безопасности, участок №2 " * 2,
        "department_en": None})
    window.on_data(dataclasses.replace(data, ticker=(item,)))
    ticker = window.ticker
    assert ticker.isVisible() and "Константинопольская-Задунайская Александра" in ticker.text()
    assert "\u2026" not in ticker.text() and ticker.overflow() > 0
    assert _pixels(ticker) >= MIN_PX
    qtbot.waitUntil(lambda: ticker.offset > 0, timeout=5000)  # it moves to show the rest


def test_the_cross_fade_starts_from_what_was_on_screen(qtbot, demo_db: Database, wb_config,
                                                        clock) -> None:
    """The fade's first picture has the window's background: a grab of the bare stage had
    none and flashed near-white for 0.6 s under X."""
    from shared.qt.theme import BACKGROUND
    wb_config.wallboard.windows = []
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, clock), clock)
    first = window.playlist.current.slide
    while window.playlist.current.slide == first:  # past the initiative map's own pages
        window.playlist.next()
    window._show_current(animate=True)
    assert window.fade.isVisible() and not window.fade.pixmap.isNull()
    image = window.fade.pixmap.toImage()
    assert image.size() == window.stage.size() * window.fade.pixmap.devicePixelRatio()
    corner = image.pixelColor(2, image.height() // 2)  # the margin beside the slide
    assert corner.alpha() == 255
    assert max(abs(corner.red() - BACKGROUND.red()), abs(corner.green() - BACKGROUND.green()),
               abs(corner.blue() - BACKGROUND.blue())) <= 8, corner.name()
