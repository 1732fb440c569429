"""The kiosk reads ratings only for the person in front of it (PostgreSQL; issue 22).

Before, the kiosk role read ``kiosk_reads.ratings``: every rater's ratings of the last
weeks (rater, supplier, score, time), so a kiosk PC's login listed the recent who-rated-
whom. Now:

* **Binding.** ``pulse_private.kiosk_bind(badge_hmac)`` (``SECURITY DEFINER``) finds the
  active person holding that badge HMAC and binds them to this connection: it sets
  ``pulse.kiosk_person`` to the person's id and a MAC of (id, backend pid, backend start)
  keyed with ``pulse_private.settings.pseudonym_key``, which no role reads.
  ``pulse_private.kiosk_person()`` returns the bound id only when the MAC checks out, so a
  ``SET pulse.kiosk_person = '…'`` names nobody, and a value taken from one connection is
  worth nothing on another. ``shared/db/engine.py`` binds the person the kiosk identified
  at every connection checkout (``Database.present``).
* **The badge HMACs stay out of the kiosk's reach**: it reads the directory through
  ``kiosk_reads.employees``, where ``badge_hmac`` is ``k:`` and the SHA-256 of the HMAC (what
  the offline snapshot and the kiosk's own look-up compare: ``shared.security.badge_key``).
  To bind someone a kiosk login must present the HMAC itself: HMAC-SHA256 of the badge's
  code with the site secret, i.e. the badge code *and* the secret.
* ``kiosk_reads.ratings``: the bound person's own ratings (as rater) of the last weeks, as
  before every column but the comment; nobody else's. Still the updatable view the kiosk
  inserts through.
* ``peer_ratings`` (new, both dialects): what the personal figures read of *other* people's
  ratings (metrics 2 and 3, the right to influence). In ``public`` a plain view of
  ``ratings``. In ``kiosk_reads``: nothing while nobody is bound; else the ratings of the
  last weeks with each rater but the bound person a pseudonym made for this bound person
  (distinct raters still count for the k threshold; no real id, not the wallboard's
  pseudonym), dated by their plant-local day only (``created_at`` is that day's local
  midnight: the settled windows these figures use are whole days), no id, uuid, kiosk or
  comment.
* ``pulse_private.kiosk_settle(uuids)``: the offline sync's cooldown settlement, done by
  the database for the kiosk role (it cannot read the other raters' ratings of the pairs
  any more): the pairs of the ratings it inserted in this transaction are settled by the
  rule of ``shared.domain.rating_rules.settle_pair`` (written again in PL/pgSQL, held equal
  to it by ``tests/security/test_settle_sql.py``), and the statuses of the given uuids
  returned (its own ratings only: uuids are random).
* ``pulse_private.kiosk_mood(lo, hi, k)``: the start screen's mood (nobody bound), the
  completed k-blocks of one whole plant-local day, as ``company_mood`` publishes it.
* The kiosk's views are ``security_barrier``: a function of the login's own (a temporary
  one) in a ``WHERE`` sees only the rows the view shows.

Revision ID: 0015_kiosk_personal_reads
Revises: 0014_web_sign_in
"""

from __future__ import annotations

from alembic import op

revision = "0015_kiosk_personal_reads"
down_revision = "0014_web_sign_in"
branch_labels = None
depends_on = None

_PEER_COLUMNS = "id, rater_id, supplier_id, supplier_department_id, score, created_at, day, status"
_PUBLIC_VIEW = f"CREATE VIEW peer_ratings AS SELECT {_PEER_COLUMNS} FROM ratings"

# How far back the kiosk reads ratings (as migration 0008): the metrics period and a day, or
# the oldest rating a kiosk may deliver, plus twice the cooldown.
_SINCE = """now() - (SELECT make_interval(days => greatest(s.backdate_days, s.history_days))
                          + 2 * make_interval(secs => s.cooldown_hours * 3600)
                     FROM pulse_private.settings s)"""

