"""``pulse status``: database reachability, kiosks' sync state, the delivery outbox."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from shared.cli import CommandLine, Context
from shared.db import Database
from shared.db.models import Delivery, Employee, Kiosk
from shared.integrations.webhooks import PERSONAL_ADDRESS, SHARED_CHANNEL_KINDS, webhook_name


def _ago(moment: dt.datetime | None, now: dt.datetime) -> str:
    if moment is None:
        return "never"
    seconds = int((now - moment).total_seconds())
    if seconds < 120:
        return f"{seconds} s ago"
    if seconds < 7200:
        return f"{seconds // 60} min ago"
    return f"{seconds // 3600} h ago"


def _status(ctx: Context) -> int:
    cfg = ctx.config
    url = cfg.database_url()
    shown = make_url(url).render_as_string(hide_password=True)
    db = Database.from_config(cfg, role="status")
    now = dt.datetime.now(dt.UTC)
    try:
        if not db.ping():
            print(f"database:  UNREACHABLE ({shown})")
            return 1
        print(f"database:  reachable ({shown})")
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
                print(f"  {k.rejected} item(s) refused by the server are kept in {k.code}'s "
                      "outbox: its journal says why (`pulse sync --kiosk-db` on it lists them)")
            if k.shared_id_at is not None and now - k.shared_id_at < dt.timedelta(days=1):
                print(f"  WARNING: two machines report as {k.code} "
                      f"(last {_ago(k.shared_id_at, now)}): give each kiosk its own kiosk.id")
        print(f"deliveries: pending {counts.get('pending', 0)}, sent {counts.get('sent', 0)}, "
              f"dead-lettered {counts.get('dead', 0)}")
        for d in dead:
            print(f"  dead #{d.id} {d.webhook} after {d.attempts} attempt(s): {d.last_error or ''}")
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
    cmd = cli.command("status", _status, "Database reachability, kiosks' last sync and outbox, "
                      "and the messenger delivery outbox.")
    cmd.add_argument("--dead", type=int, default=5, metavar="N",
                     help="show the latest N dead letters (default 5)")
