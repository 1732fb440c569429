"""Impact: a known synthetic effect is recovered within its interval; too little data -> None."""

from __future__ import annotations

import math
import random

import pytest
from sqlalchemy import insert

from shared.config import Config
from shared.db import Database
from shared.db.models import KpiValue, RollupPairMonth, RollupRaterMonth, Segment
from shared.domain.impact import (
    MIN_OBSERVATIONS,
    ImpactPoint,
    fit_impact,
    kpi_direction,
    measure_impact,
)
from tests.engage_factory import department, person

MONTHS = [f"2025-{m:02d}" for m in range(1, 13)] + [f"2026-{m:02d}" for m in range(1, 7)]


@pytest.mark.parametrize(("metric", "direction"), [
    ("Выполнение плана выпуска, %", 1), ("Простои оборудования, ч/мес", -1),
    ("Доля брака, %", -1), ("Время восстановления, ч", -1), ("On-time delivery, %", 1),
    ("Uptime, %", 1), ("Downtime, h", -1), ("Затраты на ремонт ↑", 1), ("Выручка", 1),
    ("Индекс ↓", -1)])
def test_kpi_direction(metric: str, direction: int) -> None:
    assert kpi_direction(metric) == direction


def _synthetic(elasticity: float, groups: int, months: int, noise: float,
               seed: int = 1) -> list[ImpactPoint]:
    rng = random.Random(seed)
    points: list[ImpactPoint] = []
    for g in range(groups):
        metric = "Простои, ч" if g % 2 else "Выполнение плана, %"
        direction = kpi_direction(metric)
        sat = 3.5 + 0.2 * g
        trend = rng.uniform(-0.01, 0.01)
        for i in range(months):
            sat *= math.exp(rng.gauss(0, 0.04))
            # Lower-is-better KPIs fall when satisfaction rises.
            log_kpi = 3 + trend * i + direction * elasticity * math.log(sat) + rng.gauss(0, noise)
            points.append(ImpactPoint("segment", g, f"S{g}", metric, MONTHS[i], sat, 100,
                                      math.exp(log_kpi), direction))
    return points


def test_known_effect_is_recovered_within_its_interval() -> None:
    fit = fit_impact(_synthetic(0.12, groups=4, months=18, noise=0.002))
    assert fit is not None
    assert fit.ci_low < 0.12 < fit.ci_high
    assert abs(fit.elasticity - 0.12) < 0.03
    assert fit.per_10pct == pytest.approx((1.1 ** fit.elasticity - 1) * 100)
    assert fit.per_10pct_low < 1.15 < fit.per_10pct_high  # +10 % -> about +1.15 %
    assert fit.n_groups == 4 and fit.n_observations == 4 * 17 and fit.dof == 68 - 5


def test_no_effect_interval_covers_zero() -> None:
    fit = fit_impact(_synthetic(0.0, groups=3, months=12, noise=0.01, seed=5))
    assert fit is not None and fit.ci_low < 0 < fit.ci_high


def test_too_little_data_gives_none() -> None:
    assert fit_impact([]) is None
    few = _synthetic(0.12, groups=1, months=MIN_OBSERVATIONS, noise=0.01)  # 7 changes < 8
    assert fit_impact(few) is None
    enough = _synthetic(0.12, groups=1, months=MIN_OBSERVATIONS + 4, noise=0.01)
    assert fit_impact(enough) is not None
    # Gaps: months that do not follow each other give no change.
    every_other = _synthetic(0.12, groups=2, months=18, noise=0.01)[::2]
    assert len(every_other) == 18
    sparse = every_other
    assert fit_impact(sparse) is None


def test_from_the_database_rollups_and_kpis(db: Database, config: Config) -> None:
    rng = random.Random(3)
    months = MONTHS[:12]
    with db.write() as s:
        dep = department(s, "Цех")
        sup_dep = department(s, "Служба")
        supplier = person(s, "SUP", sup_dep)
        segs = []
        for g in range(3):
            seg = Segment(name=f"Сегмент {g}")
            s.add(seg)
            s.flush()
            segs.append(seg.id)
            raters = [person(s, f"{g}-{i}", dep, segment_id=seg.id) for i in range(6)]
            level = 3.0 + 0.3 * g
            for i, month in enumerate(months):
                level = min(4.8, max(1.5, level * math.exp(rng.gauss(0, 0.05))))
                n, total = 0, 0
                rows = []
                for r in raters:
                    count = 20
                    score_sum = round(level * count)
                    rows.append(dict(supplier_id=supplier, month=month, rater_id=r, n=count,
                                     score_sum=score_sum))
                    n += count
                    total += score_sum
                s.execute(insert(RollupPairMonth), rows)
                s.execute(insert(RollupRaterMonth), [
                    {k: v for k, v in r.items() if k != "supplier_id"} for r in rows])
                sat = total / n
                kpi = 80 * sat ** 0.2 * math.exp(0.004 * i)
                s.add(KpiValue(segment_id=seg.id, metric="Выполнение плана, %", month=month,
                               value=kpi))
                s.add(KpiValue(segment_id=seg.id, metric="Простои, ч", month=month,
                               value=40 * sat ** -0.2))
        # A segment whose people are too few to count (k = 5): ignored.
        lonely = Segment(name="Одиночки")
        s.add(lonely)
        s.flush()
        solo = person(s, "solo", dep, segment_id=lonely.id)
        s.execute(insert(RollupPairMonth), [dict(supplier_id=supplier, month=m, rater_id=solo,
                                                 n=3, score_sum=12) for m in months])
        s.execute(insert(RollupRaterMonth), [dict(month=m, rater_id=solo, n=3, score_sum=12)
                                             for m in months])
        s.add_all(KpiValue(segment_id=lonely.id, metric="Выполнение плана, %", month=m,
                           value=90.0) for m in months)
    with db.read() as s:
        result = measure_impact(s, config)
    assert {p.owner_id for p in result.points} == set(segs)
    assert len(result.points) == 3 * 12 * 2
    assert result.fit is not None
    assert result.fit.elasticity == pytest.approx(0.2, abs=1e-6)
    assert result.fit.ci_low <= 0.2 <= result.fit.ci_high
    with db.read() as s:
        assert measure_impact(s, config, months=months[:2]).fit is None
