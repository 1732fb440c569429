"""The PostgreSQL roles attacked through real logins made by ``pulse db grant``.

As the wallboard: join ratings to their raters, read PIN hashes and badge HMACs. As the
kiosk: falsify a figure, demote a rating, file a backdated rating or one in someone's name
inside their cooldown, lift a lockout, rewrite a dispute, credit points, read who rated
whom. Each refused; and the wallboard's refresh, the kiosk's home screen and the kiosk's
sync of a rating still work under those roles (docs/security.md).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from shared.cli import main as pulse
from shared.config import Config, TierConfig
from shared.db import open_database
from shared.domain.rollups import rebuild_rollups
from shared.domain.tiers import monthly_tiers
from shared.domain.wallboard_data import load_wallboard_data
from shared.jobs import run_jobs
from shared.security import badge_hmac
from tests.offline_support import SECRET, badge_of, production_backend, seed_directory
from tests.test_grants import Cluster
from tests.wallboard_seed import seed

pytestmark = pytest.mark.pg

TZ = ZoneInfo("Europe/Moscow")
NOW = dt.datetime(2026, 11, 25, 14, 0, tzinfo=TZ).astimezone(dt.UTC)
ROLLUPS = ("rollup_supplier_day", "rollup_rater_day", "rollup_pair_month",
           "rollup_dept_pair_day", "rollup_tag_day", "rollup_client_week", "rollup_rater_month")


def refused(engine: Engine, sql: str, **params: object) -> bool:
    """Whether the statement (committed on its own) is refused by the server."""
    try:
        with engine.begin() as conn:
            conn.execute(text(sql), params)
    except DBAPIError as exc:
        said = str(exc.orig)
        assert "permission denied" in said or "cannot" in said, said
        return True
    return False


class Presence:
    """A kiosk login's engine that binds a person at every checkout, as the kiosk's
    ``Database.present`` does: ``badge`` is the badge HMAC presented (None: nobody)."""

    def __init__(self, engine: Engine) -> None:
        self.badge: str | None = None
        event.listen(engine, "checkout", self._bind)

    def _bind(self, dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        cur = dbapi_connection.cursor()
        cur.execute("SELECT pulse_private.kiosk_bind(%s)", (self.badge,))
        cur.close()


def rows(engine: Engine, sql: str, **params: object) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params)]


def figures(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    return {t: sorted(rows(engine, f"SELECT * FROM public.{t}")) for t in ROLLUPS}


def test_the_wallboard_cannot_name_a_rater_and_still_shows_the_same_figures(
        cluster: Cluster, config: Config) -> None:
    cluster.grant()
    admin = open_database(cluster.url)
    seed(admin, employees=60, months=2, per_month=6.0, now=NOW, tz=TZ)
    wallboard = cluster.login("wallboard")
    try:
        # The join the issue made: rating -> rater's name. Through the views no rater has one.
        assert rows(wallboard, "SELECT e.full_name, r.score, r.comment FROM ratings r "
                    "JOIN employees e ON e.id = r.rater_id WHERE e.full_name IS NOT NULL") == []
        assert rows(wallboard, "SELECT count(*) FROM ratings WHERE rater_id > 0") == [(0,)]
        for table in ("ratings", "employees", "rollup_pair_month", "rollup_rater_day",
                      "rollup_client_week", "rollup_rater_month", "audit_log", "nudges",
                      "pin_offline_attempts", "pulse_private.settings",
                      "pulse_private.pseudonyms"):
            name = table if "." in table else f"public.{table}"
            assert refused(wallboard, f"SELECT * FROM {name} LIMIT 1"), name
        assert rows(wallboard, "SELECT DISTINCT pin_hash, badge_hmac, email FROM employees"
                    ) == [(None, None, None)]
        assert rows(wallboard, "SELECT count(*) FROM rollup_pair_month p JOIN employees e "
                    "ON e.id = p.rater_id WHERE e.full_name IS NOT NULL") == [(0,)]
        assert refused(wallboard, "UPDATE rollup_supplier_day SET n = n + 1")
        # Every person has a random pseudonym (given when they were imported), unique.
        assert rows(cluster.admin, "SELECT count(*), count(DISTINCT p.pseudonym), "
                    "max(p.pseudonym) < 0 FROM employees e JOIN pulse_private.pseudonyms p "
                    "ON p.employee_id = e.id") == [(60, 60, True)]
        # The refresh reads through the views and publishes exactly what the owner's does.
        as_wallboard = open_database(wallboard.url.render_as_string(hide_password=False))
        try:
            with as_wallboard.read() as s:
                seen = load_wallboard_data(s, config, now=NOW)
        finally:
            as_wallboard.dispose()
        with admin.read() as s:
            truth = load_wallboard_data(s, config, now=NOW)
        assert not truth.empty and truth.top_suppliers and truth.impact is not None
        assert seen == truth
    finally:
        wallboard.dispose()
        admin.dispose()


def _rating(conn, rater: int, supplier: int, dep: int, when: str,  # type: ignore[no-untyped-def]
            status: str = "ok", score: int = 5, day: str | None = None) -> int:
    return int(conn.execute(text(
        "INSERT INTO ratings (uuid, rater_id, supplier_id, rater_department_id, "
        "supplier_department_id, score, comment, created_at, day, received_at, status) "
        f"VALUES (:u, :r, :s, :d, :d, :score, 'Спасибо', {when}, {day or f'CAST({when} AS date)'}, "
        "now(), :status) RETURNING id"),
        {"u": uuid.uuid4(), "r": rater, "s": supplier, "d": dep, "score": score,
         "status": status}).scalar_one())


def test_the_kiosk_cannot_falsify_figures_nor_read_who_rated_whom(cluster: Cluster,
                                                                   config: Config) -> None:
    assert pulse(["--db", cluster.url, "db", "grant", "--prefix", cluster.prefix]) == 0
    assert rows(cluster.admin, "SELECT cooldown_hours, backdate_days, history_days, "
                "max_points FROM pulse_private.settings") == [
        (config.rating.cooldown_hours, 14, config.rating.period_days + 2, 2)]
    admin_db = open_database(cluster.url)
    d = seed_directory(admin_db, people=6, departments=2)
    with cluster.admin.begin() as conn:  # one department for the people rated here
        conn.execute(text("UPDATE employees SET department_id = :d"), {"d": d.department_ids[0]})
    admin_db.dispose()
    dep, (manager, a, b, c, victim, _) = d.department_ids[0], d.employee_ids
    kiosk = cluster.login("kiosk")
    at_kiosk = Presence(kiosk)
    try:
        with kiosk.begin() as conn:  # the kiosk's own path: a rating now, in its rollups
            counted = _rating(conn, a, b, dep, "now() - interval '1 hour'")
            _rating(conn, c, b, dep, "now() - interval '2 hours'", score=4)
        with cluster.admin.begin() as conn:
            old = _rating(conn, victim, b, dep, "now() - interval '40 days'", score=1)
            conn.execute(text("UPDATE employees SET pin_locked_until = now() + interval "
                              "'1 hour', pin_lockouts = 2 WHERE id = :m"), {"m": manager})
            regulation = conn.execute(text("SELECT id FROM regulations")).scalar_one()
            disputes = [conn.execute(text(
                "INSERT INTO disputes (uuid, initiator_id, respondent_id, regulation_id, "
                "description, state, opened_at, deadline_at) VALUES (:u, :i, :r, :g, "
                "'Не выдал инструмент', :st, now(), now() + interval '2 days') RETURNING id"),
                {"u": uuid.uuid4(), "i": a, "r": b, "g": regulation, "st": st}).scalar_one()
                for st in ("open", "accepted")]
        before = figures(cluster.admin)  # the kiosk's two, added by the database
        assert sum(n for _s, _d, _dep, n, *_ in before["rollup_supplier_day"]) == 2

        # Figures: no rollup row can be written, added or deleted.
        assert refused(kiosk, "UPDATE rollup_supplier_day SET score_sum = n * 5")
        assert refused(kiosk, "INSERT INTO rollup_supplier_day (supplier_id, day, "
                       "supplier_department_id, n, score_sum, n_happy, n_unhappy) "
                       "VALUES (:b, CURRENT_DATE + 1, :d, 9, 45, 9, 0)", b=b, d=dep)
        assert refused(kiosk, "DELETE FROM rollup_supplier_day")
        assert refused(kiosk, "SELECT pulse_private.rollup_ratings(ARRAY[:r]::bigint[], 1, true)",
                       r=counted)
        # Ratings: not demoted (nothing counts before it), not backdated, not a second
        # counting one in someone's name inside their cooldown, never edited. Nobody at the
        # kiosk: the rating is out of sight; its rater there (bound): refused.
        assert rows(kiosk, "UPDATE ratings SET status = 'cooldown_conflict' WHERE id = :r "
                    "RETURNING id", r=counted) == []
        at_kiosk.badge = badge_hmac(SECRET, badge_of(1))  # a, in front of the kiosk
        assert refused(kiosk, "UPDATE ratings SET status = 'cooldown_conflict' WHERE id = :r",
                       r=counted)
        with pytest.raises(DBAPIError, match="permission denied"), kiosk.begin() as conn:
            _rating(conn, victim, c, dep, "now() - interval '30 days'", score=1)
        with pytest.raises(DBAPIError, match="permission denied"), kiosk.begin() as conn:
            _rating(conn, a, b, dep, "now() - interval '30 minutes'", score=1)
        with pytest.raises(DBAPIError, match="permission denied"), kiosk.begin() as conn:
            _rating(conn, victim, c, dep, "now()", day="CURRENT_DATE - 40")  # a past day
        with pytest.raises(DBAPIError, match="permission denied"), kiosk.begin() as conn:
            _rating(conn, victim, c, d.department_ids[1], "now()")         # another department
        assert refused(kiosk, "UPDATE ratings SET score = 1 WHERE id = :r", r=counted)
        tag = rows(kiosk, "SELECT id FROM reason_tags ORDER BY id LIMIT 1")[0][0]
        assert refused(kiosk, "INSERT INTO rating_reasons (rating_id, reason_tag_id) "
                       "VALUES (:r, :t)", r=counted, t=tag)          # the problems slide
        with pytest.raises(DBAPIError, match="permission denied"), kiosk.begin() as conn:
            conn.execute(text("UPDATE ratings SET status = status WHERE id = :r"),
                         {"r": counted})                             # not "fresh" this way
            conn.execute(text("INSERT INTO rating_reasons (rating_id, reason_tag_id) "
                              "VALUES (:r, :t)"), {"r": counted, "t": tag})
        assert refused(kiosk, "DELETE FROM ratings WHERE id = :r", r=counted)
        # Lockouts in force stay; decided disputes and dispute texts stay; no free points.
        assert refused(kiosk, "UPDATE employees SET pin_locked_until = NULL, pin_failures = 0, "
                       "pin_lockouts = 0 WHERE id = :m", m=manager)
        assert refused(kiosk, "UPDATE employees SET pin_locked_until = now() WHERE id = :m",
                       m=manager)
        assert refused(kiosk, "UPDATE disputes SET description = 'Всё выдал' WHERE id = :i",
                       i=disputes[0])
        assert refused(kiosk, "UPDATE disputes SET respondent_id = :c WHERE id = :i",
                       c=c, i=disputes[0])
        assert refused(kiosk, "UPDATE disputes SET state = 'open' WHERE id = :i",
                       i=disputes[1])                                # decided stays decided
        assert refused(kiosk, "UPDATE disputes SET state = 'both_right' WHERE id = :i",
                       i=disputes[0])                                # no verdict unescalated
        assert refused(kiosk, "UPDATE disputes SET arbiter_id = :c WHERE id = :i",
                       c=c, i=disputes[0])
        assert refused(kiosk, "INSERT INTO disputes (uuid, initiator_id, respondent_id, "
                       "regulation_id, description, state, opened_at, deadline_at) VALUES "
                       "(:u, :a, :b, :g, 'x', 'accepted', now(), now())", u=uuid.uuid4(),
                       a=a, b=b, g=regulation)                       # born decided
        assert refused(kiosk, "INSERT INTO proposals (uuid, client_id, supplier_id, "
                       "what_should_change, improves_metric, status, created_at) VALUES "
                       "(:u, :a, :b, 'x', 'y', 'accepted', now())", u=uuid.uuid4(), a=a, b=b)
        credit = ("INSERT INTO points_ledger (employee_id, department_id, month, delta, cause, "
                  "dispute_id, dedup_key, created_at) VALUES (:e, :d, '2026-11', :delta, "
                  ":cause, :i, :k, now())")
        assert refused(kiosk, credit, e=c, d=dep, delta=500, cause="proposal_accepted", i=None,
                       k="forged-1")                                 # no cause at all
        assert refused(kiosk, credit, e=c, d=dep, delta=1, cause="dispute_accepted",
                       i=disputes[1], k="forged-2")                  # not a party
        assert refused(kiosk, credit, e=a, d=dep, delta=500, cause="dispute_accepted",
                       i=disputes[1], k="forged-3")                  # above any credit
        assert refused(kiosk, credit, e=a, d=dep, delta=1, cause="dispute_accepted",
                       i=disputes[0], k="forged-4")                  # not decided
        assert not refused(kiosk, credit, e=a, d=dep, delta=1, cause="dispute_accepted",
                           i=disputes[1], k="accepted-a")
        assert refused(kiosk, credit, e=a, d=dep, delta=1, cause="dispute_accepted",
                       i=disputes[1], k="accepted-a-again")          # twice
        assert refused(kiosk, "DELETE FROM audit_log")
        # Who rated whom: not the table, not a comment, not the history, not the monthly pairs.
        assert refused(kiosk, "SELECT rater_id, supplier_id, score FROM public.ratings")
        assert refused(kiosk, "SELECT comment FROM ratings")
        assert refused(kiosk, "SELECT * FROM rollup_pair_month")
        assert refused(kiosk, "SELECT * FROM rollup_client_week")
        assert refused(kiosk, "SELECT * FROM rollup_rater_month")
        assert refused(kiosk, "SELECT score_sum FROM rollup_rater_day")
        assert refused(kiosk, "SELECT * FROM pulse_private.settings")
        assert rows(kiosk, "SELECT id FROM ratings WHERE id = :o", o=old) == []
        # What it needs for the person in front of it: their recent ratings, their figures.
        assert rows(kiosk, "SELECT supplier_id, status FROM ratings WHERE rater_id = :a",
                    a=a) == [(b, "ok")]
        assert rows(kiosk, "SELECT sum(n) FROM rollup_rater_day WHERE rater_id = :a",
                    a=a) == [(1,)]
    finally:
        kiosk.dispose()
    assert figures(cluster.admin) == before
    with cluster.admin.connect() as conn:
        assert conn.execute(text("SELECT pin_locked_until > now() FROM employees "
                                 "WHERE id = :m"), {"m": manager}).scalar_one()


def test_the_kiosk_login_lists_no_ones_ratings_without_their_badge(cluster: Cluster,
                                                                    config: Config) -> None:
    """The kiosk reads a person's ratings only while that person is bound by their badge
    HMAC (badge code and site secret). Its login alone reads none: not directly, not by
    binding someone with what it can read, not by forging or moving the binding, not through
    a function of its own in a WHERE; and what it reads for the bound person gives that
    person's cooldown and figures as the owner's (docs/security.md, section 2)."""
    from shared.domain.ratings import check_rating_allowed

    cluster.grant()
    admin_db = open_database(cluster.url)
    d = seed_directory(admin_db, people=6, departments=2)
    dep, (_m, a, b, c, victim, e) = d.department_ids[0], d.employee_ids
    with cluster.admin.begin() as conn:
        conn.execute(text("UPDATE employees SET department_id = :d"), {"d": dep})
        for rater, supplier, hours, score in ((a, b, 1, 5), (c, b, 2, 4), (victim, c, 3, 1),
                                              (victim, e, 30, 2), (e, victim, 50, 3)):
            _rating(conn, rater, supplier, dep, f"now() - interval '{hours} hours'",
                    score=score)
    kiosk = cluster.login("kiosk")
    at_kiosk = Presence(kiosk)
    a_badge = badge_hmac(SECRET, badge_of(1))
    try:
        # Nobody at the kiosk: no rating of anyone, by any name; the tables refused.
        for sql in ("SELECT count(*) FROM ratings", "SELECT count(*) FROM kiosk_reads.ratings",
                    "SELECT count(*) FROM peer_ratings"):
            assert rows(kiosk, sql) == [(0,)], sql
        for sql in ("SELECT rater_id FROM public.ratings", "SELECT * FROM public.peer_ratings",
                    "SELECT badge_hmac FROM public.employees",
                    "SELECT * FROM pulse_private.settings",
                    "SELECT * FROM pulse_private.fresh_ratings",
                    "SELECT pulse_private.kiosk_mac(:v)"):
            assert refused(kiosk, sql, v=victim), sql
        # The directory shows badge keys, never a badge HMAC: presenting a key binds nobody.
        keys = dict(rows(kiosk, "SELECT id, badge_hmac FROM employees"))
        assert all(k.startswith("k:") for k in keys.values())
        assert badge_hmac(SECRET, badge_of(4)) not in keys.values()
        for presented in (keys[victim], keys[victim][2:], "0" * 64, "' OR true --"):
            assert rows(kiosk, "SELECT pulse_private.kiosk_bind(:h)", h=presented) == [(None,)]
        with kiosk.connect() as conn:
            conn.execute(text("SELECT pulse_private.kiosk_bind(:h)"), {"h": keys[victim]})
            assert conn.execute(text("SELECT count(*) FROM ratings")).scalar() == 0
        # Forged bindings: the setting by hand, with or without a MAC, or moved from another
        # connection where a was bound legitimately: nobody.
        with kiosk.connect() as first, kiosk.connect() as conn:  # two backends
            assert first.execute(text("SELECT pulse_private.kiosk_bind(:h)"),
                                 {"h": a_badge}).scalar() == a
            genuine = first.execute(text("SELECT current_setting('pulse.kiosk_person')")
                                    ).scalar()
            mac = genuine.split(":", 1)[1]
            for forged in (f"{victim}", f"{victim}:{mac}", genuine, f"{a}:{'0' * 64}",
                           f"{victim}:{mac}:{a}"):
                conn.execute(text("SELECT set_config('pulse.kiosk_person', :v, false)"),
                             {"v": forged})
                assert conn.execute(text("SELECT pulse_private.kiosk_person()")).scalar() is None
                assert conn.execute(text("SELECT count(*) FROM ratings")).scalar() == 0
                assert conn.execute(text("SELECT count(*) FROM peer_ratings")).scalar() == 0
            conn.execute(text(f"SET pulse.kiosk_person = '{victim}:{mac}'"))
            assert conn.execute(text("SELECT count(*) FROM ratings")).scalar() == 0
            # On a's own connection, a's value with the victim's id: nobody either.
            first.execute(text("SELECT set_config('pulse.kiosk_person', :v, false)"),
                          {"v": f"{victim}:{mac}"})
            assert first.execute(text("SELECT count(*) FROM ratings")).scalar() == 0
            first.rollback()
        # The day's mood is published for whole days only (no window of one's own), and in
        # blocks of the configured k however small a k the caller asks for (k = 1 would
        # publish every rating).
        assert refused(kiosk, "SELECT * FROM pulse_private.kiosk_mood(now() - interval "
                       "'1 hour', now(), 1)")
        day = ("date_trunc('day', now() AT TIME ZONE 'Europe/Moscow') AT TIME ZONE "
               "'Europe/Moscow'")
        mood = f"SELECT * FROM pulse_private.kiosk_mood({day}, {day} + interval '1 day', :k)"
        assert rows(kiosk, mood, k=1) == rows(kiosk, mood, k=config.site.k_anonymity)
        assert rows(kiosk, mood, k=1)[0][2] == 0  # below k clients today: withheld

        # a in front of the kiosk: a's own ratings, nobody else's; the others' ratings only
        # as pseudonyms by day (metrics 2 and 3), and a function of the login's own in a
        # WHERE sees only the rows the view shows.
        at_kiosk.badge = a_badge
        assert rows(kiosk, "SELECT rater_id, supplier_id, status FROM ratings") == \
            [(a, b, "ok")]
        assert rows(kiosk, "SELECT count(*) FROM ratings WHERE rater_id = :v", v=victim) == \
            [(0,)]
        peers = rows(kiosk, "SELECT id, rater_id, supplier_id, created_at FROM peer_ratings")
        assert len(peers) == 5
        others = [p for p in peers if p[1] != a]
        assert others and all(p[0] is None and p[1] < 0 for p in others)
        midnight = {(p[3].astimezone(TZ).hour, p[3].astimezone(TZ).minute) for p in others}
        assert midnight == {(0, 0)}
        with kiosk.connect() as conn:  # a sequential scan, the function cheapest first
            conn.execute(text("SET enable_indexscan = off; SET enable_bitmapscan = off"))
            conn.execute(text("CREATE TEMP TABLE seen (r bigint, s integer)"))
            conn.execute(text(
                "CREATE FUNCTION pg_temp.peek(r bigint, s integer) RETURNS boolean "
                "LANGUAGE plpgsql COST 0.0001 AS $$ BEGIN INSERT INTO pg_temp.seen "
                "VALUES (r, s); RETURN true; END $$"))
            conn.execute(text("SELECT id FROM ratings WHERE pg_temp.peek(rater_id, supplier_id)"))
            conn.execute(text("SELECT * FROM peer_ratings "
                              "WHERE pg_temp.peek(rater_id, supplier_id)"))
            seen = conn.execute(text("SELECT r FROM pg_temp.seen")).scalars().all()
            conn.rollback()
        assert victim not in seen and c not in seen and e not in seen and a in seen
        # The legitimate path: a's cooldown as the owner sees it.
        kiosk_db = open_database(kiosk.url.render_as_string(hide_password=False))
        try:
            kiosk_db.present(a_badge)
            for supplier in (b, c):
                with kiosk_db.read() as s:
                    mine = check_rating_allowed(s, config, rater_id=a, supplier_id=supplier)
                with admin_db.read() as s:
                    truth = check_rating_allowed(s, config, rater_id=a, supplier_id=supplier)
                assert (mine.status, mine.reason) == (truth.status, truth.reason)
                assert mine.params.get("last_at") == truth.params.get("last_at")
            assert mine.status == "allowed"  # c: never rated by a
            kiosk_db.present(None)  # a has gone: nobody's ratings again
            with kiosk_db.read() as s:
                assert s.execute(text("SELECT count(*) FROM ratings")).scalar_one() == 0
        finally:
            kiosk_db.dispose()
    finally:
        kiosk.dispose()
        admin_db.dispose()


def test_a_late_rating_from_a_kiosk_demotes_by_the_rule_and_the_figures_follow(
        cluster: Cluster, config: Config, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The legitimate demotion: the offline sync files an earlier rating of the same pair;
    the database lets the later one be set aside, and keeps the rollups equal to a rebuild.
    Then the kiosk's home figures and the streak read as the kiosk role."""
    from kiosk.clock import FakeClock
    from shared.offline.store import LocalStore
    from shared.offline.sync import SyncWorker

    cluster.grant()
    admin_db = open_database(cluster.url)
    d = seed_directory(admin_db)
    rater, supplier = d.employee_ids[3], d.employee_ids[4]
    kiosk_engine = cluster.login("kiosk")
    kiosk_db = open_database(kiosk_engine.url.render_as_string(hide_password=False))
    kiosk_engine.dispose()
    stores = []
    try:
        cooldown = dt.timedelta(hours=config.rating.cooldown_hours)
        for i, (minutes, score) in enumerate(((60, 5), (0, 2))):  # the later one syncs first
            store = LocalStore(tmp_path / f"kiosk{i}.db", kiosk_id=f"hall-{i}", cooldown=cooldown)
            stores.append(store)
            worker = SyncWorker(store, kiosk_db, config,
                                clock=lambda: NOW + dt.timedelta(hours=2))
            worker.refresh_snapshot()
            assert store.enqueue_rating(rater_id=rater, supplier_id=supplier, score=score,
                                        reason_codes=["polite"] if score == 5 else ["speed"],
                                        now=NOW + dt.timedelta(minutes=minutes)).ok
            assert worker.run_once().error is None
        # The database settled the pair (the kiosk role reads no one's ratings unbound).
        assert dict(rows(cluster.admin, "SELECT score, status FROM ratings")) == \
            {2: "ok", 5: "cooldown_conflict"}
        with kiosk_db.read() as s:
            assert s.execute(text("SELECT count(*) FROM ratings")).scalar_one() == 0
        backend = production_backend(kiosk_db, config, FakeClock(NOW + dt.timedelta(hours=2)),
                                     tmp_path / "home", seed=False)
        assert backend.lookup_badge(badge_of(3)).person.id == rater  # type: ignore[union-attr]
        with kiosk_db.read() as s:  # the rater at the kiosk: their own two
            assert sorted(s.execute(text("SELECT score, status FROM ratings"))) == \
                [(2, "ok"), (5, "cooldown_conflict")]
        home = backend.home_data(rater)
        assert home is not None and home.streak is not None
    finally:
        kiosk_db.dispose()
        for store in stores:
            store.close()
    owned = figures(cluster.admin)
    with admin_db.write() as s:
        rebuild_rollups(s)
    assert figures(cluster.admin) == owned
    assert [row[3] for row in owned["rollup_tag_day"]] == [1]  # the counting one's reason
    admin_db.dispose()



