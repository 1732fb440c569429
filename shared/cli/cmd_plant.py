"""``pulse plant publish | subscribe | unsubscribe | status``: many plants on PostgreSQL's own
logical replication, one head office (docs/plants.md)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os

from shared import audit
from shared.cli import CommandLine, Context, UserError
from shared.domain.plants import (
    REPLICATION_ROLE,
    PlantError,
    head_office_status,
    id_range,
    plant_status,
    publish,
    refresh,
    resolve_plant,
    subscribe,
    unsubscribe,
)

PASSWORD_ENV = "PULSE_REPLICATION_PASSWORD"
# `pulse plant status` exits with this when a plant does not stream (for monitoring).
NOT_STREAMING = 3


def _publish(ctx: Context) -> int:
    cfg, a = ctx.config, ctx.args
    plant_id = cfg.site.plant_id
    name = a.name or f"plant-{plant_id}"
    db = ctx.database()
    try:
        with db.write() as s:
            out = publish(s.connection(), plant_id, name, role=a.role,
                          password=os.environ.get(PASSWORD_ENV) or None)
            audit.record(s, actor=ctx.actor, action="plant.publish",
                         details={"plant_id": plant_id, "name": name, "role": a.role,
                                  "moved_rows": out.moved_rows,
                                  "id_offset": id_range(plant_id)[0] - 1 if out.moved_rows
                                  else 0})
    except PlantError as exc:
        raise UserError(str(exc)) from None
    lo, hi = id_range(plant_id)
    print(f"plant {plant_id} ({name}) publishes {out.tables} tables; its ids run {lo} to {hi}")
    if out.moved_rows:
        print(f"{out.moved_rows} rows moved into the plant's id range; each kiosk moves its "
              "local copy and queued items the same way at its next sync, no reset needed "
              "(docs/plants.md, First publish of a plant other than 1)")
    print(f"the head office subscribes with: pulse plant subscribe --plant {name} "
          f"--conninfo 'host=<this server> dbname=<this database> user={a.role} "
          "password=...'")
    return 0


def _subscribe(ctx: Context) -> int:
    a = ctx.args
    db = ctx.database()
    try:
        out = subscribe(db.engine, a.plant, a.conninfo, replace=a.replace)
    except PlantError as exc:
        raise UserError(str(exc)) from None
    with db.write() as s:
        audit.record(s, actor=ctx.actor, action="plant.subscribe",
                     details={"plant_id": out.plant_id, "name": out.name,
                              "subscription": out.subscription, "replace": a.replace,
                              "deleted_rows": out.deleted_rows})
    if a.replace:
        print(f"{out.deleted_rows} rows of plant {out.plant_id} taken away here")
    print(f"plant {out.plant_id} ({out.name}) subscribed as {out.subscription}: its rows are "
          "being copied; watch `pulse plant status`")
    return 0


def _unsubscribe(ctx: Context) -> int:
    a = ctx.args
    db = ctx.database()
    try:
        with db.engine.connect() as conn:
            plant_id = resolve_plant(conn, a.plant, ctx.config.site.plant_id)
        unsubscribe(db.engine, plant_id)
    except PlantError as exc:
        raise UserError(str(exc)) from None
    with db.write() as s:
        audit.record(s, actor=ctx.actor, action="plant.unsubscribe",
                     details={"plant_id": plant_id})
    print(f"plant {plant_id} unsubscribed; its rows stay here")
    return 0


def _refresh(ctx: Context) -> int:
    db = ctx.database()
    try:
        with db.engine.connect() as conn:
            plant_id = resolve_plant(conn, ctx.args.plant, ctx.config.site.plant_id)
        refresh(db.engine, plant_id)
    except PlantError as exc:
        raise UserError(str(exc)) from None
    print(f"plant {plant_id}: the subscription reads the publication's tables again")
    return 0


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    if value < 120:
        return f"{value:.1f} s"
    if value < 7200:
        return f"{value / 60:.0f} min"
    return f"{value / 3600:.1f} h"


def _when(value: dt.datetime | None) -> str:
    return "never" if value is None else value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _status(ctx: Context) -> int:
    db = ctx.database()
    if db.dialect != "postgresql":
        raise UserError("plants replicate between PostgreSQL databases; this one is "
                        f"{db.dialect} (a single plant: nothing to show)")
    with db.engine.connect() as conn:
        subs = head_office_status(conn)
        slots = plant_status(conn)
    if ctx.args.json:
        print(json.dumps({"plants": [dataclasses.asdict(x) for x in subs],
                          "slots": [dataclasses.asdict(x) for x in slots]},
                         default=lambda v: v.isoformat(), indent=2))
    else:
        for x in subs:
            extra = f", {x.tables_copying} tables still copying" if x.tables_copying else ""
            print(f"plant {x.plant_id} ({x.name}): {x.state}, last received "
                  f"{_when(x.last_received)}, lag {_seconds(x.lag_seconds)}{extra}")
        for y in slots:
            where = f" to {y.client}" if y.client else ""
            behind = "-" if y.behind_bytes is None else f"{y.behind_bytes} bytes"
            print(f"slot {y.slot}: {'active' + where if y.active else 'inactive'}, not yet "
                  f"confirmed by the head office {behind}, replay lag "
                  f"{_seconds(y.replay_lag_seconds)}")
        if not subs and not slots:
            print("no plant subscribed here and no head office subscribed to this database")
    return NOT_STREAMING if any(x.state not in ("streaming", "copying") for x in subs) else 0


def register(cli: CommandLine) -> None:
    g = cli.group("plant", help="many plants and one head office (docs/plants.md)")
    p = cli.command("publish", _publish, parent=g,
                    help="on a plant's PostgreSQL: take the plant's id range (site.plant_id) "
                         "and publish what the head office needs")
    p.add_argument("--name", help="the plant's name (default plant-<id>)")
    p.add_argument("--role", default=REPLICATION_ROLE,
                   help=f"the replication login to create and grant (default {REPLICATION_ROLE}; "
                        f"its password from {PASSWORD_ENV})")
    s = cli.command("subscribe", _subscribe, parent=g,
                    help="on the head office's PostgreSQL: receive a plant's rows")
    s.add_argument("--plant", required=True, metavar="NAME", help="the plant's name here")
    s.add_argument("--conninfo", required=True,
                   help="libpq connection string to the plant's database, e.g. 'host=plant2 "
                        "dbname=pulse user=pulse_replication password=...'")
    s.add_argument("--replace", action="store_true",
                   help="drop the plant's subscription and rows here and copy it again "
                        "(after a restore)")
    u = cli.command("unsubscribe", _unsubscribe, parent=g,
                    help="on the head office: stop receiving a plant (its rows stay)")
    u.add_argument("--plant", required=True, metavar="ID_OR_NAME")
    r = cli.command("refresh", _refresh, parent=g,
                    help="on the head office, after a schema upgrade: take the tables a "
                         "plant's publication gained")
    r.add_argument("--plant", required=True, metavar="ID_OR_NAME")
    st = cli.command("status", _status, parent=g,
                     help="each plant's state, last received time and lag (head office), "
                          "the slots the head office reads (plant); exit 3 when a plant "
                          "does not stream")
    st.add_argument("--json", action="store_true")
