"""Least privilege (PostgreSQL only): what the kiosk and wallboard roles read, and the
database's own guard on what the kiosk writes. SQLite has no users: nothing changes there.

* ``pulse_private`` (no role reads it): the settings the guards need (``cooldown_hours``,
  ``history_days``, ``max_points``, written by ``pulse db grant`` from the configuration;
  ``backdate_days``, 14, changed by SQL) and the raters' pseudonyms.
* ``wallboard_reads``: views named like the tables they stand for, first on the wallboard
  role's search path (``shared/db/engine.py``). A rater appears there only as a pseudonym
  (a negative number, the same for one person everywhere, so distinct clients still count
  and the k-blocks still cut), the directory without PIN hashes, badge HMACs or messenger
  addresses. The wallboard's code reads them unchanged.
* ``kiosk_reads.ratings``: the ratings of the last ``history_days`` (the home screen's
  metrics period and a day) or ``backdate_days`` (the oldest rating a kiosk may still
  deliver), plus twice the cooldown: what the home figures, the cooldown check and the
  sync's conflict rule look at. The grant lets the kiosk read every column but the
  comment. Older ratings are out of its reach.
* Rollups follow the ratings in the database (statement triggers, ``SECURITY DEFINER``)
  when the writer may not write the rollups itself (the kiosk role): the kiosk inserts a
  rating or changes its status, never a figure. Writers that may (admin, owner) keep the
  rollups from Python as before (``shared/domain/rollups.py``, ``database_keeps_rollups``).
* Guards on the kiosk's writes (restricted writers only): a rating dated at most
  ``backdate_days`` back and not ahead of the server, on its own day and under its people's
  departments, with reasons only when inserted in the same transaction; its status agrees
  with the cooldown rule at commit (``shared.domain.rating_rules``; checked by
  ``rating_status_check``, held to ``settle_pair`` by ``tests/security/test_settle_sql.py``); a
  lockout in force is not lifted or shortened; disputes and proposals are opened as open
  or pending and move only along their states (``shared/domain/disputes.py``); points go
  only to a party of a decided dispute or proposal, once per cause, at most the largest
  credit the configuration gives.

docs/security.md explains the threat model; ``packaging/postgres/roles.sql`` the grants.

Revision ID: 0008_least_privilege
Revises: 0007_kiosk_instances
"""

from __future__ import annotations

from alembic import op

revision = "0008_least_privilege"
down_revision = "0007_kiosk_instances"
branch_labels = None
depends_on = None

# A rater's pseudonym: a random negative number (never a real id), one per person, kept in
# pulse_private.pseudonyms (given by a trigger to every new employee). A person missing
# there (rows loaded with triggers off) gets one from a keyed MD5 instead. Measured with
# 1,000 people and 30,000 ratings, the refresh's queries took 0.28 s through the views with
# the join and 0.52 s hashing every row, against 0.19 s / 0.13 s on the tables.
_PSEUDONYM = ("coalesce({alias}.pseudonym, -1 - ('x' || substr(md5((SELECT pseudonym_key "
              "FROM pulse_private.settings) || ':' || {col}::text), 1, 15))::bit(60)::bigint)")
_JOIN = "LEFT JOIN pulse_private.pseudonyms {alias} ON {alias}.employee_id = {col}"

_SCHEMAS = """
CREATE SCHEMA pulse_private;
REVOKE ALL ON SCHEMA pulse_private FROM PUBLIC;
CREATE TABLE pulse_private.settings (
    id integer PRIMARY KEY CHECK (id = 1),
    cooldown_hours double precision NOT NULL DEFAULT 4,
    backdate_days integer NOT NULL DEFAULT 14,
    history_days integer NOT NULL DEFAULT 32,
    max_points integer NOT NULL DEFAULT 10,
    pseudonym_key text NOT NULL
);
INSERT INTO pulse_private.settings (id, pseudonym_key)
    VALUES (1, md5(gen_random_uuid()::text) || md5(gen_random_uuid()::text));
CREATE TABLE pulse_private.pseudonyms (
    employee_id integer PRIMARY KEY,
    pseudonym bigint NOT NULL UNIQUE
);
INSERT INTO pulse_private.pseudonyms (employee_id, pseudonym)
    SELECT id, -1 - floor(random() * 4e18)::bigint FROM public.employees;
CREATE FUNCTION pulse_private.give_pseudonyms() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO pulse_private.pseudonyms (employee_id, pseudonym)
        SELECT id, -1 - floor(random() * 4e18)::bigint FROM new_rows
    ON CONFLICT (employee_id) DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER pulse_pseudonyms AFTER INSERT ON employees
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION pulse_private.give_pseudonyms();
CREATE SCHEMA wallboard_reads;
CREATE SCHEMA kiosk_reads;
REVOKE ALL ON SCHEMA wallboard_reads, kiosk_reads FROM PUBLIC;
"""


