"""Employees: the person's grammatical gender, from the directory.

* employees.gender: 'm', 'f' or NULL. Russian sentences about a person agree with it
  ("оценил" / "оценила") and decline the name by it. NULL (the directory's column absent or
  empty) means the patronymic decides (-вич / -вна / оглы / кызы, ``shared.names``).

Revision ID: 0016_gender
Revises: 0014_web_sign_in
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_gender"
down_revision = "0014_web_sign_in"
branch_labels = None
depends_on = None

_CHECK = "gender IN ('m', 'f')"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a column with its CHECK in place (a batch copy would drop the triggers).
        op.execute("ALTER TABLE employees ADD COLUMN gender VARCHAR(1) "
                   f"CONSTRAINT ck_employees_gender CHECK ({_CHECK})")
        return
    op.add_column("employees", sa.Column("gender", sa.String(length=1), nullable=True))
    op.create_check_constraint(op.f("ck_employees_gender"), "employees", _CHECK)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f("ck_employees_gender"), "employees", type_="check")
    op.drop_column("employees", "gender")
