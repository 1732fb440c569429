"""Every wallboard slide renders with demo data and with an empty database; k hides names."""

# The fixtures are imported from wallboard_helpers (pytest finds them by name).
# ruff: noqa: F811

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QImage

from shared.db import Database
from tests.gui.wallboard_helpers import (  # noqa: F401 - fixtures
    _demo_template,
    clock,
    db_source,
    demo_db,
    empty_db,
    make_window,
    show_slide,
    visible_texts,
    wb_config,
)
from wallboard.slides import SLIDES
from wallboard.slides.waiting import WaitingSlide

pytestmark = pytest.mark.gui


def colours(image: QImage) -> int:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    data = np.frombuffer(image.constBits(), dtype=np.uint32,
                         count=image.width() * image.height())
    return len(np.unique(data))


@pytest.mark.parametrize("name", sorted(SLIDES))
def test_every_slide_renders_demo_data(qtbot, demo_db: Database, wb_config, clock,
                                       name: str) -> None:
    wb_config.wallboard.windows = []
    wb_config.wallboard.playlist = [type(wb_config.wallboard.playlist[0])(name, 20)]
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, clock), clock)
    assert window.data is not None and not window.data.empty
    slide = window.slides[name]
    assert window.current_widget() is slide
    assert slide.available(window.data)
    frame = window.grab().toImage()
    assert colours(frame) > 50, f"slide {name} looks blank"
    assert window.title.text() == slide.title()
    assert window.banner.isHidden()


def test_demo_slides_show_the_figures(qtbot, demo_db: Database, wb_config, clock) -> None:
    wb_config.wallboard.windows = []
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, clock), clock)
    data = window.data
    assert data is not None
    top = data.top_suppliers[0]
    assert top.full_name in visible_texts(window.slides["rankings"])
    assert data.posters and data.posters[0].supplier.full_name in visible_texts(
        window.slides["poster"])
    problems = visible_texts(window.slides["problems"])
    assert data.problems and data.problems[0].label_ru in problems
    nodes = visible_texts(window.slides["map"])
    assert all(n.name in nodes for n in data.map_nodes)
    assert window.slides["impact"].available(data), "the seeded KPIs follow satisfaction"
    assert "%" in window.slides["impact"].effect.text()


def test_every_slide_survives_an_empty_database(qtbot, empty_db: Database, wb_config,
                                                clock) -> None:
    wb_config.wallboard.windows = []
    window = make_window(qtbot, wb_config, db_source(empty_db, wb_config, clock), clock)
    assert window.data is not None and window.data.empty
    assert isinstance(window.current_widget(), WaitingSlide)
    assert "first ratings" in window.waiting.headline.text()
    assert colours(window.grab().toImage()) > 20
    for name, slide in window.slides.items():
        slide.set_data(window.data)  # no exception, nothing below k shown
        show_slide(window, name)
        assert colours(window.grab().toImage()) > 20
    # The playlist does not run over an empty database: still the friendly slide.
    clock.advance(3600)
    window.tick()
    assert isinstance(window.current_widget(), WaitingSlide)


def test_below_k_no_name_is_shown(qtbot, empty_db: Database, wb_config, clock) -> None:
    """A plant where no supplier reaches k distinct clients: no slide shows a person."""
    from sqlalchemy import select

    from shared.db.models import Employee
    from tests.gui.wallboard_helpers import NOW, TZ
    from tests.wallboard_seed import seed
    seed(empty_db, employees=150, months=2, per_month=1.0, now=NOW, tz=TZ)
    wb_config.wallboard.windows = []
    wb_config.site.k_anonymity = 10
    window = make_window(qtbot, wb_config, db_source(empty_db, wb_config, clock), clock)
    data = window.data
    assert data is not None and not data.empty and data.month_ratings > 0
    assert not data.top_suppliers and not data.posters and not data.most_improved
    with empty_db.read() as s:
        names = set(s.scalars(select(Employee.full_name)))
    for name, slide in window.slides.items():
        show_slide(window, name)
        texts = visible_texts(slide) + window.ticker.text()
        leaked = [n for n in names if n in texts]
        assert not leaked, f"slide {name} shows {leaked[:3]} below k"
    assert "Not enough ratings" in visible_texts(window.slides["poster"])
    assert "Not enough ratings" in visible_texts(window.slides["rankings"])