_FUNCTIONS = """
-- The plant's time zone (written by `pulse db grant` from the configuration; the default is
-- the default configuration's): the kiosk reads other people's ratings by their plant-local
-- day only, not their time.
ALTER TABLE pulse_private.settings ADD COLUMN tz text NOT NULL DEFAULT 'Europe/Moscow';
-- The k of the published figures (written by `pulse db grant`): the mood's blocks are never
-- cut smaller, whatever k a caller passes.
ALTER TABLE pulse_private.settings ADD COLUMN k_anonymity integer NOT NULL DEFAULT 5;
-- The MAC of a binding: person, this backend (pid and start), keyed with the private key.
-- Two rounds of SHA-256 (no length extension); the key never leaves pulse_private.
CREATE FUNCTION pulse_private.kiosk_mac(person integer) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT encode(sha256(convert_to(s.pseudonym_key || ':' || encode(sha256(convert_to(
               s.pseudonym_key || ':' || pg_backend_pid() || ':' || a.backend_start || ':'
               || person, 'UTF8')), 'hex'), 'UTF8')), 'hex')
    FROM pulse_private.settings s, pg_stat_activity a WHERE a.pid = pg_backend_pid()
$$;
REVOKE ALL ON FUNCTION pulse_private.kiosk_mac(integer) FROM PUBLIC;

-- Bind the active holder of this badge HMAC to the connection (NULL or an unknown badge:
-- nobody). Returns the person's id or NULL.
CREATE FUNCTION pulse_private.kiosk_bind(badge text) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    who integer;
BEGIN
    IF badge IS NOT NULL AND length(badge) = 64 THEN
        SELECT e.id INTO who FROM public.employees e WHERE e.badge_hmac = badge AND e.active;
    END IF;
    PERFORM set_config('pulse.kiosk_person',
                       CASE WHEN who IS NULL THEN ''
                            ELSE who || ':' || pulse_private.kiosk_mac(who) END, false);
    RETURN who;
END
$$;
REVOKE ALL ON FUNCTION pulse_private.kiosk_bind(text) FROM PUBLIC;

-- The person bound to this connection, or NULL (nothing set, a forged or moved value).
CREATE FUNCTION pulse_private.kiosk_person() RETURNS integer
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    bound text := coalesce(current_setting('pulse.kiosk_person', true), '');
    who text := split_part(bound, ':', 1);
BEGIN
    IF who !~ '^[0-9]{1,9}$' OR bound <> who || ':' || pulse_private.kiosk_mac(who::integer)
    THEN
        RETURN NULL;
    END IF;
    RETURN who::integer;
END
$$;
REVOKE ALL ON FUNCTION pulse_private.kiosk_person() FROM PUBLIC;

-- The offline sync's settlement for a restricted writer: the pairs of the ratings inserted
-- in this transaction (pulse_private.fresh_ratings) among ``uuids`` get the statuses of the
-- cooldown rule (from the earliest new rating of the pair less the cooldown on, a rating
-- counts unless a counting one precedes it within the cooldown; older ones keep their
-- status). The status changes move the rollups (pulse_rollups_on_status). Returns the
-- status of each given uuid stored.
-- A second copy of the rule (the kiosk role may not read the pair's other ratings): the
-- Python one is shared/domain/rating_rules.py settle_pair (with its window as
-- shared/offline/central.py _settle_cooldown takes it); tests/security/test_settle_sql.py
-- holds the two equal. Change both or neither.
CREATE FUNCTION pulse_private.kiosk_settle(uuids uuid[])
RETURNS TABLE (rating_uuid uuid, rating_status text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    cooldown interval;
    p record;
    q record;
    last_ok timestamptz;
    want text;
BEGIN
    SELECT make_interval(secs => s.cooldown_hours * 3600) INTO cooldown
        FROM pulse_private.settings s;
    IF cooldown > interval '0' THEN
        FOR p IN
            SELECT r.rater_id, r.supplier_id, min(r.created_at) - cooldown AS start
            FROM public.ratings r JOIN pulse_private.fresh_ratings f
                ON f.rating_id = r.id AND f.txid = pg_current_xact_id()
            WHERE r.uuid = ANY(uuids)
            GROUP BY r.rater_id, r.supplier_id ORDER BY 1, 2
        LOOP
            last_ok := NULL;
            FOR q IN
                SELECT r.id, r.created_at, r.status FROM public.ratings r
                WHERE r.rater_id = p.rater_id AND r.supplier_id = p.supplier_id
                  AND r.created_at >= p.start - cooldown
                ORDER BY r.created_at, r.uuid
            LOOP
                IF q.created_at < p.start THEN
                    IF q.status = 'ok' THEN
                        last_ok := q.created_at;
                    END IF;
                    CONTINUE;
                END IF;
                IF last_ok IS NOT NULL AND q.created_at - last_ok < cooldown THEN
                    want := 'cooldown_conflict';
                ELSE
                    want := 'ok';
                    last_ok := q.created_at;
                END IF;
                IF want <> q.status THEN
                    UPDATE public.ratings SET status = want WHERE id = q.id;
                END IF;
            END LOOP;
        END LOOP;
    END IF;
    RETURN QUERY SELECT r.uuid, r.status::text FROM public.ratings r WHERE r.uuid = ANY(uuids);
END
$$;
REVOKE ALL ON FUNCTION pulse_private.kiosk_settle(uuid[]) FROM PUBLIC;

-- The start screen's mood of one plant-local day (lo, hi: its bounds), as
-- shared/domain/public.py company_mood publishes it (shared/domain/anonymity.py KBlocks):
-- the day's counting ratings in the order they reached the database, cut into consecutive
-- blocks of at least k distinct clients; the sums of the completed blocks, and the day's
-- ratings and clients (shown while withheld). Whole days only: no window of one's own; and
-- blocks of at least the configured k (settings.k_anonymity), not of a caller's smaller k.
CREATE FUNCTION pulse_private.kiosk_mood(lo timestamptz, hi timestamptz, k integer)
RETURNS TABLE (day_n integer, day_clients integer, n integer, clients integer,
               score_sum integer, happy integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    zone text := (SELECT s.tz FROM pulse_private.settings s);
    local_day date := (lo AT TIME ZONE zone)::date;
    r record;
    block integer[] := '{}';
    counted integer[] := '{}';
    open_n integer := 0;
    open_sum integer := 0;
    open_happy integer := 0;
BEGIN
    k := greatest(k, (SELECT s.k_anonymity FROM pulse_private.settings s));
    IF lo <> local_day::timestamp AT TIME ZONE zone
            OR hi <> (local_day + 1)::timestamp AT TIME ZONE zone THEN
        RAISE EXCEPTION 'permission denied: the mood is published for whole plant-local days'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    day_n := 0; n := 0; score_sum := 0; happy := 0;
    FOR r IN SELECT q.rater_id, q.score FROM public.ratings q
             WHERE q.created_at >= lo AND q.created_at < hi AND q.status = 'ok' ORDER BY q.id
    LOOP
        day_n := day_n + 1;
        IF NOT r.rater_id = ANY(block) THEN
            block := block || r.rater_id;
        END IF;
        open_n := open_n + 1;
        open_sum := open_sum + r.score;
        open_happy := open_happy + (r.score >= 4)::integer;
        IF cardinality(block) >= k THEN
            n := n + open_n;
            score_sum := score_sum + open_sum;
            happy := happy + open_happy;
            counted := counted || block;
            block := '{}';
            open_n := 0; open_sum := 0; open_happy := 0;
        END IF;
    END LOOP;
    SELECT count(DISTINCT q.rater_id) INTO day_clients FROM public.ratings q
        WHERE q.created_at >= lo AND q.created_at < hi AND q.status = 'ok';
    SELECT count(DISTINCT c) INTO clients FROM unnest(counted) AS c;
    RETURN NEXT;
END
$$;
REVOKE ALL ON FUNCTION pulse_private.kiosk_mood(timestamptz, timestamptz, integer) FROM PUBLIC;
"""


