"""Impact attributed to initiatives: the fit per segment and KPI against an independent
computation, k on every month, 'not measurable yet', roubles a year; SQLite and PostgreSQL."""

from __future__ import annotations

import math

import pytest
from sqlalchemy import insert

from shared.config import Config
from shared.db import Database
from shared.db.models import KpiValue, Segment
from shared.domain.initiative_impact import initiative_impact
from shared.domain.initiatives import import_initiatives
from tests.engage_factory import department, person, rate, utc

MONTHS = [f"2026-{m:02d}" for m in range(1, 11)]
SCORES = [(3, 3, 4), (4, 4, 4), (3, 4, 4), (5, 4, 4), (3, 3, 3), (4, 5, 5), (4, 4, 3),
          (5, 5, 4), (3, 4, 3), (4, 5, 4)]
MAP = ("Сегмент;Метрика;Что должен улучшить поставщик;Подразделение-поставщик\n"
       "Производство;Выполнение плана, %;Скорость реакции;Служба механика\n"
       "Производство;Простои, ч;Качество ремонта;Служба механика\n")
T975 = {7: 2.365}


def _kpi(i: int, mean: float) -> float:
    return round(80 * (mean / 3.5) ** 0.6 * (1 + 0.004 * (-1) ** i), 4)


def _expected(sat: list[float], kpi: list[float]) -> tuple[float, float, float]:
    """The fit by hand: demeaned log changes, least squares through the origin, Student t."""
    xs = [math.log(b / a) for a, b in zip(sat, sat[1:], strict=False)]
    ys = [math.log(b / a) for a, b in zip(kpi, kpi[1:], strict=False)]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    xs, ys = [x - mx for x in xs], [y - my for y in ys]
    b = sum(x * y for x, y in zip(xs, ys, strict=True)) / sum(x * x for x in xs)
    dof = len(xs) - 2
    se = math.sqrt(sum((y - b * x) ** 2 for x, y in zip(xs, ys, strict=True)) / dof
                   / sum(x * x for x in xs))
    half = T975[dof] * se
    return tuple((1.1 ** v - 1) * 100 for v in (b, b - half, b + half))  # type: ignore[return-value]


@pytest.fixture
def plant(db: Database, config: Config) -> dict[str, int]:
    config.site.k_anonymity = 3
    with db.write() as s:
        svc = department(s, "Служба механика")
        store = department(s, "Склад")
        shop = department(s, "Цех")
        seg = Segment(name="Производство")
        s.add(seg)
        s.flush()
        ids = {"seg": seg.id, "mechanic": person(s, "M", svc), "keeper": person(s, "K", store)}
        raters = [person(s, f"R{i}", shop, segment_id=seg.id) for i in range(3)]
        # December 2025: two clients only -> below k, not a month of the fit.
        for r in raters[:2]:
            rate(s, r, ids["mechanic"], 1, utc(2025, 12, 10))
        for i, scores in enumerate(SCORES):
            for j, (r, score) in enumerate(zip(raters, scores, strict=True)):
                rate(s, r, ids["mechanic"], score, utc(2026, i + 1, 10, 8, j))
                # The warehouse is named by no initiative: its ratings do not count.
                rate(s, r, ids["keeper"], 1 + (i + j) % 5, utc(2026, i + 1, 12, 8, j))
        rows = [dict(segment_id=seg.id, metric="Выполнение плана, %", month=m,
                     value=_kpi(i, sum(SCORES[i]) / 3),
                     value_per_unit=2_000_000.0 if m == "2026-10" else None)
                for i, m in enumerate(MONTHS)]
        rows.append(dict(segment_id=seg.id, metric="Выполнение плана, %", month="2025-12",
                         value=70.0, value_per_unit=None))
        rows += [dict(segment_id=seg.id, metric="Простои, ч", month=m, value=40.0 - i,
                      value_per_unit=None) for i, m in enumerate(MONTHS[:4])]
        s.execute(insert(KpiValue), rows)
    import_initiatives(db, config, MAP.encode())
    return ids


