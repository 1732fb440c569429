"""Every metric against hand-computed values on a small fixed dataset (both databases)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from shared.config import Config, TierConfig
from shared.db import Database
from shared.db.models import ReasonTag, RollupTagDay
from shared.domain.metrics import employee_metrics, streak_and_week, verdict_of
from shared.domain.periods import Period, last_days, local_day, month_period, previous
from shared.domain.public import (
    attractiveness_index,
    company_mood,
    company_score,
    most_improved,
    praise_comments,
    supplier_scores,
    top_problems,
    top_suppliers,
)
from shared.domain.ratings import record_rating
from shared.domain.tiers import monthly_tiers, supplier_tier
from tests.domain_data import at, department, people, rate, tag

MARCH = month_period("2026-03")


@pytest.fixture
def k3(config: Config) -> Config:
    config.site.k_anonymity = 3
    return config


@pytest.fixture
def data(db: Database, k3: Config) -> dict[str, int]:
    """E rates S1 and S2; clients C1..C4 rate S1, S2 and E (all in March 2026 unless said)."""
    with db.write() as s:
        a, b, c = department(s, "A"), department(s, "B"), department(s, "C")
        e, = people(s, a, ["E"])
        s1, s2 = people(s, b, ["S1", "S2"])
        c1, c2, c3, c4 = people(s, c, ["C1", "C2", "C3", "C4"])
        slow = tag(s, "slow")
        kind = tag(s, "kind", "positive")
        rate(s, k3, c1, s1, 1, at(27, month=2))             # February: outside March
        rate(s, k3, e, s1, 2, at(2), reason_codes=[slow.code])
        rate(s, k3, e, s1, 4, at(9))
        rate(s, k3, e, s2, 3, at(3))
        rate(s, k3, c1, s1, 5, at(4), comment="Быстро и чётко", reason_codes=[kind.code])
        rate(s, k3, c2, s1, 5, at(4))
        rate(s, k3, c3, s1, 4, at(4), comment="=HYPERLINK(1)")
        rate(s, k3, c1, s2, 4, at(5))
        rate(s, k3, c2, s2, 2, at(5), comment="плохо", reason_codes=[slow.code])
        for client, score in ((c1, 5), (c2, 4), (c3, 3), (c4, 4)):
            rate(s, k3, client, e, score, at(10))
        return {"E": e.id, "S1": s1.id, "S2": s2.id, "C1": c1.id}


def test_employee_metrics_by_hand(db: Database, k3: Config, data: dict[str, int]) -> None:
    with db.read() as s:
        m = employee_metrics(s, k3, data["E"], MARCH)
    # Metric 1: E gave 2, 4, 3 -> 9 / 3 = 3.0; CSAT given: one of three is 4-5 -> 1/3.
    assert (m.given_count, m.given_mean) == (3, 3.0)
    assert m.given_csat == pytest.approx(1 / 3)
    # Metric 2, like for like: S1's other clients gave 5, 5, 4 in March (three, k = 3 met;
    # the February 1 is outside) -> 14 / 3; S2's other clients are two (4, 2): not counted.
    # E rated S1 twice (2, 4): weight 2, E's own mean over the counted suppliers 3.0.
    assert (m.suppliers_rated, m.suppliers_counted, m.others_count) == (2, 1, 3)
    assert m.others_mean == pytest.approx(14 / 3)
    assert (m.my_count_same_suppliers, m.my_mean_same_suppliers) == (2, 3.0)
    # 3.0 - 4.67 = -1.67, beyond the 0.2 tolerance, lower: E rates stricter.
    assert m.verdict == "stricter" and m.verdict_delta == pytest.approx(3 - 14 / 3)
    # Metric 3: E got 5, 4, 3, 4 from 4 clients -> 16 / 4 = 4.0; CSAT 3/4; k = 3 is met.
    assert (m.received_count, m.received_clients, m.received_withheld) == (4, 4, False)
    assert m.received_mean == 4.0 and m.received_csat == 0.75
    # Trend: March 2026 starts on a Sunday (ISO week 9); W10 has E's 2 and 3 (mean 2.5),
    # W11 E's 4 given and the four ratings E received (mean 4.0, 4 clients >= k).
    weeks = {w.week: w for w in m.trend}
    assert list(weeks) == ["2026-W09", "2026-W10", "2026-W11", "2026-W12", "2026-W13",
                           "2026-W14"]
    assert (weeks["2026-W10"].given_count, weeks["2026-W10"].given_mean) == (2, 2.5)
    assert (weeks["2026-W11"].given_count, weeks["2026-W11"].given_mean) == (1, 4.0)
    assert (weeks["2026-W11"].received_count, weeks["2026-W11"].received_mean) == (4, 4.0)
    assert weeks["2026-W10"].received_withheld and weeks["2026-W10"].received_mean is None


def test_metric_2_composition_does_not_decide_the_verdict(db: Database, k3: Config) -> None:
    """SPEC 5: E rates exactly as everyone else does, but mostly a weak supplier. Pooled
    over all volume (the old metric 2) E looked "stricter"; like for like E is "the same".
    A supplier with fewer than k *other* clients is left out of both sides."""
    with db.write() as s:
        a, b = department(s, "A"), department(s, "B")
        e, = people(s, a, ["E"])
        weak, good, rare = people(s, b, ["WEAK", "GOOD", "RARE"])
        others = people(s, a, [f"O{i}" for i in range(10)])
        for i in range(3):  # E: the weak supplier three times (2 each), the good one once
            rate(s, k3, e, weak, 2, at(2 + i))
        rate(s, k3, e, good, 5, at(2))
        rate(s, k3, e, rare, 1, at(2))  # two other clients only: below k = 3
        for o in others[:3]:
            rate(s, k3, o, weak, 2, at(6))
        for o in others:  # the good supplier is busy: ten other clients
            rate(s, k3, o, good, 5, at(6))
        for o in others[:2]:
            rate(s, k3, o, rare, 5, at(6))
    with db.read() as s:
        m = employee_metrics(s, k3, e.id, MARCH)
    # By hand: others' means 2.0 (weak) and 5.0 (good), weighted by E's 3 and 1 ratings:
    # (3 x 2 + 1 x 5) / 4 = 2.75; E over the same two: (2 + 2 + 2 + 5) / 4 = 2.75.
    assert m.others_mean == pytest.approx(2.75)
    assert m.my_mean_same_suppliers == pytest.approx(2.75)
    assert set(m.counted_supplier_ids) == {weak.id, good.id}
    assert (m.suppliers_rated, m.suppliers_counted, m.others_count) == (3, 2, 13)
    assert m.verdict == "same"
    # The old reading, pooled volume (everyone's ratings of E's suppliers with k clients):
    # (6 + 6 + 5 + 50) / 17 = 3.94 against E's 2.75 over the same two: "stricter".
    pooled = (3 * 2 + 3 * 2 + 5 + 10 * 5) / 17
    assert verdict_of(m.my_mean_same_suppliers, pooled, 0.2) == "stricter"
    # E's metric 1 still counts every rating, the rare supplier's 1 included.
    assert m.given_mean == pytest.approx(12 / 5)


def test_metric_3_withheld_below_k(db: Database, k3: Config, data: dict[str, int]) -> None:
    k3.site.k_anonymity = 5  # E has 4 distinct clients
    with db.read() as s:
        m = employee_metrics(s, k3, data["E"], MARCH)
    assert m.received_withheld and m.received_mean is None and m.received_csat is None
    assert (m.received_count, m.received_clients) == (4, 4)  # volume stays visible
    assert all(w.received_mean is None for w in m.trend)


def test_default_period_is_last_30_days(db: Database, k3: Config, data: dict[str, int]) -> None:
    with db.read() as s:
        m = employee_metrics(s, k3, data["E"], today=dt.date(2026, 3, 31))
    # 2 .. 31 March: everything in March except nothing (E's ratings start on the 2nd).
    assert m.period == Period(dt.date(2026, 3, 2), dt.date(2026, 3, 31))
    assert m.given_count == 3


@pytest.mark.parametrize("m1,m2,expected", [
    (3.0, 3.2, "same"), (3.2, 3.0, "same"), (3.0, 3.21, "stricter"), (3.21, 3.0, "kinder"),
    (None, 3.0, None), (3.0, None, None)])
def test_verdict_tolerance_is_inclusive(m1: float | None, m2: float | None,
                                        expected: str | None) -> None:
    assert verdict_of(m1, m2, 0.2) == expected


def test_supplier_scores_and_index_by_hand(db: Database, k3: Config, data: dict[str, int]) -> None:
    with db.read() as s:
        rows = {r.full_name: r for r in supplier_scores(s, k3, MARCH)}
        assert company_score(s, k3, MARCH).mean == pytest.approx(45 / 12)
    # Company in March: 12 ratings, 9 + 14 + 6 + 16 = 45 -> m = 3.75; C = 10.
    # S1: 5 ratings, sum 20, 4 clients (E, C1..C3): mean 4.0, CSAT 4/5,
    #     index (10 * 3.75 + 20) / (10 + 5) = 57.5 / 15 = 3.8333
    # E:  4 ratings, sum 16: index (37.5 + 16) / 14 = 3.8214
    # S2: 3 ratings, sum 9, 3 clients: mean 3.0, CSAT 1/3, index 46.5 / 13 = 3.5769
    assert [r.full_name for r in supplier_scores_sorted(rows)] == ["S1", "E", "S2"]
    s1, e, s2 = rows["S1"], rows["E"], rows["S2"]
    assert (s1.n, s1.clients, s1.mean, s1.csat) == (5, 4, 4.0, 0.8)
    assert s1.index == pytest.approx(57.5 / 15)
    assert e.index == pytest.approx(53.5 / 14)
    assert (s2.n, s2.clients, s2.mean) == (3, 3, 3.0)
    assert s2.csat == pytest.approx(1 / 3) and s2.index == pytest.approx(46.5 / 13)
    assert not any(r.withheld for r in rows.values())
    with db.read() as s:
        assert [r.full_name for r in top_suppliers(s, k3, MARCH, 2)] == ["S1", "E"]
        # Not a whole month (clients counted on the ratings): 4..10 March has S1's C1..C3
        # and E's 4 ratings on the 9th/10th.
        part = {r.full_name: r for r in supplier_scores(s, k3, Period(dt.date(2026, 3, 4),
                                                                      dt.date(2026, 3, 10)))}
        assert (part["S1"].n, part["S1"].clients, part["S1"].mean) == (4, 4, 4.5)
        assert part["S2"].withheld and part["S2"].mean is None  # C1, C2 only


def supplier_scores_sorted(rows: dict[str, object]) -> list[object]:
    return sorted(rows.values(), key=lambda r: -r.index)  # type: ignore[attr-defined]


def test_attractiveness_index_pulls_few_ratings_to_the_mean() -> None:
    # Two fives vs two hundred 4.8s with m = 4.0, C = 10 (the example in docs/metrics.md).
    assert attractiveness_index(10, 2, 4.0, 10) == pytest.approx(50 / 12)
    assert attractiveness_index(960, 200, 4.0, 10) == pytest.approx(1000 / 210)
    assert attractiveness_index(10, 2, 4.0, 10) < attractiveness_index(960, 200, 4.0, 10)
    assert attractiveness_index(10, 2, None, 10) is None


def test_tiers(db: Database, k3: Config, data: dict[str, int]) -> None:
    k3.tiers = [TierConfig("gold", 3.8, 4), TierConfig("silver", 3.5, 3)]
    with db.read() as s:
        # The live figures, for an admin who asks with --live.
        tiers = [(t.full_name, t.tier) for t in monthly_tiers(s, k3, "2026-03", live=True)]
    # S1 3.833 / 4 clients and E 3.821 / 4: gold; S2 3.577 / 3 clients: silver.
    assert tiers == [("S1", "gold"), ("E", "gold"), ("S2", "silver")]
    with db.read() as s:
        tiers = [(t.full_name, t.tier) for t in monthly_tiers(s, k3, "2026-03")]
    # On the published figures (completed blocks of k = 3 clients, as posters and rankings):
    # S1's ratings in order E 2, E 4, C1 5, C2 5 close a block (three clients), C3's 4 is
    # open: 16 / 4, 3 clients -> (10 x 3.75 + 16) / 14 = 3.82; E: C1 5, C2 4, C3 3 (C4 open)
    # -> (37.5 + 12) / 13 = 3.81; S2: 3, 4, 2 -> 3.58. Three clients each: silver (gold
    # needs four).
    assert tiers == [("S1", "silver"), ("E", "silver"), ("S2", "silver")]
    # Each supplier's own tier (their kiosk home) is the export's, with its perks.
    k3.tiers[1].perks_ru, k3.tiers[1].perks_en = "Приоритет", "Priority"
    with db.read() as s:
        own = {name: supplier_tier(s, k3, data[name], "2026-03") for name in ("S1", "S2", "E")}
        assert supplier_tier(s, k3, data["C1"], "2026-03") is None  # never rated
        assert supplier_tier(s, k3, data["S1"], "2026-02") is None  # below k in February
    assert {name: t.tier for name, t in own.items() if t} == {"S1": "silver", "E": "silver",
                                                               "S2": "silver"}
    assert (own["S1"].perks_ru, own["S1"].perks_en) == ("Приоритет", "Priority")
    k3.tiers = [TierConfig("gold", 3.8, 5)]  # nobody has 5 clients
    with db.read() as s:
        assert monthly_tiers(s, k3, "2026-03", live=True) == []


def test_poster_rankings_and_tiers_name_the_same_best(db: Database, k3: Config) -> None:
    """SPEC 5, one figure per person: A's last two ratings (1, 1 from new clients) are an
    open block; on all ratings B (4, 4, 4) looks better than A, on the published figures A
    (5, 5, 5) is. The poster, the wallboard's ranking and the tier export agree: A first."""
    from shared.domain.posters import poster_entries
    from shared.domain.public.steps import stepped_top
    k3.tiers = [TierConfig("gold", 2.0, 3)]
    with db.write() as s:
        a, b = department(s, "A"), department(s, "B")
        sup_a, sup_b = people(s, a, ["SUPA", "SUPB"])
        clients = people(s, b, [f"C{i}" for i in range(8)])
        for c in clients[:3]:
            rate(s, k3, c, sup_a, 5, at(3))
            rate(s, k3, c, sup_b, 4, at(3))
        for c in clients[3:5]:
            rate(s, k3, c, sup_a, 1, at(4))
    with db.read() as s:
        live = [r.full_name for r in top_suppliers(s, k3, MARCH, 2)]
        tiers = [t.full_name for t in monthly_tiers(s, k3, "2026-03")]
        poster = poster_entries(s, k3, "2026-03", top=1)[0].supplier.full_name
        ranking = [r.full_name for r in stepped_top(s, k3, MARCH, 2)[0]]
    assert live == ["SUPB", "SUPA"]  # (10m + 12) / 13 beats (10m + 17) / 15, m = 29 / 11
    assert tiers == ranking == ["SUPA", "SUPB"] and poster == "SUPA"


