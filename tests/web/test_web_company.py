"""The company page's trend and map (issue 19 point 4): the wallboard's figures with its k
rules, drawn for a phone (an inline SVG with no script, a list of arrows)."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pytest
from starlette.testclient import TestClient

from shared.config import Config
from shared.db import Database
from shared.domain.wallboard_data import WallboardImpact, load_wallboard_data
from tests.web.test_web_sign_in import (  # noqa: F401 - fixtures
    NOW,
    client,
    clock,
    new_link,
    plant,
    sign_in,
)
from web import pages


def test_the_trend_leaves_withheld_weeks_out_and_the_map_withholds_small_arrows(
        db: Database, config: Config, plant: dict[str, int], client: TestClient) -> None:  # noqa: F811
    sign_in(client, new_link(db, config, plant["e"]))
    text = client.get("/company").text
    trend = text.split('id="trend"')[1].split("</div>")[0]
    # Five clients in the week of 9 March: shown; one in the week of 16 March: a gap.
    lines = re.findall(r'<polyline points="([^"]+)"', trend)
    assert lines and all(len(line.split()) >= 1 for line in lines)
    assert "<script" not in text and "Разрыв линии — неделя, в которой было меньше 5 " \
                                     "клиентов." in trend
    # Accounting's 7 ratings of the warehouse from 5 clients: no completed block of the
    # wallboard's published figures yet, so the arrow is listed without a figure.
    arrows = text.split('id="map"')[1].split("</ul>")[0]
    assert re.findall(r"<li>(.*?)<br>", arrows) == ["Бухгалтерия → Склад"]
    assert "пока не показывается: мало клиентов для публикуемой цифры" in arrows
    assert not re.search(r"\d,\d", arrows)  # no mean leaks
    # One dot per week with a figure, none for a withheld week: as the wallboard's series.
    with db.read() as s:
        data = load_wallboard_data(s, config, now=NOW)
    company = next(series for series in data.trend if series.group is None)
    shown = [share for share in company.csat if share is not None]
    assert shown and None in company.csat
    assert trend.count("<circle") == len(shown)
    assert sum(len(line.split()) for line in lines) == len(shown)
    assert 'id="initiatives"' not in text  # no initiative map imported: no section


@pytest.mark.parametrize("enough", [True, False])
def test_the_impact_says_what_the_wallboards_slide_says(
        db: Database, config: Config, plant: dict[str, int], client: TestClient,  # noqa: F811
        monkeypatch: pytest.MonkeyPatch, enough: bool) -> None:
    real = pages.WallboardCache.get

    def with_impact(self: pages.WallboardCache, session: Any, now: Any) -> Any:
        return dataclasses.replace(real(self, session, now), impact=WallboardImpact(
            enough, 12, -3.24 if enough else None, -5.9, -0.5, ()))
    monkeypatch.setattr(pages.WallboardCache, "get", with_impact)
    sign_in(client, new_link(db, config, plant["e"]))
    impact = client.get("/company").text.split('id="impact"')[1].split("</div>\n</div>")[0]
    if enough:
        assert ">−3,2 %<" in impact
        assert "к KPI на каждые +10 % удовлетворённости поставщиками" in impact
        assert "95 % интервал: -5,9 … -0,5 % (точек: 12)" in impact
    else:
        assert "Пока мало месяцев с KPI и оценками." in impact and "%<" not in impact
