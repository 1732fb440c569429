"""Directory pull over HTTP: fetch an HR system's REST export (JSON or CSV) and import it with the
same validation and all-or-nothing rule as the file import (``shared.directory_import``).

JSON may be a list of records or an object holding the list under ``items``, ``data``,
``employees``, ``results`` or ``value``; a ``next`` URL in such an object is followed
(page after page, line numbers continue). The Bearer token is read from an environment
variable named on the command line, never from the command line itself, and the URL is
logged only as ``scheme://host/…``.
"""

from __future__ import annotations

import json
import logging
import os
from typing import Any

import requests

from shared.config import Config
from shared.csvin import CsvTable, ImportFailed, read_table, table_from_records
from shared.directory_import import (
    _FATAL,
    COLUMNS,
    REQUIRED,
    DirectorySummary,
    apply_directory,
    validate_directory,
)
from shared.integrations.webhooks import redact_url
from shared.plurals import counted

log = logging.getLogger(__name__)

LIST_KEYS = ("items", "data", "employees", "results", "value")
MAX_PAGES = 1000


class HrPullError(Exception):
    """The HR endpoint could not be read; one line for a person."""


def _records(payload: Any, where: str) -> tuple[list[Any], str | None]:
    if isinstance(payload, list):
        return payload, None
    if isinstance(payload, dict):
        for key in LIST_KEYS:
            if isinstance(payload.get(key), list):
                nxt = payload.get("next") or payload.get("@odata.nextLink")
                return payload[key], nxt if isinstance(nxt, str) and nxt else None
    raise HrPullError(f"{where}: JSON is neither a list of people nor an object with one of "
                      f"{', '.join(LIST_KEYS)}")


def fetch_directory(url: str, *, token_env: str | None = None, timeout: float = 30.0,
                    http: requests.Session | None = None) -> CsvTable:
    """GET the directory (following ``next`` pages of JSON) into rows for the validator."""
    headers = {"Accept": "application/json, text/csv;q=0.9", "User-Agent": "supplier-pulse"}
    if token_env:
        token = os.environ.get(token_env)
        if not token:
            raise HrPullError(f"environment variable {token_env} is not set (it should hold the "
                              "Bearer token)")
        headers["Authorization"] = f"Bearer {token}"
    http = http or requests.Session()
    records: list[Any] = []
    next_url: str | None = url
    pages = 0
    while next_url:
        where = redact_url(next_url)
        pages += 1
        if pages > MAX_PAGES:
            raise HrPullError(f"{where}: more than {MAX_PAGES} pages, giving up")
        try:
            response = http.get(next_url, headers=headers, timeout=timeout)
        except requests.Timeout:
            raise HrPullError(f"{where}: no answer within {timeout:g} s") from None
        except requests.RequestException as exc:
            raise HrPullError(f"{where}: {type(exc).__name__}") from None
        if not 200 <= response.status_code < 300:
            raise HrPullError(f"{where}: HTTP {response.status_code}")
        kind = response.headers.get("Content-Type", "").lower()
        body = response.content
        looks_json = body.lstrip()[:1] in (b"[", b"{")
        if "json" in kind or ("csv" not in kind and looks_json):
            try:
                payload = json.loads(body.decode(response.encoding or "utf-8"))
            except (ValueError, UnicodeDecodeError):
                raise HrPullError(f"{where}: the answer is not valid JSON") from None
            page, next_url = _records(payload, where)
            records.extend(page)
            continue
        if pages > 1 or records:
            raise HrPullError(f"{where}: a CSV page after JSON pages")
        log.info("directory pulled from %s as CSV (%d bytes)", where, len(body))
        return read_table(body, COLUMNS, REQUIRED)
    log.info("directory pulled from %s as JSON: %s in %s", redact_url(url),
             counted(len(records), "record"), counted(pages, "page"))
    return table_from_records(records, COLUMNS, REQUIRED)


def import_directory_table(db: Any, config: Config, table: CsvTable, source: str, *,
                           deactivate_missing: bool = False, dry_run: bool = False,
                           force: bool = False, actor: str = "cli") -> DirectorySummary:
    """Validate parsed rows and write them all or nothing (as ``import_directory`` does)."""
    if any(e.code in _FATAL for e in table.errors):
        raise ImportFailed(table.errors)
    if not table.rows and not table.errors:
        raise HrPullError(f"{source}: the directory is empty, nothing to import")
    session_scope = db.read if dry_run else db.write  # a read session rolls everything back
    with session_scope() as session:
        # JSON has no header: a key present in any record counts as a present column.
        columns = frozenset(table.headers) if table.headers else frozenset(
            k for row in table.rows for k in row.values)
        plan = validate_directory(table.rows, session, config, columns=columns,
                                  deactivate_missing=deactivate_missing, force=force)
        errors = {(e.line, e.column, e.code): e for e in [*table.errors, *plan.errors]}
        if errors:
            raise ImportFailed(list(errors.values()))
        return apply_directory(plan, session, actor=actor, source=source)


def pull_directory(db: Any, config: Config, url: str, *, token_env: str | None = None,
                   deactivate_missing: bool = False, dry_run: bool = False,
                   force: bool = False,
                   http: requests.Session | None = None, actor: str = "cli") -> DirectorySummary:
    """Fetch and import; ``HrPullError`` for transport problems, ``ImportFailed`` for rows."""
    table = fetch_directory(url, token_env=token_env, http=http)
    return import_directory_table(db, config, table, redact_url(url),
                                  deactivate_missing=deactivate_missing, dry_run=dry_run,
                                  force=force, actor=actor)