def test_problems_praise_and_mood(db: Database, k3: Config, data: dict[str, int]) -> None:
    with db.read() as s:
        problems = top_problems(s, k3, MARCH)
        # "slow" was cited with a 1-2 score by E (2 to S1) and C2 (2 to S2): 2 clients < 3.
        assert [(p.code, p.n_low, p.clients, p.withheld) for p in problems] == \
            [("slow", None, 2, True)]
        k3.site.k_anonymity = 3
        praise = praise_comments(s, k3, data["S1"], MARCH)
        # S1's 4-5 comments, newest first (both on the 4th: insertion order by time).
        assert not praise.withheld and praise.clients == 4
        assert {q.text for q in praise.quotes} == {"Быстро и чётко", "=HYPERLINK(1)"}
        assert praise_comments(s, k3, data["S1"], month_period("2026-02")).withheld
        mood = company_mood(s, k3, dt.date(2026, 3, 10))
        # 10 March: E received 5, 4, 3, 4 from four clients. Published in blocks of k = 3
        # clients: the first block (5, 4, 3) -> 4.0, CSAT 2/3; the 4 waits for two more.
        assert (mood.n, mood.clients, mood.mean) == (3, 3, 4.0)
        assert mood.csat == pytest.approx(2 / 3)
        assert company_mood(s, k3, dt.date(2026, 3, 2)).withheld