def test_effect_per_initiative_and_in_roubles(db: Database, config: Config,
                                              plant: dict[str, int]) -> None:
    with db.read() as s:
        report = initiative_impact(s, config, "2026-10")
    plan, downtime = report.initiatives
    assert (plan.metric, plan.departments, plan.direction) == (
        "Выполнение плана, %", ("Служба механика",), 1)
    assert plan.months == 10  # December (two clients) is not one
    sat = [sum(t) / 3 for t in SCORES]
    kpi = [_kpi(i, m) for i, m in enumerate(sat)]
    effect, low, high = _expected(sat, kpi)
    assert plan.fit is not None and plan.measurable
    assert plan.per_10pct == pytest.approx(effect, rel=1e-9)
    assert (plan.fit.per_10pct_low, plan.fit.per_10pct_high) == (
        pytest.approx(low, rel=1e-9), pytest.approx(high, rel=1e-9))
    assert plan.fit.n_observations == 9 and plan.fit.dof == 7
    # Money: 12 months x the KPI's mean level (the last 12 months: December's 70 too) x the
    # effect in % x roubles per unit.
    level = (sum(kpi) + 70.0) / 11
    assert plan.kpi_level == pytest.approx(level)
    assert plan.value_per_unit == 2_000_000.0
    assert plan.roubles_year == pytest.approx(12 * level / 100 * effect * 2_000_000)
    assert plan.roubles_low == pytest.approx(12 * level / 100 * low * 2_000_000)
    assert report.roubles_year == plan.roubles_year
    assert report.strongest() == [plan]
    # Four months of the downtime KPI: not measurable yet, no figure, no money.
    assert (downtime.months, downtime.fit, downtime.measurable, downtime.roubles_year) == (
        4, None, False, None)
    assert downtime.per_10pct is None
    # Company-wide: the pooled fit over both groups' months.
    assert report.company is not None and report.company.n_observations == 9 + 3


def test_too_few_months_or_an_interval_through_zero(db: Database, config: Config,
                                                    plant: dict[str, int]) -> None:
    config.rating.impact_min_months = 11
    with db.read() as s:
        report = initiative_impact(s, config, "2026-10")
    assert all(not i.measurable and i.fit is None for i in report.initiatives)
    assert report.roubles_year is None and report.strongest() == []
    config.rating.impact_min_months = 9
    # KPI values that ignore satisfaction: a fit whose interval includes zero.
    from sqlalchemy import update

    from shared.db.models import KpiValue as K
    with db.write() as s:
        for i, m in enumerate(MONTHS):
            s.execute(update(K).where(K.month == m, K.metric == "Выполнение плана, %")
                      .values(value=80 + (0.5 if i % 3 == 0 else -0.3 if i % 3 == 1 else 0.1)))
    with db.read() as s:
        (plan,) = [i for i in initiative_impact(s, config, "2026-10").initiatives
                   if i.metric == "Выполнение плана, %"]
    assert plan.fit is not None and plan.fit.ci_low < 0 < plan.fit.ci_high
    assert not plan.measurable and plan.per_10pct is None and plan.roubles_year is None


def test_k_decides_which_months_count(db: Database, config: Config,
                                      plant: dict[str, int]) -> None:
    config.site.k_anonymity = 4  # three clients a month: no month counts
    with db.read() as s:
        report = initiative_impact(s, config, "2026-10")
    assert [i.months for i in report.initiatives] == [0, 0]
    assert report.company is None


def test_pulse_impact_command(db_url: str, db: Database, plant: dict[str, int], config: Config,
                              capsys: pytest.CaptureFixture[str], tmp_path) -> None:
    import json

    from shared.cli import main
    toml = tmp_path / "pulse.toml"
    toml.write_text("[site]\nk_anonymity = 3\n", encoding="utf-8")
    args = ["--db", db_url, "--config", str(toml), "impact", "--month", "2026-10"]
    assert main(args) == 0
    out = capsys.readouterr().out
    with db.read() as s:
        plan = initiative_impact(s, config, "2026-10").initiatives[0]
    assert "Производство \u00b7 Выполнение плана, % (higher is better) <- Служба механика" in out
    assert f"+{plan.per_10pct:.1f} % per +10 % satisfaction" in out
    assert f"worth {plan.roubles_year:,.0f} RUB a year" in out
    assert "Простои, ч (lower is better) <- Служба механика\n    not measurable yet (4 months)" \
        in out
    assert main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["initiatives"][0]["roubles_year"] == pytest.approx(plan.roubles_year)
    assert main(["--db", db_url, "impact", "--month", "2026-13"]) == 1
    assert "not a month" in capsys.readouterr().err

