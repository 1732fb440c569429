"""Many plants, one head office, through PostgreSQL's own logical replication (docs/plants.md).

Identity: every row that travels carries ``plant_id`` (``PlantRow``), and its integer id lies
in its plant's own range, ``id_range(plant_id)``: plant 1 keeps the ids it always had, plant
``p`` uses ``(p-1)*RANGE + 1 .. p*RANGE``. So the head office holds every plant's rows
under the ids they have at home, and the product's queries (joins by id, ``IN`` lists,
counts of distinct clients) run there unchanged. ``pulse plant publish`` gives a plant
its range (the sequences' bounds, after moving rows written before into it) and its
``plant_id`` default; names and codes are unique within a plant.

Plant -> head office: a publication of the travelling tables (``publication_sql``), with
the secrets and contacts of the directory left out (``WITHHELD``), read by a replication
role that may select only what is published; the head office subscribes to each plant
(``subscribe``) and has no publication of its own, so nothing travels back.

Head office: ``scope_connection`` shows one plant's rows under the tables' own names
(temporary views first on the search path), so every figure filtered by plant is the
plant's own figure computed by the same code, with the same k rules.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

from sqlalchemy import Connection, Engine, Table, text

from shared.db.plant_scope import (
    MAX_PLANT,
    RANGE,
    PlantError,
    check_plant_id,
    scope_views_sql,
    travelling_tables,
)

PUBLICATION = "pulse_plant"
REPLICATION_ROLE = "pulse_replication"

# Columns of the directory the head office does not get: badge and PIN secrets and personal
# contacts stay at the plant (all nullable: the head office's copies hold NULL).
WITHHELD = {"employees": ("badge_hmac", "pin_hash", "pin_locked_until", "email",
                          "telegram_chat_id", "bitrix24_user_id")}

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_ROLE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def id_range(plant_id: int) -> tuple[int, int]:
    """The first and last id of a plant's rows (in every table with an ``id`` key)."""
    check_plant_id(plant_id)
    return (plant_id - 1) * RANGE + 1, plant_id * RANGE


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise PlantError(f"plant name {name!r}: letters, digits, '.', '_' or '-', at most 64, "
                         "starting with a letter or digit")
    return name


def subscription_name(plant_id: int) -> str:
    return f"pulse_plant_{check_plant_id(plant_id)}"


def _id_tables() -> list[Table]:
    return [t for t in travelling_tables() if [c.name for c in t.primary_key.columns] == ["id"]]


def published_columns(table: Table) -> list[str]:
    withheld = WITHHELD.get(table.name, ())
    return [c.name for c in table.columns if c.name not in withheld]


def _column_list(table: Table) -> str:
    return ", ".join(f'"{c}"' for c in published_columns(table))


def _require_postgresql(conn: Connection, what: str) -> None:
    if conn.dialect.name != "postgresql":
        raise PlantError(f"{what} needs PostgreSQL (logical replication); this database is "
                         f"{conn.dialect.name}")


def _quote_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _raw(conn: Connection, sql: str) -> None:
    """A statement with a literal in it (a password, a conninfo), through the driver without
    parameters: neither SQLAlchemy's ``:name`` nor the driver's ``%`` placeholders apply."""
    conn.connection.driver_connection.execute(sql)  # type: ignore[union-attr]


# -- the plant: identity, range, publication ------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Published:
    plant_id: int
    name: str
    moved_rows: int  # rows moved into the plant's range (only at its first publish)
    tables: int


def is_head_office(conn: Connection) -> bool:
    return bool(conn.execute(text(
        "SELECT EXISTS (SELECT 1 FROM plants WHERE subscription IS NOT NULL)")).scalar())


def _rows_outside(conn: Connection, lo: int, hi: int) -> dict[str, tuple[int, int]]:
    """Per table with an ``id`` key: (min, max) of ids outside [lo, hi], where there are."""
    out = {}
    for t in _id_tables():
        row = conn.execute(text(f"SELECT min(id), max(id) FROM {t.name} "
                                f"WHERE id < :lo OR id > :hi"), {"lo": lo, "hi": hi}).one()
        if row[0] is not None:
            out[t.name] = (int(row[0]), int(row[1]))
    return out