def _kiosk_views() -> str:
    bound = "(SELECT pulse_private.kiosk_person())"
    # A pseudonym per (bound person, rater): the same rater is another number for another
    # person at the kiosk, and never the wallboard's.
    pseudonym = ("-1 - ('x' || substr(md5((SELECT s.pseudonym_key FROM pulse_private.settings s)"
                 " || ':kiosk:' || b.person || ':' || r.rater_id), 1, 15))::bit(60)::bigint")
    return f"""
DROP VIEW kiosk_reads.ratings;
-- Updatable (the kiosk inserts ratings and sets their status through it); only the bound
-- person's own ratings of the last weeks.
CREATE VIEW kiosk_reads.ratings WITH (security_barrier) AS
    SELECT r.* FROM public.ratings r
    WHERE r.rater_id = {bound} AND r.created_at >= {_SINCE};
CREATE VIEW kiosk_reads.peer_ratings WITH (security_barrier) AS
    WITH b AS (SELECT {bound} AS person)
    SELECT NULL::bigint AS id,
           CASE WHEN r.rater_id = b.person THEN r.rater_id::bigint ELSE {pseudonym} END
               AS rater_id,
           r.supplier_id, r.supplier_department_id, r.score,
           CASE WHEN r.rater_id = b.person THEN r.created_at
                ELSE (r.day::timestamp AT TIME ZONE (SELECT s.tz FROM pulse_private.settings s))
           END AS created_at,
           r.day, r.status
    FROM public.ratings r, b
    WHERE b.person IS NOT NULL AND r.created_at >= {_SINCE};
-- The directory with each badge HMAC replaced by its SHA-256 (shared.security.badge_key):
-- enough to find a badge offline, not to bind anyone. Updatable (PIN failures, language).
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


_OLD_KIOSK_RATINGS = f"""
DROP VIEW IF EXISTS kiosk_reads.employees;
DROP VIEW IF EXISTS kiosk_reads.peer_ratings;
DROP VIEW IF EXISTS kiosk_reads.ratings;
CREATE VIEW kiosk_reads.ratings AS
    SELECT r.* FROM public.ratings r WHERE r.created_at >= {_SINCE};
DROP FUNCTION IF EXISTS pulse_private.kiosk_mood(timestamptz, timestamptz, integer);
DROP FUNCTION IF EXISTS pulse_private.kiosk_settle(uuid[]);
DROP FUNCTION IF EXISTS pulse_private.kiosk_person();
DROP FUNCTION IF EXISTS pulse_private.kiosk_bind(text);
DROP FUNCTION IF EXISTS pulse_private.kiosk_mac(integer);
ALTER TABLE pulse_private.settings DROP COLUMN IF EXISTS tz;
ALTER TABLE pulse_private.settings DROP COLUMN IF EXISTS k_anonymity;
"""


def upgrade() -> None:
    op.execute(_PUBLIC_VIEW)
    if op.get_bind().dialect.name != "postgresql":
        return
    _run(_FUNCTIONS, _kiosk_views())


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _run(_OLD_KIOSK_RATINGS)
    op.execute("DROP VIEW IF EXISTS peer_ratings")


def _run(*scripts: str) -> None:
    # As migration 0008: several statements, no parameters.
    cursor = op.get_bind().connection.cursor()
    try:
        for script in scripts:
            cursor.execute(script)
    finally:
        cursor.close()
