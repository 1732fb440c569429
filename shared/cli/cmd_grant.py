"""``pulse db grant``: create the PostgreSQL roles (kiosk, wallboard, web, admin) and privileges.

The SQL lives in ``packaging/postgres/roles.sql`` (bundled with the frozen builds). Roles
are cluster-wide in PostgreSQL, so their names take an optional prefix: production uses
none, parallel test runs use a unique one and drop their roles afterwards (``--drop``).
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import Engine

from shared.cli import CommandLine, Context, UserError
from shared.config import Config
from shared.resources import root

ROLES = ("pulse_kiosk", "pulse_wallboard", "pulse_web", "pulse_admin")
_PREFIX = re.compile(r"^[a-z_][a-z0-9_]{0,30}$")


def roles_sql_path() -> Path:
    return root() / "packaging" / "postgres" / "roles.sql"


def check_prefix(prefix: str) -> str:
    if prefix and not _PREFIX.match(prefix):
        raise UserError(f"role prefix {prefix!r}: use lower-case letters, digits and _ "
                        "(at most 31 characters, not starting with a digit)")
    return prefix


def role_names(prefix: str = "") -> dict[str, str]:
    """``{"pulse_kiosk": "<prefix>pulse_kiosk", ...}``."""
    return {role: f"{check_prefix(prefix)}{role}" for role in ROLES}


def render_roles_sql(prefix: str = "") -> str:
    path = roles_sql_path()
    if not path.exists():
        raise UserError(f"{path} not found (it ships with the source tree and the frozen builds)")
    return path.read_text(encoding="utf-8").replace("__PREFIX__", check_prefix(prefix))


def _refused(exc: Exception) -> UserError:
    """The server's refusal as one line, with what to do about the usual ones."""
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    if "create role" in first:
        return UserError(f"{first}: run `pulse db grant` as a login with CREATEROLE (e.g. the "
                         "schema owner made with `createuser --createrole`) or as a superuser")
    if "permission denied" in first or "must be owner" in first:
        return UserError(f"{first}: run `pulse db grant` as the owner of the tables (the login "
                         "that ran `pulse db upgrade`; after a restore, restore as that owner: "
                         "docs/deploy.md, Backups)")
    return UserError(f"db grant failed: {first}")


def _execute_script(engine: Engine, sql: str) -> None:
    # The script holds several statements and a DO block: run it as one simple query
    # through the driver (SQLAlchemy's text() would read its colons as bind parameters).
    # The driver's own errors are not SQLAlchemy's: turned into one line here.
    import psycopg

    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(sql)
        cursor.close()
        raw.commit()
    except psycopg.Error as exc:
        raise _refused(exc) from None
    finally:
        raw.close()


def _check_owner(engine: Engine) -> None:
    """Only the tables' owner (or a superuser) can grant on them. Anyone else's GRANT and
    REVOKE are mere warnings in PostgreSQL: the script would "succeed" granting nothing."""
    from shared.db.models import Base

    product = sorted([*Base.metadata.tables, "alembic_version"])
    with engine.connect() as conn:
        superuser = conn.exec_driver_sql(
            "SELECT rolsuper FROM pg_roles WHERE rolname = current_user").scalar()
        others = conn.exec_driver_sql(
            "SELECT current_user, string_agg(DISTINCT tableowner, ', '), count(*) "
            "FROM pg_tables WHERE schemaname = 'public' AND tableowner <> current_user "
            "AND tablename = ANY(%(product)s)", {"product": product}).one()
    user, owners, count = others
    if not superuser and count:
        raise UserError(f"{user} does not own {count} of the tables (owned by {owners}): run "
                        "`pulse db grant` as their owner, the login that runs `pulse db "
                        "upgrade` (after a restore: restore as that owner, docs/deploy.md)")


def guard_settings(config: Config) -> dict[str, float | int | str]:
    """What the database's guards on the kiosk's writes take from the configuration
    (``pulse_private.settings``, migration 0008): the cooldown its rating statuses must
    agree with, the days of ratings the kiosk reads (the home screen's metrics period, and
    a day for the settled window), the largest points credit the product ever gives, and
    the plant's time zone and k (migration 0015)."""
    from shared.domain.disputes import ACCEPT_POINTS, ESCALATED_POINTS

    credits = (ACCEPT_POINTS, ESCALATED_POINTS, config.nudges.proposal_reward_points,
               config.disputes.both_right_points, config.disputes.both_wrong_points)
    return {"cooldown_hours": float(config.rating.cooldown_hours),
            "history_days": int(config.rating.period_days) + 2,
            "max_points": max(abs(int(c)) for c in credits),
            # the plant's zone: the kiosk reads other people's ratings by local day only
            "tz": str(config.site.timezone),
            # the smallest block the mood the kiosk reads from the database is cut in
            "k_anonymity": int(config.site.k_anonymity)}


