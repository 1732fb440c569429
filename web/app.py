"""Start-up of ``pulse-web``, in stages:

1. **args**     -- ``--host``, ``--port``, ``--config``, ``--db``, ``-v``.
2. **logging**  -- configured once, here.
3. **config**   -- the typed TOML configuration (``shared.config.load_config``, the same
                   file and environment as the other apps); a bad value ends the start with
                   one logged line and exit code 1, never a traceback.
4. **database** -- ``Database.from_config(config, role="web")``: upgraded to the latest
                   schema, keyed with the site secret (which the session cookies are signed
                   with too); a machine with another secret than the database's stops here.
5. **server**   -- uvicorn serving ``web.server.create_app`` on the host and port (options
                   ``web.host``/``web.port``, the flags win); behind the reverse proxy it
                   trusts the proxy's forwarded headers from 127.0.0.1 only.

Exit codes: 0 normal end, 1 configuration or database error.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from shared.config import Config, ConfigError, _check_url, load_config

log = logging.getLogger(__name__)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="pulse-web",
                                     description="Supplier Pulse personal web page server.")
    parser.add_argument("--host", help="address to listen on (default: web.host)")
    parser.add_argument("--port", type=int, help="port to listen on (default: web.port)")
    parser.add_argument("--config", metavar="FILE", help="configuration TOML")
    parser.add_argument("--db", metavar="URL", help="database URL (overrides the config)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    return parser.parse_args(argv)


def load(args: argparse.Namespace) -> Config:
    """The configuration with the command line's overrides; ``ConfigError`` otherwise."""
    config = load_config(args.config)
    if args.db:
        _check_url(args.db, "--db")
        config.database.url = args.db
    if args.host:
        config.web.host = args.host
    if args.port is not None:
        if not 1 <= args.port <= 65535:
            raise ConfigError(f"--port: {args.port} is out of range, allowed 1..65535")
        config.web.port = args.port
    return config


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from shared.db import Database, DatabaseError
    try:
        config = load(args)
        db = Database.from_config(config, role="web")
    except (ConfigError, DatabaseError) as exc:
        log.error("%s", exc)
        return 1
    import uvicorn

    from web.server import create_app
    app = create_app(config, db)
    # One line for the journal whatever the log level: where to reach it.
    print(f"pulse-web: listening on http://{config.web.host}:{config.web.port}",
          file=sys.stderr, flush=True)
    try:
        uvicorn.run(app, host=config.web.host, port=config.web.port, proxy_headers=True,
                    forwarded_allow_ips="127.0.0.1", log_level="info" if args.verbose
                    else "warning", server_header=False)
    finally:
        db.dispose()
    return 0
