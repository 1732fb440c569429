"""Wallboard text fits its place: long names end in "…" instead of being cut mid-letter or
running under the figure beside them; the slide title never runs into the clock."""

# The fixtures are imported from wallboard_helpers (pytest finds them by name).
# ruff: noqa: F811

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtWidgets import QLabel

from shared.db import Database
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

LONG_NAME = "Константинопольская-Задунайская Александра Владимировна"
LONG_DEPARTMENT = "Служба охраны труда и промышленной безопасности"


def shown(label: QLabel) -> str:
    """What the screen shows of a label (an eliding label may show less than its text)."""
    return label.shown_text() if hasattr(label, "shown_text") else label.text()


def fits(label: QLabel) -> bool:
    return label.fontMetrics().horizontalAdvance(shown(label)) <= label.contentsRect().width()


def test_long_names_in_the_rankings_end_in_an_ellipsis(qtbot, demo_db: Database, wb_config,
                                                       clock) -> None:
    wb_config.wallboard.windows = []
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, clock), clock)
    data = window.data
    assert data is not None and data.top_suppliers and data.most_improved
    slide = window.slides["rankings"]
    show_slide(window, "rankings")
    qtbot.waitUntil(lambda: slide.isVisible())
    # The plant's own names are shown whole.
    for cells in slide.top_rows[:len(data.top_suppliers)]:
        assert fits(cells[1]) and shown(cells[1]) == cells[1].text()
    long_top = dataclasses.replace(data.top_suppliers[0], full_name=LONG_NAME,
                                   full_name_en=None, department_name=LONG_DEPARTMENT)
    improved = data.most_improved[0]
    long_improved = dataclasses.replace(improved, score=dataclasses.replace(
        improved.score, full_name=LONG_NAME, full_name_en=None,
        department_name=LONG_DEPARTMENT))
    slide.set_data(dataclasses.replace(data, top_suppliers=(long_top, *data.top_suppliers[1:]),
                                       most_improved=(long_improved, *data.most_improved[1:])))
    qtbot.wait(1)  # one event loop pass: the layout settles
    number, name, department, index = slide.top_rows[0]
    assert fits(name) and fits(department) and fits(index)
    assert shown(name).startswith("Константинопольск") and shown(name).endswith("\u2026")
    assert name.geometry().right() < department.geometry().left()
    assert department.geometry().right() < index.geometry().left()
    who, delta = slide.improved_rows[0]
    assert fits(who) and fits(delta) and shown(who).endswith("\u2026")
    assert who.geometry().right() < delta.geometry().left()
    assert shown(delta) == delta.text() and delta.text().startswith("+")


@pytest.mark.parametrize("day", [(2026, 11, 25), (2026, 9, 16)])  # the longest month names
@pytest.mark.parametrize("language", ["ru", "en"])
def test_slide_titles_fit_beside_the_clock(qtbot, demo_db: Database, wb_config, clock,
                                           language: str, day: tuple[int, int, int],
                                           request) -> None:
    import datetime as dt
    from zoneinfo import ZoneInfo
    clock.now = dt.datetime(*day, 14, 0, tzinfo=ZoneInfo("Europe/Moscow")).astimezone(dt.UTC)
    from PySide6.QtWidgets import QApplication

    from shared.qt.i18n import current_language, install_translations, uninstall_translations
    app = QApplication.instance()
    before = current_language(app)
    install_translations(app, language)
    request.addfinalizer(lambda: install_translations(app, before) if before
                         else uninstall_translations(app))
    wb_config.wallboard.windows = []
    wb_config.site.default_language = language
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, clock), clock)
    for name in window.slides:
        if not window.slides[name].available(window.data):
            continue
        show_slide(window, name)
        qtbot.wait(1)
        title = window.title
        assert title.text() == window.slides[name].title()
        assert fits(title), (name, title.text())
        assert shown(title) == title.text(), (name, shown(title))  # whole, not elided
        assert title.geometry().right() < window.clock.geometry().left()
