"""No single rating from any figure (issue 22, point 4): each attack reproduced on the live
figures an admin may still ask for (``--live``, audited), and shown refused by the published
ones, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from sqlalchemy import select

from shared.cli import main
from shared.config import Config
from shared.db import Database
from shared.db.models import AuditEntry, Employee
from shared.domain.metrics import employee_metrics
from shared.domain.periods import Period, month_period
from shared.domain.public import praise_comments, supplier_scores, top_problems
from shared.domain.public.published import published_metrics, published_scores, stepped_problems
from shared.domain.wallboard_data import load_wallboard_data
from tests.domain_data import at, department, people, rate, tag

MARCH = month_period("2026-03")
PRIOR = 10  # rating.prior_weight's default: the index is (10 m + sum) / (10 + n)


def _scores(db_url: str, capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, Any]:
    assert main(["--db", db_url, "scores", "--month", "2026-03", "--json", *extra]) == 0
    return {r["personnel_no"]: r for r in json.loads(capsys.readouterr().out)["suppliers"]}


def _live_audits(db: Database) -> list[tuple[str, dict[str, Any]]]:
    with db.read() as s:
        return [(e.actor, e.details) for e in s.scalars(
            select(AuditEntry).where(AuditEntry.action == "figures.live")
            .order_by(AuditEntry.id))]


@pytest.fixture
def shop(db: Database, config: Config) -> dict[str, Employee]:
    """S rated by 6 clients in February (a settled month) and by 7 in March (one block of
    k = 5 clients complete, two ratings open); T, another supplier; spare colleagues."""
    with db.write() as s:
        d = department(s, "Цех")
        sup, other = people(s, d, ["S", "T"])
        staff = people(s, d, [f"C{i:02}" for i in range(12)])
        for c in staff[:6]:
            rate(s, config, c, sup, 4, at(10, month=2))
        for c, score in zip(staff[:7], (5, 4, 5, 4, 5, 4, 5), strict=True):
            rate(s, config, c, sup, score, at(2))
        return {"S": sup, "T": other, **{e.personnel_no: e for e in staff}}


def test_scores_before_and_after_one_rating(db: Database, db_url: str, config: Config,
                                            shop: dict[str, Employee],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """`pulse scores` looked at before and after a colleague rated gave the score away
    (24 × 4.4583 − 23 × 4.5652 = 2.0000); published, both looks are equal."""
    before, live_before = _scores(db_url, capsys)["S"], _scores(db_url, capsys, "--live")["S"]
    with db.write() as s:
        rate(s, config, shop["C07"], shop["S"], 1, at(3))
    after, live_after = _scores(db_url, capsys)["S"], _scores(db_url, capsys, "--live")["S"]
    # The attack on the live figures: n × mean before and after differ by the new score.
    assert live_after["n"] * live_after["mean"] - live_before["n"] * live_before["mean"] \
        == pytest.approx(1.0)
    # Published: the first block (5 clients: 5, 4, 5, 4, 5); the rest waits for 5 clients.
    assert after == before
    assert (before["n"], before["clients"], before["mean"]) == (5, 5, 4.6)
    # The index's prior is February's settled company mean (4.0), not March's live one.
    assert before["index"] == pytest.approx((PRIOR * 4.0 + 23) / (PRIOR + 5))
    # Each live look was written to the audit log first, with who asked and for what.
    audits = _live_audits(db)
    assert len(audits) == 2 and all(actor.startswith("cli:") for actor, _ in audits)
    assert audits[0][1] == {"command": "scores", "month": "2026-03", "department": None}


def test_the_index_does_not_follow_the_live_company_mean(db: Database, config: Config,
                                                         shop: dict[str, Employee]) -> None:
    """With the live company mean m in the index, a look at anyone's index before and after
    a rating of *another* supplier told that score: index × (C + n) − sum = C × m."""
    def look() -> tuple[float, float]:
        with db.read() as s:
            live, = [r for r in supplier_scores(s, config, MARCH) if r.personnel_no == "S"]
            shown, = [r for r in published_scores(s, config, MARCH) if r.personnel_no == "S"]
        assert live.index is not None and shown.index is not None
        return live.index, shown.index

    def company_total(index: float) -> float:  # C × m from S's live index, then × N
        return index * (PRIOR + 7) - 32

    live_before, shown_before = look()
    with db.write() as s:
        rate(s, config, shop["C08"], shop["T"], 2, at(3))
    live_after, shown_after = look()
    # Live: m went from 32/7 to 34/8 -- m × N before and after differ by the new score, 2.
    assert company_total(live_after) / PRIOR * 8 - company_total(live_before) / PRIOR * 7 \
        == pytest.approx(2.0)
    assert shown_after == shown_before


def test_tier_export_before_and_after_one_rating(db: Database, db_url: str, config: Config,
                                                shop: dict[str, Employee], tmp_path: Any,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    def export(name: str, *extra: str) -> str:
        out = tmp_path / name
        assert main(["--db", db_url, "export", "tiers", "--month", "2026-03", "-o", str(out),
                     *extra]) == 0
        capsys.readouterr()
        return out.read_text(encoding="utf-8-sig")

    before = export("before.csv")
    with db.write() as s:
        rate(s, config, shop["C07"], shop["S"], 1, at(3))
        rate(s, config, shop["C08"], shop["T"], 3, at(3))
    assert export("after.csv") == before
    assert export("live.csv", "--live") != before
    assert [d["command"] for _, d in _live_audits(db)] == ["export tiers"]


@pytest.fixture
def received(db: Database, config: Config) -> dict[str, Employee]:
    """P rated by five clients on 3 March, then by V alone on the 10th; C1 also rated P, so
    P's ratings from its other clients are C1's metric 2 (like for like)."""
    with db.write() as s:
        d = department(s, "Склад")
        p, v = people(s, d, ["P", "V"])
        clients = people(s, d, ["C1", "C2", "C3", "C4", "C5"])
        for c, score in zip(clients, (5, 4, 4, 5, 3), strict=True):
            rate(s, config, c, p, score, at(3))
        rate(s, config, v, p, 1, at(10))
        return {"P": p, "V": v, "C1": clients[0]}


def _metrics(db_url: str, capsys: pytest.CaptureFixture[str], who: str, end: str,
             *extra: str) -> dict[str, Any]:
    assert main(["--db", db_url, "metrics", "--employee", who, "--from", "2026-03-01",
                 "--to", end, "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_metrics_over_two_windows_a_day_apart(db: Database, db_url: str, config: Config,
                                              received: dict[str, Employee],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """`pulse metrics` to the 9th and to the 10th: the live figures differ by V's rating
    alone (metric 3 for P, metric 2 for C1); the published ones are equal. A sixth client,
    C6, gives P k = 5 clients other than C1 on the 3rd (metric 2 is like for like)."""
    with db.write() as s:
        (c6,) = people(s, department(s, "Гости"), ["C6"])
        p = s.scalars(select(Employee).where(Employee.personnel_no == "P")).one()
        rate(s, config, c6, p, 5, at(3))
    def m3(d: dict[str, Any]) -> tuple[int, float | None]:
        return d["received_count"], d["received_mean"]

    def m2(d: dict[str, Any]) -> tuple[int, float | None]:
        return d["others_count"], d["others_mean"]

    live9 = _metrics(db_url, capsys, "P", "2026-03-09", "--live")
    live10 = _metrics(db_url, capsys, "P", "2026-03-10", "--live")
    assert live10["received_count"] * live10["received_mean"] \
        - live9["received_count"] * live9["received_mean"] == pytest.approx(1.0)
    assert m3(_metrics(db_url, capsys, "P", "2026-03-09")) \
        == m3(_metrics(db_url, capsys, "P", "2026-03-10")) == (6, 26 / 6)
    live9, live10 = (_metrics(db_url, capsys, "C1", end, "--live")
                     for end in ("2026-03-09", "2026-03-10"))
    assert m2(live10)[0] == m2(live9)[0] + 1
    assert m2(_metrics(db_url, capsys, "C1", "2026-03-09")) \
        == m2(_metrics(db_url, capsys, "C1", "2026-03-10")) == (5, 4.2)
    assert [d["command"] for _, d in _live_audits(db)] == ["metrics"] * 4


def test_no_two_windows_isolate_fewer_than_k_clients(db: Database, config: Config,
                                                     received: dict[str, Employee]) -> None:
    """Every published window is a sum of whole day blocks of k distinct clients: over all
    windows of 1..14 March, any two figures (so any differences of them) differ by zero or
    by at least k clients' ratings -- the weekly trend's points included."""
    with db.write() as s:  # a second block: V on the 10th, four more clients on the 12th
        d = department(s, "Другие")
        for i, c in enumerate(people(s, d, ["D1", "D2", "D3", "D4"])):
            rate(s, config, c, received["P"], 2 + i % 3, at(12))
    today = dt.date(2026, 4, 1)
    seen: set[tuple[int, int]] = set()
    with db.read() as s:
        for first in range(1, 15):
            for last in range(first, 15):
                window = Period(dt.date(2026, 3, first), dt.date(2026, 3, last))
                m = published_metrics(s, config, received["P"].id, window, today)
                assert m.received_count in (0, 5, 10)
                assert m.received_withheld == (m.received_count == 0)
                seen.add((first, m.received_count))
                for week in m.trend:
                    assert week.received_count in (0, 5, 10)
        live = employee_metrics(s, config, received["P"].id,
                                Period(dt.date(2026, 3, 10), dt.date(2026, 3, 10)), today)
    assert live.received_count == 1  # the live figure would isolate V
    # The blocks: 3 March (5 clients), 10-12 March (V + 4); both counted from the 1st.
    assert (1, 10) in seen and (4, 5) in seen and (11, 0) in seen


def test_problems_slide_counts_move_by_blocks(db: Database, config: Config) -> None:
    """The problems slide's live count went 14 -> 15 after one low rating with its reason;
    published, it moves only when a block of k distinct clients completes."""
    now = dt.datetime(2026, 3, 20, 9, 0, tzinfo=dt.UTC)
    with db.write() as s:
        d = department(s, "Цех")
        sup, sup2 = people(s, d, ["S", "S2"])
        staff = people(s, d, [f"W{i:02}" for i in range(15)])
        slow = tag(s, "slow")
        # 14 citations from 13 clients (W00 cites it for two suppliers): blocks of k = 5
        # clients hold W00, W00, W01..W04 (6 citations) and W05..W09 (5); W10..W12 wait.
        rate(s, config, staff[0], sup2, 2, at(5), reason_codes=[slow.code])
        for i, c in enumerate(staff[:13]):
            rate(s, config, c, sup, 1 + i % 2, at(5, minute=i + 1), reason_codes=[slow.code])

    def look(when: dt.datetime = now) -> tuple[int | None, int | None, tuple[int, ...]]:
        with db.read() as s:
            live, = top_problems(s, config, MARCH)
            shown, = stepped_problems(s, config, MARCH)
            board = load_wallboard_data(s, config, now=when)
        return live.n_low, shown.n_low, tuple(p.this_month for p in board.problems)

    assert look() == (14, 11, (11,))
    with db.write() as s:
        rate(s, config, staff[13], sup, 2, at(6), reason_codes=["slow"])
    assert look() == (15, 11, (11,))
    # The open block's fifth client, today: the whole block completes, but the slide counts
    # ratings given before today, so it shows the block tomorrow with the rest of today's --
    # not right after the colleague who completed it left the kiosk.
    with db.write() as s:
        rate(s, config, staff[14], sup, 1, now + dt.timedelta(minutes=5), reason_codes=["slow"])
    assert look(now + dt.timedelta(minutes=10)) == (16, 16, (11,))
    assert look(now + dt.timedelta(days=1)) == (16, 16, (16,))


def test_quotes_do_not_tell_the_order_of_arrival(db: Database, config: Config) -> None:
    """Newest first, the poster's top quote was the comment of whoever completed the block
    (colleagues filling a block after a victim read the victim's comment on top). Quotes are
    chosen by a keyed hash of the rating: the same ratings arriving in the opposite order
    give the same quotes."""
    with db.write() as s:
        d = department(s, "Цех")
        sup, = people(s, d, ["S"])
        staff = people(s, d, [f"Q{i}" for i in range(6)])
    ids = [uuid.UUID(int=(i + 1) * 0x1234567890ABCDEF) for i in range(6)]
    texts = [f"Спасибо, отзыв номер {i}" for i in range(6)]
    chosen = []
    for order in (range(6), reversed(range(6))):
        with db.read() as s:  # written, looked at, rolled back
            for minute, i in enumerate(order):
                rate(s, config, staff[i], sup, 5, at(4, minute=minute), comment=texts[i],
                     rating_uuid=ids[i])
            praise = praise_comments(s, config, sup.id, MARCH, limit=3)
            chosen.append([q.text for q in praise.quotes])
    assert chosen[0] == chosen[1] and len(chosen[0]) == 3


def test_live_with_bad_input_logs_nothing(db: Database, db_url: str, shop: dict[str, Employee],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """A refused command shows nothing and writes no audit entry."""
    for args in (["scores", "--month", "2026-03", "--department", "Нет", "--live"],
                 ["metrics", "--employee", "X9", "--live"],
                 ["export", "tiers", "--month", "2026-13", "--live"]):
        assert main(["--db", db_url, *args]) == 1
        err = capsys.readouterr().err.strip()
        assert err.startswith("pulse: error: ") and "\n" not in err
    assert _live_audits(db) == []