def _wallboard_views() -> str:
    def p(col: str, alias: str = "p") -> str:
        return _PSEUDONYM.format(col=col, alias=alias)

    def join(col: str, alias: str = "p") -> str:
        return _JOIN.format(col=col, alias=alias)
    return f"""
CREATE VIEW wallboard_reads.ratings AS
    SELECT r.id, NULL::uuid AS uuid, {p('r.rater_id')} AS rater_id, r.supplier_id,
           r.rater_department_id, r.supplier_department_id, r.score, r.comment,
           NULL::varchar(64) AS kiosk_id, r.created_at, r.day,
           NULL::timestamptz AS received_at, r.status
    FROM public.ratings r {join('r.rater_id')};
-- The directory without secrets; and one row per pseudonym carrying only the segment, so
-- that figures by the clients' segment (impact, initiatives) still join.
CREATE VIEW wallboard_reads.employees AS
    SELECT e.id, e.personnel_no, e.full_name, e.full_name_en, e.department_id, e.manager_id,
           e.segment_id, e.position, e.role, NULL::varchar(200) AS email,
           NULL::varchar(64) AS telegram_chat_id, NULL::varchar(32) AS bitrix24_user_id,
           e.language, NULL::varchar(64) AS badge_hmac, NULL::varchar(200) AS pin_hash,
           0 AS pin_failures, 0 AS pin_lockouts, NULL::timestamptz AS pin_locked_until,
           e.photo, e.active, e.created_at, e.updated_at
    FROM public.employees e
    UNION ALL
    SELECT {p('e.id')}, NULL, NULL, NULL, NULL, NULL, e.segment_id, NULL, 'client', NULL,
           NULL, NULL, 'ru', NULL, NULL, 0, 0, NULL, NULL, false, NULL, NULL
    FROM public.employees e {join('e.id')};
CREATE VIEW wallboard_reads.rollup_rater_day AS
    SELECT {p('t.rater_id')} AS rater_id, t.day, t.n, t.score_sum
    FROM public.rollup_rater_day t {join('t.rater_id')};
CREATE VIEW wallboard_reads.rollup_pair_month AS
    SELECT t.supplier_id, t.month, {p('t.rater_id')} AS rater_id, t.n, t.score_sum
    FROM public.rollup_pair_month t {join('t.rater_id')};
CREATE VIEW wallboard_reads.rollup_client_week AS
    SELECT t.week, {p('t.rater_id')} AS rater_id, t.supplier_department_id, t.n
    FROM public.rollup_client_week t {join('t.rater_id')};
CREATE VIEW wallboard_reads.rollup_rater_month AS
    SELECT {p('t.rater_id')} AS rater_id, t.month, t.n, t.score_sum
    FROM public.rollup_rater_month t {join('t.rater_id')};
"""


_KIOSK_VIEWS = """
-- Simple enough to be updatable: the kiosk inserts ratings and sets their status through it.
CREATE VIEW kiosk_reads.ratings AS
    SELECT r.* FROM public.ratings r
    WHERE r.created_at >= now() - (
        SELECT make_interval(days => greatest(s.backdate_days, s.history_days))
               + 2 * make_interval(secs => s.cooldown_hours * 3600)
        FROM pulse_private.settings s);
"""

