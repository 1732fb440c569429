-- Supplier Pulse: PostgreSQL group roles and their privileges.
--
-- Applied by `pulse db grant` (run it again after every `pulse db upgrade`: new tables
-- get their privileges then). `__PREFIX__` is replaced by the --prefix option (empty in
-- production; tests use a unique one, since roles are cluster-wide). To read the SQL
-- with the prefix filled in: `pulse db grant --print-sql`.
--
-- The roles are NOLOGIN groups; each kiosk, wallboard, web server or admin logs in with its own
-- LOGIN role that is a member of one of them, e.g.
--   CREATE ROLE kiosk_hall1 LOGIN PASSWORD '...' IN ROLE pulse_kiosk;
--
-- What each may do, and why (the threat model: docs/security.md):
--   __PREFIX__pulse_wallboard  reads what the wallboard shows: the figures, and the ratings,
--                              rollups and directory through the views of `wallboard_reads`
--                              (a rater only as a pseudonym; no PIN hashes, badge HMACs or
--                              messenger addresses). Writes nothing. Its connections put
--                              `wallboard_reads` first on the search path (shared/db/engine.py).
--   __PREFIX__pulse_kiosk      reads the directory through `kiosk_reads.employees` (PIN
--                              hashes: the offline snapshot keys them; badge keys, never the
--                              badge HMACs) and the figures of the person in front of it,
--                              and the stored supplier tiers (`supplier_tiers`) and
--                              initiative map cells (`map_cells`),
--                              bound by their badge HMAC (`pulse_private.kiosk_bind`, called
--                              by shared/db/engine.py): that person's own ratings through
--                              `kiosk_reads.ratings` (the last weeks, never a comment), other
--                              people's only through `kiosk_reads.peer_ratings` (raters as
--                              pseudonyms, dated by day; nothing while nobody is bound); of
--                              the rollups by client only the days a person rated (the
--                              streak). The offline sync's cooldown is settled by the database
--                              (`pulse_private.kiosk_settle`); the start screen's mood is the
--                              database's (`pulse_private.kiosk_mood`, whole days). Inserts ratings and their reasons
--                              and may change a rating's status (the offline sync's cooldown
--                              rule). The database keeps the rollups itself and checks each
--                              write (triggers of migration 0008_least_privilege): a rating
--                              not backdated, on its own day and departments, its status as
--                              the cooldown rule says, reasons only for it; a lockout in
--                              force not lifted; disputes and proposals opened as open /
--                              pending and moved only along their states; points only with
--                              a decided dispute or proposal behind them. Never a dispute's
--                              or proposal's text or parties. Appends to the audit log,
--                              records PIN failures and the language a person picks,
--                              reports its heartbeat.
--   __PREFIX__pulse_web        the personal web page (pulse-web): reads everything; marks a
--                              sign-in link used and a session signed out, adds the
--                              session of a person signed in by the proxy's trusted header,
--                              appends the audit log (and moves its anchor). Acts as the
--                              kiosk does, under the same guards (a restricted writer):
--                              inserts ratings with their reasons (the rollups are the
--                              database's triggers'), opens disputes and moves them and
--                              proposals along their states, credits their points and
--                              nudges. It cannot change or delete a rating, write a figure,
--                              change a session's person, or change the directory.
--   __PREFIX__pulse_admin      every privilege on every table (imports, jobs, reports); the
--                              schema itself is changed by the database owner (migrations).

DO $$
DECLARE
    name text;
BEGIN
    FOREACH name IN ARRAY ARRAY['__PREFIX__pulse_kiosk', '__PREFIX__pulse_wallboard',
                                '__PREFIX__pulse_web', '__PREFIX__pulse_admin'] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = name) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', name);
        END IF;
    END LOOP;
END
$$;

-- Start from nothing, so that running this again after a change takes privileges away too.
REVOKE ALL ON ALL TABLES IN SCHEMA public, wallboard_reads, kiosk_reads
    FROM __PREFIX__pulse_kiosk, __PREFIX__pulse_wallboard, __PREFIX__pulse_web,
         __PREFIX__pulse_admin;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public
    FROM __PREFIX__pulse_kiosk, __PREFIX__pulse_wallboard, __PREFIX__pulse_web,
         __PREFIX__pulse_admin;
REVOKE ALL ON SCHEMA wallboard_reads, kiosk_reads, pulse_private
    FROM __PREFIX__pulse_kiosk, __PREFIX__pulse_wallboard, __PREFIX__pulse_web,
         __PREFIX__pulse_admin;
-- Nobody but the owner creates objects in the product's schema.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public
    TO __PREFIX__pulse_kiosk, __PREFIX__pulse_wallboard, __PREFIX__pulse_web,
       __PREFIX__pulse_admin;

