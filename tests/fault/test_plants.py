"""Two plants and a head office on three private PostgreSQL servers with logical replication
(issue 18, docs/plants.md): the plants publish, the head office subscribes, ratings written at
the plants arrive at the head office with no collision between the plants (the same personnel
numbers at both), figures filtered by plant equal the plant's own, and a cut link (the head
office stopped while the plants go on) loses and doubles nothing. The long variants (a link
cut through a proxy for longer, a plant restarted mid-stream, a subscription refreshed and one
re-created after a restore) are ``slow``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import psycopg
import pytest
from sqlalchemy import select, text

from shared.cli import main
from shared.config import Config, load_config
from shared.db import Database, open_database
from shared.db.models import Department, Employee
from shared.domain.periods import month_period
from shared.domain.public.published import published_scores
from shared.domain.ratings import record_rating
from tests.conftest import TEST_SECRET
from tests.fault.conftest import PgCluster, wait_until
from tests.fault.pgproxy import PgProxy

NUMBERS = [f"{n:05d}" for n in range(1, 9)]  # the same personnel numbers at both plants
MARCH = month_period("2026-03")
TRAVELLING_COUNTS = ("ratings", "employees", "departments", "rating_reasons", "reason_tags",
                     "rollup_pair_month", "rollup_supplier_day")


def _config(plant_id: int) -> Config:
    cfg = load_config(None)
    cfg.site.plant_id = plant_id
    return cfg


class Plant:
    def __init__(self, cluster: PgCluster, plant_id: int, name: str,
                 monkeypatch: pytest.MonkeyPatch) -> None:
        self.cluster, self.plant_id, self.name = cluster, plant_id, name
        self.url = cluster.create_database("pulse")
        self.config = _config(plant_id)
        self.monkeypatch = monkeypatch
        self._db: Database | None = None
        self.n = 0

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = open_database(self.url, upgrade=True, audit_key=TEST_SECRET.encode())
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()
            self._db = None

    def cli(self, *args: str) -> int:
        self.monkeypatch.setenv("PULSE__SITE__PLANT_ID", str(self.plant_id))
        try:
            return main(["--db", self.url, *args])
        finally:
            self.monkeypatch.delenv("PULSE__SITE__PLANT_ID")

    def seed(self) -> None:
        with self.db.write() as s:
            dep = Department(name="Склад")
            s.add(dep)
            s.flush()
            s.add_all(Employee(personnel_no=no, full_name=f"{self.name} {no}",
                               department_id=dep.id) for no in NUMBERS)

    def rate(self, count: int) -> None:
        """``count`` ratings among the plant's people, a minute apart (no cooldown met)."""
        with self.db.write() as s:
            ids = s.scalars(select(Employee.id).order_by(Employee.id)).all()
            for _ in range(count):
                i = self.n
                self.n += 1
                rater, supplier = ids[i % len(ids)], ids[(i // len(ids) + 1 + i) % len(ids)]
                if rater == supplier:
                    supplier = ids[(i + 1) % len(ids)]
                when = dt.datetime(2026, 3, 2, 6, tzinfo=dt.UTC) + dt.timedelta(hours=5 * i)
                out = record_rating(s, self.config, rater_id=rater, supplier_id=supplier,
                                    score=1 + (i * 7) % 5, created_at=when,
                                    reason_codes=["std-slow"] if (i * 7) % 5 < 2 else (),
                                    rating_uuid=uuid.uuid4())
                assert out.status == "recorded", out

    def uuids(self) -> set[uuid.UUID]:
        with self.db.read() as s:
            return set(s.scalars(text("SELECT uuid FROM ratings")))

    def conninfo(self, port: int | None = None) -> str:
        return (f"host=127.0.0.1 port={port or self.cluster.port} dbname=pulse "
                "user=pulse_replication sslmode=disable gssencmode=disable")


def _counts(db: Database, plant_id: int | None = None) -> dict[str, int]:
    where = "" if plant_id is None else f" WHERE plant_id = {plant_id}"
    with db.read() as s:
        return {t: int(s.execute(text(f"SELECT count(*) FROM {t}{where}")).scalar() or 0)
                for t in TRAVELLING_COUNTS}


def _hq_uuids(hq: Database) -> list[uuid.UUID]:
    with hq.read() as s:
        return list(s.scalars(text("SELECT uuid FROM ratings")))


def _holds_exactly_the_union(hq: Database, plants: list[Plant]) -> bool:
    got = _hq_uuids(hq)
    want = set().union(*(p.uuids() for p in plants))
    if len(got) != len(set(got)) or set(got) != want:
        return False
    return all(_counts(hq, p.plant_id) == _counts(p.db) for p in plants)


def _scores(db: Database, config: Config) -> list[dict[str, object]]:
    with db.read() as s:
        return [dataclasses.asdict(r) for r in published_scores(s, config, MARCH)]


def _start(logical_clusters: list[PgCluster], monkeypatch: pytest.MonkeyPatch
           ) -> tuple[list[Plant], PgCluster, str]:
    south = Plant(logical_clusters[0], 1, "south", monkeypatch)
    north = Plant(logical_clusters[1], 2, "north", monkeypatch)
    for plant in (south, north):
        plant.seed()
        plant.rate(12)  # written before the publish: plant 2's rows move into its range
        assert plant.cli("plant", "publish", "--name", plant.name) == 0
        plant.close()  # the move renumbered the rows under the pool's feet
    hq_cluster = logical_clusters[2]
    hq_url = hq_cluster.create_database("hq")
    open_database(hq_url, upgrade=True, audit_key=TEST_SECRET.encode()).dispose()
    return [south, north], hq_cluster, hq_url


def test_two_plants_publish_and_the_head_office_holds_both(
        logical_clusters: list[PgCluster], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    plants, hq_cluster, hq_url = _start(logical_clusters, monkeypatch)
    south, north = plants
    for plant in plants:
        assert main(["--db", hq_url, "plant", "subscribe", "--plant", plant.name,
                     "--conninfo", plant.conninfo()]) == 0
    hq = open_database(hq_url)
    try:
        assert wait_until(lambda: _holds_exactly_the_union(hq, plants), 40, 0.2)
        # No collision: both plants' people, with the same personnel numbers, under their
        # own ids and plant ids.
        with hq.read() as s:
            people = s.execute(text("SELECT plant_id, personnel_no, id FROM employees")).all()
        assert sorted((p, no) for p, no, _ in people) == \
            sorted((p, no) for p in (1, 2) for no in NUMBERS)
        assert all((1 if i <= 100_000_000 else 2) == p for p, _, i in people)
        # The replication login reads what is published and nothing else.
        with psycopg.connect(north.conninfo()) as pc:
            assert pc.execute("SELECT count(*) FROM ratings").fetchone() is not None
            for forbidden in ("SELECT pin_hash FROM employees", "SELECT * FROM nudges",
                              "SELECT * FROM audit_log", "SELECT * FROM web_sign_ins"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    pc.execute(forbidden)
                pc.rollback()
        # The directory's secrets stay at the plant.
        with hq.read() as s:
            assert s.execute(text("SELECT count(*) FROM employees "
                                  "WHERE badge_hmac IS NOT NULL OR pin_hash IS NOT NULL")
                             ).scalar() == 0

        # Figures filtered by plant are the plant's own; company-wide, both plants'.
        for plant in plants:
            scoped = open_database(hq_url, plant_scope=plant.plant_id)
            try:
                assert _scores(scoped, plant.config) == _scores(plant.db, plant.config)
            finally:
                scoped.dispose()
        company = _scores(hq, south.config)
        assert len(company) == len(_scores(south.db, south.config)) + \
            len(_scores(north.db, north.config))
        capsys.readouterr()
        assert main(["--db", hq_url, "scores", "--month", "2026-03", "--plant", "north"]) == 0
        assert capsys.readouterr().out.count('"full_name": "north ') == \
            len(_scores(north.db, north.config))

        # A cut link: the head office is down for a while, the plants go on rating.
        hq.dispose()
        hq_cluster.stop("immediate")
        south.rate(5)
        north.rate(7)
        hq_cluster.start()
        assert wait_until(lambda: _holds_exactly_the_union(hq, plants), 40, 0.2)

        def both_streaming() -> bool:
            capsys.readouterr()
            code = main(["--db", hq_url, "plant", "status"])
            out = capsys.readouterr().out
            return code == 0 and "plant 1 (south): streaming" in out \
                and "plant 2 (north): streaming" in out
        assert wait_until(both_streaming, 30, 0.5), hq_cluster.log.read_text()[-3000:]
        assert north.cli("plant", "status") == 0
        assert "slot pulse_plant_2: active" in capsys.readouterr().out
    finally:
        hq.dispose()
        for plant in plants:
            plant.close()


@pytest.mark.slow
def test_a_long_cut_a_plant_restart_and_a_subscription_made_again_after_a_restore(
        logical_clusters: list[PgCluster], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    plants, _hq_cluster, hq_url = _start(logical_clusters, monkeypatch)
    south, north = plants
    proxy = PgProxy(north.cluster.port)
    hq = open_database(hq_url)
    try:
        assert main(["--db", hq_url, "plant", "subscribe", "--plant", "south",
                     "--conninfo", south.conninfo()]) == 0
        assert main(["--db", hq_url, "plant", "subscribe", "--plant", "north",
                     "--conninfo", north.conninfo(proxy.port)]) == 0
        assert wait_until(lambda: _holds_exactly_the_union(hq, plants), 60, 0.2)
        # The network to the north plant is cut for a while; it keeps rating.
        proxy.set_down(True)
        for _ in range(6):
            north.rate(20)
            south.rate(3)
        capsys.readouterr()
        assert wait_until(lambda: main(["--db", hq_url, "plant", "status"]) == 3, 60, 1)
        assert "plant 2 (north): disconnected" in capsys.readouterr().out
        assert north.cli("plant", "status") == 0
        assert "slot pulse_plant_2: inactive" in capsys.readouterr().out
        proxy.set_down(False)
        assert wait_until(lambda: _holds_exactly_the_union(hq, plants), 90, 0.2)

        # A plant restarted mid-stream (immediate stop right after a commit).
        north.rate(6)
        north.close()
        north.cluster.restart_immediate()
        north.rate(4)
        assert wait_until(lambda: _holds_exactly_the_union(hq, plants), 60, 0.2)

        # After a schema upgrade the subscription re-reads the publication: nothing doubles.
        assert main(["--db", hq_url, "plant", "refresh", "--plant", "north"]) == 0
        north.rate(2)
        assert wait_until(lambda: _holds_exactly_the_union(hq, plants), 60, 0.2)

        # The head office restored from an old backup: its copy of the north plant is
        # behind and its subscription gone. --replace copies the plant again.
        with hq.write() as s:
            s.execute(text("ALTER SUBSCRIPTION pulse_plant_2 DISABLE"))
        with hq.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text("ALTER SUBSCRIPTION pulse_plant_2 SET (slot_name = NONE)"))
            c.execute(text("DROP SUBSCRIPTION pulse_plant_2"))
        with hq.write() as s:
            s.execute(text("DELETE FROM rating_reasons WHERE plant_id = 2 AND rating_id IN "
                           "(SELECT id FROM ratings WHERE plant_id = 2 ORDER BY id DESC "
                           "LIMIT 30)"))
            s.execute(text("DELETE FROM ratings WHERE id IN (SELECT id FROM ratings WHERE "
                           "plant_id = 2 ORDER BY id DESC LIMIT 30)"))
        with north.db.write() as s:  # the old slot, left at the plant, is the admin's to drop
            s.execute(text("SELECT pg_drop_replication_slot('pulse_plant_2')"))
        north.rate(5)
        assert main(["--db", hq_url, "plant", "subscribe", "--plant", "north", "--replace",
                     "--conninfo", north.conninfo(proxy.port)]) == 0
        assert wait_until(lambda: _holds_exactly_the_union(hq, plants), 60, 0.2)
    finally:
        hq.dispose()
        proxy.close()
        for plant in plants:
            plant.close()