def _move_into_range(conn: Connection, plant_id: int) -> int:
    """Add ``(plant_id - 1) * RANGE`` to every id of a database that was plant 1 (and to
    every column that refers to one), in the caller's transaction. The foreign keys are
    dropped and made again around it; ids inside free-form JSON (dispute event details,
    audit entries) keep their numbers, the audit entry of the move says the offset."""
    offset = (plant_id - 1) * RANGE
    names = [t.name for t in _id_tables()]
    fks = conn.execute(text("""
        SELECT c.conname, c.conrelid::regclass::text, pg_get_constraintdef(c.oid),
               a.attname
        FROM pg_constraint c
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.contype = 'f' AND cardinality(c.conkey) = 1
          AND c.confrelid = ANY(CAST(:t AS regclass[]))"""),
        {"t": [f"public.{n}" for n in names]}).all()
    for name, rel, _definition, _col in fks:
        conn.execute(text(f'ALTER TABLE {rel} DROP CONSTRAINT "{name}"'))
    moved = 0
    for n in names:
        moved += conn.execute(text(f"UPDATE {n} SET id = id + :o"), {"o": offset}).rowcount
    for _name, rel, _definition, col in fks:
        conn.execute(text(f'UPDATE {rel} SET "{col}" = "{col}" + :o WHERE "{col}" IS NOT NULL'),
                     {"o": offset})
    for name, rel, definition, _col in fks:
        conn.execute(text(f'ALTER TABLE {rel} ADD CONSTRAINT "{name}" {definition}'))
    # Ids the schema does not declare as references.
    if conn.execute(text("SELECT to_regclass('pulse_private.pseudonyms')")).scalar():
        conn.execute(text("UPDATE pulse_private.pseudonyms SET employee_id = employee_id + :o"),
                     {"o": offset})
    conn.execute(text("UPDATE supplier_alerts SET open_key = open_key + :o "
                      "WHERE open_key IS NOT NULL"), {"o": offset})
    for ex_id, members in conn.execute(text("SELECT id, members FROM fairness_exclusions")).all():
        moved_members = [int(m) + offset for m in json.loads(members)]
        conn.execute(text("UPDATE fairness_exclusions SET members = :m WHERE id = :i"),
                     {"m": json.dumps(moved_members), "i": ex_id})
    # The ledgers' once-only keys name ids: the old ones keep their text, marked with the
    # plant, so they cannot meet plant 1's at the head office.
    for table in ("points_ledger", "proposal_points"):
        conn.execute(text(f"UPDATE {table} SET dedup_key = :p || dedup_key"),
                     {"p": f"plant{plant_id}:"})
    return moved


def claim_identity(conn: Connection, plant_id: int) -> int:
    """Give the database plant ``plant_id``'s identity: rows into its range (once), the
    ``plant_id`` default and values, the sequences bounded to the range."""
    lo, hi = id_range(plant_id)
    outside = _rows_outside(conn, lo, hi)
    moved = 0
    if outside:
        plant1 = id_range(1)
        stray = {t: r for t, r in outside.items() if r[0] < plant1[0] or r[1] > plant1[1]}
        if plant_id == 1 or stray:
            table, (a, b) = next(iter((stray or outside).items()))
            raise PlantError(f"{table} has ids {a} to {b}, outside plant {plant_id}'s range "
                             f"{lo} to {hi} and not plant 1's: this database holds another "
                             "plant's rows (a head office's copy?); publish a plant's own "
                             "database")
        moved = _move_into_range(conn, plant_id)
    for t in travelling_tables():
        conn.execute(text(f"ALTER TABLE {t.name} ALTER COLUMN plant_id SET DEFAULT {plant_id}"))
        conn.execute(text(f"UPDATE {t.name} SET plant_id = :p WHERE plant_id <> :p"),
                     {"p": plant_id})
    for t in _id_tables():
        seq = conn.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"),
                           {"t": f"public.{t.name}"}).scalar()
        if not seq:
            continue
        top = conn.execute(text(f"SELECT max(id) FROM {t.name}")).scalar()
        nxt = max(lo, int(top) + 1 if top is not None else lo)
        if nxt > hi:
            raise PlantError(f"{t.name}: plant {plant_id}'s id range is used up ({hi})")
        conn.execute(text(f"ALTER SEQUENCE {seq} MINVALUE {lo} MAXVALUE {hi} START WITH {lo} "
                          f"RESTART WITH {nxt} NO CYCLE"))
    return moved


def publication_sql(exists: bool) -> str:
    """CREATE (or ALTER ... SET) the publication of every travelling table, with the
    directory's secrets and contacts left out."""
    items = ", ".join(f"TABLE {t.name} ({_column_list(t)})" for t in travelling_tables())
    if exists:
        return f"ALTER PUBLICATION {PUBLICATION} SET {items}"
    return f"CREATE PUBLICATION {PUBLICATION} FOR {items}"