-- Reading. The administrator reads everything; so does the personal web page (a person's
-- own figures need the ratings; it shows only what the kiosk shows that person).
GRANT SELECT ON ALL TABLES IN SCHEMA public
    TO __PREFIX__pulse_kiosk, __PREFIX__pulse_wallboard, __PREFIX__pulse_web,
       __PREFIX__pulse_admin;
-- The wallboard: who rated whom, the directory's secrets, the audit trail, the PIN attempts
-- and personal messages are not its business; it reads the views of wallboard_reads instead.
REVOKE SELECT ON ratings, peer_ratings, employees, rollup_rater_day, rollup_pair_month,
    rollup_client_week, rollup_rater_month, audit_log, audit_anchor, pin_offline_attempts, nudges
    FROM __PREFIX__pulse_wallboard;
GRANT USAGE ON SCHEMA wallboard_reads TO __PREFIX__pulse_wallboard;
GRANT SELECT ON ALL TABLES IN SCHEMA wallboard_reads TO __PREFIX__pulse_wallboard;
-- The kiosk: ratings only through kiosk_reads.ratings (the last days, no comment), and not
-- the rollups by client that outlive them (who rated whom and how, kept for years): of
-- those it reads only on which days a person rated, and how often (the streak).
-- Of the ratings, only the bound person's own (kiosk_reads.ratings) and other people's as
-- pseudonyms by day (kiosk_reads.peer_ratings), both only once a person is bound by their
-- badge HMAC; the directory without badge HMACs (kiosk_reads.employees: badge keys).
REVOKE SELECT ON ratings, peer_ratings, employees, rollup_pair_month, rollup_client_week,
    rollup_rater_month, rollup_rater_day FROM __PREFIX__pulse_kiosk;
GRANT SELECT (rater_id, day, n, plant_id) ON rollup_rater_day TO __PREFIX__pulse_kiosk;
GRANT USAGE ON SCHEMA kiosk_reads TO __PREFIX__pulse_kiosk;
-- The supplier tiers as `pulse jobs run` stores them each month (shared/domain/tiers.py):
-- the kiosk home and the wallboard read a supplier's tier from there, since they may not
-- read the rollups by client it is computed from. Named here so that no later REVOKE of
-- the rollups takes it away.
GRANT SELECT ON supplier_tiers TO __PREFIX__pulse_kiosk, __PREFIX__pulse_wallboard;
-- The initiative map's cells of a closed month as published (k, blocks and differencing
-- applied), stored by `pulse jobs run` (shared/domain/map_cells.py): read instead of last
-- month's ratings. Only the administrator writes them (the wallboard and the kiosk recount
-- when none are stored).
GRANT SELECT ON map_cells TO __PREFIX__pulse_kiosk, __PREFIX__pulse_wallboard;
-- The guards' triggers call pulse_private.restricted() as the writer; the schema's settings
-- table (with the pseudonyms' and the bindings' key) and the rollup function stay out of
-- the kiosk's reach. It binds the person in front of it (by their badge HMAC), reads whom
-- it bound, and has the database settle the cooldown of the ratings it syncs.
GRANT USAGE ON SCHEMA pulse_private TO __PREFIX__pulse_kiosk;
GRANT EXECUTE ON FUNCTION pulse_private.kiosk_bind(text), pulse_private.kiosk_person(),
    pulse_private.kiosk_settle(uuid[]),
    pulse_private.kiosk_mood(timestamptz, timestamptz, integer) TO __PREFIX__pulse_kiosk;
GRANT SELECT (id, uuid, rater_id, supplier_id, rater_department_id, supplier_department_id,
              score, kiosk_id, created_at, day, received_at, status, plant_id)
    ON kiosk_reads.ratings TO __PREFIX__pulse_kiosk;
GRANT SELECT ON kiosk_reads.peer_ratings, kiosk_reads.employees TO __PREFIX__pulse_kiosk;

-- The kiosk's writes. Ratings through the view (the database's triggers keep the rollups
-- and check what a kiosk may not do: shared/db/migrations/versions/0008_least_privilege.py).
GRANT INSERT ON kiosk_reads.ratings, rating_reasons TO __PREFIX__pulse_kiosk;
-- The offline sync re-labels ratings (ok / cooldown_conflict) when a late one arrives.
GRANT UPDATE (status) ON kiosk_reads.ratings TO __PREFIX__pulse_kiosk;
-- Disputes and proposals: opened, and moved along their states; never their text or parties.
GRANT INSERT ON disputes, proposals TO __PREFIX__pulse_kiosk;
GRANT UPDATE (state, reject_reason, escalated_at, arbiter_id, resolved_at) ON disputes
    TO __PREFIX__pulse_kiosk;
-- A proposal's conversation: the decision or an invitation to discuss (its time), the client's
-- one reply, and the decider's "implemented" (shared/domain/proposals.py).
GRANT UPDATE (status, decided_at, decided_by_id, decision_note, discuss_at, client_reply,
              client_replied_at, implemented_at) ON proposals
    TO __PREFIX__pulse_kiosk;