def test_mood_never_gives_away_one_rating(db: Database, k3: Config) -> None:
    """A look at the start screen before and after a colleague rates must not tell what they
    gave: the mood moves only by whole blocks of k distinct clients' ratings; a rating from
    an offline kiosk synced late (an earlier time) joins the open block, never a published
    one; a kept cooldown conflict does not count."""
    day = dt.date(2026, 3, 12)
    with db.write() as s:
        d = department(s, "D")
        sup, sup2, *clients = people(s, d, ["S", "S2", "A", "B", "C", "X", "Y", "Z", "W"])
    seen = []

    def look() -> tuple[int, float | None]:
        with db.read() as s:
            mood = company_mood(s, k3, day)
        seen.append((mood.n, mood.mean, mood.withheld))
        return mood.n, mood.mean

    plan = [(clients[0], 5), (clients[0], 1), (clients[1], 4), (clients[2], 2),  # A twice
            (clients[3], 1), (clients[4], 5), (clients[5], 3), (clients[6], 4)]
    for i, (client, score) in enumerate(plan):
        with db.write() as s:
            target = sup if i != 1 else sup2  # A's second rating is for S2 (no cooldown)
            rate(s, k3, client, target, score, at(12, hour=8, minute=i))
        look()
    # Blocks: A, A, B, C (3 clients) | X, Y, Z (3 clients) | W open.
    first = (5 + 1 + 4 + 2) / 4
    # Withheld: the volume so far ("Today: 3 ratings so far"); then the published count.
    assert [n for n, _, _ in seen] == [1, 2, 3, 4, 4, 4, 7, 7]
    assert all(withheld for _, _, withheld in seen[:3])
    assert seen[3][1] == pytest.approx(first) and seen[5][1] == pytest.approx(first)
    assert seen[6][1] == pytest.approx((5 + 1 + 4 + 2 + 1 + 5 + 3) / 7)
    # A late rating from an offline kiosk, timed before everything else today: the open
    # block grows (W + it), the published figure stays.
    with db.write() as s:
        rate(s, k3, clients[1], sup2, 1, at(12, hour=6))
        # B within the cooldown of that one: kept as a conflict, not counted.
        late = record_rating(s, k3, rater_id=clients[1].id, supplier_id=sup2.id, score=5,
                             created_at=at(12, hour=6, minute=30),
                             keep_cooldown_conflict=True)
        assert late.status == "recorded"
    assert look() == (7, pytest.approx((5 + 1 + 4 + 2 + 1 + 5 + 3) / 7))
    with db.write() as s:
        rate(s, k3, clients[2], sup2, 2, at(12, hour=9))  # C closes the block W, B, C
    assert look() == (10, pytest.approx((5 + 1 + 4 + 2 + 1 + 5 + 3 + 4 + 1 + 2) / 10))


