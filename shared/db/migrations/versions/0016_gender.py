"""Employees: the person's grammatical gender, from the directory; a proposal's conversation
allowed to a least-privilege kiosk.

* employees.gender: 'm', 'f' or NULL. Russian sentences about a person agree with it
  ("оценил" / "оценила") and decline the name by it. NULL (the directory's column absent or
  empty) means the patronymic decides (-вич / -вна / оглы / кызы, ``shared.names``).
* pulse_private.proposal_check (PostgreSQL): a restricted writer (the kiosk's role) could
  change a proposal only while it was pending, so an invited one could not be decided, the
  client could not reply to a decision and the decider could not mark it implemented
  (issue 14 point 3). Now, past ``pending`` / ``discuss``, it may only add what the
  conversation adds once: the client's reply, and "implemented" to an accepted proposal;
  the decision itself (status, decider, time, note) stays as it was.

Revision ID: 0016_gender
Revises: 0015_kiosk_personal_reads
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_gender"
down_revision = "0015_kiosk_personal_reads"
branch_labels = None
depends_on = None

_CHECK = "gender IN ('m', 'f')"

_PROPOSAL_CHECK = """
CREATE OR REPLACE FUNCTION pulse_private.proposal_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF NOT pulse_private.restricted() THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' AND NEW.status = 'pending' THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND (
        OLD.status IN ('pending', 'discuss')
        -- Decided: only the client's one reply and the decider's "implemented" are added.
        OR (NEW.status = OLD.status
            AND NEW.decided_at IS NOT DISTINCT FROM OLD.decided_at
            AND NEW.decided_by_id IS NOT DISTINCT FROM OLD.decided_by_id
            AND NEW.decision_note IS NOT DISTINCT FROM OLD.decision_note
            AND NEW.client_id = OLD.client_id AND NEW.supplier_id = OLD.supplier_id
            AND NEW.decider_id IS NOT DISTINCT FROM OLD.decider_id
            AND NEW.what_should_change = OLD.what_should_change
            AND (OLD.client_reply IS NULL
                 OR (NEW.client_reply IS NOT DISTINCT FROM OLD.client_reply
                     AND NEW.client_replied_at IS NOT DISTINCT FROM OLD.client_replied_at))
            AND (NEW.implemented_at IS NOT DISTINCT FROM OLD.implemented_at
                 OR (OLD.implemented_at IS NULL AND OLD.status = 'accepted')))) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'permission denied: proposal % is %', coalesce(OLD.id, NEW.id),
                    coalesce(OLD.status, NEW.status)
        USING ERRCODE = 'insufficient_privilege';
END
$$;
"""

# As 0008_least_privilege wrote it (the downgrade puts it back).
_PROPOSAL_CHECK_0008 = """
CREATE OR REPLACE FUNCTION pulse_private.proposal_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF pulse_private.restricted() AND ((TG_OP = 'INSERT' AND NEW.status <> 'pending')
                                       OR (TG_OP = 'UPDATE' AND OLD.status <> 'pending')) THEN
        RAISE EXCEPTION 'permission denied: proposal % is %', coalesce(OLD.id, NEW.id),
                        coalesce(OLD.status, NEW.status)
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
"""


# The kiosk reads the directory through this view of 0015_kiosk_personal_reads (badge keys, not
# badge HMACs): the gender is added at its end, so the kiosk's snapshot carries it.
_KIOSK_EMPLOYEES = """
CREATE OR REPLACE VIEW kiosk_reads.employees AS
    SELECT e.id, e.personnel_no, e.full_name, e.full_name_en, e.department_id, e.manager_id,
           e.segment_id, e.position, e.role, e.email, e.telegram_chat_id, e.bitrix24_user_id,
           e.language,
           CASE WHEN e.badge_hmac IS NOT NULL
                THEN 'k:' || encode(sha256(convert_to(e.badge_hmac, 'UTF8')), 'hex') END
               AS badge_hmac,
           e.pin_hash, e.pin_failures, e.pin_lockouts, e.pin_locked_until, e.photo, e.active,
           e.created_at, e.updated_at,
           e.gender
    FROM public.employees e;
"""
_KIOSK_EMPLOYEES_0015 = """
DROP VIEW kiosk_reads.employees;
CREATE VIEW kiosk_reads.employees AS
    SELECT e.id, e.personnel_no, e.full_name, e.full_name_en, e.department_id, e.manager_id,
           e.segment_id, e.position, e.role, e.email, e.telegram_chat_id, e.bitrix24_user_id,
           e.language,
           CASE WHEN e.badge_hmac IS NOT NULL
                THEN 'k:' || encode(sha256(convert_to(e.badge_hmac, 'UTF8')), 'hex') END
               AS badge_hmac,
           e.pin_hash, e.pin_failures, e.pin_lockouts, e.pin_locked_until, e.photo, e.active,
           e.created_at, e.updated_at
    FROM public.employees e;
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a column with its CHECK in place (a batch copy would drop the triggers).
        op.execute("ALTER TABLE employees ADD COLUMN gender VARCHAR(1) "
                   f"CONSTRAINT ck_employees_gender CHECK ({_CHECK})")
        return
    op.add_column("employees", sa.Column("gender", sa.String(length=1), nullable=True))
    op.create_check_constraint(op.f("ck_employees_gender"), "employees", _CHECK)
    _run(_PROPOSAL_CHECK)
    _run(_KIOSK_EMPLOYEES)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        _run(_PROPOSAL_CHECK_0008)
        _run(_KIOSK_EMPLOYEES_0015)  # the grants: `pulse db grant` again after a downgrade
        op.drop_constraint(op.f("ck_employees_gender"), "employees", type_="check")
    if op.get_bind().dialect.name == "sqlite":
        # The CHECK names the column: SQLite drops it only with the table rebuilt (a later
        # migration's batch copy made it a table constraint; ALTER TABLE DROP COLUMN refuses).
        with op.batch_alter_table("employees", recreate="always") as batch:
            batch.drop_constraint(op.f("ck_employees_gender"), type_="check")
            batch.drop_column("gender")
        return
    op.drop_column("employees", "gender")


def _run(script: str) -> None:
    # Through the driver's cursor without parameters, as 0008 does: RAISE's % placeholders
    # must reach the server as written.
    cursor = op.get_bind().connection.cursor()
    try:
        cursor.execute(script)
    finally:
        cursor.close()