-- Dispute and proposal decisions credit points and notify people (nudges).
GRANT INSERT ON dispute_events, points_ledger, proposal_points, audit_log, nudges
    TO __PREFIX__pulse_kiosk;
-- The audit log's anchor (its keyed end) moves with every entry appended.
GRANT INSERT, UPDATE ON audit_anchor TO __PREFIX__pulse_kiosk;
-- The key-check row, written once by the first entry of an empty log (shared/site_key.py);
-- never changed afterwards.
GRANT INSERT ON site_key_check TO __PREFIX__pulse_kiosk;
GRANT INSERT, UPDATE ON kiosks TO __PREFIX__pulse_kiosk;
-- PIN attempts made while offline, stored once each when the kiosk syncs (the server's
-- lockout state and the audit log follow; shared/domain/pin_lockout.py).
GRANT INSERT ON pin_offline_attempts TO __PREFIX__pulse_kiosk;
-- The home's QR code after a badge tap: a single-use link to the person's web page (a row
-- born unused, its token's hash only; shared/domain/web_sign_in.py issue_link). The kiosk
-- already knows who tapped; it can neither use a link nor change one.
GRANT INSERT ON web_sign_ins TO __PREFIX__pulse_kiosk;
-- PIN failures and lockouts, and the language a person picks at the kiosk (with the change
-- stamp the ORM sets on every update); nothing else of the directory (names, departments,
-- badges, roles, PINs) can be changed from a kiosk.
GRANT UPDATE (pin_failures, pin_lockouts, pin_locked_until, language, updated_at)
    ON employees, kiosk_reads.employees TO __PREFIX__pulse_kiosk;
GRANT UPDATE (seen_at) ON nudges TO __PREFIX__pulse_kiosk;
-- Identity/serial ids of the tables it inserts into.
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO __PREFIX__pulse_kiosk;

-- The web page's writes: a link used once, a session signed out or opened by the trusted
-- header (shared/domain/web_sign_in.py), each an audit entry (the anchor moves; the key-check row is written by the
-- first entry of an empty log).
-- INSERT: a sign-in by the trusted single-sign-on header is a new row (born used). It gives
-- the role no new power: the web server holds the site secret and signs the cookies anyway.
GRANT INSERT, UPDATE (used_at, signed_out_at) ON web_sign_ins TO __PREFIX__pulse_web;
GRANT INSERT ON audit_log, site_key_check TO __PREFIX__pulse_web;
GRANT INSERT, UPDATE ON audit_anchor TO __PREFIX__pulse_web;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO __PREFIX__pulse_web;
-- Acting on the page (issue 19 point 3): the kiosk's writes, through the same domain calls
-- and under the same guards (pulse_private.restricted(): it may not write the rollups, so
-- the triggers of migration 0008 keep them and check each rating's date and status). It
-- reads the ratings table itself (a person's own figures), so it inserts there, not through
-- kiosk_reads. No UPDATE of ratings: a web rating is never relabelled (no offline sync).
GRANT INSERT ON ratings, rating_reasons TO __PREFIX__pulse_web;
GRANT USAGE ON SCHEMA pulse_private TO __PREFIX__pulse_web;  -- the guards' restricted()
GRANT INSERT ON disputes TO __PREFIX__pulse_web;
GRANT UPDATE (state, reject_reason, escalated_at, arbiter_id, resolved_at) ON disputes
    TO __PREFIX__pulse_web;
GRANT UPDATE (status, decided_at, decided_by_id, decision_note) ON proposals
    TO __PREFIX__pulse_web;
GRANT INSERT ON dispute_events, points_ledger, proposal_points, nudges TO __PREFIX__pulse_web;
-- A verdict "both right" or "both wrong" flags its regulation for revision (give_verdict):
-- the flag and the ORM's change stamp, for the kiosk too (before, that verdict failed under
-- the kiosk's role: found by tests/web/test_web_grants.py).
GRANT UPDATE (needs_revision, updated_at) ON regulations
    TO __PREFIX__pulse_web, __PREFIX__pulse_kiosk;

-- The plant's replication role (the head office's subscription logs in with it) is made and
-- granted by `pulse plant publish` (shared/plants.py, grant_replication_sql): SELECT on the
-- published tables and columns only, and REPLICATION (docs/plants.md).

-- The administrator's command line.
GRANT ALL ON ALL TABLES IN SCHEMA public TO __PREFIX__pulse_admin;
GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO __PREFIX__pulse_admin;
-- The audit log stays append-only even for the administrator (the hash chain detects an
-- edit; this stops one through the product's roles).
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM __PREFIX__pulse_admin;
REVOKE DELETE, TRUNCATE ON audit_anchor FROM __PREFIX__pulse_admin;
REVOKE UPDATE, DELETE, TRUNCATE ON site_key_check FROM __PREFIX__pulse_admin;
