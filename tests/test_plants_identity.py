"""Identity across plants (issue 18, docs/plants.md): the migration gives existing rows plant
1 and keeps them; names are unique within a plant; a plant's first publish moves its rows
into its own id range, and the product's own inserts then land there."""

from __future__ import annotations

import importlib.util
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from shared.config import Config
from shared.db import open_database
from shared.db.migrate import downgrade, upgrade
from shared.db.models import Employee, Rating
from shared.domain.plants import (
    PlantError,
    claim_identity,
    grant_replication_sql,
    id_range,
    publication_sql,
    travelling_tables,
)
from tests.domain_data import at, department, people, rate, tag

ROOT = Path(__file__).resolve().parents[1]


def _migration_0019():  # type: ignore[no-untyped-def]
    path = ROOT / "shared/db/migrations/versions/0019_plants.py"
    spec = importlib.util.spec_from_file_location("m0019", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_migration_and_the_models_name_the_same_travelling_tables() -> None:
    assert set(_migration_0019().TRAVELLING) == {t.name for t in travelling_tables()}


def test_upgrade_from_0014_keeps_the_rows_as_plant_1s(empty_db_url: str) -> None:
    db = open_database(empty_db_url, upgrade=False)
    try:
        upgrade(db.engine, "0014_web_sign_in")
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO departments (id, name, updated_at) "
                              "VALUES (1, 'Цех', :t)"), {"t": at(1)})
            for pid, no in ((1, "00150"), (2, "00151")):
                conn.execute(text(
                    "INSERT INTO employees (id, personnel_no, full_name, department_id, role, "
                    "language, pin_failures, pin_lockouts, active, created_at, updated_at) "
                    "VALUES (:i, :n, :n, 1, 'worker', 'ru', 0, 0, :a, :t, :t)"),
                    {"i": pid, "n": no, "a": True, "t": at(1)})
            conn.execute(text(
                "INSERT INTO ratings (id, uuid, rater_id, supplier_id, rater_department_id, "
                "supplier_department_id, score, created_at, day, received_at, status) "
                "VALUES (7, :u, 1, 2, 1, 1, 4, :t, :d, :t, 'ok')"),
                {"u": uuid.uuid4() if db.dialect == "postgresql" else uuid.uuid4().hex,
                 "t": at(2), "d": at(2).date()})
        upgrade(db.engine, "head")
        with db.engine.begin() as conn:
            assert conn.execute(text("SELECT id, personnel_no, plant_id FROM employees "
                                     "ORDER BY id")).all() == [(1, "00150", 1), (2, "00151", 1)]
            assert conn.execute(text("SELECT id, score, plant_id FROM ratings")).all() == \
                [(7, 4, 1)]
            assert conn.execute(text("SELECT plant_id FROM departments")).scalar() == 1
            # Another plant's person may have the same personnel number ...
            conn.execute(text(
                "INSERT INTO employees (id, personnel_no, full_name, department_id, role, "
                "language, pin_failures, pin_lockouts, active, created_at, updated_at, "
                "plant_id) VALUES (100000001, '00150', 'x', 1, 'worker', 'ru', 0, 0, :a, :t, "
                ":t, 2)"), {"a": True, "t": at(1)})
        # ... a second person of the same plant may not.
        with pytest.raises(IntegrityError), db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO employees (id, personnel_no, full_name, department_id, role, "
                "language, pin_failures, pin_lockouts, active, created_at, updated_at) "
                "VALUES (3, '00150', 'y', 1, 'worker', 'ru', 0, 0, :a, :t, :t)"),
                {"a": True, "t": at(1)})
        with db.engine.begin() as conn:
            conn.execute(text("DELETE FROM employees WHERE id = 100000001"))
        downgrade(db.engine, "0014_web_sign_in")
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM employees")).scalar() == 2
            assert conn.execute(text("SELECT score FROM ratings")).scalar() == 4
    finally:
        db.dispose()


@pytest.mark.pg
def test_a_plants_first_publish_moves_its_rows_into_its_range(fresh_pg_url: str,
                                                              config: Config) -> None:
    db = open_database(fresh_pg_url, upgrade=True)
    try:
        with db.write() as s:
            dep = department(s, "Склад")
            a, b = people(s, dep, ["A", "B"])
            tag(s, "late")
            rate(s, config, a, b, 2, at(2), reason_codes=["late"])
            before = (a.id, b.id)
        with db.engine.begin() as conn:
            moved = claim_identity(conn, 3)
        lo, hi = id_range(3)
        assert moved > 0
        with db.read() as s:
            ids = s.scalars(select(Employee.id).order_by(Employee.id)).all()
            assert ids == [i + lo - 1 for i in before]
            rating = s.scalars(select(Rating)).one()
            assert (rating.rater_id, rating.supplier_id, rating.plant_id) == (ids[0], ids[1], 3)
            assert lo <= rating.id <= hi
            assert [r.reason_tag_id >= lo for r in rating.reasons] == [True]
            # The rollups follow the people they are about.
            assert s.execute(text("SELECT count(*) FROM rollup_pair_month "
                                  "WHERE rater_id = :a AND supplier_id = :b AND plant_id = 3"),
                             {"a": ids[0], "b": ids[1]}).scalar() == 1
            assert s.execute(text("SELECT count(*) FROM pulse_private.pseudonyms "
                                  "WHERE employee_id < :lo"), {"lo": lo}).scalar() == 0
        # The product's own inserts now land in the plant's range, with its id.
        with db.write() as s:
            c = people(s, s.get(Employee, ids[0]).department, ["C"])[0]  # type: ignore[union-attr]
            out = rate(s, config, c, s.get(Employee, ids[1]), 5, at(3))  # type: ignore[arg-type]
        assert lo <= c.id <= hi and lo <= (out.rating_id or 0) <= hi
        with db.read() as s:
            assert s.execute(text("SELECT plant_id FROM ratings WHERE id = :i"),
                             {"i": out.rating_id}).scalar() == 3
        with db.engine.begin() as conn:
            assert claim_identity(conn, 3) == 0  # once only
        with pytest.raises(PlantError, match="outside plant 1's range"), \
                db.engine.begin() as conn:
            claim_identity(conn, 1)
    finally:
        db.dispose()


def test_the_publication_leaves_the_directorys_secrets_and_the_plants_own_tables_out() -> None:
    sql = publication_sql(exists=False)
    assert sql.startswith("CREATE PUBLICATION pulse_plant FOR TABLE ")
    employees = sql[sql.index("TABLE employees ("):].split(")", 1)[0]
    assert '"personnel_no"' in employees and '"plant_id"' in employees
    for secret in ("badge_hmac", "pin_hash", "email", "telegram_chat_id"):
        assert secret not in employees
    for own in ("nudges", "deliveries", "audit_log", "kiosks", "web_sign_ins", "plants",
                "pin_offline_attempts", "site_key_check"):
        assert f"TABLE {own} " not in sql
    grants = grant_replication_sql("pulse_replication")
    assert not any("nudges" in g or "audit_log" in g for g in grants)
    assert 'REVOKE SELECT ON employees FROM pulse_replication' in grants