def test_map_refreshes_do_not_grow_the_symbol_atlas(qtbot, demo_db: Database, wb_config,
                                                    clock) -> None:
    """Regression: fresh brushes every refresh made pyqtgraph's atlas grow for ever
    (31 MB per 150 refreshes); shared brushes and whole-pixel sizes keep it fixed."""
    wb_config.wallboard.windows = []
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, clock), clock)
    slide = window.slides["map"]
    for _ in range(3):
        slide.set_data(window.data)
    atlas = slide.nodes.fragmentAtlas
    before = len(atlas._coords)
    curves = len(slide.edges)
    for _ in range(40):
        slide.set_data(window.data)
    assert len(atlas._coords) == before and len(slide.edges) == curves


def test_map_names_and_trend_legend_never_overlap(qtbot, demo_db: Database, wb_config,
                                                  clock) -> None:
    """At 1920 x 1080 no two department names on the map overlap, each sits beside its own
    node, outward; the trend legend's names keep a gap and wrap to a second row when the
    screen is too narrow for one."""
    from PySide6.QtCore import QRectF

    wb_config.wallboard.windows = []
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, clock), clock)
    window.resize(1920, 1080)
    show_slide(window, "map")  # a stacked slide is laid out when it shows
    qtbot.wait(50)
    slide = window.slides["map"]
    shown = [t for t in slide.labels if t.isVisible()]
    assert len(shown) == len(window.data.map_nodes) >= 10
    boxes: list[QRectF] = [t.sceneBoundingRect() for t in shown]
    for i, a in enumerate(boxes):
        assert all(not a.intersects(b) for b in boxes[i + 1:]), shown[i].toPlainText()
    view = slide.plot.getViewBox().sceneBoundingRect()
    for text, box in zip(shown, boxes, strict=True):
        assert view.contains(box), f"{text.toPlainText()} is cut off"
    for node, text in zip(window.data.map_nodes, shown, strict=True):
        x, _y = slide._positions[node.department_id]
        assert (text.pos().x() > x) == (x >= 0)  # written outward, beside its node

    legend = window.slides["trend"].legend
    window.slides["trend"].set_data(window.data)
    assert len(legend.entries) == len(window.data.trend) >= 3
    wide = legend.entry_rects(1800)
    assert len({r.top() for r in wide}) == 1  # one row at 1080p
    assert all(b.left() - a.right() >= 30 for a, b in zip(wide, wide[1:], strict=False))
    narrow = legend.entry_rects(700)
    assert len({r.top() for r in narrow}) > 1 and all(r.right() <= 700 for r in narrow
                                                      if r.left() > 0)
    assert legend.heightForWidth(700) > legend.heightForWidth(1800)


def test_trend_axis_names_months_in_the_screens_language(qtbot, demo_db: Database, wb_config,
                                                         clock) -> None:
    """pyqtgraph's date axis formats with strftime (C locale: 'Jun'); the slide's own axis
    names the months in the wallboard's language, and follows a change of language."""
    import datetime as dt

    wb_config.wallboard.windows = []
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, clock), clock)
    slide = window.slides["trend"]
    slide.set_data(window.data)
    axis = slide.csat_plot.getAxis("bottom")
    # Mid-month, so that no UTC offset moves them into a neighbouring month.
    june, july = (dt.datetime(2026, m, 15, tzinfo=dt.UTC).timestamp() for m in (6, 7))
    from pyqtgraph.graphicsItems.DateAxisItem import MONTH_DAY_ZOOM_LEVEL

    axis.zoomLevel = MONTH_DAY_ZOOM_LEVEL  # what half a year of weeks gets at 1080p
    spacing = MONTH_DAY_ZOOM_LEVEL.tickSpecs[0].spacing
    ru = axis.tickStrings([june, july], 1.0, spacing)
    assert ru == ["июнь", "июль"], ru
    slide.language = "en"
    slide.set_data(window.data)
    assert axis.tickStrings([june, july], 1.0, spacing) == ["Jun", "Jul"]


def test_impact_series_past_the_palette_get_another_marker(qtbot, demo_db: Database, wb_config,
                                                           clock) -> None:
    """Seven colours, up to eight series: the eighth has the first colour and a square, in the
    plot and in the legend, so no two series look alike."""
    from shared.qt.theme import SERIES

    wb_config.wallboard.windows = []
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, clock), clock)
    import dataclasses

    slide = window.slides["impact"]
    impact = window.data.impact
    assert impact is not None and impact.series
    # The small test plant has three series; a big plant has eight (as many as are drawn).
    eight = [dataclasses.replace(impact.series[i % len(impact.series)], metric=f"KPI {i}")
             for i in range(len(slide.scatters))]
    slide.set_data(dataclasses.replace(window.data,
                                       impact=dataclasses.replace(impact, series=eight)))
    n = len(slide.scatters)
    assert n > len(SERIES)
    assert all(slide.legend[i].isVisibleTo(slide) for i in range(n))
    looks = {(slide.scatters[i].opts["symbol"], slide.legend[i].text()[0]) for i in range(n)}
    assert ("o", "\u25cf") in looks and ("s", "\u25a0") in looks
    assert slide.scatters[len(SERIES)].opts["symbol"] == "s"


