"""``pulse db ...``: create/upgrade the schema, show its revision; ``pulse config``."""

from __future__ import annotations

from shared.cli import CommandLine, Context
from shared.config import option_reference


def _upgrade(ctx: Context) -> int:
    db = ctx.database(upgrade=False)
    db.upgrade(ctx.args.revision)
    from shared.db.migrate import current_revision
    print(f"database at revision {current_revision(db.engine)}")
    return 0


def _downgrade(ctx: Context) -> int:
    from shared.db.migrate import current_revision, downgrade
    db = ctx.database(upgrade=False)
    downgrade(db.engine, ctx.args.revision)
    print(f"database at revision {current_revision(db.engine)}")
    return 0


def _current(ctx: Context) -> int:
    from shared.db.migrate import current_revision
    print(current_revision(ctx.database(upgrade=False).engine) or "empty")
    return 0


def _config_show(ctx: Context) -> int:
    cfg = ctx.config
    print(f"configuration: {cfg.source}")
    print(f"data dir:      {cfg.data_dir}")
    from sqlalchemy.engine import make_url
    print(f"database:      {make_url(cfg.database_url()).render_as_string(hide_password=True)}")
    return 0


def _config_reference(ctx: Context) -> int:
    print(option_reference(), end="")
    return 0


def register(cli: CommandLine) -> None:
    group = cli.group("db", "Create, upgrade or inspect the database schema.")
    up = cli.command("upgrade", _upgrade, "Upgrade the schema to the latest (or a given) revision.",
                     parent=group)
    up.add_argument("revision", nargs="?", default="head")
    down = cli.command("downgrade", _downgrade, "Downgrade the schema to a revision.", parent=group)
    down.add_argument("revision")
    cli.command("current", _current, "Print the schema revision.", parent=group)
    config = cli.group("config", "Show the configuration.")
    cli.command("show", _config_show, "Where the configuration and the database are.",
                parent=config)
    cli.command("reference", _config_reference, "Print every option as Markdown.", parent=config)
