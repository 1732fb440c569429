"""``pulse sync --kiosk-db FILE``: one sync pass of a kiosk's local store from the command line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from shared.cli import CommandLine, Context, UserError
from shared.plurals import counted


def _sync(ctx: Context) -> int:
    from shared.db import Database
    from shared.offline.store import LocalStore
    from shared.offline.sync import SyncWorker
    cfg = ctx.config
    path = Path(ctx.args.kiosk_db or cfg.kiosk.local_db or Path(cfg.data_dir) / "kiosk-local.db")
    if not path.exists():
        raise UserError(f"{path}: no kiosk local store there")
    store = LocalStore(path, kiosk_id=ctx.args.kiosk_id or cfg.kiosk.id,
                       cooldown=dt.timedelta(hours=cfg.rating.cooldown_hours),
                       secret=cfg.secret_bytes())
    if ctx.args.resend_since:
        try:
            since = dt.datetime.fromisoformat(ctx.args.resend_since)
        except ValueError:
            store.close()
            raise UserError(f"--resend-since {ctx.args.resend_since!r}: give a date or a time "
                            "like 2026-11-27 or 2026-11-27T02:15") from None
        if since.tzinfo is None:
            since = since.replace(tzinfo=cfg.tz)
        requeued = store.requeue_sent(since)
        print(f"sending again {counted(requeued, 'item')} the server took since "
              f"{since.isoformat()}")
        gone = store.sent_ratings_kept(since)
        if gone:
            print(f"{counted(gone, 'rating')} sent since then cannot be sent again: a kiosk "
                  "keeps no score, comment or rater once the server has them")
    db = Database.from_config(cfg, role="sync")
    try:
        before = store.outbox_size()
        report = SyncWorker(store, db, cfg).run_once(snapshot=not ctx.args.no_snapshot)
        if not report.ok:
            raise UserError(f"sync failed, {counted(before, 'item')} still queued: {report.error}")
        statuses = ", ".join(f"{k} {v}" for k, v in sorted(report.statuses.items())) or "nothing"
        print(f"pushed {report.pushed} ({statuses}); snapshot rows {report.snapshot_rows}; "
              f"still queued {store.outbox_size()}")
        refused = [row for row in store.outbox_rows() if row[2] == "rejected"]
        if refused:
            print(f"kept, refused by the server for good: {len(refused)}")
            for item_uuid, kind, _state, result in refused[-20:]:
                print(f"  {kind} {item_uuid}: {(result or '').removeprefix('rejected:')}")
        return 0
    finally:
        store.close()
        db.dispose()


def register(cli: CommandLine) -> None:
    cmd = cli.command("sync", _sync, "Push a kiosk's outbox to the central database once and "
                      "refresh its directory snapshot.")
    cmd.add_argument("--kiosk-db", metavar="FILE",
                     help="the kiosk's local SQLite (default: kiosk.local_db)")
    cmd.add_argument("--kiosk-id", metavar="ID", help="kiosk id (default: kiosk.id)")
    cmd.add_argument("--no-snapshot", action="store_true", help="push only")
    cmd.add_argument("--resend-since", metavar="TIME",
                     help="after a restore of the central database from a backup made at TIME "
                          "(plant time, e.g. 2026-11-27T02:15): send again what the server took "
                          "since then (what it still has is not stored twice; this kiosk's "
                          "clock skew, as its last push measured it, is allowed for)")