def test_chart_numbers_have_a_minus_sign_and_the_languages_decimal_mark(
        qtbot, demo_db: Database, wb_config, clock) -> None:
    """pyqtgraph writes '-2' and '0.5' whatever the language; on the wall a negative value
    gets a true minus sign (U+2212) and a Russian screen writes 0,5. Every value axis
    (disputes' points, impact's deviations, the trend's percentages) follows the slide's
    language, and a change of language."""
    wb_config.wallboard.windows = []
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, clock), clock)
    axes = {
        "disputes": [window.slides["disputes"].plot.getAxis("bottom")],
        "impact": [window.slides["impact"].plot.getAxis(a) for a in ("left", "bottom")],
        "trend": [window.slides["trend"].csat_plot.getAxis("left")],
        "problems": [window.slides["problems"].plot.getAxis("bottom")],
    }
    for name, slide_axes in axes.items():
        window.slides[name].set_data(window.data)
        for axis in slide_axes:
            assert axis.tickStrings([-2.0, 0.0, 1.0], 1.0, 1.0) == ["\u22122", "0", "1"], name
            assert axis.tickStrings([-0.5, 1.5], 1.0, 0.5) == ["\u22120,5", "1,5"], name
    for name, slide_axes in axes.items():
        window.slides[name].language = "en"
        window.slides[name].set_data(window.data)
        for axis in slide_axes:
            assert axis.tickStrings([-0.5, 1.5], 1.0, 0.5) == ["\u22120.5", "1.5"], name


def test_poster_slide_early_in_a_month_shows_last_months_winners(qtbot, demo_db: Database,
                                                                   wb_config, clock) -> None:
    import datetime as dt
    from zoneinfo import ZoneInfo
    clock.now = dt.datetime(2026, 12, 1, 9, 0,
                            tzinfo=ZoneInfo("Europe/Moscow")).astimezone(dt.UTC)
    wb_config.wallboard.windows = []
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, clock), clock)
    data = window.data
    assert data is not None and data.month == "2026-12" and data.posters
    slide = window.slides["poster"]
    assert slide.available(data)
    show_slide(window, "poster")
    texts = visible_texts(slide)
    assert data.posters[0].supplier.full_name in texts
    assert not slide.empty.isVisibleTo(slide)
    month = "ноябрь 2026" if slide.language == "ru" else "November 2026"
    assert slide.month_note.isVisibleTo(slide) and month in slide.month_note.text()
    path = window.print_poster()
    assert path is not None and path.name == "poster-2026-11.pdf" and path.exists()


def test_problems_withheld_below_k_are_not_called_good_news(qtbot, demo_db: Database,
                                                            wb_config, clock) -> None:
    import dataclasses
    wb_config.wallboard.windows = []
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, clock), clock)
    slide = window.slides["problems"]
    show_slide(window, "problems")
    # Low scores with reasons exist, but no reason was ticked by k different people yet.
    slide.set_data(dataclasses.replace(window.data, problems=(), problems_withheld=True))
    assert slide.empty.isVisibleTo(slide) and not slide.plot.isVisibleTo(slide)
    text = slide.empty.text()
    assert str(window.data.k) in text and "good news" not in text
    assert "хорошая новость" not in text
    slide.set_data(dataclasses.replace(window.data, problems=(), problems_withheld=False))
    assert slide.empty.text() == slide.tr("Too few low scores this month to list reasons: "
                                          "good news.")


def test_the_principles_slide(qtbot, demo_db: Database, wb_config, clock,
                              tmp_path: Path) -> None:
    """SPEC 9: the programme's four principles have their slide, in the wallboard's
    language, from the configuration's texts."""
    from shared.config import PRINCIPLES_RU
    wb_config.wallboard.windows = []
    wb_config.wallboard.playlist = [type(wb_config.wallboard.playlist[0])("principles", 20)]
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, clock), clock)
    slide = window.slides["principles"]
    assert window.title.text() == slide.title() == QCoreApplication.translate(
        "PrinciplesSlide", "The programme's four principles")
    texts = visible_texts(slide)
    assert all(p in texts for p in PRINCIPLES_RU)
    for lab in slide.texts + slide.numbers:  # readable from four metres at 1080p
        assert lab.font().pixelSize() >= 30 or lab.fontInfo().pixelSize() >= 30
        assert lab.height() >= lab.heightForWidth(lab.width()) - 1  # nothing cut off
    window.grab().save(str(Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
                           / "wallboard-principles.png"))
    wb_config.programme.principles_en = ["One.", "Two."]
    wb_config.programme.principles_ru = ["Один.", "Два."]
    wb_config.site.default_language = "en"
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, clock), clock)
    assert window.title.text() == QCoreApplication.translate("PrinciplesSlide",
                                                             "The programme's principles")
    assert "Two." in visible_texts(window.slides["principles"])