def grant_replication_sql(role: str) -> list[str]:
    """The replication role's grants: select on what is published (by column for the
    directory) and on ``plants`` (the head office reads the plant's id); nothing else."""
    out = [f"GRANT USAGE ON SCHEMA public TO {role}",
           f"GRANT SELECT (id, name, subscription) ON plants TO {role}"]
    for t in travelling_tables():
        if t.name in WITHHELD:
            out.append(f"REVOKE SELECT ON {t.name} FROM {role}")
            out.append(f"GRANT SELECT ({_column_list(t)}) ON {t.name} TO {role}")
        else:
            out.append(f"GRANT SELECT ON {t.name} TO {role}")
    return out


def publish(conn: Connection, plant_id: int, name: str, *, role: str = REPLICATION_ROLE,
            password: str | None = None) -> Published:
    """Make this database plant ``plant_id``'s publishing database, in the caller's
    transaction: identity (``_claim``), its row in ``plants``, the replication role and
    its grants, the publication. Running it again changes nothing but what a newer schema
    adds (the publication's tables and columns, the role's grants)."""
    _require_postgresql(conn, "pulse plant publish")
    check_plant_id(plant_id)
    check_name(name)
    if not _ROLE.match(role):
        raise PlantError(f"role {role!r}: lower-case letters, digits and _")
    if conn.execute(text("SHOW wal_level")).scalar() != "logical":
        raise PlantError("the server's wal_level is not 'logical': set wal_level = logical "
                         "in postgresql.conf and restart PostgreSQL (docs/plants.md)")
    if is_head_office(conn):
        raise PlantError("this database subscribes to plants (a head office): it publishes "
                         "nothing, so no row travels back")
    own = conn.execute(text("SELECT id, name FROM plants WHERE subscription IS NULL")).first()
    if own is not None and int(own[0]) != plant_id:
        raise PlantError(f"this database is plant {own[0]} ({own[1]}); a plant keeps its id "
                         f"(site.plant_id is {plant_id}: set it back to {own[0]})")
    moved = claim_identity(conn, plant_id)
    if own is None:
        conn.execute(text("INSERT INTO plants (id, name, created_at) VALUES (:i, :n, :at)"),
                     {"i": plant_id, "n": name, "at": dt.datetime.now(dt.UTC)})
    elif own[1] != name:
        conn.execute(text("UPDATE plants SET name = :n WHERE id = :i"),
                     {"i": plant_id, "n": name})
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"),
                          {"r": role}).first()
    pw = f" PASSWORD {_quote_literal(password)}" if password else ""
    if exists is None:
        _raw(conn, f"CREATE ROLE {role} LOGIN REPLICATION{pw}")
    elif pw:
        _raw(conn, f"ALTER ROLE {role} LOGIN REPLICATION{pw}")
    for stmt in grant_replication_sql(role):
        conn.execute(text(stmt))
    has_pub = conn.execute(text("SELECT 1 FROM pg_publication WHERE pubname = :p"),
                           {"p": PUBLICATION}).first() is not None
    conn.execute(text(publication_sql(has_pub)))
    return Published(plant_id=plant_id, name=name, moved_rows=moved,
                     tables=len(travelling_tables()))


# -- the head office: subscriptions -----------------------------------------------------------

def read_plant(conninfo: str) -> tuple[int, str]:
    """The plant's id and name as its database says (``pulse plant publish`` wrote them),
    read through the connection the subscription will use."""
    import psycopg
    try:
        with psycopg.connect(conninfo, connect_timeout=10) as pc:
            row = pc.execute("SELECT id, name FROM plants WHERE subscription IS NULL").fetchone()
            pub = pc.execute("SELECT 1 FROM pg_publication WHERE pubname = %s",
                             (PUBLICATION,)).fetchone()
    except psycopg.Error as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise PlantError(f"cannot read the plant through --conninfo: {first}") from None
    if row is None or pub is None:
        raise PlantError("the plant's database has no publication yet: run `pulse plant "
                         "publish` at the plant first")
    return int(row[0]), str(row[1])


