-- Supplier Pulse: PostgreSQL group roles and their privileges.
--
-- Applied by `pulse db grant` (run it again after every `pulse db upgrade`: new tables
-- get their privileges then). `__PREFIX__` is replaced by the --prefix option (empty in
-- production; tests use a unique one, since roles are cluster-wide). To read the SQL
-- with the prefix filled in: `pulse db grant --print-sql`.
--
-- The three roles are NOLOGIN groups; each kiosk, wallboard or admin logs in with its own
-- LOGIN role that is a member of one of them, e.g.
--   CREATE ROLE kiosk_hall1 LOGIN PASSWORD '...' IN ROLE pulse_kiosk;
--
--   __PREFIX__pulse_kiosk      reads everything; appends ratings and their reasons, upserts
--                              the rollups in the same transaction, acts on disputes and
--                              proposals, records PIN failures/lockouts and a person's
--                              language, appends the audit log (and moves its anchor),
--                              reports its heartbeat.
--                              It may NOT change a rating (score, comment, people, time)
--                              nor delete one; only a rating's status flag (ok /
--                              cooldown_conflict) may change, because the offline sync
--                              re-labels ratings when a late one arrives, and the rollups
--                              follow (a rollup row that drops to zero is deleted:
--                              shared/offline/central.py, _settle_cooldown,
--                              retract_ratings). It deletes nothing else.
--   __PREFIX__pulse_wallboard  reads everything, writes nothing.
--   __PREFIX__pulse_admin      every privilege on every table (imports, jobs, reports); the
--                              schema itself is changed by the database owner (migrations).

DO $$
DECLARE
    name text;
BEGIN
    FOREACH name IN ARRAY ARRAY['__PREFIX__pulse_kiosk', '__PREFIX__pulse_wallboard',
                                '__PREFIX__pulse_admin'] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = name) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', name);
        END IF;
    END LOOP;
END
$$;

-- Start from nothing, so that running this again after a change takes privileges away too.
REVOKE ALL ON ALL TABLES IN SCHEMA public
    FROM __PREFIX__pulse_kiosk, __PREFIX__pulse_wallboard, __PREFIX__pulse_admin;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public
    FROM __PREFIX__pulse_kiosk, __PREFIX__pulse_wallboard, __PREFIX__pulse_admin;
-- Nobody but the owner creates objects in the product's schema.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public
    TO __PREFIX__pulse_kiosk, __PREFIX__pulse_wallboard, __PREFIX__pulse_admin;

-- Reading: all three read every table (the directory, the figures, the audit chain).
GRANT SELECT ON ALL TABLES IN SCHEMA public
    TO __PREFIX__pulse_kiosk, __PREFIX__pulse_wallboard, __PREFIX__pulse_admin;

-- The kiosk's writes.
GRANT INSERT ON ratings, rating_reasons TO __PREFIX__pulse_kiosk;
GRANT UPDATE (status) ON ratings TO __PREFIX__pulse_kiosk;
-- DELETE on the rollups only: when the sync demotes a rating (cooldown conflict between
-- kiosks) it takes it out of the rollups, and a row that drops to zero goes (so the rollups
-- equal a rebuild). Without it the demoting batch fails, and with it every later item of
-- that kiosk's outbox. The rollups are derived data (rebuilt from ratings), which the
-- kiosk can already update.
GRANT INSERT, UPDATE, DELETE ON rollup_supplier_day, rollup_rater_day, rollup_pair_month,
    rollup_dept_pair_day, rollup_tag_day, rollup_client_week, rollup_rater_month
    TO __PREFIX__pulse_kiosk;
GRANT INSERT, UPDATE ON disputes, proposals TO __PREFIX__pulse_kiosk;
-- Dispute and proposal decisions credit points and notify people (nudges).
GRANT INSERT ON dispute_events, points_ledger, proposal_points, audit_log, nudges
    TO __PREFIX__pulse_kiosk;
-- The audit log's anchor (its keyed end) moves with every entry appended.
GRANT INSERT, UPDATE ON audit_anchor TO __PREFIX__pulse_kiosk;
GRANT INSERT, UPDATE ON kiosks TO __PREFIX__pulse_kiosk;
-- PIN attempts made while offline, stored once each when the kiosk syncs (the server's
-- lockout state and the audit log follow; shared/domain/pin_lockout.py).
GRANT INSERT ON pin_offline_attempts TO __PREFIX__pulse_kiosk;
-- PIN failures and lockouts, and the language a person picks at the kiosk (with the change
-- stamp the ORM sets on every update); nothing else of the directory (names, departments,
-- badges, roles, PINs) can be changed from a kiosk.
GRANT UPDATE (pin_failures, pin_lockouts, pin_locked_until, language, updated_at) ON employees
    TO __PREFIX__pulse_kiosk;
GRANT UPDATE (seen_at) ON nudges TO __PREFIX__pulse_kiosk;
-- Identity/serial ids of the tables it inserts into.
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO __PREFIX__pulse_kiosk;

-- The administrator's command line.
GRANT ALL ON ALL TABLES IN SCHEMA public TO __PREFIX__pulse_admin;
GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO __PREFIX__pulse_admin;
-- The audit log stays append-only even for the administrator (the hash chain detects an
-- edit; this stops one through the product's roles).
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM __PREFIX__pulse_admin;
REVOKE DELETE, TRUNCATE ON audit_anchor FROM __PREFIX__pulse_admin;