def test_top_problem_shown_when_k_clients(db: Database, k3: Config) -> None:
    with db.write() as s:
        d = department(s, "D")
        sup, *clients = people(s, d, ["S", "A", "B", "C"])
        slow = tag(s, "slow")
        for i, c in enumerate(clients):
            rate(s, k3, c, sup, 1 + i % 2, at(3), reason_codes=[slow.code])
    with db.read() as s:
        p, = top_problems(s, k3, MARCH)
    assert (p.code, p.n_low, p.clients, p.withheld) == ("slow", 3, 3, False)


def test_top_problems_count_what_the_rollup_counts(db: Database, k3: Config) -> None:
    """Citations come from the period's ok 1-2 ratings (plant-local days), as in
    rollup_tag_day: not a 3, not a kept cooldown conflict, not the next plant day."""
    with db.write() as s:
        d = department(s, "D")
        sup, *clients = people(s, d, ["S", "A", "B", "C", "X"])
        slow, rude = tag(s, "slow"), tag(s, "rude")
        for c in clients[:3]:
            rate(s, k3, c, sup, 2, at(3), reason_codes=[slow.code, rude.code])
        rate(s, k3, clients[3], sup, 3, at(3), reason_codes=[slow.code])  # not low
        # Within X's cooldown of the 3: kept as a conflict, not counted.
        late = record_rating(s, k3, rater_id=clients[3].id, supplier_id=sup.id, score=1,
                             reason_codes=[slow.code], created_at=at(3, minute=30),
                             keep_cooldown_conflict=True)
        assert late.status == "recorded"
        # 31 March 22:00 UTC is 1 April 01:00 at the plant: April, not March.
        rate(s, k3, clients[0], sup, 1, at(31, hour=22), reason_codes=[rude.code])
        rate(s, k3, clients[1], sup, 1, at(31, hour=20), reason_codes=[rude.code])
    with db.read() as s:
        problems = {p.code: (p.n_low, p.clients) for p in top_problems(s, k3, MARCH)}
        rollup = dict(s.execute(
            select(ReasonTag.code, func.sum(RollupTagDay.n_low))
            .join(ReasonTag, ReasonTag.id == RollupTagDay.reason_tag_id)
            .where(RollupTagDay.day.between(MARCH.start, MARCH.end))
            .group_by(ReasonTag.code)).all())
    # slow: A, B, C with a 2 -> 3 citations, 3 clients; rude: those three + B's 1 on the
    # 31st (20:00 UTC = 23:00 at the plant, still March) -> 4 citations, 3 clients.
    assert problems == {"slow": (3, 3), "rude": (4, 3)}
    assert {c: n for c, (n, _) in problems.items()} == rollup