def test_the_kiosk_role_sees_the_same_home_and_the_database_keeps_exact_rollups(
        cluster: Cluster, config: Config, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Ratings filed as the kiosk over two months (reasons, several weeks, months and
    departments): the rollups the database keeps equal a rebuild; the home screen (the
    supplier's tier of last month too, as `pulse jobs run` stored it), the "your suppliers"
    row and the start screen's mood read as the kiosk equal the owner's."""
    import random

    from kiosk.clock import FakeClock
    from shared.domain.ratings import record_rating

    cluster.grant()
    admin_db = open_database(cluster.url)
    seed(admin_db, employees=40, months=2, per_month=3.0, now=NOW, tz=TZ)
    people = [r[0] for r in rows(cluster.admin, "SELECT id FROM employees ORDER BY id")]
    with cluster.admin.begin() as conn:  # badges for the twelve who come to the kiosk
        for person in people[:12]:
            conn.execute(text("UPDATE employees SET badge_hmac = :h WHERE id = :i"),
                         {"h": badge_hmac(SECRET, badge_of(person)), "i": person})
    codes = [r[0] for r in rows(cluster.admin, "SELECT code FROM reason_tags WHERE active "
                                "AND segment_id IS NULL ORDER BY id")]
    kiosk_engine = cluster.login("kiosk")
    kiosk_db = open_database(kiosk_engine.url.render_as_string(hide_password=False))
    kiosk_engine.dispose()
    rng = random.Random(7)
    try:
        outcomes = []
        for i in range(60):
            rater, supplier = rng.sample(people[:12], 2)
            at = NOW - dt.timedelta(days=rng.randrange(0, 60), hours=rng.randrange(0, 3))
            kiosk_db.present(badge_hmac(SECRET, badge_of(rater)))  # the rater's badge
            with kiosk_db.write() as s:
                outcomes.append(record_rating(
                    s, config, rater_id=rater, supplier_id=supplier, score=rng.randint(1, 5),
                    reason_codes=rng.sample(codes, rng.randint(0, 2)), comment=f"№{i}",
                    rating_uuid=uuid.uuid4(), created_at=at, drop_bad_reasons=True))
        assert sum(o.ok for o in outcomes) > 50
        owned = figures(cluster.admin)
        with admin_db.write() as s:
            rebuild_rollups(s)
        assert figures(cluster.admin) == owned

        # Last month's tiers, stored by the job (the kiosk may not read the rollups by
        # client they are computed from, but may read them stored).
        assert refused(kiosk_db.engine, "SELECT * FROM public.rollup_pair_month")
        config.tiers = [TierConfig("gold", 4.0, 5), TierConfig("bronze", 1.0, 5)]
        assert [r.name for r in run_jobs(admin_db, config, now=NOW,
                                         only=["monthly_tiers"])] == ["monthly_tiers"]
        with admin_db.read() as s:
            exported = {t.employee_id: t.tier for t in monthly_tiers(s, config, "2026-10")}
        assert exported  # some suppliers have a tier, to be seen on their home

        clock = FakeClock(NOW)
        as_kiosk = production_backend(kiosk_db, config, clock, tmp_path / "kiosk", seed=False)
        as_owner = production_backend(admin_db, config, clock, tmp_path / "owner", seed=False)
        for person in people[:12]:
            # The person badges; the kiosk reads their figures (metrics 2 and 3 from other
            # people's ratings as pseudonyms by day, the tier as stored) equal to the owner's.
            assert as_kiosk.lookup_badge(badge_of(person)).person.id == person  # type: ignore[union-attr]
            home = as_kiosk.home_data(person)
            assert home is not None
            assert home == as_owner.home_data(person)
            assert (home.tier.tier if home.tier else None) == exported.get(person)
            assert [c.id for c in as_kiosk.own_suppliers(person)] == \
                [c.id for c in as_owner.own_suppliers(person)]
        assert as_kiosk.company_mood() == as_owner.company_mood()
    finally:
        kiosk_db.dispose()
        admin_db.dispose()


def test_the_wallboard_and_the_kiosk_read_the_stored_tiers_the_export_writes(
        cluster: Cluster, config: Config, tmp_path: Any) -> None:
    """`pulse export tiers` (and the monthly job) store the month's tiers; the kiosk and
    the wallboard roles read exactly those rows, and nothing of the pair rollup."""
    import csv

    from shared.domain.tiers import stored_tiers

    cluster.grant()
    admin = open_database(cluster.url)
    seed(admin, employees=40, months=2, per_month=4.0, now=NOW, tz=TZ)
    admin.dispose()
    out = tmp_path / "tiers.csv"
    assert pulse(["--db", cluster.url, "export", "tiers", "--month", "2026-10",
                  "-o", str(out)]) == 0
    with out.open(encoding="utf-8-sig") as f:
        exported = [(r["personnel_no"], r["tier"]) for r in csv.DictReader(f)]
    assert exported
    kiosk, wallboard = cluster.login("kiosk"), cluster.login("wallboard")
    try:
        for engine in (kiosk, wallboard):
            seen = rows(engine, "SELECT e.personnel_no, t.tier FROM supplier_tiers t "
                        "JOIN employees e ON e.id = t.employee_id "
                        "WHERE t.month = '2026-10' ORDER BY t.position")
            assert seen == exported
            assert refused(engine, "SELECT * FROM public.rollup_pair_month LIMIT 1")
            assert refused(engine, "UPDATE supplier_tiers SET tier = 'gold'")
            assert refused(engine, "DELETE FROM supplier_tiers")
        as_kiosk = open_database(kiosk.url.render_as_string(hide_password=False))
        try:
            with as_kiosk.read() as s:
                assert [(t.personnel_no, t.tier) for t in stored_tiers(s, "2026-10")] == \
                    exported
        finally:
            as_kiosk.dispose()
    finally:
        kiosk.dispose()
        wallboard.dispose()


def test_the_stored_map_cells_are_read_by_the_wallboard_and_the_kiosk_written_by_neither(
        cluster: Cluster, config: Config) -> None:
    """The closed month's initiative map cells, stored by the job under the administrator's
    role: the wallboard's map reads them (the owner's recount, exactly) and neither the
    wallboard nor the kiosk can write, change or delete one, nor store them on first need."""
    from shared.domain.initiative_map import live_map
    from shared.domain.map_cells import ensure_map_cells

    cluster.grant()
    owner = open_database(cluster.url)
    seed(owner, employees=60, months=2, per_month=6.0, now=NOW, tz=TZ)
    with owner.read() as s:
        truth = live_map(s, config, "2026-11")  # October recounted from its ratings
    assert not truth.last_stored and any(
        not i.last.withheld for g in truth.segments for i in g.initiatives)
    admin = cluster.login("admin")
    kiosk, wallboard = cluster.login("kiosk"), cluster.login("wallboard")
    as_admin = open_database(admin.url.render_as_string(hide_password=False))
    as_wallboard = open_database(wallboard.url.render_as_string(hide_password=False))
    try:
        [job] = run_jobs(as_admin, config, now=NOW, only=["map_cells"])  # holds SHARE
        assert job.ok and job.summary["month"] == "2026-10", job.line()
        stored = rows(cluster.admin, "SELECT * FROM map_cells ORDER BY 1, 2, 3")
        assert len(stored) == job.summary["stored"] > 0
        for engine in (kiosk, wallboard):
            assert rows(engine, "SELECT * FROM map_cells ORDER BY 1, 2, 3") == stored
            assert refused(engine, "UPDATE map_cells SET score_sum = score_sum + 1")
            assert refused(engine, "DELETE FROM map_cells")
            assert refused(engine, "INSERT INTO map_cells VALUES ('2026-09', 1, 0, 0, 0, 0, "
                           "true, 'k', 'x', 0, now())")
        with as_wallboard.read() as s:
            seen = live_map(s, config, "2026-11")
        assert seen.last_stored and seen == truth
        assert not ensure_map_cells(as_wallboard, config, "2026-10", now=NOW)
        # The kiosk's row (its segment alone): October as stored, though the kiosk's login
        # reads no one else's ratings to recount it from.
        segment = next(g for g in truth.segments if g.initiatives)
        as_kiosk = open_database(kiosk.url.render_as_string(hide_password=False))
        try:
            with as_kiosk.read() as s:
                row = live_map(s, config, "2026-11", segment_id=segment.segment_id)
        finally:
            as_kiosk.dispose()
        assert row.last_stored
        assert [i.last for i in row.segments[0].initiatives] == \
            [i.last for i in segment.initiatives]
        assert rows(cluster.admin, "SELECT * FROM map_cells ORDER BY 1, 2, 3") == stored
    finally:
        as_admin.dispose()
        as_wallboard.dispose()
        for engine in (admin, kiosk, wallboard):
            engine.dispose()
        owner.dispose()


def test_disputes_and_their_points_run_their_course_as_the_kiosk_role(
        cluster: Cluster, config: Config) -> None:
    """Opened, accepted (+1/-1); opened, rejected to the arbiter, a verdict (the doubled
    stakes): every step at the kiosk, under the guards on states and points."""
    from shared.domain.disputes import (
        accept_dispute,
        give_verdict,
        open_dispute,
        reject_dispute,
    )

    cluster.grant()
    admin_db = open_database(cluster.url)
    d = seed_directory(admin_db)
    manager, initiator, respondent = d.employee_ids[0], d.employee_ids[3], d.employee_ids[4]
    with cluster.admin.begin() as conn:
        conn.execute(text("UPDATE employees SET manager_id = :m WHERE id = :r"),
                     {"m": manager, "r": respondent})
        regulation = conn.execute(text("SELECT id FROM regulations")).scalar_one()
    admin_db.dispose()
    kiosk_engine = cluster.login("kiosk")
    kiosk_db = open_database(kiosk_engine.url.render_as_string(hide_password=False))
    kiosk_engine.dispose()
    try:
        def opened() -> int:
            with kiosk_db.write() as s:
                return open_dispute(s, config, initiator_id=initiator, respondent_id=respondent,
                                    regulation_id=regulation, description="Не выдал",
                                    now=NOW).dispute_id
        first, second = opened(), opened()
        with kiosk_db.write() as s:
            accepted = accept_dispute(s, config, dispute_id=first, actor_id=respondent,
                                      now=NOW + dt.timedelta(hours=1))
        with kiosk_db.write() as s:
            escalated = reject_dispute(s, config, dispute_id=second, actor_id=respondent,
                                       reason="Выдал", now=NOW + dt.timedelta(hours=1))
        with kiosk_db.write() as s:
            decided = give_verdict(s, config, dispute_id=second, actor_id=manager,
                                   verdict="initiator_right", now=NOW + dt.timedelta(hours=2))
    finally:
        kiosk_db.dispose()
    assert accepted.points == {initiator: 1, respondent: -1}
    assert escalated.arbiter_id == manager and decided.to_state == "initiator_right"
    assert rows(cluster.admin, "SELECT state FROM disputes ORDER BY id") == [
        ("accepted",), ("initiator_right",)]
    credited = rows(cluster.admin, "SELECT employee_id, sum(delta) FROM points_ledger "
                    "GROUP BY employee_id ORDER BY employee_id")
    assert credited == sorted({initiator: 1 + decided.points[initiator],
                               respondent: -1 + decided.points[respondent]}.items())


def test_an_existing_database_moves_to_the_new_scheme_by_upgrade_then_grant(
        pg_databases, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    """docs/deploy.md §8 on a database of the previous version: the grant refuses until the
    upgrade; after it, an existing wallboard login reads no rater any more."""
    from sqlalchemy.engine import make_url

    from shared.cli.cmd_grant import drop_roles
    from shared.db import migrate
    from shared.db.engine import create_db_engine

    url = pg_databases.create()
    engine = create_db_engine(url)
    prefix = f"t{uuid.uuid4().hex[:10]}_"
    login = f"{prefix}wallboard_hq"
    try:
        migrate.upgrade(engine, "0007_kiosk_instances")
        assert pulse(["--db", url, "db", "grant", "--prefix", prefix]) == 1
        said = capsys.readouterr().err.strip().splitlines()
        assert len(said) == 1 and "pulse db upgrade" in said[0]
        assert pulse(["--db", url, "db", "upgrade"]) == 0
        assert pulse(["--db", url, "db", "grant", "--prefix", prefix]) == 0
        with engine.begin() as conn:
            conn.execute(text(f'CREATE ROLE "{login}" LOGIN IN ROLE "{prefix}pulse_wallboard"'))
        wallboard = create_db_engine(make_url(url).set(username=login)
                                     .render_as_string(hide_password=False))
        try:
            assert refused(wallboard, "SELECT rater_id FROM public.ratings")
            assert rows(wallboard, "SELECT count(*) FROM ratings") == [(0,)]
        finally:
            wallboard.dispose()
    finally:
        with engine.begin() as conn:
            if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"),
                            {"n": login}).first():
                conn.execute(text(f'DROP OWNED BY "{login}"'))
                conn.execute(text(f'DROP ROLE "{login}"'))
        drop_roles(engine, prefix)
        engine.dispose()