def _drop_subscription(conn: Connection, sub: str) -> None:
    """Drop a subscription and, where the plant answers, its slot there; where it does not
    (the plant is gone or restored), the slot is left for the plant's admin
    (docs/plants.md: ``pg_drop_replication_slot``)."""
    if conn.execute(text("SELECT 1 FROM pg_subscription WHERE subname = :s"),
                    {"s": sub}).first() is None:
        return
    try:
        conn.execute(text(f"DROP SUBSCRIPTION {sub}"))
    except Exception:  # noqa: BLE001 - the plant's slot could not be dropped: detach it
        conn.execute(text(f"ALTER SUBSCRIPTION {sub} DISABLE"))
        conn.execute(text(f"ALTER SUBSCRIPTION {sub} SET (slot_name = NONE)"))
        conn.execute(text(f"DROP SUBSCRIPTION {sub}"))


def delete_plant_rows(conn: Connection, plant_id: int) -> int:
    """Every travelling row of one plant at the head office, children first."""
    conn.execute(text("UPDATE departments SET head_id = NULL WHERE plant_id = :p"),
                 {"p": plant_id})
    n = 0
    for t in reversed(travelling_tables()):
        n += conn.execute(text(f"DELETE FROM {t.name} WHERE plant_id = :p"),
                          {"p": plant_id}).rowcount
    return n


def _clear_own_rows(conn: Connection) -> None:
    """Before its first plant, a head office holds no plant data of its own: the default
    reason tags its schema upgrade wrote (0005) would take plant 1's ids. Anything else
    (a plant's database made into a head office) is refused."""
    for t in travelling_tables():
        if t.name == "reason_tags":
            continue
        if conn.execute(text(f"SELECT EXISTS (SELECT 1 FROM {t.name})")).scalar():
            raise PlantError(f"this database holds rows of its own ({t.name}): a head office "
                             "starts from a new, empty database (pulse db upgrade)")
    conn.execute(text("DELETE FROM reason_tags"))


@dataclasses.dataclass(frozen=True)
class Subscribed:
    plant_id: int
    name: str
    subscription: str
    deleted_rows: int


def subscribe(engine: Engine, name: str, conninfo: str, *,
              replace: bool = False) -> Subscribed:
    """Subscribe the head office to a plant's publication (its rows are copied first).

    CREATE SUBSCRIPTION makes the plant's slot and cannot run inside a transaction: it runs
    on a connection of its own in autocommit mode. ``replace``: drop the plant's
    subscription and its rows here, and subscribe again from scratch (after a restore of
    either side; docs/plants.md).
    """
    check_name(name)
    plant_id, _ = read_plant(conninfo)
    sub = subscription_name(plant_id)
    with engine.begin() as conn:
        _require_postgresql(conn, "pulse plant subscribe")
        if conn.execute(text("SELECT 1 FROM pg_publication WHERE pubname = :p"),
                        {"p": PUBLICATION}).first() is not None:
            raise PlantError("this database publishes a plant's rows: a head office is a "
                             "database of its own")
        by_id = conn.execute(text("SELECT name, subscription FROM plants WHERE id = :i"),
                             {"i": plant_id}).first()
        by_name = conn.execute(text("SELECT id FROM plants WHERE name = :n"),
                               {"n": name}).first()
        if by_name is not None and int(by_name[0]) != plant_id:
            raise PlantError(f"the name {name!r} is plant {by_name[0]}'s here; this plant is "
                             f"{plant_id}")
        if by_id is not None and by_id[1] is None:
            raise PlantError(f"this database is plant {plant_id} itself")
        if by_id is not None and not replace:
            raise PlantError(f"plant {plant_id} is subscribed already (as {by_id[0]!r}); "
                             "--replace subscribes again from scratch (after a restore)")
        if not is_head_office(conn):
            _clear_own_rows(conn)
        left = conn.execute(text("SELECT count(*) FROM ratings WHERE plant_id = :p"),
                            {"p": plant_id}).scalar()
        if left and not replace:
            raise PlantError(f"the head office holds {left} ratings of plant {plant_id} "
                             "already: --replace takes them away and copies the plant again")
    deleted = 0
    if replace:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as auto:
            _drop_subscription(auto, sub)
        with engine.begin() as conn:
            deleted = delete_plant_rows(conn, plant_id)
            conn.execute(text("DELETE FROM plants WHERE id = :i"), {"i": plant_id})
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO plants (id, name, subscription, created_at) "
                          "VALUES (:i, :n, :s, :at)"),
                     {"i": plant_id, "n": name, "s": sub, "at": dt.datetime.now(dt.UTC)})
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as auto:
            _raw(auto, f"CREATE SUBSCRIPTION {sub} CONNECTION {_quote_literal(conninfo)} "
                       f"PUBLICATION {PUBLICATION} WITH (copy_data = true)")
    except Exception:
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM plants WHERE id = :i"), {"i": plant_id})
        raise
    return Subscribed(plant_id=plant_id, name=name, subscription=sub, deleted_rows=deleted)


