"""PostgreSQL roles: the kiosk appends ratings but cannot change them, the wallboard only reads;
and the real apps' database calls work under those roles."""

from __future__ import annotations

import datetime as dt
import subprocess
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, ProgrammingError
from sqlalchemy.orm import Session

from shared.cli import main as pulse
from shared.cli.cmd_grant import drop_roles, grant, role_names
from shared.config import Config
from shared.db import open_database
from shared.db.engine import create_db_engine
from shared.db.models import (
    Department,
    Employee,
    Nudge,
    Proposal,
    ProposalPoints,
    Rating,
)
from shared.domain.rollups import RatingFact, apply_ratings
from shared.security import badge_hmac, hash_pin
from tests.offline_support import production_backend

pytestmark = pytest.mark.pg


class Cluster:
    """Roles made for one test, with a unique prefix, and LOGIN members to connect as."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.prefix = f"t{uuid.uuid4().hex[:10]}_"
        self.admin = open_database(url).engine
        self.logins: list[str] = []

    def login(self, group: str) -> Engine:
        name = f"{self.prefix}{group}_login"
        with self.admin.begin() as conn:
            conn.execute(text(f'CREATE ROLE "{name}" LOGIN IN ROLE "{self.prefix}pulse_{group}"'))
        self.logins.append(name)
        # The product's engine: a restricted login reads through its views (search path).
        return create_db_engine(make_url(self.url).set(username=name, password=None)
                                .render_as_string(hide_password=False))

    def grant(self) -> dict[str, str]:
        """``pulse db grant``, with the kiosk's backdating guard widened: these tests file
        ratings at fixed dates of 2026, which the guard (14 days before the server's clock)
        would refuse; tests/security tests the guard itself."""
        names = grant(self.admin, self.prefix)
        with self.admin.begin() as conn:
            conn.execute(text("UPDATE pulse_private.settings SET backdate_days = 36500"))
        return names

    def cleanup(self) -> None:
        with self.admin.begin() as conn:
            for name in self.logins:
                conn.execute(text(f'DROP OWNED BY "{name}"'))
                conn.execute(text(f'DROP ROLE "{name}"'))
        drop_roles(self.admin, self.prefix)
        self.admin.dispose()


@pytest.fixture(scope="module")
def migrated_template(pg_databases) -> str:  # type: ignore[no-untyped-def]
    """One migrated database per module; each test gets a copy (CREATE DATABASE ... TEMPLATE
    takes a fraction of a second, running the migrations takes seconds)."""
    url = pg_databases.create()
    open_database(url, upgrade=True).dispose()
    return make_url(url).database or ""


@pytest.fixture
def migrated_pg_url(migrated_template: str, pg_databases) -> str:  # type: ignore[no-untyped-def]
    name = f"pulse_test_{uuid.uuid4().hex[:12]}"
    with pg_databases.admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{migrated_template}"'))
    pg_databases.created.append(name)  # dropped with the others at the end of the session
    return pg_databases.admin.url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def cluster(migrated_pg_url: str) -> Iterator[Cluster]:
    c = Cluster(migrated_pg_url)
    try:
        yield c
    finally:
        c.cleanup()
        with c.admin.connect() as conn:
            left = conn.execute(text("SELECT count(*) FROM pg_roles WHERE rolname LIKE :p"),
                                {"p": c.prefix + "%"}).scalar()
        assert left == 0


def _directory(engine: Engine) -> tuple[int, int, int]:
    with Session(engine) as s, s.begin():
        dep = Department(name="Склад")
        s.add(dep)
        s.flush()
        a = Employee(personnel_no="1", full_name="Иванов", department_id=dep.id)
        b = Employee(personnel_no="2", full_name="Петрова", department_id=dep.id)
        s.add_all([a, b])
        s.flush()
        return dep.id, a.id, b.id


def _rate(engine: Engine, dep: int, rater: int, supplier: int) -> int:
    now = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
    with Session(engine) as s, s.begin():
        rating = Rating(uuid=uuid.uuid4(), rater_id=rater, supplier_id=supplier,
                        rater_department_id=dep, supplier_department_id=dep, score=4,
                        created_at=now, day=now.date(), received_at=now, status="ok")
        s.add(rating)
        s.flush()
        apply_ratings(s, [RatingFact(rater, supplier, dep, dep, 4, now.date())])
        return rating.id


def _denied(engine: Engine, sql: str, **params: object) -> bool:
    try:
        with engine.begin() as conn:
            conn.execute(text(sql), params)
    except ProgrammingError as exc:
        assert "permission denied" in str(exc.orig)
        return True
    return False


def test_kiosk_inserts_ratings_but_never_changes_their_content(cluster: Cluster) -> None:
    names = cluster.grant()
    assert names == role_names(cluster.prefix)
    dep, a, b = _directory(cluster.admin)
    kiosk = cluster.login("kiosk")
    try:
        rating_id = _rate(kiosk, dep, a, b)  # the database adds it to the rollups itself
        _rate(kiosk, dep, b, a)
        with kiosk.connect() as conn:
            assert conn.execute(text("SELECT sum(n) FROM rollup_supplier_day")).scalar() == 2
        assert _denied(kiosk, "UPDATE ratings SET score = 5 WHERE id = :id", id=rating_id)
        assert _denied(kiosk, "UPDATE ratings SET comment = 'x', rater_id = :b WHERE id = :id",
                       id=rating_id, b=b)
        assert _denied(kiosk, "DELETE FROM ratings WHERE id = :id", id=rating_id)
        assert _denied(kiosk, "DELETE FROM rating_reasons")
        assert _denied(kiosk, "DELETE FROM audit_log")
        assert _denied(kiosk, "DELETE FROM pin_offline_attempts")
        assert _denied(kiosk, "UPDATE employees SET full_name = 'x'")
        assert _denied(kiosk, "INSERT INTO departments (name, updated_at) VALUES ('x', now())")
        assert not _denied(kiosk, "UPDATE employees SET pin_failures = 1 WHERE id = :id", id=a)
        # The offline sync re-labels a rating's status when a late one arrives, and only as
        # the cooldown rule says (tests/security/test_roles.py, with its rater at the
        # kiosk); with nobody at the kiosk the kiosk sees no rating to change.
        with kiosk.begin() as conn:
            assert conn.execute(text("UPDATE ratings SET status = 'cooldown_conflict' "
                                     "WHERE id = :id"), {"id": rating_id}).rowcount == 0
            assert conn.execute(text("SELECT count(*) FROM ratings")).scalar() == 0
    finally:
        kiosk.dispose()
    with cluster.admin.connect() as conn:
        assert conn.execute(text("SELECT score FROM ratings WHERE id = :id"),
                            {"id": rating_id}).scalar() == 4


def test_wallboard_reads_and_cannot_write(cluster: Cluster) -> None:
    cluster.grant()
    dep, a, b = _directory(cluster.admin)
    _rate(cluster.admin, dep, a, b)
    wallboard = cluster.login("wallboard")
    try:
        with wallboard.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM ratings")).scalar() == 1
        with pytest.raises(DBAPIError, match="permission denied|cannot insert into view"):
            _rate(wallboard, dep, a, b)
        assert _denied(wallboard, "UPDATE rollup_supplier_day SET n = 0")
    finally:
        wallboard.dispose()


def test_grant_is_idempotent_and_admin_cannot_edit_the_audit_log(cluster: Cluster) -> None:
    cluster.grant()
    cluster.grant()  # again, e.g. after an upgrade
    admin = cluster.login("admin")
    try:
        with admin.begin() as conn:
            conn.execute(text("INSERT INTO departments (name, updated_at) VALUES ('Цех', now())"))
            conn.execute(text("INSERT INTO audit_log (at, actor, action, details, prev_hash, "
                              "hash) VALUES (now(), 'a', 'x', '{}', '', 'h1')"))
        assert _denied(admin, "UPDATE audit_log SET actor = 'b'")
        assert _denied(admin, "DELETE FROM audit_log")
    finally:
        admin.dispose()


def test_cli_prints_the_sql_and_refuses_sqlite(tmp_path, capsys: pytest.CaptureFixture[str],
                                               cluster: Cluster) -> None:
    assert pulse(["--db", cluster.url, "db", "grant", "--prefix", cluster.prefix,
                  "--print-sql"]) == 0
    printed = capsys.readouterr().out
    assert f"{cluster.prefix}pulse_kiosk" in printed
    assert "UPDATE pulse_private.settings SET cooldown_hours = 4.0" in printed
    assert pulse(["--db", cluster.url, "db", "grant", "--prefix", cluster.prefix]) == 0
    assert "granted" in capsys.readouterr().out
    assert pulse(["--db", f"sqlite:///{tmp_path / 'x.db'}", "db", "grant"]) == 1
    assert "PostgreSQL only" in capsys.readouterr().err
    assert pulse(["--db", cluster.url, "db", "grant", "--prefix", "Bad-Prefix"]) == 1


# --- the real apps under their roles ---------------------------------------------

NOW = dt.datetime(2026, 11, 16, 9, 30, tzinfo=dt.UTC)


def _people(cluster: Cluster, config: Config) -> dict[str, int]:
    db = open_database(cluster.url)
    try:
        with db.write() as s:
            shop, store = Department(name="Цех"), Department(name="Склад")
            s.add_all([shop, store])
            s.flush()
            people = {
                "worker": Employee(personnel_no="100", full_name="Иванов", department_id=shop.id,
                                   badge_hmac=badge_hmac(config.secret_bytes(), "0000000100")),
                "supplier": Employee(personnel_no="200", full_name="Петрова",
                                     department_id=store.id),
                "manager": Employee(personnel_no="300", full_name="Сидоров", role="manager",
                                    department_id=store.id, pin_hash=hash_pin("2468"),
                                    badge_hmac=badge_hmac(config.secret_bytes(), "0000000300")),
            }
            s.add_all(people.values())
            s.flush()
            return {k: v.id for k, v in people.items()}
    finally:
        db.dispose()


def test_the_kiosk_backend_works_as_the_kiosk_role(cluster: Cluster, config: Config,
                                                  tmp_path) -> None:  # type: ignore[no-untyped-def]
    from kiosk.clock import FakeClock
    from shared.domain import pin_lockout
    from shared.domain.proposals import decide_proposal, mark_implemented, reply_to_answer

    cluster.grant()
    ids = _people(cluster, config)
    with cluster.admin.begin() as conn:  # a pending proposal waiting for the manager
        conn.execute(Proposal.__table__.insert().values(
            uuid=uuid.uuid4(), client_id=ids["worker"], supplier_id=ids["supplier"],
            decider_id=ids["manager"], what_should_change="Выдавать инструмент до смены",
            improves_metric="простои", status="pending", created_at=NOW))
    kiosk_engine = cluster.login("kiosk")
    db = open_database(kiosk_engine.url.render_as_string(hide_password=False))
    kiosk_engine.dispose()
    try:
        # The production kiosk: its local store; the push after a rating runs as the kiosk.
        backend = production_backend(db, config, FakeClock(NOW), tmp_path)
        found = backend.lookup_badge("0000000100")
        assert found.status == "ok"
        assert backend.set_language(ids["worker"], "en") == "en"
        key = uuid.uuid4()
        result = backend.record_rating(rater_id=ids["worker"], supplier_id=ids["supplier"],
                                       score=5, rating_uuid=key)
        assert result.outcome.ok, result.outcome
        assert backend.rating_fate(rater_id=ids["worker"], supplier_id=ids["supplier"],
                                   rating_uuid=key).status == "counted"
        config.web.base_url = "https://pulse.plant.local"  # the home's QR code: a link issued
        home = backend.home_data(ids["worker"])
        assert home is not None and home.sign_in_url is not None
        assert home.sign_in_url.startswith("https://pulse.plant.local/s/")
        # A wrong PIN until the lockout: employee counters (FOR UPDATE) and the audit log.
        checks = [backend.check_pin(ids["manager"], "0000")
                  for _ in range(config.kiosk.pin_max_attempts)]
        assert checks[-1].outcome == pin_lockout.LOCKED or checks[-1].locked_until is not None
        # The manager decides the proposal at the kiosk: status, points and a nudge.
        proposal_id = _scalar(db, select(Proposal.id))
        with db.write() as s:
            decide_proposal(s, config, proposal_id=proposal_id, decider_id=ids["manager"],
                            accept=True, now=NOW)
        nudge_ids = [n for n in _all(db, select(Nudge.id).where(
            Nudge.employee_id == ids["worker"]))]
        assert nudge_ids, "deciding a proposal notifies the client"
        assert backend.mark_nudges_seen(ids["worker"], nudge_ids) == len(nudge_ids)
        # The rest of the conversation at the kiosk: the client's one reply, and the
        # decider marks the change implemented (issue 14 point 3).
        with db.write() as s:
            reply_to_answer(s, proposal_id=proposal_id, client_id=ids["worker"],
                            text="Спасибо", now=NOW)
            mark_implemented(s, config, proposal_id=proposal_id, decider_id=ids["manager"],
                             now=NOW)
        # ... but the decision itself, once taken, is not the kiosk's to change.
        for change in ({"status": "declined"}, {"decision_note": "иначе"},
                       {"client_reply": "другой ответ"}):
            with pytest.raises(DBAPIError, match="permission denied"), db.write() as s:
                s.execute(Proposal.__table__.update().values(**change))
    finally:
        db.dispose()
    with cluster.admin.connect() as conn:
        assert conn.execute(select(Rating.score)).scalar_one() == 5
        assert conn.execute(select(Employee.language).where(Employee.id == ids["worker"])
                            ).scalar_one() == "en"
        assert conn.execute(text("SELECT count(*) FROM audit_log WHERE action = 'pin_lockout'")
                            ).scalar_one() == 1
        assert conn.execute(select(ProposalPoints.id)).first() is not None
        assert conn.execute(select(Proposal.client_reply, Proposal.implemented_at.is_not(None))
                            ).one() == ("Спасибо", True)


def test_the_wallboard_data_source_works_as_the_wallboard_role(cluster: Cluster,
                                                               config: Config) -> None:
    from wallboard.worker import database_source

    cluster.grant()
    _people(cluster, config)
    engine = cluster.login("wallboard")
    db = open_database(engine.url.render_as_string(hide_password=False))
    engine.dispose()
    try:
        data = database_source(db, config)()
        assert data.empty
    finally:
        db.dispose()


def _scalar(db, stmt):  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.execute(stmt).scalar_one()


def _all(db, stmt):  # type: ignore[no-untyped-def]
    with db.read() as s:
        return list(s.execute(stmt).scalars())


def test_the_kiosk_sync_works_as_the_kiosk_role(cluster: Cluster, config: Config,
                                                 tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Every outbox kind a kiosk pushes, under the kiosk role: a PIN attempt made offline
    (pin_offline_attempts), a late earlier rating that demotes a counted one (the rollups
    drop rows that reach zero), a dispute opened and rejected offline (escalation), the
    heartbeat and the snapshot. One refused statement would block the kiosk's whole outbox
    for ever (the sync retries the same batch first on every pass)."""
    from shared.db.models import Dispute, PinOfflineAttempt, Regulation
    from shared.domain.rollups import rebuild_rollups
    from shared.offline.store import LocalStore
    from shared.offline.sync import SyncWorker
    from tests.offline_support import seed_directory

    cluster.grant()
    admin_db = open_database(cluster.url)
    d = seed_directory(admin_db)
    manager, rater, supplier = d.employee_ids[0], d.employee_ids[3], d.employee_ids[4]
    with admin_db.write() as s:  # the supplier's manager arbitrates a rejected dispute
        s.get(Employee, supplier).manager_id = manager
        s.get(Employee, manager).pin_hash = hash_pin("2468")
        regulation = s.scalar(select(Regulation.id))
    kiosk_engine = cluster.login("kiosk")
    kiosk_db = open_database(kiosk_engine.url.render_as_string(hide_password=False))
    kiosk_engine.dispose()
    cooldown = dt.timedelta(hours=config.rating.cooldown_hours)
    later = LocalStore(tmp_path / "later.db", kiosk_id="hall-2", cooldown=cooldown)
    earlier = LocalStore(tmp_path / "earlier.db", kiosk_id="hall-1", cooldown=cooldown)
    synced_at = NOW + dt.timedelta(hours=3)
    try:
        workers = [SyncWorker(store, kiosk_db, config, clock=lambda: synced_at)
                   for store in (later, earlier)]
        for worker in workers:
            worker.refresh_snapshot()
        # Offline on hall-1: a wrong PIN, the earlier rating of the pair, a dispute and its
        # rejection. Offline on hall-2: the later rating of the same pair, inside the cooldown.
        earlier.record_pin_attempt(manager, correct=False, now=NOW, max_attempts=5,
                                   lockout_minutes=5)
        assert earlier.enqueue_rating(rater_id=rater, supplier_id=supplier, score=2, now=NOW).ok
        opened = earlier.enqueue_dispute_open(initiator_id=rater, respondent_id=supplier,
                                              regulation_id=regulation, description="Не выдал",
                                              now=NOW)
        earlier.enqueue_dispute_action(actor_id=supplier, action="reject", reason="Выдал",
                                       dispute_uuid=opened.uuid, now=NOW + dt.timedelta(hours=1))
        assert later.enqueue_rating(rater_id=rater, supplier_id=supplier, score=5,
                                    now=NOW + dt.timedelta(hours=1)).ok
        reports = [worker.run_once() for worker in workers]  # hall-2 first: its rating counts
        assert [r.error for r in reports] == [None, None]
        assert later.outbox_size() == 0 and earlier.outbox_size() == 0
        assert {state for _u, _k, state, _r in earlier.outbox_rows()} == {"sent"}
    finally:
        kiosk_db.dispose()
        later.close()
        earlier.close()
    with admin_db.read() as s:
        statuses = dict(s.execute(select(Rating.score, Rating.status)).all())
        assert statuses == {2: "ok", 5: "cooldown_conflict"}  # the earlier tap counts
        assert s.scalar(select(Dispute.state).where(Dispute.uuid == opened.uuid)) == "escalated"
        assert s.scalar(select(PinOfflineAttempt.kiosk_id)) == "hall-1"
        figures = {t: sorted(s.execute(text(f"SELECT * FROM {t}")).all())
                   for t in ("rollup_supplier_day", "rollup_rater_day", "rollup_pair_month")}
    with admin_db.write() as s:
        rebuild_rollups(s)
    with admin_db.read() as s:
        assert figures == {t: sorted(s.execute(text(f"SELECT * FROM {t}")).all())
                           for t in figures}
    admin_db.dispose()


def test_deploy_steps_as_the_schema_owner(cluster: Cluster, pg_databases, tmp_path,
                                          capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    """docs/deploy.md §2 and §7 followed literally: the schema owner upgrades and grants; a
    login that cannot do it gets one line saying why (never a traceback, never a "granted"
    that granted nothing); a backup restored as the owner can be granted again."""
    owner = f"{cluster.prefix}owner"
    databases = [f"{cluster.prefix}pulse", f"{cluster.prefix}restored",
                 f"{cluster.prefix}restored_as_postgres"]
    admin = pg_databases.admin  # autocommit: CREATE DATABASE
    server = make_url(cluster.url)

    def url(database: str, user: str) -> str:
        return server.set(database=database, username=user, password=None) \
            .render_as_string(hide_password=False)

    def run(*argv: str) -> tuple[int, str]:
        code = pulse(list(argv))
        captured = capsys.readouterr()
        return code, captured.out + captured.err

    with admin.connect() as conn:
        conn.execute(text(f'CREATE ROLE "{owner}" LOGIN'))  # `createuser` without --createrole
        conn.execute(text(f'CREATE DATABASE "{databases[0]}" OWNER "{owner}"'))
    pulse_db = url(databases[0], owner)
    try:
        assert run("--db", pulse_db, "db", "upgrade")[0] == 0
        code, said = run("--db", pulse_db, "db", "grant", "--prefix", cluster.prefix)
        assert code == 1 and "CREATEROLE" in said and "Traceback" not in said
        assert len(said.strip().splitlines()) == 1
        with admin.connect() as conn:  # `createuser --createrole`, as the guide now says
            conn.execute(text(f'ALTER ROLE "{owner}" CREATEROLE'))
        assert run("--db", pulse_db, "db", "grant", "--prefix", cluster.prefix)[0] == 0
        owner_engine = create_engine(pulse_db)
        try:
            with owner_engine.begin() as conn:  # the owner makes the machines' logins
                kiosk_login = f"{cluster.prefix}kiosk_hall1"
                conn.execute(text(f'CREATE ROLE "{kiosk_login}" LOGIN '
                                  f'IN ROLE "{cluster.prefix}pulse_kiosk"'))
                cluster.logins.append(kiosk_login)
        finally:
            owner_engine.dispose()
        code, said = run("--db", url(databases[0], kiosk_login), "db", "grant",
                         "--prefix", cluster.prefix)
        assert code == 1 and "does not own" in said and "granted" not in said

        backup = tmp_path / "pulse.dump"
        assert run("--db", pulse_db, "db", "backup", str(backup))[0] == 0
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{databases[1]}" OWNER "{owner}"'))
            conn.execute(text(f'CREATE DATABASE "{databases[2]}" OWNER "{owner}"'))

        def restore(database: str, user: str) -> None:
            libpq = url(database, user).replace("postgresql+psycopg://", "postgresql://")
            subprocess.run(["pg_restore", "--no-owner", "--dbname", libpq, str(backup)],
                           check=True, capture_output=True)
        restore(databases[1], owner)       # as the guide says: restored by the owner
        restore(databases[2], "postgres")  # the tables then belong to postgres
        assert run("--db", url(databases[1], owner), "db", "grant",
                   "--prefix", cluster.prefix)[0] == 0
        assert run("--db", url(databases[1], kiosk_login), "db", "current")[0] == 0
        code, said = run("--db", url(databases[2], owner), "db", "grant",
                         "--prefix", cluster.prefix)
        assert code == 1 and "does not own" in said and "Traceback" not in said
    finally:
        with admin.connect() as conn:
            for name in databases:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        cluster.logins.append(owner)
