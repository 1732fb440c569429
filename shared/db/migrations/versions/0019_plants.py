"""Identity across plants (docs/plants.md).

* ``plant_id`` (NOT NULL, default 1) on every table whose rows travel to the head office;
  existing rows are plant 1's, as a single plant has always been. ``pulse plant publish``
  moves a plant other than 1 into its own id range and default (shared/plants.py).
* Names and codes unique within a plant: personnel numbers, department and segment names,
  reason tag and regulation codes (the head office holds every plant's).
* ``plants``: the plants this database knows (its own at a plant, the subscribed ones at the
  head office).
* PostgreSQL: the wallboard's and the kiosk's views show ``plant_id`` too (the models read it).

Revision ID: 0019_plants
Revises: 0017_monthly_tiers
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import op

import shared.db.base

revision = "0019_plants"
down_revision = "0017_monthly_tiers"
branch_labels = None
depends_on = None

# Every table whose rows travel to the head office (shared.plants.TRAVELLING is the same list,
# read from the models; a test holds them equal).
TRAVELLING = (
    "departments", "segments", "employees", "reason_tags", "supplier_links", "initiatives",
    "kpi_values", "department_point_rules", "regulations", "ratings", "rating_reasons",
    "rollup_supplier_day", "rollup_rater_day", "rollup_pair_month", "rollup_dept_pair_day",
    "rollup_tag_day", "rollup_client_week", "rollup_rater_month", "disputes", "dispute_events",
    "points_ledger", "proposals", "proposal_points", "fairness_exclusions",
    "fairness_excluded_ratings", "supplier_alerts",
)
# (table, column) unique before, (plant_id, column) unique after.
UNIQUE_IN_PLANT = (("departments", "name"), ("segments", "name"), ("employees", "personnel_no"),
                   ("reason_tags", "code"), ("regulations", "code"))


def _migration(name: str) -> Any:
    path = Path(__file__).with_name(f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"pulse_migration_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _views_0008() -> tuple[str, str]:
    """0008's wallboard views, and the kiosk's views as they stand before this migration:
    ``kiosk_reads.ratings`` as 0015 made it (the bound person's own ratings only) and
    ``kiosk_reads.employees`` as 0016 made it (badge keys, the gender). Never 0008's kiosk
    view: that one showed every rater's ratings to the kiosk role."""
    m0008 = _migration("0008_least_privilege")
    ratings = re.search(r"CREATE VIEW kiosk_reads\.ratings .*?;\n",
                        _migration("0015_kiosk_personal_reads")._kiosk_views(), re.S)
    assert ratings is not None
    employees = _migration("0016_gender")._KIOSK_EMPLOYEES.replace(
        "CREATE OR REPLACE VIEW", "CREATE VIEW")
    return m0008._wallboard_views(), ratings.group(0) + employees


def _with_plant(views: str) -> str:
    """0008's views with ``plant_id`` as their last column (CREATE OR REPLACE keeps grants)."""
    out = re.sub(r"\n(\s*)FROM public\.(\w+) (\w+)", r", \3.plant_id\n\1FROM public.\2 \3", views)
    return out.replace("CREATE VIEW", "CREATE OR REPLACE VIEW")


def _execute(script: str) -> None:
    cursor = op.get_bind().connection.cursor()
    try:
        cursor.execute(script)
    finally:
        cursor.close()


def _public_view(drop: bool) -> None:
    """SQLite rebuilds a table to change it (batch mode): the view 0015 made on ``ratings``
    would break the rename, so it is dropped before and made again after."""
    if op.get_bind().dialect.name != "sqlite":
        return
    if drop:
        op.execute("DROP VIEW IF EXISTS peer_ratings")
    else:
        op.execute(_migration("0015_kiosk_personal_reads")._PUBLIC_VIEW)


def upgrade() -> None:
    _public_view(drop=True)
    for table in TRAVELLING:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("plant_id", sa.SmallInteger(), nullable=False,
                                       server_default=sa.text("1")))
    for table, column in UNIQUE_IN_PLANT:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"uq_{table}_{column}", type_="unique")
            batch.create_unique_constraint(f"uq_{table}_plant_id_{column}", ["plant_id", column])
    op.create_table(
        "plants",
        sa.Column("id", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("subscription", sa.String(length=63), nullable=True),
        sa.Column("created_at", shared.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("id BETWEEN 1 AND 21", name=op.f("ck_plants_id_range")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plants")),
        sa.UniqueConstraint("name", name=op.f("uq_plants_name")),
        sa.UniqueConstraint("subscription", name=op.f("uq_plants_subscription")),
    )
    if op.get_bind().dialect.name == "postgresql":
        wallboard, kiosk = _views_0008()
        # kiosk_reads.ratings is ``r.*`` (plant_id comes with it); the directory's columns
        # are named, so plant_id is added at the end.
        kiosk = kiosk.replace("           e.gender\n", "           e.gender, e.plant_id\n")
        _execute(_with_plant(wallboard) + kiosk.replace("CREATE VIEW", "CREATE OR REPLACE VIEW"))
    _public_view(drop=False)


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    _public_view(drop=True)
    if postgresql:
        # A view's columns cannot be taken away by CREATE OR REPLACE: dropped, and made
        # again as they stood before (0008's wallboard views, 0015/0016's kiosk views) once
        # the column is gone (``r.*`` would take it again); run `pulse db grant` afterwards
        # for the roles' grants on them.
        wallboard, kiosk = _views_0008()
        names = re.findall(r"CREATE VIEW (\S+) (?:WITH \([^)]*\) )?AS", wallboard + kiosk)
        _execute("".join(f"DROP VIEW {name};\n" for name in names))
    op.drop_table("plants")
    for table, column in UNIQUE_IN_PLANT:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"uq_{table}_plant_id_{column}", type_="unique")
            batch.create_unique_constraint(f"uq_{table}_{column}", [column])
    for table in reversed(TRAVELLING):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("plant_id")
    if postgresql:
        _execute(wallboard + kiosk)
    _public_view(drop=False)