def grant(engine: Engine, prefix: str = "", *, config: Config | None = None
          ) -> dict[str, str]:
    """Create the roles if missing and (re)apply their privileges; returns the role names.

    With ``config``, the guards' settings are written from it (``guard_settings``); without,
    they stay as they are (the migration's defaults: those of the default configuration).
    """
    if engine.dialect.name != "postgresql":
        raise UserError("roles and privileges exist on PostgreSQL only (SQLite has no users)")
    _check_owner(engine)
    _check_upgraded(engine)
    _execute_script(engine, grant_script(prefix, config))
    return role_names(prefix)


def grant_script(prefix: str = "", config: Config | None = None) -> str:
    """The SQL ``grant`` runs: roles.sql, then the guards' settings from ``config``."""
    script = render_roles_sql(prefix)
    if config is not None:
        values = ", ".join(f"{k} = {v!r}" for k, v in guard_settings(config).items())
        script += f"\n-- The guards' settings, from the configuration.\n" \
                  f"UPDATE pulse_private.settings SET {values};\n"
    return script


def _check_upgraded(engine: Engine) -> None:
    """The grants name the views of migrations 0008 and 0015: an older schema is upgraded
    first."""
    with engine.connect() as conn:
        views = conn.exec_driver_sql(
            "SELECT to_regnamespace('wallboard_reads') IS NOT NULL "
            "AND to_regclass('kiosk_reads.peer_ratings') IS NOT NULL").scalar()
    if not views:
        raise UserError("the schema predates the least-privilege views: run `pulse db upgrade` "
                        "(as the owner) first, then `pulse db grant`")


def drop_roles(engine: Engine, prefix: str = "") -> list[str]:
    """Revoke everything the roles hold in this database and drop them; returns those dropped.

    A role with privileges in another database cannot be dropped: run ``--drop`` there first.
    """
    if engine.dialect.name != "postgresql":
        raise UserError("roles exist on PostgreSQL only")
    import psycopg

    names = list(role_names(prefix).values())
    raw = engine.raw_connection()
    dropped: list[str] = []
    try:
        cursor = raw.cursor()
        cursor.execute("SELECT rolname FROM pg_roles WHERE rolname = ANY(%s)", (names,))
        existing = [row[0] for row in cursor.fetchall()]
        for name in existing:
            cursor.execute(f'DROP OWNED BY "{name}"')
            cursor.execute(f'DROP ROLE "{name}"')
            dropped.append(name)
        cursor.close()
        raw.commit()
    except psycopg.Error as exc:
        raise _refused(exc) from None
    finally:
        raw.close()
    return dropped


def _grant(ctx: Context) -> int:
    prefix = check_prefix(ctx.args.prefix)
    if ctx.args.print_sql:
        print(grant_script(prefix, ctx.config), end="")
        return 0
    engine = ctx.database(upgrade=False).engine
    if ctx.args.drop:
        dropped = drop_roles(engine, prefix)
        print("dropped roles: " + (", ".join(dropped) if dropped else "none existed"))
        return 0
    names = grant(engine, prefix, config=ctx.config)
    print("granted: " + ", ".join(names.values()))
    print("next: CREATE ROLE <login> LOGIN PASSWORD '...' IN ROLE <one of them>; "
          "run `pulse db grant` again after each `pulse db upgrade`")
    return 0


def register(cli: CommandLine) -> None:
    group = cli.group("db", "Create, upgrade or inspect the database schema.")
    cmd = cli.command("grant", _grant, "PostgreSQL: create the kiosk, wallboard, web and admin "
                      "roles and apply their privileges (idempotent).", parent=group)
    cmd.add_argument("--prefix", default="", help="prefix of the role names (tests: a unique "
                     "one; roles are cluster-wide)")
    cmd.add_argument("--print-sql", action="store_true",
                     help="print the SQL instead of running it")
    cmd.add_argument("--drop", action="store_true",
                     help="revoke the roles' privileges in this database and drop them")
