"""``pulse status``: database reachability and integrity, kiosks' sync state, the outbox.

Exit 1 when the database is unreachable or damaged (SQLite ``quick_check``, or a schema
that is not at this version's head), so a monitoring script can rely on it."""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from shared.cli import CommandLine, Context, demo_hint
from shared.db import Database
from shared.db.models import Delivery, Employee, Kiosk
from shared.integrations.webhooks import PERSONAL_ADDRESS, SHARED_CHANNEL_KINDS, webhook_name
from shared.plurals import counted


def _ago(moment: dt.datetime | None, now: dt.datetime) -> str:
    if moment is None:
        return "never"
    seconds = int((now - moment).total_seconds())
    if seconds < 120:
        return f"{seconds} s ago"
    if seconds < 7200:
        return f"{seconds // 60} min ago"
    return f"{seconds // 3600} h ago"


def integrity_problem(db: Database, *, quick_check: bool = True) -> str | None:
    """What is damaged, in one line, or None: SQLite's ``PRAGMA quick_check`` (every page
    and index entry readable and well-formed; it reads the whole file: 0.5-0.8 s for 142 MB),
    PostgreSQL's count of pages that failed their checksum, then the schema's revision
    against the migrations shipped with this version."""
    from alembic.script import ScriptDirectory

    from shared.db.migrate import alembic_config, current_revision
    try:
        if quick_check and db.dialect == "sqlite":
            with db.engine.connect() as conn:
                found = [row[0] for row in conn.exec_driver_sql("PRAGMA quick_check(5)")]
            if found != ["ok"]:
                return f"{found[0]} (sqlite quick_check; restore a backup: pulse backup)"
        if db.dialect == "postgresql":
            # Pages the server found damaged since its statistics were reset (NULL when the
            # cluster has no data checksums: nothing to report then).
            with db.engine.connect() as conn:
                failures = conn.exec_driver_sql(
                    "SELECT checksum_failures FROM pg_stat_database "
                    "WHERE datname = current_database()").scalar()
            if failures:
                return (f"PostgreSQL found {counted(failures, 'damaged page')} (data checksums): "
                        "restore a backup")
        current = current_revision(db.engine)
    except SQLAlchemyError as exc:
        first = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        return f"{first} (restore a backup: pulse backup)"
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if current != head:
        return (f"schema at revision {current or 'none'}, this version needs {head}: "
                "run `pulse db upgrade`")
    return None


def sqlite_file_problem(url: str) -> str | None:
    """Why an existing SQLite file cannot be opened at all (not a database, damaged header)."""
    parsed = make_url(url)
    name = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or not name or not Path(name).is_file():
        return None
    try:
        conn = sqlite3.connect(f"file:{name}?mode=ro", uri=True)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return str(exc)
    return None


def _status(ctx: Context) -> int:
    cfg = ctx.config
    hint = demo_hint(cfg)  # run in a checkout after scripts/demo.sh: where its database is
    if hint:
        print(hint, file=sys.stderr)
    url = cfg.database_url()
    shown = make_url(url).render_as_string(hide_password=True)
    name = make_url(url).database or ""
    if make_url(url).get_backend_name() == "sqlite" and name not in ("", ":memory:") \
            and not Path(name).exists():
        # Looking must not make one: an empty file would read as a damaged schema.
        print(f"database:  none yet ({shown}): `pulse db upgrade` makes an empty one, "
              "`pulse demo` a demo plant")
        return 1
    db = Database.from_config(cfg, role="status")
    now = dt.datetime.now(dt.UTC)
    try:
        if not db.ping():
            unreadable = sqlite_file_problem(url)
            if unreadable:
                print(f"database:  DAMAGED ({shown}): {unreadable}")
                return 1
            print(f"database:  UNREACHABLE ({shown})")
            return 1
        print(f"database:  reachable ({shown})")
        damage = integrity_problem(db, quick_check=not ctx.args.no_integrity_check)
        if damage is not None:
            print(f"integrity: DAMAGED: {damage}")
            return 1
        print("integrity: ok" if not ctx.args.no_integrity_check else
              "integrity: schema at head (file check skipped)")
        try:
            with db.read() as s:
                kiosks = s.execute(select(Kiosk.code, Kiosk.last_sync_at, Kiosk.outbox_size,
                                          Kiosk.version, Kiosk.shared_id_at, Kiosk.rejected)
                                   .order_by(Kiosk.code)).all()
                counts = dict(s.execute(select(Delivery.status, func.count())
                                        .group_by(Delivery.status)).all())
                active = s.scalar(select(func.count()).select_from(Employee)
                                  .where(Employee.active.is_(True))) or 0
                unreachable = {kind: s.scalar(
                    select(func.count()).select_from(Employee)
                    .where(Employee.active.is_(True),
                           func.coalesce(getattr(Employee, column), "") == "")) or 0
                    for kind, column in PERSONAL_ADDRESS.items()}
                dead = s.execute(select(Delivery.id, Delivery.webhook, Delivery.attempts,
                                        Delivery.last_error)
                                 .where(Delivery.status == "dead")
                                 .order_by(Delivery.id.desc()).limit(ctx.args.dead)).all()
        except SQLAlchemyError as exc:
            print(f"schema:    not readable ({str(exc).splitlines()[0]}); run `pulse db upgrade`")
            return 1
        print(f"kiosks:    {len(kiosks)}")
        for k in kiosks:
            print(f"  {k.code:<20} last sync {_ago(k.last_sync_at, now):<12} "
                  f"outbox {k.outbox_size if k.outbox_size is not None else '?':<6} "
                  f"version {k.version or '?'}")
            if k.rejected:
                print(f"  {counted(k.rejected, 'item')} refused by the server kept in {k.code}'s "
                      "outbox: its journal says why (`pulse sync --kiosk-db` on it lists them)")
            if k.shared_id_at is not None and now - k.shared_id_at < dt.timedelta(days=1):
                print(f"  WARNING: two machines report as {k.code} "
                      f"(last {_ago(k.shared_id_at, now)}): give each kiosk its own kiosk.id")
        print(f"deliveries: pending {counts.get('pending', 0)}, sent {counts.get('sent', 0)}, "
              f"dead-lettered {counts.get('dead', 0)}")
        for d in dead:
            print(f"  dead #{d.id} {d.webhook} after {counted(d.attempts, 'attempt')}: "
                  f"{d.last_error or ''}")
        for hook in cfg.webhooks:
            # Personal messages go to the person's own address or nowhere
            # (docs/offline.md, "Who gets what").
            if hook.kind in PERSONAL_ADDRESS:
                what = ("no Telegram chat id" if hook.kind == "telegram"
                        else "no Bitrix24 user id")
                print(f"webhook {webhook_name(hook)}: {unreachable[hook.kind]} of {active} "
                      f"active people have {what}: their personal messages are not sent")
            elif hook.kind in SHARED_CHANNEL_KINDS:
                print(f"webhook {webhook_name(hook)}: a shared channel, supplier alerts only "
                      "(personal messages are not posted there)")
        return 0
    finally:
        db.dispose()


def register(cli: CommandLine) -> None:
    cmd = cli.command("status", _status, "Database reachability and integrity (exit 1 when "
                      "damaged), kiosks' last sync and outbox, and the messenger delivery "
                      "outbox.")
    cmd.add_argument("--dead", type=int, default=5, metavar="N",
                     help="show the latest N dead letters (default 5)")
    cmd.add_argument("--no-integrity-check", action="store_true",
                     help="skip SQLite's page-by-page check (it reads the whole file); the "
                          "schema revision is checked all the same")