def refresh(engine: Engine, plant_id: int) -> None:
    """After a schema upgrade that added a travelling table (and ``pulse plant publish`` at
    the plant): the subscription learns the publication's new tables and copies them."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as auto:
        sub = subscription_name(plant_id)
        if auto.execute(text("SELECT 1 FROM pg_subscription WHERE subname = :s"),
                        {"s": sub}).first() is None:
            raise PlantError(f"plant {plant_id} has no subscription here: pulse plant "
                             "subscribe --replace")
        auto.execute(text(f"ALTER SUBSCRIPTION {sub} REFRESH PUBLICATION"))


def unsubscribe(engine: Engine, plant_id: int) -> None:
    """Stop receiving a plant (its rows stay at the head office)."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as auto:
        _drop_subscription(auto, subscription_name(plant_id))
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM plants WHERE id = :i"), {"i": plant_id})


# -- status ----------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class SubscriptionState:
    plant_id: int
    name: str
    state: str  # streaming, copying, disconnected, disabled, missing
    last_received: dt.datetime | None
    lag_seconds: float | None  # age of the newest message from the plant, as received
    tables_copying: int


@dataclasses.dataclass(frozen=True)
class SlotState:
    slot: str
    active: bool
    behind_bytes: int | None  # WAL the head office has not confirmed yet
    replay_lag_seconds: float | None
    client: str | None


def head_office_status(conn: Connection) -> list[SubscriptionState]:
    rows = conn.execute(text("""
        SELECT p.id, p.name, s.oid IS NOT NULL, coalesce(s.subenabled, false), st.pid,
               st.last_msg_receipt_time,
               extract(epoch FROM now() - st.last_msg_send_time),
               (SELECT count(*) FROM pg_subscription_rel r
                WHERE r.srsubid = s.oid AND r.srsubstate <> 'r')
        FROM plants p
        LEFT JOIN pg_subscription s ON s.subname = p.subscription
             AND s.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        LEFT JOIN pg_stat_subscription st ON st.subid = s.oid AND st.relid IS NULL
        WHERE p.subscription IS NOT NULL ORDER BY p.id""")).all()
    out = []
    for pid, name, found, enabled, worker, received, lag, copying in rows:
        if not found:
            state = "missing"
        elif not enabled:
            state = "disabled"
        elif worker is None:
            state = "disconnected"
        elif copying:
            state = "copying"
        else:
            state = "streaming"
        out.append(SubscriptionState(int(pid), name, state, received,
                                     None if lag is None else float(lag), int(copying or 0)))
    return out


def plant_status(conn: Connection) -> list[SlotState]:
    rows = conn.execute(text("""
        SELECT s.slot_name, s.active,
               pg_wal_lsn_diff(pg_current_wal_lsn(), s.confirmed_flush_lsn),
               extract(epoch FROM r.replay_lag), r.client_addr::text
        FROM pg_replication_slots s
        LEFT JOIN pg_stat_replication r ON r.pid = s.active_pid
        WHERE s.database = current_database() AND s.plugin = 'pgoutput'
        ORDER BY s.slot_name""")).all()
    return [SlotState(slot, bool(active), None if behind is None else int(behind),
                      None if lag is None else float(lag), client)
            for slot, active, behind, lag, client in rows]


# -- one plant's rows at the head office -----------------------------------------------------

def resolve_plant(conn: Connection, given: str, own_plant_id: int) -> int:
    """``--plant`` (a number or a name in ``plants``) as a plant id."""
    given = given.strip()
    rows = conn.execute(text("SELECT id, name FROM plants ORDER BY id")).all()
    for pid, name in rows:
        if given == str(pid) or given.casefold() == str(name).casefold():
            return int(pid)
    if given == str(own_plant_id):
        return own_plant_id
    known = ", ".join(f"{pid} ({name})" for pid, name in rows) or f"{own_plant_id} (this plant)"
    raise PlantError(f"no plant {given!r} here; known: {known}")


__all__ = ["MAX_PLANT", "RANGE", "PlantError", "check_plant_id", "scope_views_sql",
           "travelling_tables"]