def test_disputes_publish_people_and_last_month(qtbot, demo_db: Database, wb_config,
                                                tmp_path: Path) -> None:
    """SPEC 7, disputes published: the people who gained and lost the most this month
    (departments of k people only), and the closed month's result beside the new month's
    until disputes.previous_month_until_day (10th)."""
    from PySide6.QtWidgets import QApplication

    from shared.domain.points_report import department_standings, person_standings
    from shared.qt.i18n import install_translations
    from tests.gui.wallboard_helpers import TZ, FakeClock
    install_translations(QApplication.instance(), "ru")  # the wall's words, as the app does
    wb_config.wallboard.windows = []
    wb_config.wallboard.playlist = [type(wb_config.wallboard.playlist[0])("disputes", 20)]
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, FakeClock()),
                         FakeClock())
    slide = window.slides["disputes"]
    with demo_db.read() as s:
        gained, lost = person_standings(s, wb_config, "2026-11")
    assert gained and lost  # the seeded month moves points in departments of k people
    people = slide.people.text()
    assert people.startswith("Больше всех баллов: ") and " ".join(
        gained[0].full_name.split()[:2]) in people
    assert not slide.previous.isVisible()  # November 25: no closed month shown
    window.grab().save(str(Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
                           / "wallboard-disputes-people.png"))
    # December 5th: November's result stays on the wall; on the 10th it is gone.
    early = FakeClock(dt.datetime(2026, 12, 5, 12, tzinfo=TZ).astimezone(dt.UTC))
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, early), early)
    slide = window.slides["disputes"]
    with demo_db.read() as s:
        best = department_standings(s, wb_config, "2026-11")[0]
    assert slide.previous.isVisible()
    assert slide.previous.text().startswith("Итоги ноября 2026: 1. ")  # the wall is Russian
    assert best.name[:10] in slide.previous.text()
    window.grab().save(str(Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
                           / "wallboard-disputes-last-month.png"))
    late = FakeClock(dt.datetime(2026, 12, 10, 12, tzinfo=TZ).astimezone(dt.UTC))
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, late), late)
    assert not window.slides["disputes"].previous.isVisible()


def test_impact_second_page_shows_the_three_strongest_initiatives(
        qtbot, demo_db: Database, wb_config, clock) -> None:
    """Issue 13: the impact slide's second page names the three strongest initiatives with
    their effect and roubles a year (when the KPI has a value per unit), in the screen's
    language; while none is measurable it says so with the months behind the figures; no
    second page without an initiative map. Text at least 30 px at 1080p."""
    import dataclasses

    from PySide6.QtWidgets import QApplication, QLabel

    from shared.domain.impact import ImpactFit
    from shared.domain.initiative_impact import InitiativeImpact
    from shared.qt.i18n import install_translations

    wb_config.wallboard.windows = []
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, clock), clock)
    slide = window.slides["impact"]
    fit = ImpactFit(elasticity=1.2, std_error=0.1, ci_low=0.8, ci_high=1.7, per_10pct=12.6,
                    per_10pct_low=8.0, per_10pct_high=17.0, n_observations=12, n_groups=1,
                    dof=10)

    def initiative(segment: str, effect: float, roubles: float | None) -> InitiativeImpact:
        return InitiativeImpact(1, segment, None, "Простои, ч", -1, ("Склад ТМЦ",), 13,
                                dataclasses.replace(fit, per_10pct=effect), True, 40.0,
                                None if roubles is None else 1000.0, roubles, None, None)

    strongest = (initiative("Ремонт", 12.6, 2_712_345.0),
                 initiative("Качество", 9.04, 540_400.0), initiative("Офис", 3.0, None))
    data = dataclasses.replace(window.data, strongest=strongest, initiative_months=13)
    install_translations(QApplication.instance(), "ru")  # the conftest uninstalls them
    slide.language = "ru"
    slide.set_data(data)
    assert slide.pages() == 2
    slide.show_page(1)
    cards = [(c.what.text(), c.effect.text(),
              c.money.text() if c.money.isVisibleTo(c) else None, c.suppliers.text())
             for c in slide.cards]
    assert cards == [
        ("Ремонт \u00b7 Простои, ч", "+12,6 % на каждые +10 % удовлетворённости",
         "\u2248 2,7 млн \u20bd в год", "Склад ТМЦ"),
        ("Качество \u00b7 Простои, ч", "+9,0 % на каждые +10 % удовлетворённости",
         "\u2248 540 тыс. \u20bd в год", "Склад ТМЦ"),
        ("Офис \u00b7 Простои, ч", "+3,0 % на каждые +10 % удовлетворённости", None,
         "Склад ТМЦ")]
    # None measurable yet: said, with the months (numerus); no map: no second page.
    slide.set_data(dataclasses.replace(data, strongest=(), initiative_months=7))
    assert not any(c.isVisibleTo(slide) for c in slide.cards)
    assert slide.band_note.text() == \
        "Эффект пока не измерить: KPI и оценки есть за 7 месяцев."
    install_translations(QApplication.instance(), "en")
    slide.language = "en"
    slide.set_data(dataclasses.replace(data, strongest=(), initiative_months=1))
    assert slide.band_note.text() == "Not measurable yet (1 month of KPIs and ratings)."
    slide.set_data(dataclasses.replace(data, strongest=(), initiative_months=None))
    assert slide.pages() == 1
    slide.set_data(data)
    sizes = [w.font().pixelSize() for w in slide.stack.widget(1).findChildren(QLabel)
             if w.isVisibleTo(slide)]
    assert sizes and min(sizes) >= 30 * window.height() / 1080 - 0.5, sizes