def test_most_improved_needs_k_on_both_sides(db: Database, k3: Config) -> None:
    with db.write() as s:
        d = department(s, "D")
        up, flat, *clients = people(s, d, ["UP", "FLAT", "A", "B", "C"])
        for c in clients:
            rate(s, k3, c, up, 3, at(10, month=2))  # February mean 3
            rate(s, k3, c, up, 5, at(10))  # March mean 5: +2
            rate(s, k3, c, flat, 4, at(10))  # March only: no previous figure
        rate(s, k3, clients[0], flat, 1, at(10, month=2))
    with db.read() as s:
        imp = most_improved(s, k3, MARCH)
    assert [(i.score.full_name, i.previous_mean, i.score.mean, i.delta) for i in imp] == \
        [("UP", 3.0, 5.0, 2.0)]


def test_streak_and_week(db: Database, k3: Config, data: dict[str, int]) -> None:
    with db.read() as s:
        # E rated on 2, 3 and 9 March. On the 9th (Monday): streak 1, this week 1.
        assert dataclasses.astuple(streak_and_week(s, k3, data["E"], dt.date(2026, 3, 9))) == \
            (1, 1, 1)
        # On the 4th: nothing yet today, the streak of the 2nd-3rd is still alive: 2 days;
        # week of 2 March: two ratings.
        assert dataclasses.astuple(streak_and_week(s, k3, data["E"], dt.date(2026, 3, 4))) == \
            (2, 2, 0)
        assert streak_and_week(s, k3, data["E"], dt.date(2026, 3, 6)).days == 0


def test_periods() -> None:
    assert month_period("2026-02") == Period(dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert previous(month_period("2026-03")) == month_period("2026-02")
    assert previous(month_period("2026-01")) == month_period("2025-12")
    assert previous(last_days(7, dt.date(2026, 3, 14))) == \
        Period(dt.date(2026, 3, 1), dt.date(2026, 3, 7))
    from zoneinfo import ZoneInfo
    moscow = ZoneInfo("Europe/Moscow")
    lo, hi = month_period("2026-03").utc_bounds(moscow)
    assert lo == dt.datetime(2026, 2, 28, 21, tzinfo=dt.UTC)
    assert hi == dt.datetime(2026, 3, 31, 21, tzinfo=dt.UTC)
    assert local_day(dt.datetime(2026, 3, 1, 21, tzinfo=dt.UTC), moscow) == dt.date(2026, 3, 2)
    with pytest.raises(ValueError):
        month_period("2026-13")
    with pytest.raises(ValueError):
        month_period("March")