# Whether the writer of this session may not write the rollups itself: the guards and the
# rollup triggers act for such writers only (session_user: inside SECURITY DEFINER code
# current_user is the owner).
_FUNCTIONS = """
CREATE FUNCTION pulse_private.restricted() RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog AS $$
    SELECT NOT has_table_privilege(session_user, 'public.rollup_supplier_day', 'INSERT')
$$;

-- Adds (sign 1) or takes out (sign -1) the given ratings from every rollup, as
-- shared/domain/rollups.py apply_ratings and shared/offline/central.py retract_ratings do.
CREATE FUNCTION pulse_private.rollup_ratings(ids bigint[], sign integer, tags boolean)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF coalesce(array_length(ids, 1), 0) = 0 THEN
        RETURN;
    END IF;
    INSERT INTO rollup_supplier_day AS t (supplier_id, day, supplier_department_id, n,
                                          score_sum, n_happy, n_unhappy)
        SELECT supplier_id, day, max(supplier_department_id), sign * count(*),
               sign * sum(score), sign * sum((score >= 4)::int), sign * sum((score <= 2)::int)
        FROM ratings WHERE id = ANY(ids) GROUP BY supplier_id, day ORDER BY 1, 2
    ON CONFLICT (supplier_id, day) DO UPDATE SET n = t.n + excluded.n,
        score_sum = t.score_sum + excluded.score_sum, n_happy = t.n_happy + excluded.n_happy,
        n_unhappy = t.n_unhappy + excluded.n_unhappy,
        supplier_department_id = CASE WHEN sign > 0 THEN excluded.supplier_department_id
                                      ELSE t.supplier_department_id END;
    INSERT INTO rollup_rater_day AS t (rater_id, day, n, score_sum)
        SELECT rater_id, day, sign * count(*), sign * sum(score)
        FROM ratings WHERE id = ANY(ids) GROUP BY rater_id, day ORDER BY 1, 2
    ON CONFLICT (rater_id, day) DO UPDATE SET n = t.n + excluded.n,
        score_sum = t.score_sum + excluded.score_sum;
    INSERT INTO rollup_pair_month AS t (supplier_id, month, rater_id, n, score_sum)
        SELECT supplier_id, to_char(day, 'YYYY-MM'), rater_id, sign * count(*), sign * sum(score)
        FROM ratings WHERE id = ANY(ids) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (supplier_id, month, rater_id) DO UPDATE SET n = t.n + excluded.n,
        score_sum = t.score_sum + excluded.score_sum;
    INSERT INTO rollup_dept_pair_day AS t (client_department_id, supplier_department_id, day,
                                           n, score_sum, n_happy)
        SELECT rater_department_id, supplier_department_id, day, sign * count(*),
               sign * sum(score), sign * sum((score >= 4)::int)
        FROM ratings WHERE id = ANY(ids) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (client_department_id, supplier_department_id, day) DO UPDATE SET
        n = t.n + excluded.n, score_sum = t.score_sum + excluded.score_sum,
        n_happy = t.n_happy + excluded.n_happy;
    INSERT INTO rollup_client_week AS t (week, rater_id, supplier_department_id, n)
        SELECT date_trunc('week', day)::date, rater_id, supplier_department_id, sign * count(*)
        FROM ratings WHERE id = ANY(ids) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (week, rater_id, supplier_department_id) DO UPDATE SET n = t.n + excluded.n;
    INSERT INTO rollup_rater_month AS t (rater_id, month, n, score_sum)
        SELECT rater_id, to_char(day, 'YYYY-MM'), sign * count(*), sign * sum(score)
        FROM ratings WHERE id = ANY(ids) GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (rater_id, month) DO UPDATE SET n = t.n + excluded.n,
        score_sum = t.score_sum + excluded.score_sum;
    IF tags THEN
        INSERT INTO rollup_tag_day AS t (reason_tag_id, supplier_department_id, day, n, n_low)
            SELECT rr.reason_tag_id, r.supplier_department_id, r.day, sign * count(*),
                   sign * sum((r.score <= 2)::int)
            FROM rating_reasons rr JOIN ratings r ON r.id = rr.rating_id
            WHERE r.id = ANY(ids) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (reason_tag_id, supplier_department_id, day) DO UPDATE SET
            n = t.n + excluded.n, n_low = t.n_low + excluded.n_low;
    END IF;
    IF sign < 0 THEN  -- rows that drop to zero go, so the rollups equal a rebuild
        DELETE FROM rollup_supplier_day t USING ratings r WHERE r.id = ANY(ids)
            AND t.supplier_id = r.supplier_id AND t.day = r.day AND t.n <= 0;
        DELETE FROM rollup_rater_day t USING ratings r WHERE r.id = ANY(ids)
            AND t.rater_id = r.rater_id AND t.day = r.day AND t.n <= 0;
        DELETE FROM rollup_pair_month t USING ratings r WHERE r.id = ANY(ids)
            AND t.supplier_id = r.supplier_id AND t.rater_id = r.rater_id
            AND t.month = to_char(r.day, 'YYYY-MM') AND t.n <= 0;
        DELETE FROM rollup_dept_pair_day t USING ratings r WHERE r.id = ANY(ids)
            AND t.client_department_id = r.rater_department_id
            AND t.supplier_department_id = r.supplier_department_id AND t.day = r.day
            AND t.n <= 0;
        DELETE FROM rollup_client_week t USING ratings r WHERE r.id = ANY(ids)
            AND t.week = date_trunc('week', r.day)::date AND t.rater_id = r.rater_id
            AND t.supplier_department_id = r.supplier_department_id AND t.n <= 0;
        DELETE FROM rollup_rater_month t USING ratings r WHERE r.id = ANY(ids)
            AND t.rater_id = r.rater_id AND t.month = to_char(r.day, 'YYYY-MM') AND t.n <= 0;
        DELETE FROM rollup_tag_day t USING ratings r, rating_reasons rr
            WHERE r.id = ANY(ids) AND rr.rating_id = r.id AND t.reason_tag_id = rr.reason_tag_id
            AND t.supplier_department_id = r.supplier_department_id AND t.day = r.day
            AND t.n <= 0;
    END IF;
END
$$;
REVOKE ALL ON FUNCTION pulse_private.rollup_ratings(bigint[], integer, boolean) FROM PUBLIC;

-- The ratings a restricted writer inserted in its current transaction: the only ones it
-- may give reasons to (a reason added to an older rating would move the tag rollups). Rows
-- of finished transactions are cleared by the next insert (skipping rows another
-- transaction is clearing: no wait, no deadlock).
CREATE UNLOGGED TABLE pulse_private.fresh_ratings (
    txid xid8 NOT NULL,
    rating_id bigint NOT NULL,
    PRIMARY KEY (txid, rating_id)
);

CREATE FUNCTION pulse_private.ratings_inserted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF pulse_private.restricted() THEN
        DELETE FROM pulse_private.fresh_ratings WHERE ctid IN (
            SELECT ctid FROM pulse_private.fresh_ratings
            WHERE txid <> pg_current_xact_id() FOR UPDATE SKIP LOCKED);
        INSERT INTO pulse_private.fresh_ratings (txid, rating_id)
            SELECT pg_current_xact_id(), id FROM new_rows;
        PERFORM pulse_private.rollup_ratings(
            ARRAY(SELECT id FROM new_rows WHERE status = 'ok'), 1, false);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION pulse_private.reason_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF pulse_private.restricted() AND NOT EXISTS (
            SELECT 1 FROM pulse_private.fresh_ratings
            WHERE txid = pg_current_xact_id() AND rating_id = NEW.rating_id) THEN
        RAISE EXCEPTION 'permission denied: a kiosk gives reasons only to the rating it files'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;

CREATE FUNCTION pulse_private.reasons_inserted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF pulse_private.restricted() THEN
        INSERT INTO rollup_tag_day AS t (reason_tag_id, supplier_department_id, day, n, n_low)
            SELECT rr.reason_tag_id, r.supplier_department_id, r.day, count(*),
                   sum((r.score <= 2)::int)
            FROM new_rows rr JOIN ratings r ON r.id = rr.rating_id
            WHERE r.status = 'ok' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (reason_tag_id, supplier_department_id, day) DO UPDATE SET
            n = t.n + excluded.n, n_low = t.n_low + excluded.n_low;
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION pulse_private.ratings_status_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF pulse_private.restricted() THEN
        PERFORM pulse_private.rollup_ratings(ARRAY(
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE o.status <> 'ok' AND n.status = 'ok'), 1, true);
        PERFORM pulse_private.rollup_ratings(ARRAY(
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE o.status = 'ok' AND n.status <> 'ok'), -1, true);
    END IF;
    RETURN NULL;
END
$$;

-- A restricted writer's new rating: dated within backdate_days before now, not in the future
-- beyond a clock skew of 5 minutes, on its own day, under its people's departments.
CREATE FUNCTION pulse_private.rating_insert_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    days integer;
BEGIN
    IF pulse_private.restricted() THEN
        SELECT backdate_days INTO days FROM pulse_private.settings;
        IF NEW.created_at < now() - make_interval(days => days)
                OR NEW.created_at > now() + interval '5 minutes' THEN
            RAISE EXCEPTION 'permission denied: a kiosk may not file a rating dated % '
                            '(more than % days back, or ahead of the server)',
                            NEW.created_at, days USING ERRCODE = 'insufficient_privilege';
        END IF;
        -- The day files it in the rollups: the plant-local date of created_at (a zone is
        -- at most 14 hours from UTC), never a past day's figures.
        IF NEW.day NOT BETWEEN (NEW.created_at AT TIME ZONE 'UTC')::date - 1
                           AND (NEW.created_at AT TIME ZONE 'UTC')::date + 1 THEN
            RAISE EXCEPTION 'permission denied: a rating of % filed on day %',
                            NEW.created_at, NEW.day USING ERRCODE = 'insufficient_privilege';
        END IF;
        -- The departments are the people's own (the map's figures).
        IF NOT EXISTS (SELECT 1 FROM employees r, employees s
                       WHERE r.id = NEW.rater_id AND s.id = NEW.supplier_id
                         AND r.department_id = NEW.rater_department_id
                         AND s.department_id = NEW.supplier_department_id) THEN
            RAISE EXCEPTION 'permission denied: a rating filed under other departments than '
                            'its people''s' USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    RETURN NEW;
END
$$;

-- At commit: a restricted writer's rating counts (ok) exactly when no counting rating of the
-- same pair precedes it within the cooldown (the rule of shared/offline/central.py).
CREATE FUNCTION pulse_private.rating_status_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    r ratings;
    cooldown interval;
    prior boolean;
BEGIN
    IF NOT pulse_private.restricted() THEN
        RETURN NULL;
    END IF;
    SELECT * INTO r FROM ratings WHERE id = NEW.id;
    IF NOT FOUND OR r.status NOT IN ('ok', 'cooldown_conflict') THEN
        RETURN NULL;
    END IF;
    SELECT make_interval(secs => cooldown_hours * 3600) INTO cooldown
        FROM pulse_private.settings;
    prior := EXISTS (
        SELECT 1 FROM ratings q
        WHERE q.rater_id = r.rater_id AND q.supplier_id = r.supplier_id AND q.status = 'ok'
          AND q.id <> r.id AND (q.created_at, q.uuid) < (r.created_at, r.uuid)
          AND r.created_at - q.created_at < cooldown);
    IF (r.status = 'ok') = prior THEN
        RAISE EXCEPTION 'permission denied: rating % cannot be %: the cooldown rule says '
                        'otherwise', r.uuid, r.status USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END
$$;

-- A lockout in force (beyond a 2-minute clock skew) cannot be lifted or shortened, nor the
-- count of lockouts lowered, by a restricted writer.
CREATE FUNCTION pulse_private.lockout_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF pulse_private.restricted() AND (
            (OLD.pin_locked_until > now() + interval '2 minutes'
             AND (NEW.pin_locked_until IS NULL OR NEW.pin_locked_until < OLD.pin_locked_until))
            OR (NEW.pin_lockouts < OLD.pin_lockouts AND OLD.pin_locked_until > now())) THEN
        RAISE EXCEPTION 'permission denied: the PIN lockout of employee % is in force',
                        OLD.id USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;

-- A decided dispute stays decided; an open one is accepted or escalated (to an arbiter,
-- named then and only then), an escalated one gets a verdict. A kiosk opens disputes and
-- makes proposals only as open and pending.
CREATE FUNCTION pulse_private.dispute_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF NOT pulse_private.restricted() THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF NEW.state <> 'open' THEN
            RAISE EXCEPTION 'permission denied: a kiosk opens a dispute as open, not %',
                            NEW.state USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END IF;
    IF NOT ((OLD.state = 'open' AND NEW.state IN ('open', 'accepted', 'escalated'))
            OR (OLD.state = 'escalated' AND NEW.state IN ('escalated', 'initiator_right',
                'respondent_right', 'both_right', 'both_wrong')))
       OR (NEW.arbiter_id IS DISTINCT FROM OLD.arbiter_id
           AND NOT (OLD.state = 'open' AND NEW.state = 'escalated')) THEN
        RAISE EXCEPTION 'permission denied: dispute % cannot go from % to % here', OLD.id,
                        OLD.state, NEW.state USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;

CREATE FUNCTION pulse_private.proposal_check() RETURNS trigger
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

-- Points only for a party of a decided dispute or proposal, once per cause and person, and
-- no more than the largest credit the configuration gives.
CREATE FUNCTION pulse_private.points_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF NOT pulse_private.restricted() THEN
        RETURN NEW;
    END IF;
    IF NOT (EXISTS (SELECT 1 FROM disputes d WHERE d.id = NEW.dispute_id
                    AND d.state NOT IN ('open', 'escalated')
                    AND NEW.employee_id IN (d.initiator_id, d.respondent_id, d.arbiter_id))
            OR EXISTS (SELECT 1 FROM proposals p WHERE p.id = NEW.proposal_id
                       AND p.status <> 'pending'
                       AND NEW.employee_id IN (p.client_id, p.supplier_id, p.decider_id)))
       OR abs(NEW.delta) > (SELECT max_points FROM pulse_private.settings)
       OR EXISTS (SELECT 1 FROM points_ledger l WHERE l.employee_id = NEW.employee_id
                  AND l.cause = NEW.cause
                  AND (l.dispute_id = NEW.dispute_id OR l.proposal_id = NEW.proposal_id)) THEN
        RAISE EXCEPTION 'permission denied: points for employee % (%) have no decided '
                        'dispute or proposal behind them', NEW.employee_id, NEW.cause
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER pulse_rollups_on_insert AFTER INSERT ON ratings
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION pulse_private.ratings_inserted();
CREATE TRIGGER pulse_rollups_on_status AFTER UPDATE ON ratings
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION pulse_private.ratings_status_changed();
CREATE TRIGGER pulse_rollups_on_reasons AFTER INSERT ON rating_reasons
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION pulse_private.reasons_inserted();
CREATE TRIGGER pulse_reason_check BEFORE INSERT ON rating_reasons
    FOR EACH ROW WHEN (pulse_private.restricted())
    EXECUTE FUNCTION pulse_private.reason_check();
CREATE TRIGGER pulse_rating_insert_check BEFORE INSERT ON ratings
    FOR EACH ROW WHEN (pulse_private.restricted())
    EXECUTE FUNCTION pulse_private.rating_insert_check();
CREATE CONSTRAINT TRIGGER pulse_rating_status_check AFTER INSERT OR UPDATE ON ratings
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (pulse_private.restricted())
    EXECUTE FUNCTION pulse_private.rating_status_check();
CREATE TRIGGER pulse_lockout_check BEFORE UPDATE ON employees
    FOR EACH ROW WHEN (pulse_private.restricted())
    EXECUTE FUNCTION pulse_private.lockout_check();
CREATE TRIGGER pulse_dispute_check BEFORE INSERT OR UPDATE ON disputes
    FOR EACH ROW WHEN (pulse_private.restricted())
    EXECUTE FUNCTION pulse_private.dispute_check();
CREATE TRIGGER pulse_proposal_check BEFORE INSERT OR UPDATE ON proposals
    FOR EACH ROW WHEN (pulse_private.restricted())
    EXECUTE FUNCTION pulse_private.proposal_check();
CREATE TRIGGER pulse_points_check BEFORE INSERT ON points_ledger
    FOR EACH ROW WHEN (pulse_private.restricted())
    EXECUTE FUNCTION pulse_private.points_check();
"""