def test_disputes_slide_with_many_departments_and_regulations(qtbot, demo_db: Database,
                                                              wb_config, clock) -> None:
    """A busy month: the best and the worst departments are shown (not the best twelve
    only), and every flagged regulation's title on the wall is whole, not clipped by the next
    one ("and N more" says the rest)."""
    import dataclasses

    from shared.domain.wallboard_data import DepartmentStanding, FlaggedRegulation
    wb_config.wallboard.windows = []
    wb_config.wallboard.playlist = [type(wb_config.wallboard.playlist[0])("disputes", 20)]
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, clock), clock)
    slide = window.slides["disputes"]
    standings = tuple(DepartmentStanding(100 + i, f"Отдел {i}", None, 10 - i, 5)
                      for i in range(21))
    title = "Выдача материалов по требованию-накладной без очереди для ремонтных бригад цеха"
    flagged = tuple(FlaggedRegulation(f"РГ-{i:03d}", title) for i in range(10))
    slide.set_data(dataclasses.replace(window.data, standings=standings,
                                       flagged_regulations=flagged))
    window.grab()  # lay out
    ticks = [name for _, name in slide.plot.getAxis("left")._tickLevels[0]]  # noqa: SLF001
    assert "Отдел 0" in ticks and "Отдел 20" in ticks and len(ticks) == 12
    visible = [(code, text) for code, text in slide.regulations if text.isVisibleTo(slide)]
    assert visible and slide.regulations_more.isVisibleTo(slide)
    for code, text in visible:
        assert text.height() >= text.heightForWidth(text.width()) - 1, code.text()
    for (_, upper), (lower_code, _) in zip(visible, visible[1:], strict=False):
        assert upper.geometry().bottom() <= lower_code.geometry().top(), lower_code.text()


def test_an_english_wall_names_the_disputes_people_in_english(qtbot, demo_db: Database,
                                                              wb_config, clock) -> None:
    """Issue 15: names in the screen's language; the person standings too (the English name
    where the directory has one, the Russian one otherwise)."""
    import dataclasses

    from shared.domain.points_report import PersonStanding
    wb_config.wallboard.windows = []
    window = make_window(qtbot, wb_config, db_source(demo_db, wb_config, clock), clock)
    slide = window.slides["disputes"]
    gained = (PersonStanding(1, "Иванова Мария Петровна", "Склад", 3, 3, 0,
                             "Ivanova Maria"),)
    lost = (PersonStanding(2, "Петров Олег Ильич", "ИТ", -2, 0, 2),)
    data = dataclasses.replace(window.data, gained=gained, lost=lost)
    slide.language = "en"
    slide.set_data(data)
    assert "Ivanova Maria +3" in slide.people.text()
    assert "Петров Олег \u22122" in slide.people.text()
    slide.language = "ru"
    slide.set_data(data)
    assert "Иванова Мария +3" in slide.people.text()