_DROP = """
DROP TRIGGER IF EXISTS pulse_pseudonyms ON employees;
DROP TRIGGER IF EXISTS pulse_points_check ON points_ledger;
DROP TRIGGER IF EXISTS pulse_proposal_check ON proposals;
DROP TRIGGER IF EXISTS pulse_dispute_check ON disputes;
DROP TRIGGER IF EXISTS pulse_lockout_check ON employees;
DROP TRIGGER IF EXISTS pulse_rating_status_check ON ratings;
DROP TRIGGER IF EXISTS pulse_rating_insert_check ON ratings;
DROP TRIGGER IF EXISTS pulse_reason_check ON rating_reasons;
DROP TRIGGER IF EXISTS pulse_rollups_on_reasons ON rating_reasons;
DROP TRIGGER IF EXISTS pulse_rollups_on_status ON ratings;
DROP TRIGGER IF EXISTS pulse_rollups_on_insert ON ratings;
DROP SCHEMA IF EXISTS kiosk_reads CASCADE;
DROP SCHEMA IF EXISTS wallboard_reads CASCADE;
DROP SCHEMA IF EXISTS pulse_private CASCADE;
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _run(_SCHEMAS, _wallboard_views(), _KIOSK_VIEWS, _FUNCTIONS)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _run(_DROP)


def _run(*scripts: str) -> None:
    # Through the driver's cursor without parameters: the scripts hold several statements,
    # and RAISE's % placeholders must reach the server as written.
    cursor = op.get_bind().connection.cursor()
    try:
        for script in scripts:
            cursor.execute(script)
    finally:
        cursor.close()
